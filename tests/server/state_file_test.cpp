// State files: the shipped example loads; malformed files report every problem as file:line:col.
#include "server/state_file.hpp"

#include "rpc_helpers.hpp"

#include <gtest/gtest.h>

namespace kconform::server {
namespace {

namespace json = boost::json;

TEST(StateFile, ShippedExampleLoadsAndServes) {
    auto loaded = load_state_file(KCONFORM_SOURCE_DIR "/server/states/example.yaml");
    ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front();
    ASSERT_TRUE(loaded.loaded);
    store& s = *loaded.loaded;
    auto repo = testing::call_result(s, defaults::admin_key, "get_repo", {{"repoid", "team/widgets"}});
    EXPECT_EQ(repo.at("repo_type"), json::value("git")) << repo;
    EXPECT_EQ(testing::call_result(s, defaults::admin_key, "get_changesets", {{"repoid", "team/widgets"}}).as_array().size(), 8u);
    EXPECT_EQ(testing::call_error(s, "e000000000000000000000000000000000000005", "get_user", json::object{}), "");
}

TEST(StateFile, ReportsEveryProblemWithItsLocation) {
    auto loaded = load_state_text("users:\n  - username: x\n    colour: red\nrepos:\n  - name: nogroup/r\n    type: svn\n",
                                  "bad.yaml");
    EXPECT_FALSE(loaded.loaded);
    ASSERT_EQ(loaded.errors.size(), 3u);
    EXPECT_EQ(loaded.errors[0], "bad.yaml:3:5: user: unknown key 'colour'");
    EXPECT_EQ(loaded.errors[1], "bad.yaml:5:11: name: group of 'nogroup/r' is not defined");
    EXPECT_EQ(loaded.errors[2], "bad.yaml:6:11: type: expected hg or git");
}

TEST(StateFile, SyntaxErrorHasALocation) {
    auto loaded = load_state_text("users: [\n", "broken.yaml");
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_TRUE(loaded.errors[0].starts_with("broken.yaml:")) << loaded.errors[0];
}

TEST(StateFile, EmptyStateStillHasTheDefaultUser) {
    auto loaded = load_state_text("defaults: false\n", "empty.yaml");
    ASSERT_TRUE(loaded.loaded);
    EXPECT_NE(loaded.loaded->find_user(defaults::default_user_id), nullptr);
    EXPECT_TRUE(loaded.loaded->db().repos.empty());
}

TEST(Determinism, SameRequestsOnTheSameStateGiveTheSameAnswers) {
    store_options opts;
    opts.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)); };
    store a(opts), b(opts);
    json::value const files = {{"a", {{"content", "x"}}}};
    for (store* s : {&a, &b}) {
        testing::call(*s, defaults::admin_key, "create_user", {{"username", "u"}, {"email", "u@x.org"}});
        testing::call(*s, defaults::admin_key, "create_gist", {{"files", files}, {"gist_type", "private"}});
    }
    for (auto method : {"get_users", "get_gists", "get_repos"}) {
        EXPECT_EQ(testing::call(a, defaults::admin_key, method, json::object{}),
                  testing::call(b, defaults::admin_key, method, json::object{}));
    }
    EXPECT_EQ(a.find_user_by_name("u")->api_key, b.find_user_by_name("u")->api_key);
}

} // namespace
} // namespace kconform::server
