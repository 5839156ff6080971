// Profile loading (shipped profiles load cleanly; problems come with file:line:col), threshold parsing and verdicts.
#include "load/profile.hpp"

#include "load/summary.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace kconform::load {
namespace {
using namespace std::chrono_literals;

std::filesystem::path write_temp(std::string const& name, std::string const& text) {
    auto p = std::filesystem::temp_directory_path() / name;
    std::ofstream(p) << text;
    return p;
}

TEST(Threshold, ParsesLatencyErrorRateAndThroughput) {
    auto p99 = parse_threshold("p99 < 20ms");
    ASSERT_TRUE(p99);
    EXPECT_EQ(p99->what, threshold::metric::p99);
    EXPECT_TRUE(p99->less);
    EXPECT_DOUBLE_EQ(p99->limit, 20e6);
    auto er = parse_threshold("error_rate < 0.1%");
    ASSERT_TRUE(er);
    EXPECT_DOUBLE_EQ(er->limit, 0.001);
    auto rps = parse_threshold("rps > 10000");
    ASSERT_TRUE(rps);
    EXPECT_FALSE(rps->less);
    EXPECT_DOUBLE_EQ(rps->limit, 10000);
    EXPECT_TRUE(parse_threshold("p99.9<1.5s"));
}

TEST(Threshold, RejectsUnknownMetricMissingOperatorAndUnitlessLatency) {
    std::string why;
    EXPECT_FALSE(parse_threshold("p42 < 1ms", &why));
    EXPECT_NE(why.find("unknown metric"), std::string::npos);
    EXPECT_FALSE(parse_threshold("p99 20ms", &why));
    EXPECT_FALSE(parse_threshold("p99 < 20", &why));
    EXPECT_FALSE(parse_threshold("rps > lots", &why));
}

TEST(Threshold, VerdictsNameTheBreachedRuleOnly) {
    load_summary s;
    s.duration = 1s;
    for (int i = 0; i < 1000; ++i) {
        s.total.counts[0]++;
        s.total.corrected.record(i < 980 ? 1ms : 30ms);  // p99 = 30 ms
    }
    s.total.counts[static_cast<std::size_t>(outcome::unexpected_error)] = 5;  // 0.5 % errors
    std::vector<threshold> t{*parse_threshold("p99 < 20ms"), *parse_threshold("p50 < 2ms"),
                             *parse_threshold("error_rate < 0.1%"), *parse_threshold("rps > 10000")};
    auto b = breached(s, t);
    ASSERT_EQ(b.size(), 3u);
    EXPECT_EQ(b[0].rfind("p99 < 20ms: breached (p99 = 30", 0), 0u) << b[0];
    EXPECT_EQ(b[1].rfind("error_rate < 0.1%: breached", 0), 0u) << b[1];
    EXPECT_EQ(b[2].rfind("rps > 10000: breached (rps = 1005.0)", 0), 0u) << b[2];
}

TEST(Duration, ParsesUnits) {
    EXPECT_EQ(*parse_duration("2s"), 2s);
    EXPECT_EQ(*parse_duration("500ms"), 500ms);
    EXPECT_EQ(*parse_duration("250us"), 250us);
    EXPECT_EQ(*parse_duration("1m"), 60s);
    EXPECT_FALSE(parse_duration("soon"));
    EXPECT_FALSE(parse_duration("2 fortnights"));
}

TEST(ProfileLoader, ShippedProfilesLoadWithoutErrors) {
    for (auto const& f : std::filesystem::directory_iterator(KCONFORM_PROFILES_DIR)) {
        auto r = load_profile_file(f.path());
        for (auto const& e : r.errors) ADD_FAILURE() << e.str();
        EXPECT_FALSE(r.profile.mix.empty()) << f.path();
    }
}

TEST(ProfileLoader, ReadsScheduleRampsMixAndThresholds) {
    auto r = load_profile_file(KCONFORM_PROFILES_DIR "/read-mix.yaml");
    ASSERT_TRUE(r.errors.empty());
    auto const& p = r.profile;
    ASSERT_EQ(p.stages.size(), 3u);
    EXPECT_DOUBLE_EQ(p.stages[1].rate, 500);  // a ramp starts where the previous stage ended
    EXPECT_DOUBLE_EQ(p.stages[1].ramp_to, 2000);
    EXPECT_TRUE(p.is_rate_mode());
    EXPECT_EQ(p.main_duration(), 10s);
    EXPECT_EQ(p.warmup, 1s);
    EXPECT_EQ(p.mix.size(), 4u);
    EXPECT_TRUE(p.mix[3].expect_error);
    EXPECT_EQ(p.thresholds.size(), 3u);
}

TEST(ProfileLoader, ReportsEveryProblemWithLineAndColumn) {
    auto f = write_temp("kconform_bad_profile.yaml",
                        "name: bad\n"
                        "schedule:\n"
                        "  - {rate: fast, duration: 1s}\n"
                        "connections: 4\n"
                        "colour: blue\n"
                        "mix:\n"
                        "  - {method: get_user, weight: 1}\n"
                        "thresholds: [\"p42 < 1ms\"]\n");
    auto r = load_profile_file(f);
    std::vector<std::string> msgs;
    for (auto const& e : r.errors) msgs.push_back(e.str());
    ASSERT_GE(msgs.size(), 3u);
    auto has = [&](std::string const& needle) {
        return std::any_of(msgs.begin(), msgs.end(), [&](auto const& m) { return m.find(needle) != std::string::npos; });
    };
    EXPECT_TRUE(has("kconform_bad_profile.yaml:3:12: rate: expected a number")) << testing::PrintToString(msgs);
    EXPECT_TRUE(has(":5:1:")) << testing::PrintToString(msgs);  // unknown key colour
    EXPECT_TRUE(has(":8:14: threshold: unknown metric")) << testing::PrintToString(msgs);
    std::filesystem::remove(f);
}

TEST(ProfileValidation, RejectsMoreThreadsThanConnections) {
    load_profile p;
    mix_entry m;
    m.method = "get_user";
    p.mix.push_back(m);
    p.connections = 1;
    p.threads = 2;
    EXPECT_EQ(validate_profile(p, nullptr).size(), 1u);
}

} // namespace
} // namespace kconform::load
