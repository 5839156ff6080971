// Hostile servers through the real binary: the double forwards every request to the embedded reference server
// except get_server_info's, which meets the hostility. `kconform run` must report a failed check with evidence
// (exit 1) and `kconform load` must count every request as a failed outcome (exit 1): never a crash, never a hang.
#include "server/embedded.hpp"
#include "tests/integration/hostile.hpp"
#include "tests/integration/shell.hpp"

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace kconform {
namespace {
using namespace hostile;

class HostileThroughCli : public testing::TestWithParam<hostile_case> {
protected:
    void SetUp() override {
        auto s = server::embedded::start();
        ASSERT_TRUE(s) << s.error().message();
        reference_ = std::move(*s);
        auto to = parse_target(reference_->url());
        ASSERT_TRUE(to);
        double_.emplace(GetParam().make(), forwarding{*to, "get_server_info"});
        auto const& k = reference_->keys();
        env_ = fmt::format("env KCONFORM_ADMIN_KEY={} KCONFORM_USER_KEY={} KCONFORM_USER2_KEY={} KCONFORM_DEFAULT_KEY={}",
                           k.admin, k.user, k.user2, k.default_user);
    }
    std::unique_ptr<server::embedded> reference_;
    std::optional<hostile_server> double_;
    std::string env_;
};

TEST_P(HostileThroughCli, RunReportsAFailedCheckWithEvidence) {
    auto const start = std::chrono::steady_clock::now();
    auto const o = testing_shell::run_command(
        fmt::format("{} run --target {} --timeout 0.5 --filter 'server/get_server_info/describes'", KCONFORM_BIN,
                    double_->url()),
        env_);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
    EXPECT_EQ(o.code, 1) << o.output;
    EXPECT_NE(o.output.find("FAIL server/get_server_info/describes"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("request:  POST"), std::string::npos) << o.output;  // the evidence: what was sent...
    EXPECT_NE(o.output.find("response: "), std::string::npos) << o.output;      // ...and what came back (or why not)
    EXPECT_NE(o.output.find(" failed"), std::string::npos) << o.output;
}

TEST_P(HostileThroughCli, LoadCountsEveryRequestAsAFailure) {
    auto const report = std::filesystem::temp_directory_path() / fmt::format("kconform-hostile-{}.json", ::getpid());
    auto const o = testing_shell::run_command(
        fmt::format("{} load --target {} --method get_server_info --rate 20 --duration 1s --connections 2 "
                    "--timeout 500ms --report json:{}",
                    KCONFORM_BIN, double_->url(), report.string()),
        env_);
    EXPECT_EQ(o.code, 1) << o.output;
    boost::system::error_code ec;
    std::ifstream in(report);
    std::string const text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(report);
    auto const doc = boost::json::parse(text, ec);
    ASSERT_FALSE(ec) << o.output;
    auto const& counts = doc.at("runs").at(0).at("methods").at("get_server_info").at("counts").as_object();
    std::int64_t failed = 0;
    for (char const* k : {"unexpected_error", "invalid_response", "transport_error", "timeout"}) failed += counts.at(k).as_int64();
    EXPECT_EQ(counts.at("ok").as_int64(), 0) << text.substr(0, 400);
    EXPECT_GT(failed, 0) << text.substr(0, 400);
}

INSTANTIATE_TEST_SUITE_P(Catalog, HostileThroughCli, testing::ValuesIn(cases()),
                         [](testing::TestParamInfo<hostile_case> const& info) { return info.param.name; });

} // namespace
} // namespace kconform
