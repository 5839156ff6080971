// Console report: wabt-style failure lines ("file:line:col: path: rule: expected X, got Y") with the redacted request
// and response under each, then a closing count line that CI log readers recognise.
#include "core/clock.hpp"
#include "reports/reports.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <fmt/ostream.h>
#include <ostream>

namespace kconform::reports {
using harness::verdict;

namespace {

void print_evidence(std::ostream& os, harness::check_result const& r) {
    auto where = r.loc.file.empty() ? std::string() : r.loc.str() + ": ";
    for (auto const& f : r.failures) fmt::print(os, "  {}{}\n", where, f.str());
    if (!r.message.empty()) fmt::print(os, "  {}{}\n", where, r.message);
    if (!r.requirement.empty()) fmt::print(os, "  requirement: {}\n", r.requirement);
    if (!r.request.empty()) fmt::print(os, "  request:  {}\n", r.request);
    if (!r.response.empty()) fmt::print(os, "  response: {}\n", r.response);
    if (!r.reproduce.empty()) fmt::print(os, "  reproduce: {}\n", r.reproduce);
}

bool is_failure(verdict v) { return v == verdict::fail || v == verdict::xpass; }

char const* tag(verdict v) {
    switch (v) {
    case verdict::pass: return "PASS";
    case verdict::fail: return "FAIL";
    case verdict::skip: return "SKIP";
    case verdict::xfail: return "XFAIL";
    case verdict::xpass: return "XPASS";
    }
    return "?";
}

} // namespace

void print_progress(std::ostream& os, harness::check_result const& r, bool verbose) {
    fmt::print(os, "{} {} ({})\n", tag(r.outcome), r.id, format_duration(r.duration));
    if (verbose && is_failure(r.outcome)) print_evidence(os, r);
}

std::string count_line(harness::run_report const& report) {
    auto line = fmt::format("{} passed, {} failed", report.passed_count(), report.failed_count());
    if (auto skipped = report.count(verdict::skip)) line += fmt::format(", {} skipped", skipped);
    return line;
}

void print_matrix(std::ostream& os, harness::run_report const& report) {
    // Rows are methods, columns roles, both in order of first appearance; a cell is the declared outcome, marked
    // when its check did not pass.
    std::vector<std::string> methods, roles;
    std::map<std::pair<std::string, std::string>, harness::check_result const*> cells;
    for (auto const& r : report.results) {
        auto pos = r.id.find("/matrix-");
        if (pos == std::string::npos) continue;
        auto method = r.id.substr(0, pos), role = r.id.substr(pos + 8);
        if (std::find(methods.begin(), methods.end(), method) == methods.end()) methods.push_back(method);
        if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
        cells[{method, role}] = &r;
    }
    if (methods.empty()) return;
    auto text = [&](std::string const& m, std::string const& role) {
        auto it = cells.find({m, role});
        return it == cells.end() ? std::string("-") : it->second->expectation + (is_failure(it->second->outcome) ? " *" : "");
    };
    std::size_t width = 6;
    for (auto const& m : methods) width = std::max(width, m.size());
    std::vector<std::size_t> widths;
    for (auto const& role : roles) {
        std::size_t w = role.size();
        for (auto const& m : methods) w = std::max(w, text(m, role).size());
        widths.push_back(w);
    }
    fmt::print(os, "\nPermission matrix (what `user` gets, by its role on the subject; * = check failed):\n{:<{}}", "method", width);
    for (std::size_t i = 0; i < roles.size(); ++i) fmt::print(os, "  {:<{}}", roles[i], widths[i]);
    fmt::print(os, "\n");
    for (auto const& m : methods) {
        fmt::print(os, "{:<{}}", m, width);
        for (std::size_t i = 0; i < roles.size(); ++i) fmt::print(os, "  {:<{}}", text(m, roles[i]), widths[i]);
        fmt::print(os, "\n");
    }
}

void print_summary(std::ostream& os, harness::run_report const& report) {
    bool header = false;
    for (auto const& r : report.results) {
        if (!is_failure(r.outcome)) continue;
        if (!header) fmt::print(os, "\nFailures:\n");
        header = true;
        fmt::print(os, "{} {}\n", tag(r.outcome), r.id);
        print_evidence(os, r);
    }
    print_matrix(os, report);
    if (!report.residue.empty()) {
        fmt::print(os, "\nLeft on the target (cleanup failed):\n");
        for (auto const& r : report.residue) fmt::print(os, "  {}\n", r);
    }
    if (report.interrupted) fmt::print(os, "\nInterrupted: the remaining checks were not run.\n");
    fmt::print(os, "\nkconform: {} checks against {} in {}\n", report.results.size(), report.target,
               format_duration(report.duration));
    if (auto x = report.count(verdict::xfail) + report.count(verdict::xpass))
        fmt::print(os, "expected failures: {} XFAIL (counted as passed), {} XPASS (counted as failed) of {} listed\n",
                   report.count(verdict::xfail), report.count(verdict::xpass), x);
    fmt::print(os, "{}\n", count_line(report));
}

} // namespace kconform::reports
