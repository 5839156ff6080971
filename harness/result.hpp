// The outcome of a conformance run as plain data: what reports write and what the CLI maps to exit codes.
#pragma once
#include "harness/check/failure.hpp"
#include "harness/spec/model.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace kconform::harness {

/** xfail: failed as cases/expected_failures.yaml says (counts as passed); xpass: listed there but passed (fails). */
enum class verdict { pass, fail, skip, xfail, xpass };

/** One check's outcome with its evidence (already redacted). */
struct check_result {
    std::string id;                 // stable check ID
    std::string requirement;        // contract sentence
    spec::location loc;             // where the check is written
    verdict outcome = verdict::pass;
    check::failures failures;       // broken rules (empty when passed)
    std::string message;            // why it failed outside the rules (setup or transport), or why skipped
    std::string request;            // "POST http://…/_admin/api {…}" redacted
    std::string response;           // "HTTP 200 application/json {…}" redacted
    std::string reproduce;          // a curl command that resends the request, keys read from $KCONFORM_*_KEY
    std::string expectation;        // the declared outcome: "ok", "denied", "error" or "HTTP <status>"
    std::chrono::nanoseconds duration{0};
};

/** A whole run. */
struct run_report {
    std::string target;                      // URL checked
    std::vector<check_result> results;       // in run order
    std::vector<std::string> residue;        // entities the cleanup could not remove (redacted descriptions)
    std::chrono::nanoseconds duration{0};    // wall time of the run
    bool interrupted = false;                // stopped early by a signal

    std::size_t count(verdict v) const {
        std::size_t n = 0;
        for (auto const& r : results) n += r.outcome == v;
        return n;
    }
    /** The gate's view, for the count line: xfail counts as passed, xpass as failed. */
    std::size_t passed_count() const { return count(verdict::pass) + count(verdict::xfail); }
    std::size_t failed_count() const { return count(verdict::fail) + count(verdict::xpass); }
    /** True when nothing failed and nothing was left behind. */
    bool passed() const { return failed_count() == 0 && residue.empty() && !interrupted; }
};

} // namespace kconform::harness
