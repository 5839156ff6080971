// Runs checks against a target: per unit (one check, or the steps of one scenario) the setup calls, the requests,
// the evaluation and the cleanup of every entity the unit created (its ledger), also when a check fails or the run
// is interrupted. Units are independent, so -j N runs them on N connections at once.
#pragma once
#include "core/http_client.hpp"
#include "core/redact.hpp"
#include "core/target.hpp"
#include "harness/case/check_case.hpp"
#include "harness/case/loader.hpp"
#include "harness/case/session.hpp"
#include "harness/result.hpp"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kconform::harness {

/** How a run behaves. */
struct run_options {
    bool strict = true;                  // compare error texts exactly (false: any error string passes)
    std::string filter = "*";            // glob over check IDs
    std::string run_prefix;              // prefix of every entity name this run creates; "" = generated
    bool keep = false;                   // leave created entities in place (debugging)
    bool intrusive = false;              // also run checks whose success changes state the suite did not create
    unsigned jobs = 1;                   // units run concurrently, each on its own connection
    client_options client;               // connect/io deadlines and body limit of every connection
    std::vector<expected_failure> expected_failures;  // reviewed deviations (xfail / xpass)
    std::atomic<bool> const* stop = nullptr;  // set by a signal handler: finish the current units, clean up, stop
    std::function<void(check_result const&)> on_result;  // progress callback (called under a lock), may be empty
};

/** Why a run could not start (exit code 2 territory). */
struct start_error {
    std::string message;
};

/** Holds the specs, the target and the keys; runs a selection of checks. */
class runner {
public:
    runner(spec::spec_set const& specs, target t, role_keys keys, run_options opts);

    /**
     * Learns the roles' user ids and names (get_user with no args for each key) so that specs can use
     * ${admin_id}, ${user_id}, ${user_name}... Fails when the target is unreachable or a key is refused.
     */
    std::optional<start_error> prepare();

    /** Runs every unit of `checks` with a check selected by the filter; results keep the order of `checks`. */
    run_report run(std::vector<check_case> const& checks);

    redactor const& redaction() const noexcept { return redactor_; }
    std::string const& run_prefix() const noexcept { return opts_.run_prefix; }

private:
    struct unit_state;  // one unit's connection, variables and fixture (the ledger of what it made)

    void run_unit(std::size_t index, check_case const* first, std::size_t count, http_client& client,
                  std::vector<check_result>& out);
    check_result run_check(check_case const& c, unit_state& u);
    bool run_setup(check_case const& c, unit_state& u, check_result& out);
    void evaluate_response(check_case const& c, http_response const& res, unit_state& u, check_result& out);
    void cleanup(unit_state& u, check_result& out);
    check_result residue_check(http_client& client);
    void discover(http_client& client);
    void apply_expected_failures(check_result& r) const;
    std::string describe_request(http_request const& req) const;
    std::string describe_response(http_response const& res) const;
    std::string reproduce(http_request const& req) const;

    spec::spec_set const& specs_;
    target target_;
    role_keys keys_;
    run_options opts_;
    redactor redactor_;
    variables base_vars_;
    std::mutex mutex_;                    // guards residue_ and on_result calls across jobs
    std::vector<std::string> residue_;
};

} // namespace kconform::harness
