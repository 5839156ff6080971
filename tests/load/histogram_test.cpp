// The log-linear histogram against exact percentiles of known distributions, bucket bounds, and exact merges.
#include "load/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <random>

namespace kconform::load {
namespace {
using namespace std::chrono;

// The exact value at quantile q with the same rank rule as histogram::quantile.
std::int64_t exact_quantile(std::vector<std::int64_t> v, double q) {
    std::sort(v.begin(), v.end());
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

void expect_within_one_percent(std::vector<std::int64_t> const& values) {
    histogram h;
    for (auto v : values) h.record(nanoseconds(v));
    for (double q : {0.5, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
        double exact = static_cast<double>(exact_quantile(values, q));
        double got = static_cast<double>(h.quantile(q).count());
        EXPECT_LE(std::abs(got - exact), 0.01 * exact) << "q=" << q << " exact=" << exact << " got=" << got;
    }
}

TEST(Histogram, BucketsCoverEveryValueOnceInOrder) {
    for (std::uint64_t v : {0ull, 1ull, 127ull, 128ull, 129ull, 1000ull, 1000000ull, 60000000000ull}) {
        auto i = histogram::index_of(v);
        EXPECT_LE(histogram::lowest_of(i), v);
        EXPECT_GE(histogram::highest_of(i), v);
    }
    for (std::size_t i = 0; i + 1 < histogram::bucket_count; ++i)
        EXPECT_EQ(histogram::highest_of(i) + 1, histogram::lowest_of(i + 1)) << i;
}

TEST(Histogram, BucketWidthIsUnderTwoPercentFromOneMicrosecondToSixtySeconds) {
    for (std::uint64_t v = 1000; v <= 60'000'000'000ull; v = v * 11 / 10) {
        auto i = histogram::index_of(v);
        double width = static_cast<double>(histogram::highest_of(i) - histogram::lowest_of(i) + 1);
        EXPECT_LE(width / static_cast<double>(histogram::lowest_of(i)), 1.0 / 64 + 1e-12) << v;
    }
}

TEST(Histogram, UniformPercentilesWithinOnePercentOfExact) {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> d(1'000, 60'000'000'000);
    std::vector<std::int64_t> v(100000);
    for (auto& x : v) x = d(rng);
    expect_within_one_percent(v);
}

TEST(Histogram, LogNormalLatenciesWithinOnePercentOfExact) {
    std::mt19937_64 rng(11);
    std::lognormal_distribution<double> d(std::log(2e6), 1.0);  // around 2 ms with a long tail
    std::vector<std::int64_t> v(200000);
    for (auto& x : v) x = std::max<std::int64_t>(1000, static_cast<std::int64_t>(d(rng)));
    expect_within_one_percent(v);
}

TEST(Histogram, BimodalTailWithinOnePercentOfExact) {
    std::vector<std::int64_t> v;
    for (int i = 0; i < 9990; ++i) v.push_back(500'000 + i);       // ~0.5 ms
    for (int i = 0; i < 10; ++i) v.push_back(1'000'000'000 + i);   // a 1 s stall
    expect_within_one_percent(v);
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
    histogram a, b, all;
    for (int i = 1; i < 5000; ++i) {
        auto d = nanoseconds(static_cast<std::int64_t>(i) * 7919);
        (i % 3 ? a : b).record(d);
        all.record(d);
    }
    a.merge(b);
    EXPECT_EQ(a, all);
    EXPECT_EQ(a.count(), 4999u);
    EXPECT_EQ(a.min(), all.min());
    EXPECT_EQ(a.max(), all.max());
}

TEST(Histogram, EmptyReportsZero) {
    histogram h;
    EXPECT_EQ(h.quantile(0.99).count(), 0);
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.min().count(), 0);
}

TEST(Histogram, ValuesBeyondRangeAreClampedNotLost) {
    histogram h;
    h.record(hours(1));
    EXPECT_EQ(h.count(), 1u);
    EXPECT_EQ(h.max(), duration_cast<nanoseconds>(hours(1)));
}

} // namespace
} // namespace kconform::load
