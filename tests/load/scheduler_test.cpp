// Scheduler arithmetic: planned times of constant and ramp stages, phases, and the explicit remainders of splits.
#include "load/scheduler.hpp"

#include "load/engine.hpp"

#include <algorithm>
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

// Requests of one worker: every planned index seq_offset + k * seq_stride of the whole run's schedule.
std::vector<std::uint64_t> indices_of(worker_share const& w, scheduler const& whole) {
    std::vector<std::uint64_t> out;
    for (std::uint64_t k = 0; whole.planned(w.seq_offset + k * w.seq_stride); ++k)
        out.push_back(w.seq_offset + k * w.seq_stride);
    return out;
}

TEST(SplitWork, ShardsAndWorkersTogetherEqualTheWholeRun) {
    load_profile p;
    p.connections = 17;
    p.threads = 2;
    p.stages = {stage{1001, -1, 1s}};
    scheduler whole(p.stages, p.warmup);
    unsigned conns = 0;
    std::set<std::uint64_t> seqs;
    for (unsigned i = 0; i < 3; ++i)
        for (auto const& w : split_work(p, {i, 3})) {
            conns += w.connections;
            for (auto g : indices_of(w, whole)) EXPECT_TRUE(seqs.insert(g).second);
        }
    EXPECT_EQ(conns, 17u);
    EXPECT_EQ(seqs.size(), 1001u);
    EXPECT_EQ(*seqs.rbegin(), 1000u);  // the sequences interleave without gaps
}

// Shard rounding: rates, durations and connection counts that do not divide by the shard count still add up to
// exactly one run (a per-shard rate share would lose or add requests: 3 req/s for 0.5 s over 3 shards is 1
// request, but three shards of 1 req/s for 0.5 s plan none).
struct uneven_case {
    std::vector<stage> stages;
    std::chrono::nanoseconds warmup;
    unsigned connections, threads, shards;
};

class UnevenShards : public testing::TestWithParam<uneven_case> {};

TEST_P(UnevenShards, SendExactlyOneRunsRequestsAndConnections) {
    auto const& c = GetParam();
    load_profile p;
    p.stages = c.stages;
    p.warmup = c.warmup;
    p.connections = c.connections;
    p.threads = c.threads;
    scheduler whole(p.stages, p.warmup);
    std::vector<std::uint64_t> all;
    unsigned conns = 0;
    for (unsigned i = 0; i < c.shards; ++i)
        for (auto const& w : split_work(p, {i, c.shards})) {
            conns += w.connections;
            EXPECT_GE(w.connections, 1u);  // a worker without a connection would leave its requests unsent
            auto mine = indices_of(w, whole);
            all.insert(all.end(), mine.begin(), mine.end());
        }
    std::sort(all.begin(), all.end());
    ASSERT_EQ(all.size(), whole.total_requests());
    for (std::uint64_t k = 0; k < all.size(); ++k) ASSERT_EQ(all[k], k);  // each index once, none missing
    EXPECT_EQ(conns, c.connections);
}

INSTANTIATE_TEST_SUITE_P(Rounding, UnevenShards, testing::Values(
    uneven_case{{stage{3, -1, 500ms}}, 0s, 3, 1, 3},
    uneven_case{{stage{1001, -1, 1500ms}}, 0s, 17, 2, 3},
    uneven_case{{stage{10, -1, 1s}}, 0s, 7, 1, 4},
    uneven_case{{stage{333.3, -1, 700ms}}, 200ms, 5, 2, 2},
    uneven_case{{stage{7, -1, 1s}, stage{7, 101, 900ms}}, 300ms, 11, 2, 5},
    uneven_case{{stage{1, -1, 1s}}, 0s, 8, 1, 8}));

TEST(SplitWork, RefusesAShardWithFewerConnectionsThanThreads) {
    load_profile p;
    p.connections = 5;
    p.threads = 2;
    EXPECT_FALSE(shard_problem(p, {0, 2}));  // 3 connections
    EXPECT_FALSE(shard_problem(p, {1, 3}));  // 2 connections
    EXPECT_TRUE(shard_problem(p, {2, 3}));   // 1 connection for 2 workers
    p.threads = 3;
    auto why = shard_problem(p, {1, 2});     // 2 connections for 3 workers
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("2 connection(s) for 3 thread(s)"), std::string::npos) << *why;
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
