// Python json.loads(bytes) reproduction: every expected message below was produced by CPython 3.11's json module
// on the same bytes, and the repr() strings by CPython's repr.
#include "server/detail/pyjson.hpp"

#include "server/detail/pycodec.hpp"
#include "server/detail/pyfmt.hpp"
#include "rpc_helpers.hpp"

#include <boost/json/parse.hpp>
#include <cmath>
#include <gtest/gtest.h>

namespace kconform::server::detail {
namespace {

struct loads_case {
    std::string name;
    std::string bytes;
    std::string error;  // "" = accepted
};

void PrintTo(loads_case const& c, std::ostream* os) { *os << c.name; }

class PythonJsonLoads : public ::testing::TestWithParam<loads_case> {};

TEST_P(PythonJsonLoads, MatchesCPythonMessage) {
    auto const& c = GetParam();
    auto r = python_json_loads(c.bytes);
    EXPECT_EQ(r.error, c.error);
}

using namespace std::string_literals;

INSTANTIATE_TEST_SUITE_P(
    Grammar, PythonJsonLoads,
    ::testing::Values(
        loads_case{"BareWord", "foo", "Expecting value: line 1 column 1 (char 0)"},
        loads_case{"OnlyWhitespace", "  ", "Expecting value: line 1 column 3 (char 2)"},
        loads_case{"OpenBrace", "{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
        loads_case{"KeyWithoutColon", R"({"a")", "Expecting ':' delimiter: line 1 column 5 (char 4)"},
        loads_case{"KeySpaceValue", R"({"a" 1})", "Expecting ':' delimiter: line 1 column 6 (char 5)"},
        loads_case{"MissingValue", R"({"a": })", "Expecting value: line 1 column 7 (char 6)"},
        loads_case{"TrailingCommaInObject", R"({"a":1,})",
                   "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"},
        loads_case{"MissingCommaInObject", R"({"a":1 "b":2})", "Expecting ',' delimiter: line 1 column 8 (char 7)"},
        loads_case{"NumericKey", "{1:2}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
        loads_case{"TrailingCommaInArray", "[1,]", "Expecting value: line 1 column 4 (char 3)"},
        loads_case{"MissingCommaInArray", "[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"},
        loads_case{"UnclosedArray", "[1,2", "Expecting ',' delimiter: line 1 column 5 (char 4)"},
        loads_case{"OpenBracket", "[", "Expecting value: line 1 column 2 (char 1)"},
        loads_case{"UnterminatedString", "\"abc", "Unterminated string starting at: line 1 column 1 (char 0)"},
        loads_case{"BadEscape", R"("a\x")", "Invalid \\escape: line 1 column 3 (char 2)"},
        loads_case{"BadUnicodeEscape", R"("\u12x4")", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
        loads_case{"ShortUnicodeEscape", R"("\u12")", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
        loads_case{"ControlCharacter", "\"a\nb\"", "Invalid control character at: line 1 column 3 (char 2)"},
        loads_case{"ExtraData", "{}x", "Extra data: line 1 column 3 (char 2)"},
        loads_case{"TwoDocuments", "{} {}", "Extra data: line 1 column 4 (char 3)"},
        loads_case{"LinesAndColumns", "\n\n  x", "Expecting value: line 3 column 3 (char 4)"},
        loads_case{"TrailingDot", "1.", "Extra data: line 1 column 2 (char 1)"},
        loads_case{"LeadingZero", "01", "Extra data: line 1 column 2 (char 1)"},
        loads_case{"LoneMinus", "-", "Expecting value: line 1 column 1 (char 0)"},
        loads_case{"IncompleteExponent", "1e", "Extra data: line 1 column 2 (char 1)"},
        loads_case{"TruncatedNull", "nul", "Expecting value: line 1 column 1 (char 0)"},
        loads_case{"SingleQuotes", "'a'", "Expecting value: line 1 column 1 (char 0)"},
        loads_case{"TrailingNul", "{\"a\":1}\0"s, "Extra data: line 1 column 8 (char 7)"},
        loads_case{"PositionsCountCodePoints", "{\"\xe2\x82\xac\": 1, x}",
                   "Expecting property name enclosed in double quotes: line 1 column 10 (char 9)"},
        loads_case{"NaN", "NaN", ""},
        loads_case{"MinusInfinity", "-Infinity", ""},
        loads_case{"LoneSurrogateEscape", R"({"a":"\ud800"})", ""},
        loads_case{"Utf8Bom", "\xef\xbb\xbf{}", ""}),
    [](auto const& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Encoding, PythonJsonLoads,
    ::testing::Values(
        loads_case{"InvalidStartByte", "\xff", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"},
        loads_case{"TruncatedSequence", "ab\xe2\x82",
                   "'utf-8' codec can't decode bytes in position 2-3: unexpected end of data"},
        loads_case{"TruncatedTwoByte", "\xc3", "'utf-8' codec can't decode byte 0xc3 in position 0: unexpected end of data"},
        loads_case{"BadSecondByte", "\xe2\x28\xa1",
                   "'utf-8' codec can't decode byte 0xe2 in position 0: invalid continuation byte"},
        loads_case{"BadThirdByte", "\xe2\x82\x28",
                   "'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"},
        loads_case{"Overlong", "\xe0\x80\x80",
                   "'utf-8' codec can't decode byte 0xe0 in position 0: invalid continuation byte"},
        loads_case{"BeyondUnicode", "\xf4\x90\x80\x80",
                   "'utf-8' codec can't decode byte 0xf4 in position 0: invalid continuation byte"},
        loads_case{"TruncatedFourByte", "\xf0\x90\x80",
                   "'utf-8' codec can't decode bytes in position 0-2: unexpected end of data"},
        loads_case{"BomThenInvalid", "\xef\xbb\xbf\xff",
                   "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"},
        loads_case{"EncodedSurrogatePasses", "\xed\xa0\x80", "Expecting value: line 1 column 1 (char 0)"},
        loads_case{"Utf16LeDetected", "{\0\"\0a\0\"\0:\0 \0001\0}\0"s, ""},
        loads_case{"Utf16BeWithBom", "\xfe\xff\0[\0001\0]"s, ""},
        loads_case{"Utf16Truncated", "{\0\"\0a\0\"\0:\0 \0001\0}\0x"s,
                   "'utf-16-le' codec can't decode byte 0x78 in position 16: truncated data"},
        loads_case{"Utf32BeOutOfRange", "\0\0\0{\0\x11\0\0"s,
                   "'utf-32-be' codec can't decode bytes in position 4-7: code point not in range(0x110000)"},
        loads_case{"Utf32BomTruncated", "\xff\xfe\0\0[\0\0\0001\0\0\0]\0\0\0xy"s,
                   "'utf-32-le' codec can't decode bytes in position 16-17: truncated data"},
        loads_case{"NulThenBraceIsUtf16", "\0{"s,
                   "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}),
    [](auto const& info) { return info.param.name; });

TEST(PythonJsonLoads, BuildsValuesLikePython) {
    auto r = python_json_loads(R"({"a": [1, -0, 2.5, true, null, "\u00e9\ud83d\ude00"], "a": 7, "b": 1e400})");
    ASSERT_TRUE(r.ok()) << r.error;
    // A repeated key keeps its first position and takes the last value.
    EXPECT_EQ(r.value.at("a"), boost::json::value(7));
    EXPECT_TRUE(std::isinf(r.value.at("b").as_double()));
    EXPECT_EQ(r.value.get_object().begin()->key(), "a");
}

TEST(PythonJsonLoads, DecodesEscapesAndPairs) {
    auto r = python_json_loads(R"(["\u00e9\ud83d\ude00\n\/"])");
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.value.at(0).as_string(), "\xc3\xa9\xf0\x9f\x98\x80\n/");
}

TEST(PythonJsonLoads, ReplacesLoneSurrogatesInValues) {
    auto r = python_json_loads(R"("\ud800x")");
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.value.as_string(), "\xef\xbf\xbdx");
}

TEST(PythonJsonLoads, KeepsIntegersBeyondInt64AsNumbers) {
    EXPECT_TRUE(python_json_loads("18446744073709551615").value.is_uint64());
    EXPECT_TRUE(python_json_loads("123456789012345678901234567890").value.is_double());
    EXPECT_TRUE(python_json_loads("-9223372036854775808").value.is_int64());
}

TEST(PythonJsonLoads, RefusesDeepNestingWithoutRecursingIntoIt) {
    std::string const deep(100000, '[');
    auto r = python_json_loads(deep, 512);
    EXPECT_EQ(r.error, "maximum recursion depth exceeded while decoding a JSON array from a unicode string");
    std::string const ok_depth = std::string(512, '[') + std::string(512, ']');
    EXPECT_TRUE(python_json_loads(ok_depth, 512).ok());
    EXPECT_FALSE(python_json_loads("[" + ok_depth + "]", 512).ok());
}

struct repr_case {
    std::string name;
    std::string json;
    std::string repr;
    std::string str;
    std::string type;
};

void PrintTo(repr_case const& c, std::ostream* os) { *os << c.name; }

class PythonRepr : public ::testing::TestWithParam<repr_case> {};

TEST_P(PythonRepr, MatchesCPython) {
    auto const& c = GetParam();
    auto const v = boost::json::parse(c.json);
    EXPECT_EQ(python_repr(v), c.repr);
    EXPECT_EQ(python_str(v), c.str);
    EXPECT_EQ(python_type_name(v), c.type);
}

INSTANTIATE_TEST_SUITE_P(
    Values, PythonRepr,
    ::testing::Values(repr_case{"Null", "null", "None", "None", "NoneType"},
                      repr_case{"True", "true", "True", "True", "bool"},
                      repr_case{"Int", "-12", "-12", "-12", "int"},
                      repr_case{"FloatWithDotZero", "3.0", "3.0", "3.0", "float"},
                      repr_case{"SmallFloat", "0.00001", "1e-05", "1e-05", "float"},
                      repr_case{"LargeFloat", "1e16", "1e+16", "1e+16", "float"},
                      repr_case{"FixedFloat", "1e15", "1000000000000000.0", "1000000000000000.0", "float"},
                      repr_case{"ShortestDigits", "0.1", "0.1", "0.1", "float"},
                      repr_case{"NegativeZero", "-0.0", "-0.0", "-0.0", "float"},
                      repr_case{"String", R"("ab")", "'ab'", "ab", "str"},
                      repr_case{"StringWithQuote", R"("it's")", "\"it's\"", "it's", "str"},
                      repr_case{"StringWithBothQuotes", R"("a'\"b")", R"('a\'"b')", "a'\"b", "str"},
                      repr_case{"StringControls", R"("\t\u0001\u00e9")", R"('\t\x01)" "\xc3\xa9'", "\t\x01\xc3\xa9",
                                "str"},
                      repr_case{"List", R"([1, "a", null, [true]])", "[1, 'a', None, [True]]",
                                "[1, 'a', None, [True]]", "list"},
                      repr_case{"Dict", R"({"k": 1.5, "j": {}})", "{'k': 1.5, 'j': {}}", "{'k': 1.5, 'j': {}}",
                                "dict"}),
    [](auto const& info) { return info.param.name; });

struct bytes_repr_case {
    std::string name;
    std::string bytes;
    std::string repr;
};

void PrintTo(bytes_repr_case const& c, std::ostream* os) { *os << c.name; }

class PythonBytesRepr : public ::testing::TestWithParam<bytes_repr_case> {};

TEST_P(PythonBytesRepr, MatchesCPython) { EXPECT_EQ(python_bytes_repr(GetParam().bytes), GetParam().repr); }

INSTANTIATE_TEST_SUITE_P(
    Bytes, PythonBytesRepr,
    ::testing::Values(bytes_repr_case{"Plain", "foo", "b'foo'"},
                      bytes_repr_case{"SingleQuoteSwitchesQuotes", "it's", "b\"it's\""},
                      bytes_repr_case{"BothQuotesEscapeSingle", "a'\"b", "b'a\\'\"b'"},
                      bytes_repr_case{"Whitespace", "\t\n\r ", "b'\\t\\n\\r '"},
                      bytes_repr_case{"Backslash", "a\\b", "b'a\\\\b'"},
                      bytes_repr_case{"HighAndLowBytes", "\x00\x7f\xc3\xa9"s, "b'\\x00\\x7f\\xc3\\xa9'"}),
    [](auto const& info) { return info.param.name; });

TEST(PythonDetectEncoding, FollowsNullBytePatterns) {
    EXPECT_EQ(python_detect_encoding("{}"), "utf-8");
    EXPECT_EQ(python_detect_encoding("\xef\xbb\xbf{}"), "utf-8-sig");
    EXPECT_EQ(python_detect_encoding(std::string("\0{\0}", 4)), "utf-16-be");
    EXPECT_EQ(python_detect_encoding(std::string("{\0\0\0", 4)), "utf-32-le");
    EXPECT_EQ(python_detect_encoding(std::string("{\0}\0", 4)), "utf-16-le");
    EXPECT_EQ(python_detect_encoding(std::string("\xff\xfe\0\0", 4)), "utf-32");
}

} // namespace
} // namespace kconform::server::detail
