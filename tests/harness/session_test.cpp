// Request building: ${var} expansion keeps types, keys per role, omitted members, chunked bodies.
#include "harness/case/session.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kconform::harness {
namespace {

variables vars() { return {{"run", "kc1"}, {"uid", 42}}; }

TEST(Expand, KeepsTheTypeOfAWholeVariable) {
    auto v = expand(boost::json::parse(R"({"userid": "${uid}", "name": "${run}_u", "s": "${uid!s}", "x": "${nope}"})"), vars());
    EXPECT_EQ(v.at("userid"), 42);
    EXPECT_EQ(v.at("name"), "kc1_u");
    EXPECT_EQ(v.at("s"), "42");
    EXPECT_EQ(v.at("x"), "${nope}");
}

TEST(Expand, SubstitutesInsideText) {
    EXPECT_EQ(expand_text("user `${run}` id ${uid}", vars()), "user `kc1` id 42");
    EXPECT_EQ(expand_text("unclosed ${run", vars()), "unclosed ${run");
}

TEST(BuildRequest, OmitsMembersAndPicksTheRoleKey) {
    spec::request_spec r;
    r.key = spec::key_kind::user;
    r.method = boost::json::value("get_user");
    r.id.reset();
    role_keys keys{"A", "U", "U2", "D"};
    auto req = build_request(r, keys, vars(), "/_admin/api");
    EXPECT_EQ(req.body(), R"({"api_key":"U","method":"get_user","args":{}})");
    EXPECT_EQ(req.target(), "/_admin/api");
    EXPECT_EQ(req[boost::beast::http::field::content_length], "45");
}

TEST(BuildRequest, SendsChunkedWithoutContentLength) {
    spec::request_spec r;
    r.content_length = false;
    r.query = "?_method=${run}";
    r.http_method = "PUT";
    auto req = build_request(r, {}, vars(), "/p/_admin/api");
    EXPECT_TRUE(req.chunked());
    EXPECT_EQ(req.count(boost::beast::http::field::content_length), 0u);
    EXPECT_EQ(req.target(), "/p/_admin/api?_method=kc1");
    EXPECT_EQ(req.method_string(), "PUT");
}

TEST(ApiKeyFor, MakesEachBadKeyKind) {
    role_keys keys{"A", "U", "U2", "D"};
    EXPECT_EQ(api_key_for(spec::key_kind::unknown, keys)->as_string().size(), 40u);
    EXPECT_EQ(api_key_for(spec::key_kind::non_alnum, keys)->as_string().size(), 40u);
    EXPECT_NE(api_key_for(spec::key_kind::short_key, keys)->as_string().size(), 40u);
    EXPECT_TRUE(api_key_for(spec::key_kind::number, keys)->is_number());
    EXPECT_FALSE(api_key_for(spec::key_kind::none, keys));
    EXPECT_EQ(api_key_for(spec::key_kind::default_user, keys)->as_string(), "D");
}

} // namespace
} // namespace kconform::harness
