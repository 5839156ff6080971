// parse_response: the client's response parsing without a socket, with the client's limits and error values.
#include "core/http_client.hpp"

#include <gtest/gtest.h>

namespace kconform {
namespace {

TEST(ParseResponse, ReadsAContentLengthResponse) {
    auto r = parse_response("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200u);
    EXPECT_EQ(r->content_type, "application/json");
    EXPECT_EQ(r->body, "{}");
    EXPECT_TRUE(r->keep_alive);
}

TEST(ParseResponse, ReadsChunksAndABodyEndedByTheClose) {
    auto chunked = parse_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    ASSERT_TRUE(chunked);
    EXPECT_EQ(chunked->body, "{}");
    auto until_close = parse_response("HTTP/1.0 200 OK\r\n\r\n{\"id\":1}");
    ASSERT_TRUE(until_close);
    EXPECT_EQ(until_close->body, "{\"id\":1}");
    EXPECT_EQ(until_close->version, 10);
    EXPECT_FALSE(until_close->keep_alive);
}

TEST(ParseResponse, FailsAsTheClientDoes) {
    EXPECT_EQ(parse_response("").error(), errc::connection_closed);
    EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}").error(), errc::connection_closed);
    EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\nContent-Le").error(), errc::connection_closed);
    EXPECT_EQ(parse_response("garbage\r\n\r\n").error(), errc::malformed_http);
    client_options small;
    small.body_limit = 4;
    EXPECT_EQ(parse_response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n12345", small).error(), errc::body_too_large);
}

} // namespace
} // namespace kconform
