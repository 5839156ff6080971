// Methods of reference §C.1 and §C.2 through handle_http: happy paths, each error in its documented order, and
// the admin-only decorator's "Internal server error" for regular users.
#include "server/api/dispatch.hpp"

#include "rpc_helpers.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kconform::server {
namespace {

namespace json = boost::json;
using testing::call;

std::string const admin{defaults::admin_key};
std::string const user{defaults::user_key};

json::value answer_ok(json::value result) { return {{"id", 1}, {"result", std::move(result)}, {"error", nullptr}}; }
json::value answer_err(std::string_view error) { return {{"id", 1}, {"result", nullptr}, {"error", error}}; }

json::value test_user(std::int64_t id, std::string_view name, bool is_admin) {
    std::string const email = std::string(name) + "@example.com";
    return {{"user_id", id},   {"username", name},           {"firstname", "Kallithea"}, {"lastname", "Admin"},
            {"email", email}, {"emails", json::array{email}}, {"active", true},          {"admin", is_admin}};
}

json::value default_user_json() {
    return {{"user_id", 1},
            {"username", "default"},
            {"firstname", "Anonymous"},
            {"lastname", "User"},
            {"email", "anonymous@kallithea-scm.org"},
            {"emails", json::array{"anonymous@kallithea-scm.org"}},
            {"active", true},
            {"admin", false}};
}

// The levels of the default state (server/README.md) per target user: §B.2-B.4 with owners, private repositories,
// the developers group's rows and the inactive reviewers group.
json::value perms(json::array global, std::int64_t who = 3) {
    auto const repos = [](char const* hg, char const* git, char const* fork, char const* lib) {
        return json::object{{"vcs_test_hg", hg}, {"vcs_test_git", git}, {"vcs_test_hg_fork", fork},
                            {"projects/libs/private_lib", lib}};
    };
    auto const r = [](char const* l) { return std::string("repository.") + l; };
    json::object repositories, groups, user_groups;
    switch (who) {
    case 2:
        repositories = repos("repository.admin", "repository.admin", "repository.admin", "repository.admin");
        groups = {{"projects", "group.admin"}, {"projects/libs", "group.admin"}};
        user_groups = {{"developers", "usergroup.admin"}, {"reviewers", "usergroup.admin"}};
        break;
    case 3:
        repositories = repos(r("read").c_str(), r("write").c_str(), r("admin").c_str(), r("none").c_str());
        groups = {{"projects", "group.write"}, {"projects/libs", "group.read"}};
        user_groups = {{"developers", "usergroup.read"}, {"reviewers", "usergroup.admin"}};
        break;
    case 4:
        repositories = repos(r("read").c_str(), r("write").c_str(), r("read").c_str(), r("read").c_str());
        groups = {{"projects", "group.write"}, {"projects/libs", "group.read"}};
        user_groups = {{"developers", "usergroup.read"}, {"reviewers", "usergroup.read"}};
        break;
    default:
        repositories = repos(r("read").c_str(), r("read").c_str(), r("read").c_str(), r("none").c_str());
        groups = {{"projects", "group.read"}, {"projects/libs", "group.read"}};
        user_groups = {{"developers", "usergroup.read"}, {"reviewers", "usergroup.read"}};
        break;
    }
    return {{"repositories", std::move(repositories)},
            {"repositories_groups", std::move(groups)},
            {"user_groups", std::move(user_groups)},
            {"global", std::move(global)}};
}

json::array const default_global{"group.read",         "hg.create.repository",        "hg.extern_activate.auto",
                                 "hg.fork.repository", "hg.register.manual_activate", "repository.read",
                                 "usergroup.read"};

json::value with_perms(json::value u, json::value p) {
    u.as_object()["permissions"] = std::move(p);
    return u;
}

json::value changed(json::value u, json::object const& fields) {
    for (auto const& kv : fields) u.as_object()[kv.key()] = kv.value();
    return u;
}

struct method_case {
    std::string name;
    std::function<void(store&)> setup;
    std::string key;
    std::string method;
    json::value args;
    json::value expected;  // the whole answer
};

void PrintTo(method_case const& c, std::ostream* os) { *os << c.name; }

class Method : public ::testing::TestWithParam<method_case> {};

TEST_P(Method, AnswersPerSectionC) {
    store s;
    auto const& c = GetParam();
    if (c.setup) c.setup(s);
    EXPECT_EQ(call(s, c.key, c.method, c.args), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    ServerUtilities, Method,
    ::testing::Values(
        method_case{"TestEchoesItsArgument", nullptr, admin, "test", {{"args", {{"a", json::array{1, nullptr}}}}},
                    answer_ok({{"a", json::array{1, nullptr}}})},
        method_case{"TestRefusesRegularUsers", nullptr, user, "test", {{"args", 1}}, answer_err("Internal server error")},
        method_case{"GetIpOfCaller", nullptr, admin, "get_ip", json::object{},
                    answer_ok({{"server_ip_addr", "127.0.0.1"}, {"user_ips", json::array{}}})},
        method_case{"GetIpListsOwnEntriesOnly",
                    [](store& s) {
                        s.add_ip(1, "0.0.0.0/0");
                        s.add_ip(3, "10.0.0.5/24");
                    },
                    admin, "get_ip", {{"userid", "test_regular"}},
                    answer_ok({{"server_ip_addr", "127.0.0.1"},
                               {"user_ips", json::array{{{"ip_addr", "10.0.0.5/24"},
                                                         {"ip_range", json::array{"10.0.0.0", "10.0.0.255"}}}}}})},
        method_case{"ShowIpIsAnAlias", [](store& s) { s.add_ip(3, "::1"); }, admin, "show_ip", {{"userid", 3}},
                    answer_ok({{"server_ip_addr", "127.0.0.1"},
                               {"user_ips", json::array{{{"ip_addr", "::1"}, {"ip_range", json::array{"::1", "::1"}}}}}})},
        method_case{"GetIpUnknownUser", nullptr, admin, "get_ip", {{"userid", "ghost"}},
                    answer_err("user `ghost` does not exist")},
        method_case{"GetIpRefusesRegularUsers", nullptr, user, "get_ip", json::object{},
                    answer_err("Internal server error")},
        method_case{"GetServerInfoRefusesRegularUsers", nullptr, user, "get_server_info", json::object{},
                    answer_err("Internal server error")},
        method_case{"GetServerInfoTakesNoArguments", nullptr, admin, "get_server_info", {{"verbose", true}},
                    answer_err("Unknown `verbose` arg in JSON DATA")}),
    [](auto const& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    GetUser, Method,
    ::testing::Values(
        method_case{"SelfWhenOmitted", nullptr, user, "get_user", json::object{},
                    answer_ok(with_perms(test_user(3, "test_regular", false), perms(default_global)))},
        method_case{"SelfWhenNull", nullptr, user, "get_user", {{"userid", nullptr}},
                    answer_ok(with_perms(test_user(3, "test_regular", false), perms(default_global)))},
        method_case{"SelfByIntegerId", nullptr, user, "get_user", {{"userid", 3}},
                    answer_ok(with_perms(test_user(3, "test_regular", false), perms(default_global)))},
        method_case{"SelfByFloatPassesTheCheckButNotTheLookup", nullptr, user, "get_user", {{"userid", 3.0}},
                    answer_err("user `3.0` does not exist")},
        method_case{"OwnNameIsRefused", nullptr, user, "get_user", {{"userid", "test_regular"}},
                    answer_err("userid is not the same as your user")},
        method_case{"OwnIdAsStringIsRefused", nullptr, user, "get_user", {{"userid", "3"}},
                    answer_err("userid is not the same as your user")},
        method_case{"OtherUserRefusedBeforeExistence", nullptr, user, "get_user", {{"userid", 999}},
                    answer_err("userid is not the same as your user")},
        method_case{"AdminGetsAnyoneByName", nullptr, admin, "get_user", {{"userid", "test_regular2"}},
                    answer_ok(with_perms(test_user(4, "test_regular2", false), perms(default_global, 4)))},
        method_case{"AdminGetsByDigitString", nullptr, admin, "get_user", {{"userid", "0004"}},
                    answer_ok(with_perms(test_user(4, "test_regular2", false), perms(default_global, 4)))},
        method_case{"TrueIsIdOne", nullptr, admin, "get_user", {{"userid", true}},
                    answer_ok(with_perms(default_user_json(), perms(default_global, 1)))},
        method_case{"AdminTargetHasOnlyHgAdmin", nullptr, admin, "get_user", json::object{},
                    answer_ok(with_perms(test_user(2, "test_admin", true), perms({"hg.admin"}, 2)))},
        method_case{"UnknownName", nullptr, admin, "get_user", {{"userid", "ghost"}},
                    answer_err("user `ghost` does not exist")},
        method_case{"UnknownId", nullptr, admin, "get_user", {{"userid", 99}}, answer_err("user `99` does not exist")},
        method_case{"NamesAreCaseSensitive", nullptr, admin, "get_user", {{"userid", "TEST_ADMIN"}},
                    answer_err("user `TEST_ADMIN` does not exist")},
        method_case{"ListIdIsInternalError", nullptr, admin, "get_user", {{"userid", json::array{1}}},
                    answer_err("Internal server error")},
        method_case{"OwnGlobalPermissionsShow",
                    [](store& s) { s.edit_user(3)->global_permissions = {"hg.usergroup.create.true"}; }, user,
                    "get_user", json::object{},
                    answer_ok(with_perms(test_user(3, "test_regular", false),
                                         perms({"group.read", "hg.create.repository", "hg.extern_activate.auto",
                                                "hg.fork.repository", "hg.register.manual_activate",
                                                "hg.usergroup.create.true", "repository.read", "usergroup.read"})))},
        method_case{"GetUsersRefusesRegularUsers", nullptr, user, "get_users", json::object{},
                    answer_err("Internal server error")}),
    [](auto const& info) { return info.param.name; });

json::value new_user_json(std::int64_t id, std::string_view name, json::value email) {
    return {{"user_id", id},  {"username", name},           {"firstname", ""}, {"lastname", ""},
            {"email", email}, {"emails", json::array{email}}, {"active", true},  {"admin", false}};
}

INSTANTIATE_TEST_SUITE_P(
    CreateUser, Method,
    ::testing::Values(
        method_case{"CreatesWithDefaults", nullptr, admin, "create_user", {{"username", "new"}, {"email", "New@X.org"}},
                    answer_ok({{"msg", "created new user `new`"}, {"user", new_user_json(5, "new", "new@x.org")}})},
        method_case{"NullEmailIsStoredAsNull", nullptr, admin, "create_user", {{"username", "n"}, {"email", nullptr}},
                    answer_ok({{"msg", "created new user `n`"}, {"user", new_user_json(5, "n", nullptr)}})},
        method_case{"AllFields", nullptr, admin, "create_user",
                    {{"username", "full"}, {"email", "f@x.org"}, {"password", "pw"}, {"firstname", "F"},
                     {"lastname", "L"}, {"active", false}, {"admin", true}, {"extern_type", "ldap"},
                     {"extern_name", "cn=full"}},
                    answer_ok({{"msg", "created new user `full`"},
                               {"user", changed(new_user_json(5, "full", "f@x.org"),
                                                {{"firstname", "F"}, {"lastname", "L"}, {"active", false},
                                                 {"admin", true}})}})},
        method_case{"DuplicateUsername", nullptr, admin, "create_user",
                    {{"username", "test_regular"}, {"email", "a@b.c"}},
                    answer_err("user `test_regular` already exist")},
        method_case{"UsernameCheckedBeforeEmail", nullptr, admin, "create_user",
                    {{"username", "test_regular"}, {"email", "test_admin@example.com"}},
                    answer_err("user `test_regular` already exist")},
        method_case{"DuplicateEmailIgnoresCase", nullptr, admin, "create_user",
                    {{"username", "n"}, {"email", "TEST_ADMIN@Example.com"}},
                    answer_err("email `TEST_ADMIN@Example.com` already exist")},
        method_case{"DuplicateExtraEmail", [](store& s) { s.add_extra_email(4, "alias@x.org"); }, admin,
                    "create_user", {{"username", "n"}, {"email", "Alias@x.org"}},
                    answer_err("email `Alias@x.org` already exist")},
        method_case{"NullFirstnameFails", nullptr, admin, "create_user",
                    {{"username", "n"}, {"email", "n@x.org"}, {"firstname", nullptr}},
                    answer_err("failed to create user `n`")},
        method_case{"StringBooleanFails", nullptr, admin, "create_user",
                    {{"username", "n"}, {"email", "n@x.org"}, {"active", "false"}},
                    answer_err("failed to create user `n`")},
        method_case{"NumericUsernameFails", nullptr, admin, "create_user", {{"username", 5}, {"email", "n@x.org"}},
                    answer_err("failed to create user `5`")},
        method_case{"MissingEmailIsTheLastMissing", nullptr, admin, "create_user", {{"password", "x"}},
                    answer_err("Missing non optional `email` arg in JSON DATA")},
        method_case{"LdapDnIsUnknown", nullptr, admin, "create_user",
                    {{"username", "n"}, {"email", "n@x.org"}, {"ldap_dn", "x"}},
                    answer_err("Unknown `ldap_dn` arg in JSON DATA")},
        method_case{"RefusesRegularUsers", nullptr, user, "create_user", {{"username", "n"}, {"email", "n@x.org"}},
                    answer_err("Internal server error")}),
    [](auto const& info) { return info.param.name; });

json::value regular() { return test_user(3, "test_regular", false); }

INSTANTIATE_TEST_SUITE_P(
    UpdateUser, Method,
    ::testing::Values(
        method_case{"UpdatesGivenFields", nullptr, admin, "update_user",
                    {{"userid", 3}, {"firstname", "F"}, {"email", "NEW@x.org"}, {"active", false}},
                    answer_ok({{"msg", "updated user ID:3 test_regular"},
                               {"user", changed(regular(), {{"firstname", "F"},
                                                            {"email", "new@x.org"},
                                                            {"emails", json::array{"new@x.org"}},
                                                            {"active", false}})}})},
        method_case{"NoOptionalArgsIsANoOp", nullptr, admin, "update_user", {{"userid", "test_regular"}},
                    answer_ok({{"msg", "updated user ID:3 test_regular"}, {"user", regular()}})},
        method_case{"NullLeavesFieldsUnchanged", nullptr, admin, "update_user",
                    {{"userid", 3}, {"email", nullptr}, {"admin", nullptr}},
                    answer_ok({{"msg", "updated user ID:3 test_regular"}, {"user", regular()}})},
        method_case{"RenameShowsTheNewName", nullptr, admin, "update_user", {{"userid", 3}, {"username", "renamed"}},
                    answer_ok({{"msg", "updated user ID:3 renamed"},
                               {"user", changed(regular(), {{"username", "renamed"}})}})},
        method_case{"EmptyEmailBecomesNull", nullptr, admin, "update_user", {{"userid", 3}, {"email", ""}},
                    answer_ok({{"msg", "updated user ID:3 test_regular"},
                               {"user", changed(regular(), {{"email", nullptr}, {"emails", json::array{nullptr}}})}})},
        method_case{"UnknownUser", nullptr, admin, "update_user", {{"userid", "ghost"}, {"username", "x"}},
                    answer_err("user `ghost` does not exist")},
        method_case{"DefaultUserById", nullptr, admin, "update_user", {{"userid", 1}},
                    answer_err("editing default user is forbidden")},
        method_case{"DefaultUserByName", nullptr, admin, "update_user", {{"userid", "default"}, {"firstname", "x"}},
                    answer_err("editing default user is forbidden")},
        method_case{"UsernameClash", nullptr, admin, "update_user", {{"userid", 3}, {"username", "test_admin"}},
                    answer_err("failed to update user `3`")},
        method_case{"EmailClashIgnoresCase", nullptr, admin, "update_user",
                    {{"userid", "test_regular"}, {"email", "TEST_ADMIN@example.com"}},
                    answer_err("failed to update user `test_regular`")},
        method_case{"WrongTypeFails", nullptr, admin, "update_user", {{"userid", 3}, {"admin", "yes"}},
                    answer_err("failed to update user `3`")},
        method_case{"MissingUserid", nullptr, admin, "update_user", {{"username", "x"}},
                    answer_err("Missing non optional `userid` arg in JSON DATA")},
        method_case{"RefusesRegularUsers", nullptr, user, "update_user", {{"userid", 3}},
                    answer_err("Internal server error")}),
    [](auto const& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    DeleteUser, Method,
    ::testing::Values(
        method_case{"DeletesByName", nullptr, admin, "delete_user", {{"userid", "test_regular2"}},
                    answer_ok({{"msg", "deleted user ID:4 test_regular2"}, {"user", nullptr}})},
        method_case{"DefaultUserFails", nullptr, admin, "delete_user", {{"userid", 1}},
                    answer_err("failed to delete user ID:1 default")},
        method_case{"UnknownUser", nullptr, admin, "delete_user", {{"userid", 77}},
                    answer_err("user `77` does not exist")},
        method_case{"NullUserid", nullptr, admin, "delete_user", {{"userid", nullptr}},
                    answer_err("user `None` does not exist")},
        method_case{"RefusesRegularUsers", nullptr, user, "delete_user", {{"userid", 4}},
                    answer_err("Internal server error")}),
    [](auto const& info) { return info.param.name; });

TEST(MethodSequence, CreatedUserCanCallWithItsGeneratedKey) {
    store s;
    auto created = call(s, admin, "create_user", {{"username", "new"}, {"email", "n@x.org"}});
    ASSERT_TRUE(created.at("error").is_null()) << created;
    std::string const key = s.find_user_by_name("new")->api_key;
    auto self = call(s, key, "get_user", json::object{});
    EXPECT_EQ(self.at("result").at("user_id"), json::value(5));
}

TEST(MethodSequence, DeactivatedOrDeletedUsersKeysStopWorking) {
    store s;
    call(s, admin, "update_user", {{"userid", 3}, {"active", false}});
    EXPECT_EQ(call(s, user, "get_user", json::object{}).at("error"), json::value("Invalid API key"));
    call(s, admin, "delete_user", {{"userid", 4}});
    std::string const user2{defaults::user2_key};
    EXPECT_EQ(call(s, user2, "get_user", json::object{}).at("error"), json::value("Invalid API key"));
    EXPECT_EQ(call(s, admin, "get_users", json::object{}).at("result").as_array().size(), 2u);
}

TEST(MethodSequence, CreatingACaseVariantEditsTheExistingUser) {
    store s;
    auto out = call(s, admin, "create_user", {{"username", "Test_Regular"}, {"email", "tr@x.org"}});
    ASSERT_TRUE(out.at("error").is_null()) << out;
    EXPECT_EQ(out.at("result").at("user").at("user_id"), json::value(3));
    EXPECT_EQ(s.find_user(3)->username, "Test_Regular");
    EXPECT_EQ(s.find_user(3)->api_key, defaults::user_key);  // an edit keeps the key
    EXPECT_EQ(s.find_user(5), nullptr);
}

TEST(MethodSequence, AdminDemotedByUpdateLosesTheDecorator) {
    store s;
    auto created = call(s, admin, "create_user", {{"username", "boss"}, {"email", "b@x.org"}, {"admin", true}});
    ASSERT_TRUE(created.at("error").is_null()) << created;
    std::string const key = s.find_user_by_name("boss")->api_key;
    EXPECT_TRUE(call(s, key, "get_users", json::object{}).at("error").is_null());
    call(s, admin, "update_user", {{"userid", "boss"}, {"admin", false}});
    EXPECT_EQ(call(s, key, "get_users", json::object{}).at("error"), json::value("Internal server error"));
}

TEST(MethodTable, HasEveryMethodOfThisIssueWithTheAdminDecorator) {
    for (auto name : {"test", "get_ip", "show_ip", "get_server_info", "get_users", "create_user", "update_user",
                      "delete_user"}) {
        auto const* m = api::find_method(name);
        ASSERT_NE(m, nullptr) << name;
        EXPECT_EQ(m->any_global, std::vector<std::string_view>{"hg.admin"}) << name;
    }
    ASSERT_NE(api::find_method("get_user"), nullptr);
    EXPECT_TRUE(api::find_method("get_user")->any_global.empty());
    EXPECT_EQ(api::find_method("lock"), nullptr);
}

TEST(GetServerInfo, HasTheDocumentedShape) {
    store s;
    auto const r = call(s, admin, "get_server_info", json::object{}).at("result");
    ASSERT_TRUE(r.is_object()) << r;
    EXPECT_TRUE(r.at("modules").is_array());
    for (auto const& m : r.at("modules").as_array()) EXPECT_EQ(m.as_array().size(), 2u);
    for (auto key : {"py_version", "platform", "kallithea_version", "git_version"}) {
        EXPECT_TRUE(r.at(key).is_string()) << key;
    }
    EXPECT_TRUE(r.at("git_path").is_null() || r.at("git_path").is_string());
}

} // namespace
} // namespace kconform::server
