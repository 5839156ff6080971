// Rule objects as truth tables over {absent, present-equal, present-different, wrong-type} (style rule 8).
#include "harness/check/rules.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kconform::check {
namespace {

struct rule_case {
    char const* name;       // test name suffix
    char const* directive;
    char const* arg;        // JSON
    char const* response;   // JSON document; the rule looks at path "result.v"
    bool passes;
};

class RuleTruthTable : public testing::TestWithParam<rule_case> {};

TEST_P(RuleTruthTable, PassesOrFailsWithEvidence) {
    auto const& c = GetParam();
    std::string error;
    auto r = make_rule(c.directive, "result.v", boost::json::parse(c.arg), &error);
    ASSERT_NE(r, nullptr) << error;
    EXPECT_EQ(r->directive(), c.directive);
    simdjson::dom::parser p;
    simdjson::dom::element root;
    ASSERT_EQ(p.parse(std::string(c.response)).get(root), simdjson::SUCCESS);
    failures out;
    r->check(root, out);
    if (c.passes) {
        EXPECT_TRUE(out.empty()) << out[0].str();
    } else {
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0].path, "result.v");
        EXPECT_EQ(out[0].rule, c.directive);
        EXPECT_FALSE(out[0].expected.empty());
        EXPECT_FALSE(out[0].actual.empty());
    }
}

constexpr char absent[] = R"({"result": {}})";
constexpr char five[] = R"({"result": {"v": 5}})";
constexpr char six[] = R"({"result": {"v": 6}})";
constexpr char text5[] = R"({"result": {"v": "5"}})";
constexpr char abc[] = R"({"result": {"v": "abc"}})";
constexpr char xyz[] = R"({"result": {"v": "xyz"}})";
constexpr char null_v[] = R"({"result": {"v": null}})";

INSTANTIATE_TEST_SUITE_P(Grid, RuleTruthTable,
    testing::Values(
        rule_case{"EqualAbsent", "equal", "5", absent, false},
        rule_case{"EqualSame", "equal", "5", five, true},
        rule_case{"EqualDifferent", "equal", "5", six, false},
        rule_case{"EqualWrongType", "equal", "5", text5, false},
        rule_case{"PresentAbsent", "present", "null", absent, false},
        rule_case{"PresentPresent", "present", "null", five, true},
        rule_case{"PresentNull", "present", "null", null_v, true},
        rule_case{"AbsentAbsent", "absent", "null", absent, true},
        rule_case{"AbsentPresent", "absent", "null", five, false},
        rule_case{"TypeAbsent", "type", "\"integer\"", absent, false},
        rule_case{"TypeSame", "type", "\"integer\"", five, true},
        rule_case{"TypeWrong", "type", "\"integer\"", text5, false},
        rule_case{"TypeAlternatives", "type", "[\"string\", \"null\"]", null_v, true},
        rule_case{"OneOfAbsent", "one_of", "[5, 7]", absent, false},
        rule_case{"OneOfMember", "one_of", "[5, 7]", five, true},
        rule_case{"OneOfOther", "one_of", "[5, 7]", six, false},
        rule_case{"OneOfWrongType", "one_of", "[5, 7]", text5, false},
        rule_case{"PrefixAbsent", "prefix", "\"ab\"", absent, false},
        rule_case{"PrefixMatch", "prefix", "\"ab\"", abc, true},
        rule_case{"PrefixOther", "prefix", "\"ab\"", xyz, false},
        rule_case{"PrefixWrongType", "prefix", "\"ab\"", five, false},
        rule_case{"MatchesAbsent", "matches", "\"^a.c$\"", absent, false},
        rule_case{"MatchesMatch", "matches", "\"^a.c$\"", abc, true},
        rule_case{"MatchesOther", "matches", "\"^a.c$\"", xyz, false},
        rule_case{"MatchesWrongType", "matches", "\"^a.c$\"", five, false},
        rule_case{"UnorderedAbsent", "unordered", "[1, 2]", absent, false},
        rule_case{"UnorderedSameOtherOrder", "unordered", "[1, 2]", R"({"result": {"v": [2, 1]}})", true},
        rule_case{"UnorderedDifferent", "unordered", "[1, 2]", R"({"result": {"v": [1, 1]}})", false},
        rule_case{"UnorderedWrongType", "unordered", "[1, 2]", five, false},
        rule_case{"ContainsAbsent", "contains", "[2]", absent, false},
        rule_case{"ContainsItem", "contains", "[2]", R"({"result": {"v": [1, 2, 3]}})", true},
        rule_case{"ContainsMissingItem", "contains", "[4]", R"({"result": {"v": [1, 2, 3]}})", false},
        rule_case{"ContainsWrongType", "contains", "[2]", five, false},
        rule_case{"ContainsSubstring", "contains", "\"bc\"", abc, true},
        rule_case{"ContainsOtherSubstring", "contains", "\"zz\"", abc, false},
        rule_case{"ExcludesAbsent", "excludes", "[4]", absent, false},
        rule_case{"ExcludesNotThere", "excludes", "[4]", R"({"result": {"v": [1, 2, 3]}})", true},
        rule_case{"ExcludesThere", "excludes", "[2]", R"({"result": {"v": [1, 2, 3]}})", false},
        rule_case{"ExcludesWrongType", "excludes", "[2]", five, false},
        rule_case{"ExcludesSubstringThere", "excludes", "\"bc\"", abc, false},
        rule_case{"ExcludesSubstringNotThere", "excludes", "\"zz\"", abc, true},
        rule_case{"DiffersAbsent", "differs", "5", absent, true},
        rule_case{"DiffersSame", "differs", "5", five, false},
        rule_case{"DiffersOther", "differs", "5", six, true},
        rule_case{"DiffersWrongType", "differs", "5", text5, true}),
    [](testing::TestParamInfo<rule_case> const& info) { return std::string(info.param.name); });

TEST(RuleFactory, RejectsUnknownDirectivesAndBadArguments) {
    std::string error;
    EXPECT_EQ(make_rule("sorta", "x", nullptr, &error), nullptr);
    EXPECT_NE(error.find("unknown directive"), std::string::npos);
    EXPECT_EQ(make_rule("type", "x", boost::json::parse("\"integr\""), &error), nullptr);
    EXPECT_EQ(make_rule("one_of", "x", boost::json::parse("5"), &error), nullptr);
    EXPECT_EQ(make_rule("matches", "x", boost::json::parse("\"(\""), &error), nullptr);
    EXPECT_NE(error.find("invalid regular expression"), std::string::npos);
}

// std::regex recursed per character: 100 000 digits against the specs' ^[0-9]+$ overflowed the stack.
TEST(RuleMatches, FailsOnAHugeStringInsteadOfOverflowingTheStack) {
    simdjson::dom::parser p;
    simdjson::dom::element root;
    ASSERT_EQ(p.parse("{\"id\": \"" + std::string(100000, '7') + "\"}").get(root), simdjson::SUCCESS);
    failures out;
    make_rule("matches", "id", boost::json::string("^[0-9]+$"))->check(root, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_NE(out[0].expected.find("at most 4096 characters"), std::string::npos) << out[0].str();
    ASSERT_EQ(p.parse("{\"id\": \"" + std::string(4096, '7') + "\"}").get(root), simdjson::SUCCESS);
    out.clear();
    make_rule("matches", "id", boost::json::string("^[0-9]+$"))->check(root, out);
    EXPECT_TRUE(out.empty());
}

TEST(RulePaths, ResolveObjectsAndArrayIndexes) {
    simdjson::dom::parser p;
    simdjson::dom::element root;
    ASSERT_EQ(p.parse(std::string(R"({"a": [{"b": 1}, {"b": 2}]})")).get(root), simdjson::SUCCESS);
    auto e = resolve(root, "a.1.b");
    ASSERT_TRUE(e);
    EXPECT_EQ(int64_t(*e), 2);
    EXPECT_FALSE(resolve(root, "a.2.b"));
    EXPECT_FALSE(resolve(root, "a.x"));
    EXPECT_FALSE(resolve(root, "a.0.b.c"));
}

} // namespace
} // namespace kconform::check
