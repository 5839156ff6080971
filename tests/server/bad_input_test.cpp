// Every argument of every method, sent with every JSON type: the answer is always a well-formed envelope with
// the id echoed and exactly one of result/error non-null (reference §A.2; `test` may echo a null result).
#include "server/api/dispatch.hpp"

#include "rpc_helpers.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace kconform::server {
namespace {

namespace json = boost::json;

struct wrong_type_case {
    std::string method;
    std::string arg;
    std::string type;  // "string", "int", ...
    json::value value;
};

void PrintTo(wrong_type_case const& c, std::ostream* os) { *os << c.method << "." << c.arg << "=" << c.type; }

std::vector<std::pair<std::string, json::value>> const wrong_values{
    {"String", "x/../y"}, {"Int", 99}, {"Float", 1.5}, {"Bool", true}, {"Null", nullptr},
    {"Array", json::array{1, "a"}}, {"Object", json::object{{"k", json::array{}}}},
};

// Plausible values for the other arguments, so the argument under test is the one that matters.
json::value plausible(std::string_view arg) {
    static std::map<std::string_view, json::value> const values{
        {"repoid", 1}, {"userid", 3}, {"usergroupid", 1}, {"repogroupid", 1}, {"gistid", "1"},
        {"pullrequest_id", 1}, {"pull_request_id", 1}, {"perm", "repository.read"}, {"revision", "tip"},
        {"root_path", "/"}, {"raw_id", "tip"}, {"files", {{"a", {{"content", "x"}}}}}, {"repo_name", "newrepo"},
        {"fork_name", "newfork"}, {"group_name", "newgroup"}, {"username", "newuser"}, {"email", "n@x.org"},
        {"args", 1}};
    auto it = values.find(arg);
    return it == values.end() ? json::value(nullptr) : it->second;
}

std::vector<wrong_type_case> all_cases() {
    std::vector<wrong_type_case> out;
    for (auto const& m : api::method_table()) {
        for (auto const& p : m.params) {
            for (auto const& [type, value] : wrong_values) out.push_back({std::string(m.name), std::string(p.name), type, value});
        }
    }
    return out;
}

class WrongType : public ::testing::TestWithParam<wrong_type_case> {};

TEST_P(WrongType, GivesAWellFormedEnvelope) {
    auto const& c = GetParam();
    store s;
    json::object args;
    for (auto const& p : api::find_method(c.method)->params) {
        if (p.required) args[p.name] = plausible(p.name);
    }
    args[c.arg] = c.value;
    json::value const id = json::array{"id", 7};
    http_input in = testing::post(testing::call_body(defaults::admin_key, c.method, args, id));
    http_output const out = handle_http(in, s);
    ASSERT_EQ(out.status, 200u);
    auto const answer = testing::parse_body(out.body);
    ASSERT_TRUE(answer.is_object()) << out.body;
    auto const& o = answer.get_object();
    ASSERT_EQ(o.size(), 3u) << out.body;
    EXPECT_EQ(o.at("id"), id);
    bool const has_result = !o.at("result").is_null();
    bool const has_error = !o.at("error").is_null();
    if (c.method != "test") {
        EXPECT_NE(has_result, has_error) << out.body;
    }
    if (has_error) {
        ASSERT_TRUE(o.at("error").is_string()) << out.body;
        EXPECT_FALSE(o.at("error").get_string().empty());
    }
}

INSTANTIATE_TEST_SUITE_P(EveryArgument, WrongType, ::testing::ValuesIn(all_cases()),
                         [](auto const& info) {
                             return testing::test_name(info.param.method + "_" + info.param.arg) + info.param.type;
                         });

// The texts the reference gives for some wrong types (§A.7, §C): the database or Python raising inside a method.
struct typed_case {
    std::string name;
    std::string method;
    json::value args;
    std::string error;
};
void PrintTo(typed_case const& c, std::ostream* os) { *os << c.name; }

class WrongTypeText : public ::testing::TestWithParam<typed_case> {};

TEST_P(WrongTypeText, MatchesTheRealServer) {
    store s;
    auto const& c = GetParam();
    EXPECT_EQ(testing::call_error(s, defaults::admin_key, c.method, c.args), c.error);
}

INSTANTIATE_TEST_SUITE_P(
    Texts, WrongTypeText,
    ::testing::Values(
        typed_case{"ListRepoIdIsInternal", "get_repo", {{"repoid", json::array{1}}}, "Internal server error"},
        typed_case{"FloatRepoIdNeverMatches", "get_repo", {{"repoid", 1.0}}, "repository `1.0` does not exist"},
        typed_case{"TrueIsIdOne", "get_repo", {{"repoid", true}}, ""},
        typed_case{"NullRepoIdIsNone", "get_repo", {{"repoid", nullptr}}, "repository `None` does not exist"},
        typed_case{"ObjectRetTypeFailsTheListing", "get_repo_nodes",
                   {{"repoid", 1}, {"revision", "tip"}, {"root_path", "/"}, {"ret_type", json::object{}}},
                   "failed to get repo: `vcs_test_hg` nodes"},
        typed_case{"IntRootPathFails", "get_repo_nodes", {{"repoid", 1}, {"revision", "tip"}, {"root_path", 1}},
                   "failed to get repo: `vcs_test_hg` nodes"},
        typed_case{"StringPrivateFailsCreate", "create_repo", {{"repo_name", "n"}, {"private", "yes"}},
                   "failed to create repository `n`"},
        typed_case{"StringLifetimeFailsGist", "create_gist", {{"files", {{"a", {{"content", ""}}}}}, {"lifetime", "5"}},
                   "failed to create gist"},
        typed_case{"ListPermIsInternal", "grant_user_permission",
                   {{"repoid", 1}, {"userid", 3}, {"perm", json::array{}}}, "Internal server error"},
        typed_case{"IntPermDoesNotExist", "grant_user_permission", {{"repoid", 1}, {"userid", 3}, {"perm", 5}},
                   "permission `5` does not exist"},
        typed_case{"StringMaxRevisionsIsInternal", "get_changesets", {{"repoid", 1}, {"max_revisions", "3"}},
                   "Internal server error"},
        typed_case{"IntCommentIsInternal", "comment_pullrequest", {{"pull_request_id", 1}, {"comment_msg", 5}},
                   "Internal server error"},
        typed_case{"FloatPullRequestIdMatches", "get_pullrequest", {{"pullrequest_id", 1.0}}, ""},
        typed_case{"WordPullRequestId", "get_pullrequest", {{"pullrequest_id", "one"}},
                   "pull request `one` does not exist"}),
    [](auto const& info) { return info.param.name; });

} // namespace
} // namespace kconform::server
