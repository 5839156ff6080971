// `kconform load` and `kconform merge` end to end: shards leave their thresholds to merge, which decides them on
// the merged result (exit 1 on a breach). Each load is a short run against its own embedded server.
#include "tests/integration/shell.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace kconform {
namespace {

using testing_shell::outcome;

outcome kconform(std::string const& args) { return testing_shell::run_command(fmt::format("{} {}", KCONFORM_BIN, args)); }

class LoadCli : public testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::path(testing::TempDir()) / fmt::format("kconform-load-cli-{}", getpid());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string file(std::string_view name) const { return (dir_ / name).string(); }

    // Shard i of 2 of a 200 req/s, 0.5 s run gated on 'rps > 150', which one shard alone (100 req/s) cannot hold.
    outcome shard(unsigned i) {
        return kconform(fmt::format("load --method get_server_info --rate 200 --duration 500ms -c 2 --shard {}/2 "
                                    "--threshold 'rps > 150' --report json:{}", i, file(fmt::format("s{}.json", i))));
    }

    std::filesystem::path dir_;
};

TEST_F(LoadCli, ShardsLeaveThresholdsToMergeWhichDecidesThemOnTheMergedRun) {
    for (unsigned i = 0; i < 2; ++i) {
        auto o = shard(i);
        EXPECT_EQ(o.code, 0) << o.output;
        EXPECT_NE(o.output.find("1 threshold(s) kept in the report for kconform merge"), std::string::npos) << o.output;
    }
    auto merged = kconform(fmt::format("merge {} {} -o {}", file("s0.json"), file("s1.json"), file("m.json")));
    EXPECT_EQ(merged.code, 0) << merged.output;
    EXPECT_NE(merged.output.find("merged 2 shard(s): 100 requests, 200.0 req/s"), std::string::npos) << merged.output;
    auto breach = kconform(fmt::format("merge {} {} -o {} --threshold 'get_server_info.p99 < 1ns'", file("s0.json"),
                                       file("s1.json"), file("m.json")));
    EXPECT_EQ(breach.code, 1) << breach.output;
    EXPECT_NE(breach.output.find("THRESHOLD get_server_info.p99 < 1ns: breached (get_server_info.p99 = "),
              std::string::npos) << breach.output;
}

TEST_F(LoadCli, MergeDecidesTheThresholdsOfAProfileAndRefusesABadOne) {
    for (unsigned i = 0; i < 2; ++i) ASSERT_EQ(shard(i).code, 0);
    auto quick = kconform(fmt::format("merge {} {} -o {} --profile {}/load/profiles/quick.yaml", file("s0.json"),
                                      file("s1.json"), file("m.json"), KCONFORM_SOURCE_DIR));
    EXPECT_EQ(quick.code, 0) << quick.output;
    EXPECT_NE(quick.output.find("3 threshold(s)"), std::string::npos) << quick.output;  // the shards' and quick's 2
    auto bad = kconform(fmt::format("merge {} {} --threshold 'p42 < 1ms'", file("s0.json"), file("s1.json")));
    EXPECT_EQ(bad.code, 2) << bad.output;
}

} // namespace
} // namespace kconform
