// End-to-end: short open- and closed-loop runs against the embedded reference server on 127.0.0.1:0, asserting
// exact counts, outcome classes and validation. Each run is ≤ 1 s and a few hundred requests, loopback only.
#include "load/engine.hpp"

#include "harness/spec/loader.hpp"
#include "server/embedded.hpp"
#include "server/faults.hpp"

#include <gtest/gtest.h>

namespace kconform::load {
namespace {
using namespace std::chrono_literals;

mix_entry entry(std::string method, boost::json::object args = {}, bool expect_error = false) {
    mix_entry m;
    m.method = std::move(method);
    m.args = std::move(args);
    m.expect_error = expect_error;
    return m;
}

class LoadEngine : public testing::Test {
protected:
    static void SetUpTestSuite() {
        specs_ = new spec::load_result(spec::load_specs(KCONFORM_DEFAULT_SPECS));
        ASSERT_TRUE(specs_->errors.empty());
    }
    static void TearDownTestSuite() { delete specs_; }

    void SetUp() override {
        auto started = server::embedded::start();
        ASSERT_TRUE(started);
        server_ = std::move(*started);
    }

    engine_options options(shard part = {}) {
        auto t = parse_target(server_->url());
        return {*t, {server_->keys().admin, server_->keys().user, server_->keys().user2}, &specs_->specs, part, {}};
    }

    static load_profile open_profile(double rate, std::chrono::nanoseconds d) {
        load_profile p;
        p.stages = {stage{rate, -1, d}};
        p.connections = 4;
        p.timeout = 2s;
        return p;
    }

    static std::uint64_t count(method_stats const& m, outcome o) { return m.counts[static_cast<std::size_t>(o)]; }

    static inline spec::load_result* specs_ = nullptr;
    std::unique_ptr<server::embedded> server_;
};

TEST_F(LoadEngine, OpenLoopSendsExactlyThePlannedRequestsAllValid) {
    auto p = open_profile(400, 1s);
    p.mix = {entry("get_server_info"), entry("get_user", {{"userid", "test_admin"}})};
    auto s = run_load(p, options());
    ASSERT_TRUE(s);
    EXPECT_EQ(s->total.total(), 400u);
    EXPECT_EQ(count(s->total, outcome::ok), 400u);
    EXPECT_EQ(s->dropped_sends, 0u);
    EXPECT_EQ(s->methods.size(), 2u);
    EXPECT_EQ(s->total.corrected.count(), 400u);
    EXPECT_GE(s->total.corrected.quantile(0.5), s->total.uncorrected.quantile(0.5) - 1us);
    EXPECT_GT(s->total.uncorrected.max(), 0ns);
}

TEST_F(LoadEngine, ExpectedErrorsAndContractBreaksAreClassified) {
    auto p = open_profile(300, 500ms);
    auto missing = entry("get_user", {{"userid", "nobody_${seq}"}}, true);
    auto wrongly_expected = entry("get_server_info", {}, true);  // answers ok: breaks the expectation
    auto unexpected = entry("get_user", {{"userid", "ghost"}});                // an error where ok was expected
    p.mix = {missing, wrongly_expected, unexpected};
    auto s = run_load(p, options());
    ASSERT_TRUE(s);
    EXPECT_EQ(s->total.total(), 150u);
    auto const& by = s->methods;
    EXPECT_EQ(count(by.at("get_server_info"), outcome::invalid_response), by.at("get_server_info").total());
    EXPECT_EQ(count(by.at("get_user"), outcome::expected_error) + count(by.at("get_user"), outcome::unexpected_error),
              by.at("get_user").total());
    EXPECT_GT(count(by.at("get_user"), outcome::expected_error), 0u);
    EXPECT_GT(count(by.at("get_user"), outcome::unexpected_error), 0u);
}

TEST_F(LoadEngine, ValidateNoneAcceptsAnyHttp200) {
    auto p = open_profile(200, 500ms);
    p.validate = validation::none;
    p.mix = {entry("get_user", {{"userid", "ghost"}})};
    auto s = run_load(p, options());
    ASSERT_TRUE(s);
    EXPECT_EQ(count(s->total, outcome::ok), 100u);
}

TEST_F(LoadEngine, ClosedLoopRunsForItsDurationOnEveryConnection) {
    load_profile p;
    p.duration = 300ms;
    p.warmup = 100ms;
    p.connections = 2;
    p.threads = 2;
    p.mix = {entry("get_server_info")};
    auto s = run_load(p, options());
    ASSERT_TRUE(s);
    EXPECT_EQ(s->mode, "closed");
    EXPECT_GT(s->total.total(), 10u);
    EXPECT_EQ(count(s->total, outcome::ok), s->total.total());
}

TEST_F(LoadEngine, TwoShardsMergedEqualOneRunInCounts) {
    auto p = open_profile(300, 500ms);
    p.mix = {entry("get_server_info")};
    auto whole = run_load(p, options());
    auto a = run_load(p, options({0, 2}));
    auto b = run_load(p, options({1, 2}));
    ASSERT_TRUE(whole && a && b);
    a->merge_shard(*b);
    EXPECT_EQ(a->total.counts, whole->total.counts);
    EXPECT_EQ(a->total.total(), 150u);
    EXPECT_EQ(a->connections, whole->connections);
    EXPECT_DOUBLE_EQ(a->rate, 300);
}

TEST_F(LoadEngine, ThreeUnevenShardsMergedSendExactlyOneRunsRequests) {
    auto p = open_profile(301, 500ms);  // 150.5 planned requests: 151 in one run, 50.2 per shard
    p.connections = 5;
    p.threads = 1;
    p.mix = {entry("get_server_info")};
    auto whole = run_load(p, options());
    ASSERT_TRUE(whole);
    auto merged = run_load(p, options({0, 3}));
    ASSERT_TRUE(merged);
    for (unsigned i = 1; i < 3; ++i) {
        auto part = run_load(p, options({i, 3}));
        ASSERT_TRUE(part);
        merged->merge_shard(*part);
    }
    EXPECT_EQ(whole->total.total(), 151u);
    EXPECT_EQ(merged->total.counts, whole->total.counts);
    EXPECT_EQ(merged->connections, 5u);
    EXPECT_NEAR(merged->rate, 301, 1e-9);
}

// The worker's deadlines (its sweep closes a socket whose operation ran out of time) and its read loop's ends.
TEST_F(LoadEngine, AnAnswerThatNeverComesIsATimeoutOncePerRequest) {
    server_->set_handler(*server::with_fault("wire-stall-get_server_info"));
    auto p = open_profile(10, 500ms);  // 5 requests, one per 100 ms, on 4 connections
    p.timeout = 300ms;
    p.mix = {entry("get_server_info")};
    auto s = run_load(p, options());
    ASSERT_TRUE(s);
    EXPECT_EQ(s->total.total(), 5u);
    EXPECT_EQ(count(s->total, outcome::timeout), 5u);
    EXPECT_GE(s->total.uncorrected.min(), 300ms - 1ms);  // not before the deadline...
    EXPECT_LT(s->total.uncorrected.max(), 1s);           // ...and not long after it
}

TEST_F(LoadEngine, ResetsClosesAndTruncatedAnswersAreTransportErrors) {
    for (auto [fault, method] : {std::pair{"wire-reset-get_users", "get_users"}, {"wire-close-get_repos", "get_repos"},
                                 {"wire-truncated-get_user_groups", "get_user_groups"}}) {
        server_->set_handler(*server::with_fault(fault));
        auto p = open_profile(40, 250ms);  // 10 requests
        p.mix = {entry(method)};
        auto s = run_load(p, options());
        ASSERT_TRUE(s) << fault;
        EXPECT_EQ(s->total.total(), 10u) << fault;
        EXPECT_EQ(count(s->total, outcome::transport_error), 10u) << fault;
    }
}

TEST_F(LoadEngine, Http10AnswersThatCloseTheConnectionAreOkAndReconnected) {
    server_->set_handler(*server::with_fault("http-1.0"));  // HTTP/1.0 answers; the server closes after each
    auto p = open_profile(40, 250ms);
    p.mix = {entry("get_server_info")};
    auto s = run_load(p, options());
    ASSERT_TRUE(s);
    EXPECT_EQ(count(s->total, outcome::ok), 10u);
}

TEST_F(LoadEngine, UnreachableTargetCountsTransportErrors) {
    auto p = open_profile(100, 200ms);
    p.mix = {entry("get_server_info")};
    auto o = options();
    server_->stop();
    auto s = run_load(p, o);
    ASSERT_TRUE(s);
    EXPECT_EQ(count(s->total, outcome::transport_error), 20u);
    EXPECT_DOUBLE_EQ(s->error_rate(), 1.0);
}

} // namespace
} // namespace kconform::load

namespace kconform::load {
namespace {
// The watcher sleeps until watch_wake(); a wake-up at or before now would make it spin on a worker's core.
TEST(WatchWake, IsAlwaysAheadOfNowUntilTheEnd) {
    using namespace std::chrono_literals;
    auto const start = steady::time_point{} + 100s;
    auto const end = start + 5s;
    for (auto now = start; now < end; now += 7ms) {
        for (std::optional<steady::time_point> progress : {std::optional<steady::time_point>{},
                                                           std::optional{start + 1s}, std::optional{now},
                                                           std::optional{now + 10ms}}) {
            auto wake = watch_wake(now, end, progress);
            ASSERT_GT(wake, now) << "at +" << (now - start).count() << " ns";
            EXPECT_LE(wake, std::min(end, now + 50ms));
            if (progress && *progress > now) {
                EXPECT_LE(wake, *progress);
            }
        }
    }
}

TEST(WatchWake, WakesForTheNextProgressLineAndForTheEnd) {
    using namespace std::chrono_literals;
    auto const now = steady::time_point{} + 10s;
    EXPECT_EQ(watch_wake(now, now + 1s, now + 20ms), now + 20ms);
    EXPECT_EQ(watch_wake(now, now + 30ms, std::nullopt), now + 30ms);
    EXPECT_EQ(watch_wake(now, now + 1s, std::nullopt), now + 50ms);
}
} // namespace
} // namespace kconform::load
