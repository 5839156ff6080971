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

TEST(Threshold, AMethodPrefixGatesThatMethodOnly) {
    auto t = parse_threshold("get_user.p99 < 10ms");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->method, "get_user");
    EXPECT_EQ(t->what, threshold::metric::p99);
    EXPECT_DOUBLE_EQ(t->limit, 10e6);
    auto deep = parse_threshold("get_repos.p99.9 < 1s");  // the metric's own dot stays with the metric
    ASSERT_TRUE(deep);
    EXPECT_EQ(deep->method, "get_repos");
    EXPECT_EQ(deep->what, threshold::metric::p999);
    EXPECT_TRUE(parse_threshold("p99.9 < 1s")->method.empty());
    EXPECT_EQ(parse_threshold(" create_user.error_rate < 1%")->method, "create_user");
    std::string why;
    EXPECT_FALSE(parse_threshold("get user.p99 < 1ms", &why));
    EXPECT_NE(why.find("not a method name"), std::string::npos) << why;
    EXPECT_FALSE(parse_threshold(".p99 < 1ms", &why));
    EXPECT_FALSE(parse_threshold("get_user.p42 < 1ms", &why));
    EXPECT_NE(why.find("unknown metric 'p42'"), std::string::npos) << why;
}

// Two methods, get_user slow and failing, get_users fast: per-method gates see their own method only.
load_summary two_methods() {
    load_summary s;
    s.duration = 1s;
    for (int i = 0; i < 100; ++i) {
        for (auto* m : {&s.methods["get_user"], &s.total}) {
            m->counts[i < 10 ? static_cast<std::size_t>(outcome::unexpected_error) : 0]++;
            m->corrected.record(30ms);
        }
        for (auto* m : {&s.methods["get_users"], &s.total}) {
            m->counts[0] += 3;
            for (int k = 0; k < 3; ++k) m->corrected.record(1ms);
        }
    }
    return s;
}

TEST(Threshold, PerMethodVerdictsNameTheMethod) {
    auto s = two_methods();
    std::vector<threshold> t;
    for (auto text : {"get_users.p99 < 2ms", "get_user.p99 < 10ms", "get_user.error_rate < 5%", "get_users.rps > 250",
                      "get_user.rps > 250", "p50 < 2ms"})
        t.push_back(*parse_threshold(text));
    auto b = breached(s, t);
    ASSERT_EQ(b.size(), 3u) << testing::PrintToString(b);
    EXPECT_EQ(b[0].rfind("get_user.p99 < 10ms: breached (get_user.p99 = 30", 0), 0u) << b[0];
    EXPECT_EQ(b[1], "get_user.error_rate < 5%: breached (get_user.error_rate = 10 %)");
    EXPECT_EQ(b[2], "get_user.rps > 250: breached (get_user.rps = 100.0)");
    EXPECT_DOUBLE_EQ(*metric_value(s, *parse_threshold("get_users.error_rate < 1%")), 0);
    EXPECT_DOUBLE_EQ(*metric_value(s, *parse_threshold("error_rate < 1%")), 0.025);  // 10 of 400
}

TEST(Threshold, AGateOnAMethodWithoutRequestsIsBreached) {
    auto s = two_methods();
    auto b = breached(s, {*parse_threshold("get_repos.p99 < 1s")});
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0], "get_repos.p99 < 1s: breached (no get_repos request was recorded)");
}

TEST(Threshold, AMethodOutsideTheMixIsAProfileError) {
    load_profile p;
    p.mix.push_back({"get_user", 1, {}, "admin", false, "", {}});
    EXPECT_FALSE(threshold_problem(*parse_threshold("get_user.p99 < 1ms"), p));
    EXPECT_FALSE(threshold_problem(*parse_threshold("p99 < 1ms"), p));
    EXPECT_EQ(threshold_problem(*parse_threshold("get_usr.p99 < 1ms"), p), "the mix does not send get_usr");
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
    ASSERT_EQ(p.thresholds.size(), 4u);
    EXPECT_EQ(p.thresholds[1].method, "get_users");
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
                        "thresholds: [\"p42 < 1ms\", \"get_repo.p99 < 1ms\"]\n");
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
    EXPECT_TRUE(has(":8:27: threshold: the mix does not send get_repo")) << testing::PrintToString(msgs);
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
