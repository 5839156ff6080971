// handle_http as a pure function: the web front (405/404/403) and every step of the JSON-RPC envelope (reference
// §A.1, §A.2) with its status, exact error text and id echo.
#include "server/handle.hpp"

#include "rpc_helpers.hpp"

#include <gtest/gtest.h>

namespace kconform::server {
namespace {

using testing::parse_body;
using testing::post;
using namespace std::string_literals;

std::string const admin{defaults::admin_key};
std::string const user{defaults::user_key};

// Builders for the table below.
http_input with_method(std::string method, std::string body = "{}") {
    http_input in = post(std::move(body));
    in.method = std::move(method);
    return in;
}

http_input with_target(std::string target, std::string body = testing::call_body(admin, "test", {{"args", 1}})) {
    http_input in = post(std::move(body));
    in.target = std::move(target);
    return in;
}

http_input with_auth(std::string header, std::string body = testing::call_body(admin, "test", {{"args", 1}})) {
    http_input in = post(std::move(body));
    in.authorization = std::move(header);
    return in;
}

http_input without_length() {
    http_input in = post("");
    in.has_content_length = false;
    return in;
}

struct http_case {
    std::string name;
    http_input in;
    unsigned status;
    std::string body;  // expected JSON answer; "" = an HTML page is expected
};

void PrintTo(http_case const& c, std::ostream* os) { *os << c.name; }

class HandleHttp : public ::testing::TestWithParam<http_case> {};

TEST_P(HandleHttp, AnswersAsKallitheaDoes) {
    store s;
    auto const& c = GetParam();
    http_output const out = handle_http(c.in, s);
    EXPECT_EQ(out.status, c.status);
    if (c.body.empty()) {
        EXPECT_TRUE(out.content_type.starts_with("text/html")) << out.content_type;
        EXPECT_NE(out.body.find("<html>"), std::string::npos);
    } else {
        EXPECT_EQ(out.content_type, "application/json");
        EXPECT_EQ(parse_body(out.body), boost::json::parse(c.body)) << out.body;
    }
}

std::string const test_call = testing::call_body(admin, "test", {{"args", 1}});
std::string const ok_answer = R"({"id":1,"result":1,"error":null})";

INSTANTIATE_TEST_SUITE_P(
    WebFront, HandleHttp,
    ::testing::Values(
        http_case{"PutIsNotAllowed", with_method("PUT"), 405, ""},
        http_case{"DeleteIsNotAllowed", with_method("DELETE"), 405, ""},
        http_case{"LowercaseMethodIsNotAllowed", with_method("post"), 405, ""},
        http_case{"MethodOverrideInQuery", with_target("/_admin/api?_method=PUT"), 405, ""},
        http_case{"MethodOverrideInFormBody",
                  [] {
                      http_input in = with_target("/_admin/api", "a=1&_method=DELETE");
                      in.content_type = "application/x-www-form-urlencoded; charset=UTF-8";
                      return in;
                  }(),
                  405, ""},
        http_case{"MethodOverrideTextInJsonBodyIsIgnored",
                  with_target("/_admin/api", testing::call_body(admin, "test", {{"args", "_method=x"}})), 200,
                  R"({"id":1,"result":"_method=x","error":null})"},
        http_case{"OtherPathIsNotFound", with_target("/_admin/apis"), 404, ""},
        http_case{"TrailingSlashIsNotFound", with_target("/_admin/api/"), 404, ""},
        http_case{"InvalidQueryKeyIsForbidden", with_target("/_admin/api?api_key=" + std::string(40, 'z')), 403, ""},
        http_case{"EmptyQueryKeyIsForbidden", with_target("/_admin/api?api_key="), 403, ""},
        http_case{"ValidQueryKeyPasses", with_target("/_admin/api?api_key=" + user), 200, ok_answer},
        http_case{"LastRepeatedQueryKeyCounts", with_target("/_admin/api?api_key=bad&api_key=" + user), 200,
                  ok_answer},
        http_case{"InvalidBearerIsForbidden", with_auth("Bearer " + std::string(40, 'z')), 403, ""},
        http_case{"BearerSchemeIsCaseInsensitive", with_auth("bEaReR " + std::string(40, 'z')), 403, ""},
        http_case{"BearerWithoutKeyIsForbidden", with_auth("Bearer"), 403, ""},
        http_case{"ValidBearerDoesNotReplaceBodyKey",
                  with_auth("Bearer " + admin, testing::call_body(std::string(40, 'z'), "test", {{"args", 1}})), 200,
                  R"({"id":1,"result":null,"error":"Invalid API key"})"},
        http_case{"BearerWinsOverQueryKey",
                  [] {
                      http_input in = with_auth("Bearer " + user);
                      in.target = "/_admin/api?api_key=" + std::string(40, 'z');
                      return in;
                  }(),
                  200, ok_answer},
        http_case{"OtherSchemesAreIgnored", with_auth("Basic dXNlcjpwYXNz"), 200, ok_answer},
        http_case{"GetIsAllowed", with_method("GET", test_call), 200, ok_answer},
        http_case{"HeadIsAllowed", with_method("HEAD", test_call), 200, ok_answer},
        http_case{"ContentTypeIsNotChecked",
                  [] {
                      http_input in = post(test_call);
                      in.content_type = "text/plain";
                      return in;
                  }(),
                  200, ok_answer}),
    [](auto const& info) { return info.param.name; });

std::string const big_key(40, 'z');

INSTANTIATE_TEST_SUITE_P(
    Envelope, HandleHttp,
    ::testing::Values(
        http_case{"Step1NoContentLength", without_length(), 200,
                  R"({"id":null,"result":null,"error":"No Content-Length in request"})"},
        http_case{"Step2EmptyBody", post(""), 200, R"({"id":null,"result":null,"error":"Content-Length is 0"})"},
        http_case{"Step3NotJson", post("foo"), 200,
                  R"({"id":null,"result":null,"error":"JSON parse error ERR:Expecting value: line 1 column 1 (char 0) RAW:b'foo'"})"},
        http_case{"Step3TruncatedObject", post(R"({"id": 7, "api_key")"), 200,
                  R"({"id":null,"result":null,"error":"JSON parse error ERR:Expecting ':' delimiter: line 1 column 20 (char 19) RAW:b'{\"id\": 7, \"api_key\"'"})"},
        http_case{"Step3InvalidUtf8", post("{\"id\": \"\xff\"}"), 200,
                  R"({"id":null,"result":null,"error":"JSON parse error ERR:'utf-8' codec can't decode byte 0xff in position 8: invalid start byte RAW:b'{\"id\": \"\\xff\"}'"})"},
        http_case{"Step3bArrayIsServerError", post("[1, 2]"), 500, ""},
        http_case{"Step3bStringIsServerError", post("\"x\""), 500, ""},
        http_case{"Step3bNullIsServerError", post("null"), 500, ""},
        http_case{"Step4MissingApiKey", post(R"({"id": 7, "method": "test", "args": {}})"), 200,
                  R"({"id":null,"result":null,"error":"Incorrect JSON query missing 'api_key'"})"},
        http_case{"Step4BeforeId", post(R"({"method": "test"})"), 200,
                  R"({"id":null,"result":null,"error":"Incorrect JSON query missing 'api_key'"})"},
        http_case{"Step5MissingId", post(R"({"api_key": "k", "method": "test", "args": {}})"), 200,
                  R"({"id":null,"result":null,"error":"Incorrect JSON query missing 'id'"})"},
        http_case{"Step6MissingMethodEchoesId", post(R"({"api_key": "k", "id": "abc", "args": {}})"), 200,
                  R"({"id":"abc","result":null,"error":"Incorrect JSON query missing 'method'"})"},
        http_case{"Step7MissingArgsEchoesId", post(R"({"api_key": "k", "id": {"x": [1]}, "method": "test"})"), 200,
                  R"({"id":{"x":[1]},"result":null,"error":"Incorrect JSON query missing 'args'"})"},
        http_case{"Step7BeforeKeyCheck", post(R"({"api_key": 5, "id": 7, "method": "test"})"), 200,
                  R"({"id":7,"result":null,"error":"Incorrect JSON query missing 'args'"})"},
        http_case{"Step8InvalidKeyEchoesId", post(testing::call_body(big_key, "test", {{"args", 1}}, 42)), 200,
                  R"({"id":42,"result":null,"error":"Invalid API key"})"},
        http_case{"Step8BeforeMethodResolution", post(testing::call_body(big_key, "no_such", {}, nullptr)), 200,
                  R"({"id":null,"result":null,"error":"Invalid API key"})"},
        http_case{"ArgsNotAnObjectIsEmpty", post(testing::call_body(admin, "test", "oops")), 200,
                  R"({"id":1,"result":null,"error":"Missing non optional `args` arg in JSON DATA"})"},
        http_case{"ArgsNullIsEmpty", post(testing::call_body(admin, "get_users", nullptr)), 200,
                  R"({"id":1,"result":[
                      {"user_id":2,"username":"test_admin","firstname":"Kallithea","lastname":"Admin","email":"test_admin@example.com","emails":["test_admin@example.com"],"active":true,"admin":true},
                      {"user_id":3,"username":"test_regular","firstname":"Kallithea","lastname":"Admin","email":"test_regular@example.com","emails":["test_regular@example.com"],"active":true,"admin":false},
                      {"user_id":4,"username":"test_regular2","firstname":"Kallithea","lastname":"Admin","email":"test_regular2@example.com","emails":["test_regular2@example.com"],"active":true,"admin":false}],"error":null})"},
        http_case{"Step9aPrivateMethod", post(testing::call_body(admin, "_dispatch", {})), 200,
                  R"({"id":1,"result":null,"error":"Method not allowed"})"},
        http_case{"Step9cUnknownMethod", post(testing::call_body(admin, "lock", {})), 200,
                  R"({"id":1,"result":null,"error":"No such method: lock"})"},
        http_case{"Step10MissingRequiredArg", post(testing::call_body(admin, "create_user", {})), 200,
                  R"({"id":1,"result":null,"error":"Missing non optional `email` arg in JSON DATA"})"},
        http_case{"Step10NullSatisfiesPresence", post(testing::call_body(admin, "test", {{"args", nullptr}})), 200,
                  R"({"id":1,"result":null,"error":null})"},
        http_case{"Step10BeforeStep11", post(testing::call_body(admin, "delete_user", {{"user", 3}})), 200,
                  R"({"id":1,"result":null,"error":"Missing non optional `userid` arg in JSON DATA"})"},
        http_case{"Step11UnknownArg", post(testing::call_body(admin, "get_users", {{"ldap_dn", "x"}})), 200,
                  R"({"id":1,"result":null,"error":"Unknown `ldap_dn` arg in JSON DATA"})"},
        http_case{"Step11SeveralUnknownArgs",
                  post(testing::call_body(admin, "get_ip", {{"action", 1}, {"environ", 2}})), 200,
                  R"({"id":1,"result":null,"error":"Unknown `action`, `environ` arg in JSON DATA"})"},
        http_case{"Step11BeforeDecorator", post(testing::call_body(user, "get_users", {{"x", 1}})), 200,
                  R"({"id":1,"result":null,"error":"Unknown `x` arg in JSON DATA"})"},
        http_case{"Step13DecoratorRefusal", post(testing::call_body(user, "get_users", {})), 200,
                  R"({"id":1,"result":null,"error":"Internal server error"})"},
        http_case{"Utf8BomIsAccepted", post("\xef\xbb\xbf" + test_call), 200, ok_answer}),
    [](auto const& info) { return info.param.name; });

struct method_type_case {
    std::string name;
    boost::json::value method;
    std::string error;
};

void PrintTo(method_type_case const& c, std::ostream* os) { *os << c.name; }

class NonStringMethod : public ::testing::TestWithParam<method_type_case> {};

TEST_P(NonStringMethod, GivesPythonsAttributeError) {
    store s;
    boost::json::object body{{"id", 3}, {"api_key", admin}, {"method", GetParam().method}, {"args", {}}};
    auto const out = parse_body(handle_http(post(boost::json::serialize(body)), s).body);
    boost::json::value const expected{{"id", 3}, {"result", nullptr}, {"error", GetParam().error}};
    EXPECT_EQ(out, expected);
}

INSTANTIATE_TEST_SUITE_P(
    Step9b, NonStringMethod,
    ::testing::Values(method_type_case{"Int", 5, "'int' object has no attribute 'startswith'"},
                      method_type_case{"Float", 1.5, "'float' object has no attribute 'startswith'"},
                      method_type_case{"Null", nullptr, "'NoneType' object has no attribute 'startswith'"},
                      method_type_case{"Bool", true, "'bool' object has no attribute 'startswith'"},
                      method_type_case{"List", boost::json::array{"test"}, "'list' object has no attribute 'startswith'"},
                      method_type_case{"Dict", boost::json::object{}, "'dict' object has no attribute 'startswith'"}),
    [](auto const& info) { return info.param.name; });

TEST(HandleHttpAnswer, KeysAreIdResultErrorInOrder) {
    store s;
    auto const out = handle_http(post(test_call), s);
    EXPECT_EQ(out.body, R"({"id":1,"result":1,"error":null})");
}

TEST(HandleHttpAnswer, DeepNestingIsAParseErrorNotACrash) {
    store s;
    std::string const body = std::string(200000, '[');
    auto const out = parse_body(handle_http(post(body), s).body);
    ASSERT_TRUE(out.is_object());
    EXPECT_TRUE(out.at("error").as_string().starts_with(
        "JSON parse error ERR:maximum recursion depth exceeded while decoding a JSON array"));
}

TEST(HandleHttpAnswer, HugeNumbersAreAcceptedAndEchoedLikePython) {
    store s;
    // float('1e400') is inf, which Python's json.dumps (and Boost.JSON 1.81) writes as Infinity.
    auto const out = handle_http(post(R"({"id": 1e400, "api_key": "k", "method": "x", "args": {}})"), s);
    EXPECT_EQ(out.body, R"({"id":Infinity,"result":null,"error":"Invalid API key"})");
    auto const big = handle_http(post(R"({"id": 123456789012345678901234567890, "api_key": 1, "method": 1})"), s);
    EXPECT_EQ(parse_body(big.body).at("error"), boost::json::value("Incorrect JSON query missing 'args'"));
}

} // namespace
} // namespace kconform::server
