// The JSON report (schema: docs/report-json.md), written with Boost.JSON.
#include "reports/reports.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <ostream>

namespace kconform::reports {
namespace bj = boost::json;
using harness::verdict;

namespace {

char const* name_of(verdict v) {
    switch (v) {
    case verdict::pass: return "pass";
    case verdict::fail: return "fail";
    case verdict::skip: return "skip";
    case verdict::xfail: return "xfail";
    case verdict::xpass: return "xpass";
    }
    return "?";
}

double ms(std::chrono::nanoseconds d) { return std::chrono::duration<double, std::milli>(d).count(); }

bj::object check_json(harness::check_result const& r) {
    bj::array failures;
    for (auto const& f : r.failures)
        failures.push_back(bj::object{{"path", f.path}, {"rule", f.rule}, {"expected", f.expected}, {"actual", f.actual}});
    bj::object o{{"id", r.id},
                 {"outcome", name_of(r.outcome)},
                 {"requirement", r.requirement},
                 {"location", r.loc.file.empty() ? bj::value(nullptr) : bj::value(r.loc.str())},
                 {"duration_ms", ms(r.duration)},
                 {"failures", std::move(failures)}};
    if (!r.expectation.empty()) o["expected"] = r.expectation;
    if (!r.message.empty()) o["message"] = r.message;
    if (!r.request.empty()) o["request"] = r.request;
    if (!r.response.empty()) o["response"] = r.response;
    if (!r.reproduce.empty()) o["reproduce"] = r.reproduce;
    return o;
}

} // namespace

void write_json(std::ostream& os, harness::run_report const& report) {
    bj::array checks;
    for (auto const& r : report.results) checks.push_back(check_json(r));
    bj::array residue(report.residue.begin(), report.residue.end());
    bj::object doc{{"format", "kconform-run/1"},
                   {"target", report.target},
                   {"duration_ms", ms(report.duration)},
                   {"interrupted", report.interrupted},
                   {"passed", report.passed()},
                   {"counts", bj::object{{"pass", report.count(verdict::pass)}, {"fail", report.count(verdict::fail)},
                                         {"skip", report.count(verdict::skip)}, {"xfail", report.count(verdict::xfail)},
                                         {"xpass", report.count(verdict::xpass)}}},
                   {"checks", std::move(checks)},
                   {"residue", std::move(residue)}};
    os << bj::serialize(doc) << '\n';
}

} // namespace kconform::reports
