// `kconform load` and `kconform merge` end to end: shards leave their thresholds to merge, which decides them on
// the merged result (exit 1 on a breach); a profile's setup is removed after SIGINT and after a failed setup. Each
// load is a short run against an embedded server.
#include "server/embedded.hpp"
#include "tests/integration/shell.hpp"

#include <filesystem>
#include <fstream>
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

// A kconform load against `s` under bash, so the test can signal it: `then` runs after it started ($pid is it).
outcome load_against(server::embedded const& s, std::string const& args, std::string const& then = "") {
    auto const& k = s.keys();
    auto script = fmt::format("KCONFORM_ADMIN_KEY={} KCONFORM_USER_KEY={} KCONFORM_USER2_KEY={} {} load --target {} {} "
                              "& pid=$!; {} wait $pid", k.admin, k.user, k.user2, KCONFORM_BIN, s.url(), args, then);
    return testing_shell::run_command(fmt::format("bash -c '{}'", script));
}

std::size_t users_named(server::embedded& s, std::string const& prefix) {
    std::size_t n = 0;
    s.with_store([&](server::store& st) {
        for (auto const* u : st.users_by_name()) n += u->username.rfind(prefix, 0) == 0;
    });
    return n;
}

TEST_F(LoadCli, SigintStopsTheLoadAndTeardownRemovesEverythingSetupMade) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    auto o = load_against(**s, fmt::format("--profile {}/load/profiles/user-churn.yaml --rate 200 --duration 60s "
                                           "--run-prefix kcsigint", KCONFORM_SOURCE_DIR), "sleep 2; kill -INT $pid;");
    EXPECT_EQ(o.code, 2) << o.output;
    EXPECT_NE(o.output.find("setup: 100 entities named kcsigint*"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("teardown: 100 of 100 entities removed"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("kconform: interrupted"), std::string::npos) << o.output;
    EXPECT_EQ(users_named(**s, "kcsigint"), 0u);
}

TEST_F(LoadCli, AFailedSetupExitsTwoAfterUndoingWhatItMade) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    std::ofstream(file("dup.yaml")) << "schedule: [{rate: 10, duration: 1s}]\n"
                                       "setup:\n"
                                       "  - {call: create_user, count: 3, args: {username: \"${run}_u${i}\", "
                                       "email: \"${run}_u${i}@example.com\"}}\n"
                                       "  - {call: create_user, args: {username: \"${run}_u1\", email: x@example.com}}\n"
                                       "mix: [{method: get_user, args: {userid: {$pick_setup: username}}}]\n";
    auto o = load_against(**s, fmt::format("--profile {} --run-prefix kcdup", file("dup.yaml")));
    EXPECT_EQ(o.code, 2) << o.output;
    EXPECT_NE(o.output.find("dup.yaml:4:5: setup call 1 of 1: create_user"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("already exist"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("teardown: 3 of 3 entities removed"), std::string::npos) << o.output;
    EXPECT_EQ(o.output.find("requests"), std::string::npos) << o.output;  // no load after a failed setup
    EXPECT_EQ(users_named(**s, "kcdup"), 0u);
}

} // namespace
} // namespace kconform
