// Target URL parsing: the forms users type, and clear refusals.
#include "core/target.hpp"

#include <gtest/gtest.h>

namespace kconform {
namespace {

struct url_case {
    char const* text;
    char const* host;
    char const* port;
    char const* path;
};

class TargetAccepts : public testing::TestWithParam<url_case> {};

TEST_P(TargetAccepts, ParsesHostPortAndEndpoint) {
    auto t = parse_target(GetParam().text);
    ASSERT_TRUE(t) << GetParam().text;
    EXPECT_EQ(t->host, GetParam().host);
    EXPECT_EQ(t->port, GetParam().port);
    EXPECT_EQ(t->path, GetParam().path);
}

INSTANTIATE_TEST_SUITE_P(Forms, TargetAccepts,
    testing::Values(url_case{"http://127.0.0.1:5000", "127.0.0.1", "5000", "/_admin/api"},
                    url_case{"http://127.0.0.1:5000/", "127.0.0.1", "5000", "/_admin/api"},
                    url_case{"http://localhost:5000/_admin/api", "localhost", "5000", "/_admin/api"},
                    url_case{"http://example.org/kallithea", "example.org", "80", "/kallithea/_admin/api"},
                    url_case{"http://[::1]:8080/_admin/api/", "::1", "8080", "/_admin/api"}));

TEST(TargetRejects, HttpsWithAReason) {
    std::string why;
    auto t = parse_target("https://example.org", &why);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error(), errc::bad_target_url);
    EXPECT_NE(why.find("http://"), std::string::npos);
}

TEST(TargetRejects, GarbageAndQueries) {
    EXPECT_FALSE(parse_target("not a url"));
    EXPECT_FALSE(parse_target("http://h:1/_admin/api?x=1"));
    EXPECT_FALSE(parse_target("http://:80"));
}

TEST(TargetUrl, RoundTripsForMessages) {
    auto t = parse_target("http://[::1]:8080");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->url(), "http://[::1]:8080/_admin/api");
    EXPECT_EQ(t->host_header(), "[::1]:8080");
}

} // namespace
} // namespace kconform
