// load_summary: JSON round trip is exact, shard merges equal one summary, error rate counts dropped sends.
#include "load/summary.hpp"

#include <gtest/gtest.h>

namespace kconform::load {
namespace {
using namespace std::chrono_literals;

load_summary sample(int seed, int n) {
    load_summary s;
    s.profile = "p";
    s.mode = "open";
    s.rate = 100;
    s.connections = 4;
    s.threads = 1;
    s.validate = "full";
    s.duration = 2s;
    s.late_sends = static_cast<std::uint64_t>(seed);
    s.host = this_host();
    for (int i = 0; i < n; ++i) {
        auto& m = s.methods[i % 2 ? "get_user" : "get_repos"];
        auto o = static_cast<std::size_t>((i * seed) % 3);
        auto d = std::chrono::nanoseconds(1000 + i * 977 * seed);
        for (auto* st : {&m, &s.total}) {
            st->counts[o]++;
            st->corrected.record(d + 5us);
            st->uncorrected.record(d);
        }
    }
    return s;
}

TEST(Summary, JsonRoundTripIsExact) {
    auto s = sample(3, 500);
    auto back = summary_from_json(to_json(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->total, s.total);
    EXPECT_EQ(back->methods, s.methods);
    EXPECT_EQ(back->host, s.host);
    EXPECT_EQ(back->duration, s.duration);
    EXPECT_EQ(back->late_sends, s.late_sends);
}

TEST(Summary, MalformedJsonIsAValueNotAnException) {
    std::string why;
    auto r = summary_from_json(boost::json::value{{"profile", 3}}, &why);
    EXPECT_FALSE(r);
    EXPECT_FALSE(why.empty());
}

TEST(Summary, ShardMergeAddsCountsAndHistogramsExactly) {
    auto a = sample(3, 400), b = sample(5, 600);
    auto merged = a;
    merged.merge_shard(b);
    EXPECT_EQ(merged.total.total(), 1000u);
    EXPECT_EQ(merged.connections, 8u);
    EXPECT_EQ(merged.shards, 2u);
    EXPECT_EQ(merged.duration, 2s);  // concurrent shards: the run lasted as long as the longest
    auto expected = a.total;
    expected.merge(b.total);
    EXPECT_EQ(merged.total, expected);
    EXPECT_DOUBLE_EQ(merged.rps(), 500);
}

TEST(Summary, ErrorRateCountsUnexpectedInvalidTransportTimeoutAndDropped) {
    load_summary s;
    s.total.counts = {90, 5, 1, 1, 1, 1};  // ok, expected error, then four kinds of error
    s.dropped_sends = 1;
    EXPECT_DOUBLE_EQ(s.error_rate(), 5.0 / 100);
}

} // namespace
} // namespace kconform::load
