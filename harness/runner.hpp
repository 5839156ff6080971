// Runs checks against a target: per check the setup calls, the request, the evaluation and the cleanup of every
// entity the check created (the ledger), also when a check fails or the run is interrupted.
#pragma once
#include "core/redact.hpp"
#include "core/target.hpp"
#include "harness/case/check_case.hpp"
#include "harness/case/session.hpp"
#include "harness/result.hpp"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace kconform::harness {

/** How a run behaves. */
struct run_options {
    bool strict = true;                  // compare error texts exactly (false: any error string passes)
    std::string filter = "*";            // glob over check IDs
    std::string run_prefix;              // prefix of every entity name this run creates; "" = generated
    bool keep = false;                   // leave created entities in place (debugging)
    std::atomic<bool> const* stop = nullptr;  // set by a signal handler: finish the current check, clean up, stop
    std::function<void(check_result const&)> on_result;  // progress callback, may be empty
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

    /** Runs every check of `checks` selected by the filter, in order. */
    run_report run(std::vector<check_case> const& checks);

    redactor const& redaction() const noexcept { return redactor_; }

private:
    struct undo_entry {
        std::string method;
        boost::json::object args;
    };
    check_result run_one(check_case const& c);
    bool run_setup(check_case const& c, variables& vars, std::vector<undo_entry>& ledger, check_result& out);
    void cleanup(std::vector<undo_entry>& ledger, check_result& out);
    std::string describe_request(http_request const& req) const;
    std::string describe_response(http_response const& res) const;

    spec::spec_set const& specs_;
    target target_;
    role_keys keys_;
    run_options opts_;
    http_client client_;
    redactor redactor_;
    variables base_vars_;
    std::vector<std::string> residue_;
};

} // namespace kconform::harness
