// JUnit XML writer. Hand-written because the only XML writer in our dependency set (Boost.PropertyTree) neither
// drops the control characters XML 1.0 forbids nor keeps attribute order; the format needs a dozen lines.
#include "reports/reports.hpp"

#include <chrono>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>

namespace kconform::reports {
using harness::verdict;

namespace {

std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if (c < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') out += fmt::format("\\x{:02x}", c);  // not allowed in XML 1.0
            else out += ch;
        }
    }
    return out;
}

double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

} // namespace

void write_junit(std::ostream& os, harness::run_report const& report) {
    auto failed = report.failed_count();
    auto skipped = report.count(verdict::skip);
    fmt::print(os, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fmt::print(os, "<testsuites name=\"kconform\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
               report.results.size(), failed, skipped, seconds(report.duration));
    fmt::print(os, "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
               xml_escape("kconform " + report.target), report.results.size(), failed, skipped, seconds(report.duration));
    for (auto const& r : report.results) {
        auto slash = r.id.rfind('/');
        auto classname = slash == std::string::npos ? std::string("kconform") : r.id.substr(0, slash);
        auto name = slash == std::string::npos ? r.id : r.id.substr(slash + 1);
        fmt::print(os, "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.6f}\"", xml_escape(classname), xml_escape(name),
                   seconds(r.duration));
        if (r.outcome == verdict::pass || r.outcome == verdict::xfail) {
            fmt::print(os, "/>\n");
            continue;
        }
        fmt::print(os, ">\n");
        if (r.outcome == verdict::skip) {
            fmt::print(os, "      <skipped message=\"{}\"/>\n", xml_escape(r.message));
        } else {
            auto first = !r.failures.empty() ? r.failures.front().str() : r.message;
            std::string text;
            for (auto const& f : r.failures) text += fmt::format("{}: {}\n", r.loc.str(), f.str());
            if (!r.message.empty()) text += fmt::format("{}: {}\n", r.loc.str(), r.message);
            text += fmt::format("requirement: {}\nrequest: {}\nresponse: {}\nreproduce: {}\n", r.requirement, r.request,
                                r.response, r.reproduce);
            fmt::print(os, "      <failure message=\"{}\" type=\"check\">{}</failure>\n", xml_escape(first), xml_escape(text));
        }
        fmt::print(os, "    </testcase>\n");
    }
    fmt::print(os, "  </testsuite>\n</testsuites>\n");
}

} // namespace kconform::reports
