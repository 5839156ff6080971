// `kconform selftest`: proves the suite on itself. The clean reference server and each benign variant must pass;
// each fault of the catalogue must fail, and the failed check IDs are named. Exit 0 only at 100 %.
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "selftest/selftest.hpp"

#include <fmt/format.h>
#include <memory>

namespace kconform::cli {
namespace {

struct selftest_cli_options {
    target_options target;  // only the specs and cases directories are used
    selftest::options run;
    bool verbose = false;   // every trial, not only the ones that went wrong
};

void print_trial(selftest::trial const& t, bool verbose) {
    if (t.ok && !verbose) return;
    std::string caught;
    for (std::size_t i = 0; i < t.caught_by.size() && i < 3; ++i) caught += (i ? ", " : "") + t.caught_by[i];
    if (t.caught_by.size() > 3) caught += fmt::format(" (+{})", t.caught_by.size() - 3);
    if (t.expect_pass) {
        fmt::print("{:<4} {:<10} {:<44} {}\n", t.ok ? "ok" : "FAIL", t.family, t.name,
                   t.ok ? "passes" : fmt::format("must pass, failed: {} {}", caught, t.note));
    } else {
        fmt::print("{:<4} {:<10} {:<44} {}\n", t.ok ? "ok" : "FAIL", t.family, t.name,
                   t.ok ? fmt::format("caught by {}", caught) : "NOT CAUGHT: the suite passed");
    }
}

int selftest_command(selftest_cli_options const& o) {
    auto loaded = load_contract(o.target);
    for (auto const& e : loaded.errors) fmt::print(stderr, "{}\n", e);
    if (!loaded.errors.empty()) return exit_error;
    selftest::suite const s{loaded.specs, loaded.checks, loaded.cases.expected_failures};
    auto const rep = selftest::run(s, o.run, [&](selftest::trial const& t) { print_trial(t, o.verbose); });
    if (rep.trials.empty()) return fmt::print(stderr, "kconform: no trial matches '{}'\n", o.run.filter), exit_error;
    std::size_t faults = 0, caught = 0, variants = 0, accepted = 0;
    for (auto const& t : rep.trials) {
        (t.expect_pass ? variants : faults) += 1;
        (t.expect_pass ? accepted : caught) += t.ok;
    }
    fmt::print("selftest: {} of {} faults caught, {} of {} clean/benign variants passed, {:.1f} % in {:.1f} s\n",
               caught, faults, accepted, variants, 100.0 * double(rep.passed()) / double(rep.trials.size()),
               double(rep.took.count()) / 1000.0);
    fmt::print("{} passed, {} failed\n", rep.passed(), rep.failed());
    return rep.failed() == 0 ? exit_ok : exit_failed;
}

} // namespace

void setup_selftest(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<selftest_cli_options>();
    auto* sub = app.add_subcommand("selftest", "Run the suite against the reference server, its benign variants and "
                                               "every injected fault; exit 0 only when all behave");
    sub->add_option("--specs", o->target.specs_dir, "Specs directory (default: the shipped specs/)");
    sub->add_option("--cases", o->target.cases_dir, "Cases directory (default: the shipped cases/)");
    sub->add_option("-j,--jobs", o->run.jobs, "Trials run at once")->capture_default_str();
    sub->add_option("--filter", o->run.filter, "Glob over trial names (clean, variant and fault names)")
        ->capture_default_str();
    sub->add_flag("-v,--verbose", o->verbose, "Print every trial, not only the ones that went wrong");
    sub->callback([o, &exit_code] { exit_code = selftest_command(*o); });
}

} // namespace kconform::cli
