// Console report: wabt-style failure lines ("file:line:col: path: rule: expected X, got Y") with the redacted request
// and response under each, then a closing count line that CI log readers recognise.
#include "core/clock.hpp"
#include "reports/reports.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace kconform::reports {
using harness::verdict;

namespace {

void print_evidence(std::ostream& os, harness::check_result const& r) {
    for (auto const& f : r.failures) fmt::print(os, "  {}: {}\n", r.loc.str(), f.str());
    if (!r.message.empty()) fmt::print(os, "  {}: {}\n", r.loc.str(), r.message);
    if (!r.requirement.empty()) fmt::print(os, "  requirement: {}\n", r.requirement);
    if (!r.request.empty()) fmt::print(os, "  request:  {}\n", r.request);
    if (!r.response.empty()) fmt::print(os, "  response: {}\n", r.response);
}

} // namespace

void print_progress(std::ostream& os, harness::check_result const& r, bool verbose) {
    char const* tag = r.outcome == verdict::pass ? "PASS" : r.outcome == verdict::fail ? "FAIL" : "SKIP";
    fmt::print(os, "{} {} ({})\n", tag, r.id, format_duration(r.duration));
    if (verbose && r.outcome == verdict::fail) print_evidence(os, r);
}

std::string count_line(harness::run_report const& report) {
    auto line = fmt::format("{} passed, {} failed", report.count(verdict::pass), report.count(verdict::fail));
    if (auto skipped = report.count(verdict::skip)) line += fmt::format(", {} skipped", skipped);
    return line;
}

void print_summary(std::ostream& os, harness::run_report const& report) {
    bool header = false;
    for (auto const& r : report.results) {
        if (r.outcome != verdict::fail) continue;
        if (!header) fmt::print(os, "\nFailures:\n");
        header = true;
        fmt::print(os, "FAIL {}\n", r.id);
        print_evidence(os, r);
    }
    if (!report.residue.empty()) {
        fmt::print(os, "\nLeft on the target (cleanup failed):\n");
        for (auto const& r : report.residue) fmt::print(os, "  {}\n", r);
    }
    if (report.interrupted) fmt::print(os, "\nInterrupted: the remaining checks were not run.\n");
    fmt::print(os, "\nkconform: {} checks against {} in {}\n", report.results.size(), report.target,
               format_duration(report.duration));
    fmt::print(os, "{}\n", count_line(report));
}

} // namespace kconform::reports
