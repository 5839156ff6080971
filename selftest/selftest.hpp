// `kconform selftest` as a library: the whole suite, in-process, against the embedded reference server as it is
// (must pass), decorated with each benign variant (must pass) and with each fault of the catalogue (must fail).
// Lives outside server/ because it drives the harness; the server never depends on it.
#pragma once
#include "harness/case/check_case.hpp"
#include "harness/case/loader.hpp"
#include "harness/spec/model.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kconform::selftest {

/** What to run. */
struct options {
    unsigned jobs = 2;          // trials run at once, each with its own embedded server (a trial runs -j 1)
    std::string filter = "*";   // glob over trial names ("clean", benign variant and fault names)
};

/** One run of the suite against one server variant. */
struct trial {
    std::string name;                 // "clean", a benign variant's or a fault's name
    std::string family;               // "clean", "benign" or the fault's family
    bool expect_pass = true;          // clean and benign: the suite must pass; faults: it must fail
    bool ok = false;                  // the expectation held
    std::vector<std::string> caught_by;  // failed check IDs (faults), or "prepare" when the run could not start
    std::string note;                 // the start error, or the first failure of a variant that should pass
    std::chrono::milliseconds took{0};  // wall time of the trial
};

/** Every trial in catalogue order (clean, benign variants, faults). */
struct report {
    std::vector<trial> trials;
    std::chrono::milliseconds took{0};  // wall time of the whole self-test

    std::size_t passed() const;
    std::size_t failed() const { return trials.size() - passed(); }
};

/** The suite to run in each trial, loaded once by the caller. */
struct suite {
    spec::spec_set const& specs;
    std::vector<harness::check_case> const& checks;
    std::vector<harness::expected_failure> const& expected_failures;
};

/**
 * Runs every selected trial; `on_trial` (may be empty) sees each as it finishes, from the thread that ran it,
 * one at a time.
 */
report run(suite const& s, options const& opts, std::function<void(trial const&)> const& on_trial = {});

} // namespace kconform::selftest
