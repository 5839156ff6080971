// Response evaluation: status, content type, JSON, envelope, id echo, outcome and shape, each with evidence.
#include "harness/check/evaluate.hpp"

#include <gtest/gtest.h>

namespace kconform::check {
namespace {

http_response json_response(std::string body, std::string ct = "application/json") {
    http_response r;
    r.status = 200;
    r.content_type = std::move(ct);
    r.body = std::move(body);
    return r;
}

failures run(http_response const& res, expected_response const& exp) {
    simdjson::dom::parser p;
    failures out;
    evaluate(res, exp, {}, p, out);
    return out;
}

expected_response error_expected(std::string text) {
    expected_response e;
    e.outcome = expected_response::kind::error;
    e.error = std::move(text);
    e.id = 1;
    return e;
}

TEST(Evaluate, AcceptsTheExpectedError) {
    EXPECT_TRUE(run(json_response(R"({"id": 1, "result": null, "error": "Invalid API key"})"), error_expected("Invalid API key")).empty());
}

TEST(Evaluate, AcceptsCharsetParameterAndOtherKeyOrder) {
    EXPECT_TRUE(run(json_response(R"({"error": "Invalid API key", "result": null, "id": 1})", "application/json; charset=utf-8"),
                    error_expected("Invalid API key")).empty());
}

TEST(Evaluate, NamesAWrongErrorText) {
    auto out = run(json_response(R"({"id": 1, "result": null, "error": "Bad key"})"), error_expected("Invalid API key"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].str(), "error: equal: expected string \"Invalid API key\", got string \"Bad key\"");
}

TEST(Evaluate, TolerantModeAcceptsAnyErrorString) {
    auto exp = error_expected("Invalid API key");
    exp.compare_error_text = false;
    EXPECT_TRUE(run(json_response(R"({"id": 1, "result": null, "error": "Bad key"})"), exp).empty());
    EXPECT_EQ(run(json_response(R"({"id": 1, "result": null, "error": null})"), exp).size(), 1u);
}

TEST(Evaluate, ReportsAnIdThatIsNotEchoed) {
    auto out = run(json_response(R"({"id": 2, "result": null, "error": "Invalid API key"})"), error_expected("Invalid API key"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].path, "id");
}

TEST(Evaluate, ReportsEnvelopeProblems) {
    auto out = run(json_response(R"({"id": 1, "error": "Invalid API key", "extra": 1})"), error_expected("Invalid API key"));
    ASSERT_GE(out.size(), 2u);
    EXPECT_EQ(out[0].path, "result");
    EXPECT_EQ(out[0].rule, "present");
    EXPECT_EQ(out[1].path, "extra");
    EXPECT_EQ(out[1].rule, "exact-keys");
}

TEST(Evaluate, ReportsInvalidJsonAndStopsThere) {
    auto out = run(json_response("{\"id\": 1, \"res"), error_expected("x"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].path, "body");
    EXPECT_NE(out[0].actual.find("invalid JSON"), std::string::npos);
}

TEST(Evaluate, ReportsAWrongStatusWithTheBody) {
    auto res = json_response("<html>oops</html>", "text/html");
    res.status = 500;
    auto out = run(res, error_expected("x"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].path, "http.status");
    EXPECT_NE(out[0].actual.find("oops"), std::string::npos);
}

TEST(Evaluate, ReportsAWrongContentType) {
    auto out = run(json_response(R"({"id": 1, "result": null, "error": "x"})", "text/plain"), error_expected("x"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].path, "http.content-type");
}

TEST(Evaluate, AnErrorInsteadOfAResultIsOneFailure) {
    expected_response exp;
    exp.id = 1;
    exp.equal = {{"result.msg", "done"}};
    auto out = run(json_response(R"({"id": 1, "result": null, "error": "Internal server error"})"), exp);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].path, "error");
}

TEST(Evaluate, ChecksEqualPathsOnSuccess) {
    expected_response exp;
    exp.equal = {{"result.msg", "done"}};
    EXPECT_TRUE(run(json_response(R"({"id": 1, "result": {"msg": "done"}, "error": null})"), exp).empty());
    EXPECT_EQ(run(json_response(R"({"id": 1, "result": {"msg": "other"}, "error": null})"), exp).size(), 1u);
}

TEST(ContentType, AcceptsParametersAndCase) {
    EXPECT_TRUE(is_json_content_type("application/json"));
    EXPECT_TRUE(is_json_content_type("Application/JSON; charset=utf-8"));
    EXPECT_FALSE(is_json_content_type("text/json"));
    EXPECT_FALSE(is_json_content_type(""));
}

} // namespace
} // namespace kconform::check
