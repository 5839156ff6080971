// A blocking HTTP/1.1 client over Beast for the conformance runner: one connection, kept alive, with a deadline
// on every operation and a body limit. Transport failures come back as result errors, never as exceptions.
#pragma once
#include "core/error.hpp"
#include "core/target.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <string>
#include <string_view>

namespace kconform {

/** Limits of one client; every wait is bounded by one of these. */
struct client_options {
    std::chrono::milliseconds connect_timeout{3000};  // TCP connect, including name resolution
    std::chrono::milliseconds io_timeout{10000};      // each whole request write and each whole response read
    std::size_t body_limit = 8 * 1024 * 1024;         // bytes of response body accepted
};

/** What came back, reduced to what the checks look at. */
struct http_response {
    unsigned status = 0;        // e.g. 200
    std::string content_type;   // Content-Type header as sent, "" when absent
    std::string body;           // the full body
    int version = 11;           // 10 or 11
    bool keep_alive = true;     // whether the connection may be reused
};

using http_request = boost::beast::http::request<boost::beast::http::string_body>;

/**
 * Parses one response from raw bytes the way http_client reads it off the wire, with the same limits and the same
 * errors: errc::body_too_large, errc::connection_closed (the bytes end mid-message) or errc::malformed_http.
 * Bytes after the first complete response are ignored. For tests and fuzzing.
 */
result<http_response> parse_response(std::string_view bytes, client_options const& opts = {});

/** One keep-alive connection to a target. Not thread-safe; use one per thread. */
class http_client {
public:
    explicit http_client(target t, client_options opts = {});
    ~http_client();
    http_client(http_client const&) = delete;
    http_client& operator=(http_client const&) = delete;

    /** POSTs a JSON-RPC body to the target's endpoint. */
    result<http_response> post(std::string_view body);

    /** Sends an arbitrary request (for envelope checks: other methods, no Content-Length...). Host is filled in. */
    result<http_response> send(http_request req);

    /** A human-readable detail for the last failure, e.g. "connect to 127.0.0.1:9: Connection refused". */
    std::string const& last_error_detail() const noexcept { return detail_; }

    target const& where() const noexcept { return target_; }

private:
    boost::system::error_code connect();
    boost::system::error_code exchange(http_request const& req, http_response& out);
    result<http_response> fail(errc e, std::string detail);
    void close() noexcept;

    target target_;
    client_options opts_;
    boost::asio::io_context ioc_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    bool connected_ = false;
    std::string detail_;
};

} // namespace kconform
