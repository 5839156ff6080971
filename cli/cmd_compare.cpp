// `kconform compare BASE.json NEW.json`: per metric a verdict improved / unchanged / regressed from the repeated
// runs of each file (Mann–Whitney U plus a noise floor); exit 1 on a regression, a warning across machines.
#include "cli/commands.hpp"
#include "core/clock.hpp"
#include "reports/baseline.hpp"

#include <fmt/format.h>
#include <memory>

namespace kconform::cli {

namespace {

struct compare_cli_options {
    std::string base;            // baseline report (json)
    std::string next;            // candidate report (json)
    double noise_percent = 5;    // --noise, percent
    double alpha = 0.05;         // --alpha
};

std::string show(std::string const& metric, double v) {
    if (metric == "rps") return fmt::format("{:.1f}/s", v);
    if (metric == "error_rate") return fmt::format("{:.4g} %", v * 100);
    return format_duration(std::chrono::nanoseconds(static_cast<std::int64_t>(v)));
}

int compare_command(compare_cli_options const& o) {
    std::string why;
    auto base = load::read_runs_file(o.base, &why);
    if (!base) return fmt::print(stderr, "kconform: {}: {}\n", o.base, why), exit_error;
    auto next = load::read_runs_file(o.next, &why);
    if (!next) return fmt::print(stderr, "kconform: {}: {}\n", o.next, why), exit_error;
    auto c = reports::compare(*base, *next, {o.noise_percent / 100, o.alpha});
    if (!c.host_warning.empty()) fmt::print(stderr, "warning: {}\n", c.host_warning);
    fmt::print("comparing {} run(s) of {} with {} run(s) of {} (noise floor {} %, alpha {})\n", base->size(), o.base,
               next->size(), o.next, o.noise_percent, o.alpha);
    fmt::print("  {:<11} {:>12} {:>12} {:>9} {:>8}  {}\n", "metric", "base", "new", "change", "p", "verdict");
    for (auto const& m : c.metrics)
        fmt::print("  {:<11} {:>12} {:>12} {:>+8.1f}% {:>8.3g}  {}{}\n", m.metric, show(m.metric, m.base_median),
                   show(m.metric, m.next_median), m.change * 100, m.p_value, reports::name_of(m.result),
                   m.tested ? "" : " (too few runs for a U test: noise floor only)");
    return c.regressed() ? exit_failed : exit_ok;
}

} // namespace

void setup_compare(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<compare_cli_options>();
    auto* sub = app.add_subcommand("compare", "Compare load reports: improved / unchanged / regressed per metric");
    sub->add_option("base", o->base, "Baseline report (kconform load --report json:FILE)")->required()
        ->check(CLI::ExistingFile);
    sub->add_option("new", o->next, "Candidate report")->required()->check(CLI::ExistingFile);
    sub->add_option("--noise", o->noise_percent, "Noise floor in percent: smaller changes are 'unchanged'");
    sub->add_option("--alpha", o->alpha, "Significance level of the Mann-Whitney U test");
    sub->footer("Exit codes: 0 nothing regressed, 1 a metric regressed, 2 unreadable report");
    sub->callback([o, &exit_code] { exit_code = compare_command(*o); });
}

} // namespace kconform::cli
