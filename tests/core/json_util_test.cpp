// Type names, descriptions and deep equality between simdjson elements and Boost.JSON values.
#include "core/json_util.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kconform::json {
namespace {

simdjson::dom::element parse_el(simdjson::dom::parser& p, std::string const& text) {
    simdjson::dom::element e;
    EXPECT_EQ(p.parse(text).get(e), simdjson::SUCCESS);
    return e;
}

TEST(JsonUtil, NamesTypes) {
    simdjson::dom::parser p;
    EXPECT_EQ(type_name(parse_el(p, "1")), "integer");
    EXPECT_EQ(type_name(parse_el(p, "1.5")), "number");
    EXPECT_EQ(type_name(parse_el(p, "\"x\"")), "string");
    EXPECT_EQ(type_name(parse_el(p, "true")), "boolean");
    EXPECT_EQ(type_name(parse_el(p, "null")), "null");
    EXPECT_EQ(type_name(parse_el(p, "[]")), "array");
    EXPECT_EQ(type_name(parse_el(p, "{}")), "object");
}

TEST(JsonUtil, DescribesWithAnExcerpt) {
    simdjson::dom::parser p;
    EXPECT_EQ(describe(parse_el(p, "\"true\"")), "string \"true\"");
    EXPECT_EQ(describe(parse_el(p, "null")), "null");
    EXPECT_EQ(describe(parse_el(p, "[1, 2, 3]"), 4), "array [1,2…");
}

struct eq_case {
    char const* actual;
    char const* expected;
    bool equal;
};

class JsonEqual : public testing::TestWithParam<eq_case> {};

TEST_P(JsonEqual, ComparesDeeply) {
    simdjson::dom::parser p;
    auto a = parse_el(p, GetParam().actual);
    EXPECT_EQ(equal(a, boost::json::parse(GetParam().expected)), GetParam().equal)
        << GetParam().actual << " vs " << GetParam().expected;
}

INSTANTIATE_TEST_SUITE_P(Grid, JsonEqual,
    testing::Values(eq_case{"1", "1", true}, eq_case{"1", "1.0", true}, eq_case{"1", "2", false},
                    eq_case{"\"1\"", "1", false}, eq_case{"true", "true", true}, eq_case{"true", "1", false},
                    eq_case{"null", "null", true}, eq_case{"null", "0", false},
                    eq_case{"[1,2]", "[1,2]", true}, eq_case{"[1,2]", "[2,1]", false},
                    eq_case{R"({"a":1,"b":2})", R"({"b":2,"a":1})", true},
                    eq_case{R"({"a":1})", R"({"a":1,"b":2})", false},
                    eq_case{"18446744073709551615", "18446744073709551615", true},
                    eq_case{"-1", "18446744073709551615", false}));

} // namespace
} // namespace kconform::json
