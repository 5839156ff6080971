// `kconform run`: load the specs, pick the target (the embedded reference server by default), run the checks,
// print and write the reports, and map the outcome to the exit code.
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "harness/runner.hpp"
#include "harness/spec/loader.hpp"
#include "reports/reports.hpp"
#include "server/embedded.hpp"

#include <atomic>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <memory>

namespace kconform::cli {
namespace {

struct run_cli_options {
    target_options target;
    std::string filter = "*";
    std::vector<std::string> reports;  // "junit:FILE"
    bool tolerant = false;
    bool keep = false;
    bool intrusive = false;
    bool list = false;
    bool verbose = false;
    std::string run_prefix;
    unsigned jobs = 1;
    double timeout_s = 10;  // per write and per read
};

bool write_reports(run_cli_options const& o, harness::run_report const& report) {
    for (auto const& spec : o.reports) {
        auto colon = spec.find(':');
        auto kind = spec.substr(0, colon);
        auto path = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
        std::ofstream out(path);
        if ((kind != "junit" && kind != "json") || path.empty() || !out) {
            fmt::print(stderr, "kconform: cannot write report '{}' (expected junit:FILE or json:FILE)\n", spec);
            return false;
        }
        if (kind == "junit") reports::write_junit(out, report);
        else reports::write_json(out, report);
    }
    return true;
}

int run_command(run_cli_options& o) {
    std::string error;
    auto keys = resolve_keys(o.target, error);
    if (!keys) return fmt::print(stderr, "kconform: {}\n", error), exit_error;
    auto loaded = load_contract(o.target);
    for (auto const& e : loaded.errors) fmt::print(stderr, "{}\n", e);
    if (!loaded.errors.empty())
        return fmt::print(stderr, "kconform: {} error(s) in the specs and cases; nothing was run\n", loaded.errors.size()), exit_error;
    auto const& checks = loaded.checks;
    if (o.list) {
        for (auto const& c : checks)
            if (harness::glob_match(o.filter, c.id)) fmt::print("{}\n", c.id);
        return exit_ok;
    }
    std::unique_ptr<server::embedded> embedded;
    if (o.target.target.empty()) {
        auto started = server::embedded::start();
        if (!started) return fmt::print(stderr, "kconform: cannot start the embedded server: {}\n", started.error().message()), exit_error;
        embedded = std::move(*started);
        o.target.target = embedded->url();
        *keys = {embedded->keys().admin, embedded->keys().user, embedded->keys().user2, embedded->keys().default_user};
        o.intrusive = true;  // the embedded server is ours and thrown away after the run
        fmt::print("kconform: embedded reference server on {}\n", o.target.target);
    }
    auto t = parse_target(o.target.target, &error);
    if (!t) return fmt::print(stderr, "kconform: --target {}: {}\n", o.target.target, error), exit_error;

    harness::run_options ro;
    ro.strict = !o.tolerant;
    ro.filter = o.filter;
    ro.keep = o.keep;
    ro.intrusive = o.intrusive;
    ro.run_prefix = o.run_prefix;
    ro.stop = &interrupt_requested();
    ro.jobs = o.jobs;
    ro.client.io_timeout = std::chrono::milliseconds(static_cast<long>(o.timeout_s * 1000));
    ro.expected_failures = loaded.cases.expected_failures;
    ro.on_result = [&](harness::check_result const& r) {
        if (o.verbose || r.outcome == harness::verdict::fail) reports::print_progress(std::cout, r, false);
    };
    harness::runner runner(loaded.specs, *t, *keys, ro);
    // Handlers first: a signal during prepare() (nothing created yet) then stops the run before its first check.
    arm_interrupts(runner.run_prefix());
    if (auto err = runner.prepare()) return fmt::print(stderr, "kconform: {}\n", err->message), exit_error;
    auto report = runner.run(checks);
    disarm_interrupts();
    reports::print_summary(std::cout, report);
    if (!write_reports(o, report)) return exit_error;
    if (report.interrupted) return exit_error;
    return report.passed() ? exit_ok : exit_failed;
}

} // namespace

void setup_run(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<run_cli_options>();
    auto* sub = app.add_subcommand("run", "Run the conformance checks against a server (default: the embedded one)");
    add_target_options(*sub, o->target);
    sub->add_option("--filter", o->filter, "Glob over check IDs, e.g. 'users/*' or '*/missing-*'");
    sub->add_option("--report", o->reports, "Write a report: junit:FILE or json:FILE (repeatable)");
    sub->add_option("-j,--jobs", o->jobs, "Run N independent checks at once, each on its own connection")
        ->check(CLI::Range(1, 64));
    sub->add_option("--timeout", o->timeout_s, "Seconds each request write and each response read may take "
                                               "(default 10); a server that stalls longer fails the check")
        ->check(CLI::Range(0.01, 3600.0));
    sub->add_flag("--tolerant", o->tolerant, "Do not compare error texts, only that an error is returned");
    sub->add_flag("--strict", [o](std::int64_t) { o->tolerant = false; }, "Compare exact error texts (default)");
    sub->add_flag("--keep", o->keep, "Keep the entities the run creates (debugging)");
    sub->add_flag("--intrusive", o->intrusive, "Also run checks whose success changes state the suite did not create "
                                               "(e.g. rescan_repos registering repositories); on by default for the "
                                               "embedded server");
    sub->add_flag("--list", o->list, "List the check IDs and exit");
    sub->add_flag("-v,--verbose", o->verbose, "Print every check as it runs");
    sub->add_option("--run-prefix", o->run_prefix, "Prefix of the names of created entities (default: random)");
    sub->footer("Exit codes: 0 all checks passed, 1 a check failed, 2 usage / spec / target error");
    sub->callback([o, &exit_code] { exit_code = run_command(*o); });
}

} // namespace kconform::cli
