// A runnable check: one request with its setup and expectation, under a stable hierarchical ID
// (style rule 6: "users/get_user/missing-userid"), generated from the specs.
#pragma once
#include "harness/spec/model.hpp"

#include <map>
#include <string>
#include <vector>

namespace kconform::harness {

/** One check. Owns copies of what it needs, so it outlives nothing. */
struct check_case {
    std::string id;                       // "<area>/<method>/<name>" or "envelope/<name>"
    std::string requirement;              // the contract sentence it enforces
    spec::location loc;                   // where the check comes from in the specs
    std::string method;                   // the method under test, "" for envelope checks
    std::vector<spec::step> setup;        // calls made first (as admin), undone afterwards
    spec::request_spec request;           // what is sent
    spec::expect_spec expect;             // what must come back
    std::optional<std::pair<std::string, boost::json::object>> undo;  // undoes the request when it succeeded
    std::map<std::string, std::string> vars;  // extra ${vars} of a generated check (e.g. arg = "userid")
    std::vector<std::pair<std::string, std::string>> save;  // variable ← response path, for the next steps
    std::string group;                    // scenario ID: consecutive checks of one group share variables and cleanup
    std::string intrusive;                // why it changes state the suite did not create; run only with --intrusive
};

/**
 * All checks of a spec set, in a deterministic order: per method its examples, then one check per missing required
 * argument, an unknown argument, a bad key and one per declared role; then the envelope checks.
 */
std::vector<check_case> generate(spec::spec_set const& specs);

struct case_set;

/** generate(specs), then every scenario step of `cases` as a check of its scenario's group. */
std::vector<check_case> generate(spec::spec_set const& specs, case_set const& cases);

/** IDs that occur more than once (a scenario named like a method would collide with its checks). */
std::vector<std::string> duplicate_ids(std::vector<check_case> const& checks);

/** Shell-style glob over IDs: `*` matches any run of characters (also `/`), `?` one character. */
bool glob_match(std::string_view pattern, std::string_view id);

} // namespace kconform::harness
