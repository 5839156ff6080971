// Envelope codec: request encoding order and response decoding as values, never exceptions.
#include "core/jsonrpc.hpp"

#include <gtest/gtest.h>

namespace kconform::jsonrpc {
namespace {

TEST(JsonRpcEncode, KeepsDocumentedKeyOrder) {
    request r;
    r.id = 7;
    r.api_key = "k";
    r.method = "get_repo";
    r.args = boost::json::object{{"repoid", "myrepo"}};
    EXPECT_EQ(encode(r), R"({"id":7,"api_key":"k","method":"get_repo","args":{"repoid":"myrepo"}})");
}

TEST(JsonRpcEncode, EscapesStrings) {
    request r;
    r.method = "a\"b";
    EXPECT_NE(encode(r).find(R"("method":"a\"b")"), std::string::npos);
}

TEST(JsonRpcDecode, SplitsAWellFormedEnvelope) {
    simdjson::dom::parser p;
    auto body = parse(p, R"({"id": 7, "result": {"a": 1}, "error": null})");
    ASSERT_TRUE(body);
    auto env = split(body->root);
    ASSERT_TRUE(env);
    int64_t id = 0;
    ASSERT_EQ(env->id.get(id), simdjson::SUCCESS);
    EXPECT_EQ(id, 7);
    EXPECT_TRUE(env->error.is_null());
    EXPECT_TRUE(env->result.is_object());
}

TEST(JsonRpcDecode, MalformedJsonIsAValueWithDetail) {
    simdjson::dom::parser p;
    std::string detail;
    auto body = parse(p, R"({"id": 7, "result": )", &detail);
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error(), errc::malformed_json);
    EXPECT_FALSE(detail.empty());
}

TEST(JsonRpcDecode, ReportsTheMissingKey) {
    simdjson::dom::parser p;
    auto body = parse(p, R"({"id": 7, "result": 1})");
    ASSERT_TRUE(body);
    std::string key;
    auto env = split(body->root, &key);
    ASSERT_FALSE(env);
    EXPECT_EQ(env.error(), errc::missing_key);
    EXPECT_EQ(key, "error");
}

TEST(JsonRpcDecode, ReportsAnUnexpectedKey) {
    simdjson::dom::parser p;
    auto body = parse(p, R"({"id": 7, "result": 1, "error": null, "jsonrpc": "2.0"})");
    ASSERT_TRUE(body);
    std::string key;
    auto env = split(body->root, &key);
    ASSERT_FALSE(env);
    EXPECT_EQ(env.error(), errc::unexpected_key);
    EXPECT_EQ(key, "jsonrpc");
}

TEST(JsonRpcDecode, RejectsNonObjects) {
    simdjson::dom::parser p;
    for (char const* text : {"[]", "\"x\"", "1", "null"}) {
        auto body = parse(p, text);
        ASSERT_TRUE(body) << text;
        auto env = split(body->root);
        ASSERT_FALSE(env) << text;
        EXPECT_EQ(env.error(), errc::not_an_object) << text;
    }
}

TEST(JsonRpcDecode, DecodedBodyOutlivesTheParserUse) {
    simdjson::dom::parser p;
    auto first = parse(p, R"({"id": 1, "result": "first", "error": null})");
    auto second = parse(p, R"({"id": 2, "result": "second", "error": null})");
    ASSERT_TRUE(first && second);
    std::string_view s;
    ASSERT_EQ(first->root["result"].get(s), simdjson::SUCCESS);
    EXPECT_EQ(s, "first");
}

TEST(JsonRpcDecode, InPlaceParseReusesTheParsersDocument) {
    simdjson::dom::parser p;
    auto first = parse_in_place(p, R"({"id": 1, "result": "first", "error": null})");
    ASSERT_TRUE(first);
    auto env = split(*first);
    ASSERT_TRUE(env);
    std::string_view s;
    ASSERT_EQ(env->result.get(s), simdjson::SUCCESS);
    EXPECT_EQ(s, "first");
    auto second = parse_in_place(p, R"({"id": 2, "result": "second", "error": null})");
    ASSERT_TRUE(second);
    ASSERT_EQ((*second)["result"].get(s), simdjson::SUCCESS);
    EXPECT_EQ(s, "second");
    std::string detail;
    auto bad = parse_in_place(p, R"({"id": )", &detail);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), errc::malformed_json);
    EXPECT_FALSE(detail.empty());
}

} // namespace
} // namespace kconform::jsonrpc
