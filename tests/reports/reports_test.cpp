// Report writers: the console's closing count line and failure evidence; JUnit XML structure and escaping.
#include "reports/reports.hpp"

#include <gtest/gtest.h>
#include <sstream>

namespace kconform::reports {
namespace {

harness::run_report sample() {
    harness::run_report r;
    r.target = "http://127.0.0.1:1/_admin/api";
    harness::check_result pass;
    pass.id = "users/get_user/admin-by-name";
    harness::check_result fail;
    fail.id = "users/get_user/not-found";
    fail.outcome = harness::verdict::fail;
    fail.loc = {"specs/users/get_user.yaml", 14, 5};
    fail.failures.push_back({"error", "equal", "string \"user `x` does not exist\"", "string \"<nope> & \x01\""});
    fail.request = R"(POST http://127.0.0.1:1/_admin/api {"api_key":"$KCONFORM_ADMIN_KEY"})";
    harness::check_result skip;
    skip.id = "envelope/x";
    skip.outcome = harness::verdict::skip;
    skip.message = "not applicable";
    r.results = {pass, fail, skip};
    return r;
}

TEST(ConsoleReport, EndsWithTheCountLine) {
    std::ostringstream os;
    print_summary(os, sample());
    auto text = os.str();
    EXPECT_TRUE(text.ends_with("\n1 passed, 1 failed, 1 skipped\n")) << text;
}

TEST(ConsoleReport, PrintsEvidenceWabtStyle) {
    std::ostringstream os;
    print_summary(os, sample());
    auto text = os.str();
    EXPECT_NE(text.find("FAIL users/get_user/not-found\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  specs/users/get_user.yaml:14:5: error: equal: expected string \"user `x` does not exist\""),
              std::string::npos) << text;
    EXPECT_NE(text.find("request:  POST"), std::string::npos) << text;
}

TEST(ConsoleReport, CountLineOmitsZeroSkipped) {
    harness::run_report r;
    r.results.resize(2);
    EXPECT_EQ(count_line(r), "2 passed, 0 failed");
}

TEST(ConsoleReport, PrintsThePermissionMatrixWithFailuresMarked) {
    harness::run_report r;
    harness::check_result a;
    a.id = "repos/get_repo/matrix-none";
    a.expectation = "not_found";
    harness::check_result b = a;
    b.id = "repos/get_repo/matrix-read";
    b.expectation = "ok";
    b.outcome = harness::verdict::fail;
    harness::check_result c = a;
    c.id = "repos/delete_repo/matrix-read";
    c.expectation = "not_found";
    r.results = {a, b, c};
    std::ostringstream os;
    print_matrix(os, r);
    auto text = os.str();
    EXPECT_NE(text.find("method             none       read"), std::string::npos) << text;
    EXPECT_NE(text.find("repos/get_repo     not_found  ok *"), std::string::npos) << text;
    EXPECT_NE(text.find("repos/delete_repo  -          not_found"), std::string::npos) << text;
}

TEST(ConsoleReport, PrintsNoMatrixWithoutMatrixChecks) {
    std::ostringstream os;
    print_matrix(os, sample());
    EXPECT_TRUE(os.str().empty());
}

TEST(JunitReport, OneTestcasePerCheckWithClassnameFromTheId) {
    std::ostringstream os;
    write_junit(os, sample());
    auto xml = os.str();
    EXPECT_NE(xml.find(R"(<testsuites name="kconform" tests="3" failures="1" errors="0" skipped="1")"), std::string::npos) << xml;
    EXPECT_NE(xml.find(R"(<testcase classname="users/get_user" name="admin-by-name")"), std::string::npos) << xml;
    EXPECT_NE(xml.find(R"(<skipped message="not applicable"/>)"), std::string::npos) << xml;
    std::size_t n = 0;
    for (auto pos = xml.find("<testcase "); pos != std::string::npos; pos = xml.find("<testcase ", pos + 1)) ++n;
    EXPECT_EQ(n, 3u);
}

TEST(JunitReport, EscapesMarkupAndDropsControlCharacters) {
    std::ostringstream os;
    write_junit(os, sample());
    auto xml = os.str();
    EXPECT_NE(xml.find("&lt;nope&gt; &amp; \\x01"), std::string::npos) << xml;
    EXPECT_EQ(xml.find('\x01'), std::string::npos);
    EXPECT_EQ(xml.find("<nope>"), std::string::npos);
}

} // namespace
} // namespace kconform::reports
