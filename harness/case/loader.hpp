// cases/: stateful scenarios (cases/<area>/<name>.yaml, steps sharing variables and cleanup) and the reviewed list
// of expected failures (cases/expected_failures.yaml), loaded with every error located (style rules 5 and 7).
#pragma once
#include "harness/spec/loader.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace kconform::harness {

/** A sequence of calls that share variables and one cleanup; each step is a check <area>/<name>/<step>. */
struct scenario {
    std::string id;                      // "<area>/<name>"
    std::string requirement;             // what the whole flow enforces
    std::vector<spec::example> steps;    // run in order; a failed step skips the rest
    spec::location loc;
};

/** A known deviation: the check is expected to fail, for a reason; if it passes the run fails (XPASS). */
struct expected_failure {
    std::string id;       // check ID or glob
    std::string reason;   // why this deviation is accepted
    std::string since;    // date or version it was recorded
    spec::location loc;
};

struct case_set {
    std::vector<scenario> scenarios;
    std::vector<expected_failure> expected_failures;
};

struct case_load_result {
    case_set cases;
    std::vector<spec::load_error> errors;
};

/** Loads a cases directory; a missing directory is an empty set. */
case_load_result load_cases(std::filesystem::path const& dir);

} // namespace kconform::harness
