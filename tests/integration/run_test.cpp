// The kconform binary end to end: green against the reference server, exit 1 with evidence against a server that
// returns one wrong field type, exit 2 for an unreachable target and for a malformed spec.
#include "server/embedded.hpp"
#include "tests/integration/shell.hpp"
#include "server/handle.hpp"

#include <array>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>

namespace kconform {
namespace {

using testing_shell::outcome;

outcome run_kconform_tool(std::string const& command, std::string const& env = "") {
    return testing_shell::run_command(command, env);
}

outcome run_kconform(std::string const& args, std::string const& env = "") {
    return run_kconform_tool(fmt::format("{} {}", KCONFORM_BIN, args), env);
}

std::string last_line(std::string const& s) {
    auto end = s.find_last_not_of('\n');
    auto start = s.rfind('\n', end);
    return s.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// Built with fmt rather than operator+: GCC 12 warns falsely (-Warray-bounds) on string literal concatenation.
std::string data_dir(std::string_view name) { return fmt::format("{}/{}", KCONFORM_TEST_DATA, name); }

std::string keys_env(server::embedded const& s) {
    return "KCONFORM_ADMIN_KEY=" + s.keys().admin + " KCONFORM_USER_KEY=" + s.keys().user +
           " KCONFORM_USER2_KEY=" + s.keys().user2 + " KCONFORM_DEFAULT_KEY=" + s.keys().default_user;
}

TEST(RunCommand, PassesAgainstTheEmbeddedServer) {
    auto o = run_kconform("run");
    EXPECT_EQ(o.code, 0) << o.output;
    auto line = last_line(o.output);
    EXPECT_NE(line.find(" passed, 0 failed"), std::string::npos) << line;
}

TEST(RunCommand, PassesAgainstAnExternalTargetGivenByEnvironment) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    auto junit = testing::TempDir() + "kconform-junit.xml";
    auto o = run_kconform("run --filter 'users/get_user/*' --report junit:" + junit,
                          keys_env(**s) + " KCONFORM_TARGET=" + (*s)->url());
    EXPECT_EQ(o.code, 0) << o.output;
    std::ifstream in(junit);
    std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto count = last_line(o.output).substr(0, last_line(o.output).find(' '));
    EXPECT_NE(xml.find("<testsuites name=\"kconform\" tests=\"" + count + "\" failures=\"0\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("<testcase classname=\"users/get_user\" name=\"admin-by-name\""), std::string::npos) << xml;
    auto lint = run_kconform_tool(fmt::format("xmllint --noout --schema {}/docs/junit.xsd {}", KCONFORM_SOURCE_DIR, junit));
    EXPECT_EQ(lint.code, 0) << lint.output;
    EXPECT_EQ(xml.find((*s)->keys().admin), std::string::npos);
    EXPECT_EQ(o.output.find((*s)->keys().admin), std::string::npos) << "the admin key leaked into the output";
}

TEST(RunCommand, FailsWithEvidenceAgainstAServerWithOneWrongFieldType) {
    // The test double: the reference server, except that a user's "active" comes back as the string "true".
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    (*s)->set_handler([](server::http_input const& in, server::store& st) {
        auto out = server::handle_http(in, st);
        for (auto pos = out.body.find("\"active\":true"); pos != std::string::npos; pos = out.body.find("\"active\":true", pos))
            out.body.replace(pos, 13, "\"active\":\"true\"");
        return out;
    });
    auto junit = testing::TempDir() + "kconform-fail-junit.xml";
    auto o = run_kconform("run -v --filter 'users/get_user/admin-by-name' --report junit:" + junit + " --target " + (*s)->url(),
                          keys_env(**s));
    EXPECT_EQ(o.code, 1) << o.output;
    EXPECT_NE(o.output.find("FAIL users/get_user/admin-by-name"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("result.active: type: expected boolean, got string \"true\""), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("specs/users/get_user.yaml:"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("\"api_key\":\"$KCONFORM_ADMIN_KEY\""), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find((*s)->keys().admin), std::string::npos) << "the admin key leaked into the output";
    EXPECT_NE(o.output.find("PASS suite/residue"), std::string::npos) << o.output;
    EXPECT_EQ(last_line(o.output), "1 passed, 1 failed");
    auto lint = run_kconform_tool(fmt::format("xmllint --noout --schema {}/docs/junit.xsd {}", KCONFORM_SOURCE_DIR, junit));
    EXPECT_EQ(lint.code, 0) << lint.output;
}

TEST(RunCommand, PassesWithConcurrentJobsAndWritesAJsonReport) {
    auto json = testing::TempDir() + "kconform-run.json";
    auto o = run_kconform("run -j 4 --report json:" + json);
    EXPECT_EQ(o.code, 0) << o.output;
    std::ifstream in(json);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("\"format\":\"kconform-run/1\""), std::string::npos) << text.substr(0, 300);
    EXPECT_NE(text.find("\"passed\":true"), std::string::npos) << text.substr(0, 300);
    EXPECT_NE(text.find("\"id\":\"suite/residue\",\"outcome\":\"pass\""), std::string::npos);
}

TEST(RunCommand, ReportsXpassAndSkipsTheStepsAfterAFailedOne) {
    auto o = run_kconform("run --cases " + data_dir("cases_xpass") + " --filter 'users/get_user/admin-by-name' -v");
    EXPECT_EQ(o.code, 1) << o.output;
    EXPECT_NE(o.output.find("XPASS users/get_user/admin-by-name"), std::string::npos) << o.output;
    o = run_kconform("run --cases " + data_dir("cases_xpass") + " --filter 'users/flow/*' -v");
    EXPECT_EQ(o.code, 0) << o.output;
    EXPECT_NE(o.output.find("PASS users/flow/create"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("XFAIL users/flow/will-fail"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("SKIP users/flow/after"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("PASS suite/residue"), std::string::npos) << o.output;
}

TEST(CallCommand, PrettyPrintsAndAppliesTheSpec) {
    auto o = run_kconform("call get_user userid=3");
    EXPECT_EQ(o.code, 0) << o.output;
    EXPECT_NE(o.output.find("\"username\": \"test_regular\""), std::string::npos) << o.output;
    o = run_kconform("call get_user 'userid=\"nobody\"' --as user");
    EXPECT_EQ(o.code, 0) << o.output;
    EXPECT_NE(o.output.find("userid is not the same as your user"), std::string::npos) << o.output;
    EXPECT_EQ(run_kconform("call get_user userid").code, 2);
}

TEST(CallCommand, ListsBrokenRulesOfAWrongAnswer) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    (*s)->set_handler([](server::http_input const& in, server::store& st) {
        auto out = server::handle_http(in, st);
        if (auto pos = out.body.find("\"admin\":false"); pos != std::string::npos) out.body.replace(pos, 13, "\"admin\":0");
        return out;
    });
    auto o = run_kconform("call get_user userid=3 --target " + (*s)->url(), keys_env(**s));
    EXPECT_EQ(o.code, 1) << o.output;
    EXPECT_NE(o.output.find("BROKEN result.admin: type: expected boolean, got integer 0"), std::string::npos) << o.output;
}

TEST(RunCommand, SkipsIntrusiveChecksOnExternalTargetsUnlessAsked) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    auto env = keys_env(**s) + " KCONFORM_TARGET=" + (*s)->url();
    auto o = run_kconform("run -v --filter 'repos/rescan_repos/*'", env);
    EXPECT_EQ(o.code, 0) << o.output;
    EXPECT_NE(o.output.find("SKIP repos/rescan_repos/rescans"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("PASS repos/rescan_repos/role-user"), std::string::npos) << o.output;
    o = run_kconform("run -v --intrusive --filter 'repos/rescan_repos/*'", env);
    EXPECT_EQ(o.code, 0) << o.output;
    EXPECT_NE(o.output.find("PASS repos/rescan_repos/rescans"), std::string::npos) << o.output;
}

TEST(RunCommand, ExitsTwoForAnUnreachableTarget) {
    auto o = run_kconform("run --target http://127.0.0.1:1",
                          "KCONFORM_ADMIN_KEY=a KCONFORM_USER_KEY=b KCONFORM_USER2_KEY=c");
    EXPECT_EQ(o.code, 2) << o.output;
    EXPECT_NE(o.output.find("unreachable"), std::string::npos) << o.output;
}

TEST(RunCommand, ExitsTwoForABadTargetUrl) {
    auto o = run_kconform("run --target https://example.org", "KCONFORM_ADMIN_KEY=a KCONFORM_USER_KEY=b KCONFORM_USER2_KEY=c");
    EXPECT_EQ(o.code, 2) << o.output;
    EXPECT_NE(o.output.find("only http://"), std::string::npos) << o.output;
}

TEST(RunCommand, ExitsTwoForARefusedKey) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    auto o = run_kconform("run --target " + (*s)->url(),
                          "KCONFORM_ADMIN_KEY=0000000000000000000000000000000000000000 KCONFORM_USER_KEY=" +
                              (*s)->keys().user + " KCONFORM_USER2_KEY=" + (*s)->keys().user2);
    EXPECT_EQ(o.code, 2) << o.output;
    EXPECT_NE(o.output.find("the admin key is refused"), std::string::npos) << o.output;
}

TEST(RunCommand, ExitsTwoForAMalformedSpecWithFileAndLine) {
    auto o = run_kconform("run --specs " + data_dir("specs_bad") + " --cases " + data_dir("cases_empty"));
    EXPECT_EQ(o.code, 2) << o.output;
    EXPECT_NE(o.output.find("users/broken.yaml:4:1: spec: unknown key 'colour'"), std::string::npos) << o.output;
}

TEST(LintCommand, ListsEveryProblem) {
    auto o = run_kconform("lint --specs " + data_dir("specs_bad") + " --cases " + data_dir("cases_empty"));
    EXPECT_EQ(o.code, 2) << o.output;
    EXPECT_NE(o.output.find("shapes.yaml:4:10: Thing.a: unknown type 'integr'"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("broken.yaml:12:9: examples: duplicate id 'one'"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("syntax.yaml:4:7: end of sequence flow not found"), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find(":0:0:"), std::string::npos) << "a syntax error must not cascade: " << o.output;
    EXPECT_NE(o.output.find("kconform lint: 10 error(s)"), std::string::npos) << o.output;
}

TEST(LintCommand, AcceptsTheShippedSpecs) {
    auto o = run_kconform("lint");
    EXPECT_EQ(o.code, 0) << o.output;
    EXPECT_NE(o.output.find("OK"), std::string::npos) << o.output;
}

TEST(RunCommand, ListsCheckIdsWithoutRunning) {
    auto o = run_kconform("run --list --filter 'envelope/*'");
    EXPECT_EQ(o.code, 0) << o.output;
    EXPECT_NE(o.output.find("envelope/missing-api-key\n"), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find("users/"), std::string::npos) << o.output;
}

TEST(RunCommand, UsageErrorsExitTwo) {
    EXPECT_EQ(run_kconform("run --no-such-flag").code, 2);
    EXPECT_EQ(run_kconform("").code, 2);
    auto help = run_kconform("--help");
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.output.find("Exit codes"), std::string::npos);
}

} // namespace
} // namespace kconform
