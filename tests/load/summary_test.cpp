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

std::vector<threshold> gates(std::initializer_list<char const*> texts) {
    std::vector<threshold> out;
    for (auto t : texts) out.push_back(*parse_threshold(t));
    return out;
}

TEST(Summary, ThresholdsTravelInTheReportAndOlderReportsHaveNone) {
    auto s = sample(3, 10);
    s.thresholds = gates({"p99 < 20ms", "get_user.rps > 5"});
    auto back = summary_from_json(to_json(s));
    ASSERT_TRUE(back);
    ASSERT_EQ(back->thresholds.size(), 2u);
    EXPECT_EQ(back->thresholds[1].text, "get_user.rps > 5");
    EXPECT_EQ(back->thresholds[1].method, "get_user");
    auto old = to_json(sample(3, 10));
    old.as_object().erase("thresholds");
    auto read = summary_from_json(old);
    ASSERT_TRUE(read);
    EXPECT_TRUE(read->thresholds.empty());
    old.as_object()["thresholds"] = boost::json::array{"p42 < 1ms"};
    std::string why;
    EXPECT_FALSE(summary_from_json(old, &why));
    EXPECT_NE(why.find("p42"), std::string::npos) << why;
}

TEST(Summary, ShardMergeUnitesThresholdsByText) {
    auto a = sample(3, 10), b = sample(5, 10);
    a.thresholds = gates({"p99 < 20ms", "rps > 10"});
    b.thresholds = gates({"rps > 10", "error_rate < 1%"});
    a.merge_shard(b);
    ASSERT_EQ(a.thresholds.size(), 3u);
    EXPECT_EQ(a.thresholds[2].text, "error_rate < 1%");
}

// One run split over two shards, 100 fast requests each in 1 s; shard b's get_user requests are slow.
std::pair<load_summary, load_summary> shard_pair() {
    load_summary a, b;
    for (auto* s : {&a, &b}) {
        s->duration = 1s;
        s->validate = "full";
        s->thresholds = gates({"rps > 150", "get_user.p99 < 10ms"});
        for (int i = 0; i < 100; ++i) {
            auto slow = s == &b && i % 2;
            for (auto* m : {&s->methods[i % 2 ? "get_user" : "get_users"], &s->total}) {
                m->counts[0]++;
                m->corrected.record(slow ? 40ms : 1ms);
            }
        }
    }
    return {a, b};
}

TEST(Gate, ShardsAloneBreachWhatTheMergedRunHolds) {
    auto [a, b] = shard_pair();
    EXPECT_EQ(gate(a, a.thresholds), std::vector<std::string>{"THRESHOLD rps > 150: breached (rps = 100.0)"});
    a.merge_shard(b);
    auto lines = gate(a, a.thresholds);
    ASSERT_EQ(lines.size(), 1u) << testing::PrintToString(lines);  // rps 200 holds on the merged result
    EXPECT_EQ(lines[0].rfind("THRESHOLD get_user.p99 < 10ms: breached (get_user.p99 = 40", 0), 0u) << lines[0];
}

TEST(Gate, ContractBreaksFailTheRunWithoutAnyThreshold) {
    auto [a, b] = shard_pair();
    a.total.counts[static_cast<std::size_t>(outcome::invalid_response)] = 2;
    EXPECT_EQ(gate(a, {}), std::vector<std::string>{"INVALID 2 responses broke the contract (validate full)"});
    EXPECT_TRUE(gate(b, {}).empty());
}

TEST(Gate, ARunWithoutASingleValidAnswerFails) {
    load_summary s;
    s.total.counts[static_cast<std::size_t>(outcome::transport_error)] = 3;
    s.total.counts[static_cast<std::size_t>(outcome::timeout)] = 1;
    EXPECT_EQ(gate(s, {}), std::vector<std::string>{"NO ANSWER none of 4 requests got a valid answer (transport errors "
                                                     "3, timeouts 1, unexpected errors 0)"});
    s.total.counts[static_cast<std::size_t>(outcome::expected_error)] = 1;  // one answer the contract allows
    EXPECT_TRUE(gate(s, {}).empty());
    EXPECT_TRUE(gate(load_summary{}, {}).empty());  // nothing sent, nothing to judge
}

TEST(Summary, ErrorRateCountsUnexpectedInvalidTransportTimeoutAndDropped) {
    load_summary s;
    s.total.counts = {90, 5, 1, 1, 1, 1};  // ok, expected error, then four kinds of error
    s.dropped_sends = 1;
    EXPECT_DOUBLE_EQ(s.error_rate(), 5.0 / 100);
}

} // namespace
} // namespace kconform::load
