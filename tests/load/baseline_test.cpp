// Baseline comparison on synthetic runs: a known shift is detected, pure noise is not; U test p-values against
// hand-computed ones; exact shard merges.
#include "reports/baseline.hpp"

#include <gtest/gtest.h>
#include <random>

namespace kconform::reports {
namespace {
using namespace std::chrono_literals;

// A run whose latencies are `median_ns` × lognormal noise and whose throughput follows from the count.
load::load_summary run(double median_ns, std::uint64_t requests, std::mt19937_64& rng, double jitter) {
    load::load_summary s;
    s.duration = 1s;
    s.host = load::this_host();
    std::normal_distribution<double> run_noise(1.0, jitter);  // run-to-run variation, like a noisy CI machine
    double scale = run_noise(rng);
    std::lognormal_distribution<double> lat(std::log(median_ns * scale), 0.3);
    for (std::uint64_t i = 0; i < requests; ++i) {
        s.total.counts[0]++;
        s.total.corrected.record(std::chrono::nanoseconds(static_cast<std::int64_t>(lat(rng))));
    }
    return s;
}

std::vector<load::load_summary> runs(int n, double median_ns, std::uint64_t requests, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<load::load_summary> out;
    for (int i = 0; i < n; ++i) out.push_back(run(median_ns, requests, rng, 0.02));
    return out;
}

verdict of(comparison const& c, std::string const& metric) {
    for (auto const& m : c.metrics)
        if (m.metric == metric) return m.result;
    return verdict::unchanged;
}

TEST(MannWhitney, ExactPValuesMatchHandCounts) {
    // Complete separation of 3 vs 3: only 1 of C(6,3) = 20 arrangements is as extreme on each side.
    EXPECT_DOUBLE_EQ(mann_whitney_p({1, 2, 3}, {4, 5, 6}), 0.1);
    EXPECT_DOUBLE_EQ(smallest_p(3, 3), 0.1);
    EXPECT_NEAR(mann_whitney_p({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}), 2.0 / 252, 1e-12);
    EXPECT_DOUBLE_EQ(mann_whitney_p({1, 4, 5}, {2, 3, 6}), 1.0);
}

TEST(MannWhitney, TiesUseTheNormalApproximation) {
    double p = mann_whitney_p({1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1});
    EXPECT_DOUBLE_EQ(p, 1.0);
    EXPECT_LT(mann_whitney_p(std::vector<double>(30, 1), std::vector<double>(30, 2)), 1e-6);
}

TEST(Compare, DetectsATwentyPercentLatencyRegression) {
    auto c = compare(runs(7, 2e6, 2000, 1), runs(7, 2.4e6, 2000, 2));
    EXPECT_EQ(of(c, "p50"), verdict::regressed);
    EXPECT_EQ(of(c, "p99"), verdict::regressed);
    EXPECT_TRUE(c.regressed());
    EXPECT_TRUE(c.host_warning.empty());
}

TEST(Compare, DetectsAnImprovement) {
    auto c = compare(runs(7, 2e6, 2000, 3), runs(7, 1.5e6, 2000, 4));
    EXPECT_EQ(of(c, "p50"), verdict::improved);
    EXPECT_FALSE(c.regressed());
}

TEST(Compare, PureNoiseIsUnchangedAcrossManySeeds) {
    int false_alarms = 0;
    for (std::uint64_t seed = 0; seed < 40; seed += 2)
        false_alarms += compare(runs(7, 2e6, 2000, 100 + seed), runs(7, 2e6, 2000, 101 + seed)).regressed();
    EXPECT_EQ(false_alarms, 0);
}

TEST(Compare, ThroughputDropIsARegression) {
    auto c = compare(runs(5, 2e6, 2000, 5), runs(5, 2e6, 1500, 6));
    EXPECT_EQ(of(c, "rps"), verdict::regressed);
}

TEST(Compare, SingleRunsFallBackToTheNoiseFloorAndSayWhy) {
    auto c = compare(runs(1, 2e6, 1000, 7), runs(1, 3e6, 1000, 8));
    for (auto const& m : c.metrics) EXPECT_FALSE(m.tested);
    EXPECT_EQ(of(c, "p50"), verdict::regressed);
}

TEST(Compare, WarnsWhenHostsDiffer) {
    auto base = runs(3, 2e6, 100, 9), next = runs(3, 2e6, 100, 10);
    next[1].host.cpu = "some other CPU";
    EXPECT_NE(compare(base, next).host_warning.find("different hosts"), std::string::npos);
}

TEST(MergeShards, MergesRunByRunAndRefusesDifferentRunCounts) {
    auto a = runs(2, 2e6, 100, 11), b = runs(2, 2e6, 300, 12);
    auto m = merge_shards({a, b});
    ASSERT_TRUE(m);
    ASSERT_EQ(m->size(), 2u);
    EXPECT_EQ((*m)[0].total.total(), 400u);
    EXPECT_EQ((*m)[1].shards, 2u);
    EXPECT_FALSE(merge_shards({a, runs(1, 2e6, 1, 13)}));
}

} // namespace
} // namespace kconform::reports
