// The store's default state, deterministic keys and lookups, and the permission computation over it.
#include "server/store.hpp"

#include "server/permissions.hpp"

#include <gtest/gtest.h>

namespace kconform::server {
namespace {

TEST(Store, DefaultStateHasKallitheasTestUsers) {
    store s;
    ASSERT_NE(s.find_user(1), nullptr);
    EXPECT_EQ(s.find_user(1)->username, "default");
    EXPECT_EQ(s.find_user(2)->username, "test_admin");
    EXPECT_TRUE(s.find_user(2)->admin);
    EXPECT_EQ(s.find_user(3)->username, "test_regular");
    EXPECT_FALSE(s.find_user(3)->admin);
    EXPECT_EQ(s.find_user(4)->username, "test_regular2");
    EXPECT_EQ(s.find_user(5), nullptr);
    EXPECT_EQ(s.find_user(3)->email, "test_regular@example.com");
}

TEST(Store, DocumentedKeysBelongToTheirUsers) {
    store s;
    EXPECT_EQ(s.find_user_by_api_key(defaults::admin_key)->user_id, 2);
    EXPECT_EQ(s.find_user_by_api_key(defaults::user_key)->user_id, 3);
    EXPECT_EQ(s.find_user_by_api_key(defaults::user2_key)->user_id, 4);
    EXPECT_EQ(s.find_user_by_api_key(defaults::default_user_key)->user_id, 1);
    for (auto key : {defaults::admin_key, defaults::user_key, defaults::user2_key, defaults::default_user_key}) {
        EXPECT_EQ(key.size(), 40u);
    }
}

TEST(Store, NewUsersGetDeterministicDistinctKeysAndIncreasingIds) {
    store a;
    store b;
    auto& ua = a.add_user({.username = "x", .email = "X@Example.COM"});
    auto& ub = b.add_user({.username = "x"});
    EXPECT_EQ(ua.api_key, ub.api_key);
    EXPECT_EQ(ua.api_key.size(), 40u);
    EXPECT_EQ(ua.user_id, 5);
    EXPECT_EQ(ua.email, "x@example.com");
    auto& ua2 = a.add_user({.username = "y"});
    EXPECT_NE(ua2.api_key, ua.api_key);
    EXPECT_EQ(ua2.user_id, 6);
    store other_seed(store_options{.key_seed = 7});
    EXPECT_NE(other_seed.add_user({.username = "x"}).api_key, ua.api_key);
}

TEST(Store, IdsAreNeverReused) {
    store s;
    auto const id = s.add_user({.username = "x"}).user_id;
    ASSERT_TRUE(s.remove_user(id));
    EXPECT_EQ(s.add_user({.username = "y"}).user_id, id + 1);
}

TEST(Store, NameLookupsDifferInCaseSensitivity) {
    store s;
    EXPECT_EQ(s.find_user_by_name("Test_Admin"), nullptr);
    ASSERT_NE(s.find_user_by_name_ci("Test_Admin"), nullptr);
    EXPECT_EQ(s.find_user_by_name_ci("Test_Admin")->user_id, 2);
}

TEST(Store, EmailLookupIgnoresCaseAndCoversExtraAddresses) {
    store s;
    EXPECT_EQ(s.find_user_by_email("TEST_ADMIN@example.com")->user_id, 2);
    ASSERT_TRUE(s.add_extra_email(3, "Alias@Example.com"));
    EXPECT_EQ(s.find_user_by_email("alias@EXAMPLE.com")->user_id, 3);
    EXPECT_EQ(s.find_user_by_email("nobody@example.com"), nullptr);
}

TEST(Store, ExtraKeysExpireByTheInjectedClock) {
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
    store s(store_options{.clock = [&] { return now; }});
    std::string const key(40, 'e');
    ASSERT_TRUE(s.add_extra_api_key(3, {key, "ci", 2000}));
    EXPECT_EQ(s.find_user_by_api_key(key)->user_id, 3);
    now = std::chrono::system_clock::time_point(std::chrono::seconds(2001));
    EXPECT_EQ(s.find_user_by_api_key(key), nullptr);
    std::string const forever(40, 'f');
    ASSERT_TRUE(s.add_extra_api_key(4, {forever, "ci", -1}));
    EXPECT_EQ(s.find_user_by_api_key(forever)->user_id, 4);
}

TEST(Store, UsersByNameExcludesDefaultAndSorts) {
    store s;
    s.add_user({.username = "aaa"});
    auto users = s.users_by_name();
    ASSERT_EQ(users.size(), 4u);
    EXPECT_EQ(users[0]->username, "aaa");
    EXPECT_EQ(users[1]->username, "test_admin");
    EXPECT_EQ(users[3]->username, "test_regular2");
}

TEST(Store, PasswordHashIsEmptyOnlyForEmptyPasswords) {
    EXPECT_EQ(store::hash_password(""), "");
    EXPECT_NE(store::hash_password("a"), "");
    EXPECT_NE(store::hash_password("a"), "a");
    EXPECT_NE(store::hash_password("a"), store::hash_password("b"));
}

TEST(Permissions, NonAdminsGetTheFactoryDefaults) {
    store s;
    std::set<std::string> const expected{"repository.read",      "group.read",         "usergroup.read",
                                         "hg.create.repository", "hg.fork.repository", "hg.register.manual_activate",
                                         "hg.extern_activate.auto"};
    EXPECT_EQ(effective_global_permissions(s, *s.find_user(3)), expected);
}

TEST(Permissions, AdminsHaveExactlyHgAdmin) {
    store s;
    EXPECT_EQ(effective_global_permissions(s, *s.find_user(2)), std::set<std::string>{"hg.admin"});
}

TEST(Permissions, HeavierOwnPermissionReplacesTheDefaultOfItsKind) {
    store s;
    s.edit_user(3)->global_permissions = {"hg.create.none", "hg.usergroup.create.true", "repository.write"};
    auto const perms = effective_global_permissions(s, *s.find_user(3));
    EXPECT_TRUE(perms.count("hg.create.repository"));  // cannot go below the default user's
    EXPECT_FALSE(perms.count("hg.create.none"));
    EXPECT_TRUE(perms.count("hg.usergroup.create.true"));
    EXPECT_TRUE(perms.count("repository.write"));
    EXPECT_FALSE(perms.count("repository.read"));
}

TEST(Permissions, KindIsTheNameUpToTheLastDot) {
    EXPECT_EQ(permission_kind("hg.create.repository"), "hg.create");
    EXPECT_EQ(permission_kind("repository.read"), "repository");
    EXPECT_EQ(permission_weight("repository.write"), 3);
    EXPECT_EQ(permission_weight("nonsense"), -1);
}

} // namespace
} // namespace kconform::server
