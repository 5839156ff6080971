// Blocking façade over Beast's asynchronous operations: each call starts one async operation on a private
// io_context and runs it to completion, so that tcp_stream deadlines bound every wait (Beast offers timeouts
// only on its asynchronous API).
#include "core/http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

namespace kconform {
namespace net = boost::asio;      // from <boost/asio.hpp>
namespace beast = boost::beast;   // from <boost/beast.hpp>
namespace http = beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;

namespace {

using response_parser = http::response_parser<http::string_body>;

void set_limits(response_parser& parser, client_options const& opts) {
    parser.body_limit(opts.body_limit);
    parser.header_limit(64 * 1024);
}

// A complete parsed response reduced to what the checks look at.
http_response reduce(response_parser& parser) {
    auto& res = parser.get();
    http_response out;
    out.status = res.result_int();
    out.version = static_cast<int>(res.version());
    out.content_type = std::string(res[http::field::content_type]);
    out.keep_alive = res.keep_alive();
    out.body = std::move(res.body());
    return out;
}

// The peer closed a kept-alive connection before answering.
bool is_stale(error_code ec) {
    return ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
           ec == net::error::broken_pipe;
}

// How a failed exchange is reported once no retry is left.
errc read_failure(error_code ec) {
    if (ec == beast::error::timeout) return errc::timeout;
    if (ec == http::error::body_limit) return errc::body_too_large;
    if (is_stale(ec) || ec.category() != error_code(http::error::end_of_stream).category() ||
        ec == http::error::partial_message)
        return errc::connection_closed;
    return errc::malformed_http;
}

} // namespace

result<http_response> parse_response(std::string_view bytes, client_options const& opts) {
    response_parser parser;
    set_limits(parser, opts);
    error_code ec;
    net::const_buffer rest(bytes.data(), bytes.size());
    // All bytes are at hand, so need_more means they end mid-message: then it is the end of the stream, as for
    // http::read (which completes a body delimited by the connection's close).
    while (!parser.is_done() && rest.size() > 0) {
        auto const used = parser.put(rest, ec);
        rest += used;
        if (ec == http::error::need_more || (!ec && used == 0)) break;
        if (ec) return read_failure(ec);
    }
    if (!parser.is_done()) {
        if (!parser.got_some()) return read_failure(http::error::end_of_stream);
        parser.put_eof(ec);
        if (ec) return read_failure(ec);
    }
    return reduce(parser);
}

http_client::http_client(target t, client_options opts)
    : target_(std::move(t)), opts_(opts), stream_(ioc_) {}

http_client::~http_client() { close(); }

void http_client::close() noexcept {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    connected_ = false;
    buffer_.clear();
}

result<http_response> http_client::fail(errc e, std::string detail) {
    detail_ = std::move(detail);
    close();
    return e;
}

error_code http_client::connect() {
    tcp::resolver resolver(ioc_);
    error_code out = net::error::would_block;
    tcp::resolver::results_type endpoints;
    resolver.async_resolve(target_.host, target_.port, [&](error_code ec, tcp::resolver::results_type r) {
        out = ec;
        endpoints = std::move(r);
    });
    ioc_.restart();
    // The resolver has no deadline of its own; bound it by running the context for at most the connect timeout.
    ioc_.run_for(opts_.connect_timeout);
    if (out == net::error::would_block) {
        resolver.cancel();
        ioc_.restart();
        ioc_.run();
        return beast::error::timeout;
    }
    if (out) return out;
    stream_.expires_after(opts_.connect_timeout);
    out = net::error::would_block;
    stream_.async_connect(endpoints, [&](error_code ec, tcp::endpoint const&) { out = ec; });
    ioc_.restart();
    ioc_.run();
    if (!out) connected_ = true;
    return out;
}

error_code http_client::exchange(http_request const& req, http_response& out) {
    error_code result = net::error::would_block;
    stream_.expires_after(opts_.io_timeout);
    http::async_write(stream_, req, [&](error_code ec, std::size_t) { result = ec; });
    ioc_.restart();
    ioc_.run();
    if (result) return result;

    response_parser parser;
    set_limits(parser, opts_);
    result = net::error::would_block;
    stream_.expires_after(opts_.io_timeout);
    http::async_read(stream_, buffer_, parser, [&](error_code ec, std::size_t) { result = ec; });
    ioc_.restart();
    ioc_.run();
    if (result) return result;

    out = reduce(parser);
    return {};
}

result<http_response> http_client::post(std::string_view body) {
    http_request req{http::verb::post, target_.path, 11};
    req.set(http::field::content_type, "application/json");
    req.set(http::field::user_agent, "kconform");
    req.body() = std::string(body);
    req.prepare_payload();
    return send(std::move(req));
}

result<http_response> http_client::send(http_request req) {
    req.set(http::field::host, target_.host_header());
    detail_.clear();
    // A kept-alive connection may have been closed by the server meanwhile: then reconnect and resend once,
    // as curl does. A fresh connection gets no second try.
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool reused = connected_;
        if (!connected_) {
            if (auto ec = connect()) {
                if (ec == beast::error::timeout)
                    return fail(errc::timeout, fmt::format("connect to {} timed out", target_.host_header()));
                return fail(errc::connect_failed, fmt::format("connect to {}: {}", target_.host_header(), ec.message()));
            }
        }
        http_response out;
        auto ec = exchange(req, out);
        if (!ec) {
            if (!out.keep_alive) close();
            return out;
        }
        if (is_stale(ec) && reused) {
            close();
            continue;
        }
        auto const e = read_failure(ec);
        if (e == errc::timeout)
            return fail(e, fmt::format("no complete response within {} ms", opts_.io_timeout.count()));
        if (e == errc::body_too_large) return fail(e, fmt::format("response body over {} bytes", opts_.body_limit));
        return fail(e, ec.message());
    }
    return fail(errc::connection_closed, "the server closed the connection twice");
}

} // namespace kconform
