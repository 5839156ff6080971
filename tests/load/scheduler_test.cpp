// Scheduler arithmetic: planned times of constant and ramp stages, phases, and the explicit remainders of splits.
#include "load/scheduler.hpp"

#include "load/engine.hpp"

#include <gtest/gtest.h>
#include <numeric>
#include <set>

namespace kconform::load {
namespace {
using namespace std::chrono;
using namespace std::chrono_literals;

TEST(Scheduler, ConstantRatePlansEvenlySpacedSends) {
    scheduler s({stage{1000, -1, 2s}}, 0s);
    EXPECT_EQ(s.total_requests(), 2000u);
    EXPECT_EQ(*s.planned(0), 0ns);
    EXPECT_EQ(*s.planned(1), 1ms);
    EXPECT_EQ(*s.planned(1999), 1999ms);
    EXPECT_FALSE(s.planned(2000));
}

TEST(Scheduler, WarmupRunsAtTheFirstRateAndIsItsOwnPhase) {
    scheduler s({stage{100, -1, 1s}}, 500ms);
    EXPECT_EQ(s.total_requests(), 150u);
    EXPECT_EQ(s.phase_at(*s.planned(49)), phase::warm_up);
    EXPECT_EQ(s.phase_at(*s.planned(50)), phase::main);
    EXPECT_EQ(*s.planned(50), 500ms);
    EXPECT_EQ(s.phase_at(1500ms), phase::drain);
}

TEST(Scheduler, StepsChangeRateAtTheBoundary) {
    scheduler s({stage{100, -1, 1s}, stage{1000, -1, 1s}}, 0s);
    EXPECT_EQ(s.total_requests(), 1100u);
    EXPECT_EQ(*s.planned(99), 990ms);
    EXPECT_EQ(*s.planned(100), 1s);
    EXPECT_EQ(*s.planned(101), 1001ms);
}

TEST(Scheduler, LinearRampPlansTheIntegralOfTheRate) {
    scheduler s({stage{0, 1000, 2s}}, 0s);  // average 500/s over 2 s
    EXPECT_EQ(s.total_requests(), 1000u);
    // N(t) = 250 t²: request 250 is due at t = 1 s, request 999 just before 2 s.
    EXPECT_NEAR(duration<double>(*s.planned(250)).count(), 1.0, 1e-9);
    EXPECT_LT(*s.planned(999), 2s);
    for (std::uint64_t k = 1; k < 1000; ++k) EXPECT_LE(*s.planned(k - 1), *s.planned(k));
}

TEST(SplitEvenly, HandsTheRemainderToTheFirstShares) {
    EXPECT_EQ(split_evenly(10, 3), (std::vector<std::uint64_t>{4, 3, 3}));
    EXPECT_EQ(split_evenly(2, 4), (std::vector<std::uint64_t>{1, 1, 0, 0}));
    auto v = split_evenly(1001, 7);
    EXPECT_EQ(std::accumulate(v.begin(), v.end(), std::uint64_t{0}), 1001u);
}

TEST(SplitWork, ShardsAndWorkersTogetherEqualTheWholeRun) {
    load_profile p;
    p.connections = 17;
    p.threads = 2;
    p.stages = {stage{1001, -1, 1s}};
    unsigned conns = 0;
    double rate = 0;
    std::set<std::uint64_t> seqs;
    for (unsigned i = 0; i < 3; ++i)
        for (auto const& w : split_work(p, {i, 3})) {
            conns += w.connections;
            rate += w.stages.front().rate;
            for (std::uint64_t k = 0; k < 10; ++k) EXPECT_TRUE(seqs.insert(w.seq_offset + k * w.seq_stride).second);
        }
    EXPECT_EQ(conns, 17u);
    EXPECT_DOUBLE_EQ(rate, 1001);
    EXPECT_EQ(seqs.size(), 60u);
    EXPECT_EQ(*seqs.rbegin(), 59u);  // the sequences interleave without gaps
}

TEST(ParseShard, AcceptsIndexOverCountOnly) {
    EXPECT_EQ(parse_shard("1/4")->index, 1u);
    EXPECT_EQ(parse_shard("1/4")->count, 4u);
    EXPECT_FALSE(parse_shard("4/4"));
    EXPECT_FALSE(parse_shard("1/0"));
    EXPECT_FALSE(parse_shard("1-4"));
    EXPECT_FALSE(parse_shard("1/4x"));
}

} // namespace
} // namespace kconform::load
