// Evidence of a broken rule: where in the response, which rule, what was expected and what came instead.
#pragma once
#include <string>
#include <vector>

namespace kconform::check {

/** One broken rule. Printed wabt-style: "result.user.active: type: expected boolean, got string \"true\"". */
struct failure {
    std::string path;      // where in the response ("result.user.active", "http.status", "body")
    std::string rule;      // the rule's directive ("type", "equal", "exact-keys"...)
    std::string expected;  // what the contract says
    std::string actual;    // what came back
    std::string str() const;
};

using failures = std::vector<failure>;

} // namespace kconform::check
