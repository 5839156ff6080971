// Beast acceptor and per-connection sessions after the Boost.Beast advanced server: do_x/on_x pairs, a deadline
// before every operation, a body limit on every parser, keep-alive. Requests Beast cannot parse are answered here
// (413, 431, 500 for a bad Content-Length, 400 otherwise) and the connection is closed after a short drain.
#include "server/listener.hpp"

#include "server/detail/pages.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>
#include <boost/asio/write.hpp>
#include <optional>
#include <sstream>

namespace kconform::server {
namespace net = boost::asio;     // from <boost/asio.hpp>
namespace beast = boost::beast;  // from <boost/beast.hpp>
namespace http = beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;

http_output app_state::call(http_input const& in) {
    std::lock_guard<std::mutex> lock(mutex_);
    return handler_(in, data_);
}

void app_state::set_handler(handler h) {
    std::lock_guard<std::mutex> lock(mutex_);
    handler_ = std::move(h);
}

namespace {

using request = http::request<http::string_body>;

constexpr std::chrono::seconds drain_timeout{2};  // how long a refused request's remaining bytes are read away

// The answer as Beast messages; `wire` picks the version, Connection and Server headers.
template <class Body> http::response<Body> response_head(http_output const& out, unsigned version, bool keep_alive) {
    http::response<Body> res{static_cast<http::status>(out.status), out.wire.version ? out.wire.version : version};
    if (!out.wire.server.empty()) res.set(http::field::server, out.wire.server);
    res.set(http::field::content_type, out.content_type);
    res.keep_alive(keep_alive && !out.wire.close);
    return res;
}

http::message_generator make_response(http_output const& out, unsigned version, bool keep_alive, bool head) {
    if (head) {
        auto res = response_head<http::empty_body>(out, version, keep_alive);
        res.content_length(out.body.size());
        return res;
    }
    auto res = response_head<http::string_body>(out, version, keep_alive);
    res.body() = out.body;
    res.prepare_payload();
    return res;
}

// The head and the first half of the body of a complete answer, for delivery::mode::truncate.
std::string truncated_bytes(http_output const& out, unsigned version) {
    auto res = response_head<http::string_body>(out, version, true);
    res.body() = out.body;
    res.prepare_payload();
    std::ostringstream os;
    os << res.base();
    return os.str() + out.body.substr(0, out.body.size() / 2);
}

// The answer to a request Beast refused to parse; nullopt when the peer just went away or timed out.
std::optional<http_output> refusal(error_code ec, std::size_t body_limit) {
    if (ec == http::error::body_limit) {
        http_output out;
        out.status = 413;
        out.body = fmt::format(R"({{"id":null,"result":null,"error":"Request body exceeds {} bytes"}})", body_limit);
        return out;
    }
    if (ec == http::error::header_limit) return detail::html_error(431, "The request header is too large.");
    // Kallithea's int(CONTENT_LENGTH) raises ValueError: the framework's error page (reference §A.2 step 1b).
    if (ec == http::error::bad_content_length) {
        return detail::html_error(500, "The server has either erred or is incapable of performing the requested "
                                       "operation.");
    }
    if (ec.category() == error_code(http::error::body_limit).category() && ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
        return detail::html_error(400, "The server could not comply with the request since it is either malformed "
                                       "or otherwise incorrect.");
    }
    return std::nullopt;
}

std::string peer_address(tcp::socket const& socket) {
    error_code ec;
    auto ep = socket.remote_endpoint(ec);
    if (ec) return "0.0.0.0";
    auto addr = ep.address();
    if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
        return net::ip::make_address_v4(net::ip::v4_mapped, addr.to_v6()).to_string();
    }
    return addr.to_string();
}

} // namespace

/** One connection: read a request, hand it to the shared handler, write the answer, repeat while keep-alive. */
class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket&& socket, std::shared_ptr<app_state> state, listener_options const& opts)
        : stream_(std::move(socket)), state_(std::move(state)), opts_(opts), remote_(peer_address(stream_.socket())) {}

    void run() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&session::do_read, shared_from_this()));
    }

    /** Closes the connection from any thread; pending operations complete with operation_aborted. */
    void close() {
        net::post(stream_.get_executor(), beast::bind_front_handler(&session::do_close, shared_from_this()));
    }

private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(opts_.body_limit);
        parser_->header_limit(static_cast<std::uint32_t>(opts_.header_limit));
        stream_.expires_after(opts_.io_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&session::on_header, shared_from_this()));
    }

    void on_header(error_code ec, std::size_t) {
        if (ec) return on_read(ec, 0);
        auto const& req = parser_->get();
        if (beast::iequals(req[http::field::expect], "100-continue") && !parser_->is_done()) {
            // curl waits for this before sending bodies over 1 KiB; Kallithea's WSGI servers send it too.
            continue_.emplace(http::status::continue_, req.version());
            stream_.expires_after(opts_.io_timeout);
            return http::async_write(stream_, *continue_,
                                     beast::bind_front_handler(&session::on_continue, shared_from_this()));
        }
        do_read_body();
    }

    void on_continue(error_code ec, std::size_t) {
        if (ec) return do_close();
        do_read_body();
    }

    void do_read_body() {
        stream_.expires_after(opts_.io_timeout);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, shared_from_this()));
    }

    void on_read(error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return do_close();
        if (ec) {
            if (auto out = refusal(ec, opts_.body_limit)) return send(make_response(*out, 11, false, false));
            return do_close();
        }
        request req = parser_->release();
        http_input in;
        in.method = std::string(req.method_string());
        in.target = std::string(req.target());
        in.has_content_length = req.find(http::field::content_length) != req.end();
        in.content_type = std::string(req[http::field::content_type]);
        in.authorization = std::string(req[http::field::authorization]);
        in.body = std::move(req.body());
        in.remote_addr = remote_;
        http_output const out = state_->call(in);
        switch (out.wire.how) {
        case delivery::mode::answer:
            return send(make_response(out, req.version(), req.keep_alive(), req.method() == http::verb::head));
        case delivery::mode::close_silently: return do_close();
        case delivery::mode::reset: return do_reset();
        case delivery::mode::truncate: return send_truncated(truncated_bytes(out, req.version()));
        case delivery::mode::stall: return do_stall(out.wire.stall_for);
        }
    }

    // Transport faults. Each ends the connection; none waits longer than its own bound.
    void do_reset() {
        error_code ignored;
        stream_.socket().set_option(net::socket_base::linger(true, 0), ignored);  // close() then sends RST
        stream_.socket().close(ignored);
    }

    void send_truncated(std::string bytes) {
        raw_ = std::move(bytes);
        stream_.expires_after(opts_.io_timeout);
        net::async_write(stream_, net::buffer(raw_),
                         [self = shared_from_this()](error_code, std::size_t) { self->do_close(); });
    }

    void do_stall(std::chrono::milliseconds how_long) {
        stream_.expires_never();
        stall_.expires_after(how_long);
        stall_.async_wait([self = shared_from_this()](error_code) { self->do_close(); });
    }

    void send(http::message_generator&& msg) {
        bool const keep_alive = msg.keep_alive();
        stream_.expires_after(opts_.io_timeout);
        beast::async_write(stream_, std::move(msg),
                           beast::bind_front_handler(&session::on_write, shared_from_this(), keep_alive));
    }

    void on_write(bool keep_alive, error_code ec, std::size_t) {
        if (ec) return do_close();
        if (!keep_alive) return do_linger();
        do_read();
    }

    // Half-close, then read away what the client is still sending, so that closing does not reset the connection
    // before it has read our answer (relevant after a 413 on a large body).
    void do_linger() {
        error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        buffer_.clear();
        stream_.expires_after(drain_timeout);
        stream_.async_read_some(buffer_.prepare(64 * 1024),
                                beast::bind_front_handler(&session::on_linger, shared_from_this()));
    }

    void on_linger(error_code ec, std::size_t) {
        if (ec) return do_close();
        buffer_.clear();
        stream_.async_read_some(buffer_.prepare(64 * 1024),
                                beast::bind_front_handler(&session::on_linger, shared_from_this()));
    }

    void do_close() {
        error_code ignored;
        stall_.cancel();
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.socket().close(ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<http::response<http::empty_body>> continue_;
    net::steady_timer stall_{stream_.get_executor()};  // delivery::mode::stall
    std::string raw_;                                  // delivery::mode::truncate: the bytes being written
    std::shared_ptr<app_state> state_;
    listener_options opts_;
    std::string remote_;
};

listener::listener(net::io_context& ioc, listener_options opts, std::shared_ptr<app_state> state)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), retry_(acceptor_.get_executor()), opts_(std::move(opts)),
      state_(std::move(state)) {}

result<std::shared_ptr<listener>> listener::open(net::io_context& ioc, listener_options opts,
                                                 std::shared_ptr<app_state> state) {
    error_code ec;
    auto const addr = net::ip::make_address(opts.address, ec);
    if (ec) return ec;
    tcp::endpoint const ep{addr, opts.port};
    std::shared_ptr<listener> l(new listener(ioc, std::move(opts), std::move(state)));
    l->acceptor_.open(ep.protocol(), ec);
    if (!ec) l->acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) l->acceptor_.bind(ep, ec);
    if (!ec) l->acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return ec;
    l->port_ = l->acceptor_.local_endpoint(ec).port();
    if (ec) return ec;
    return l;
}

void listener::run() {
    net::dispatch(acceptor_.get_executor(), beast::bind_front_handler(&listener::do_accept, shared_from_this()));
}

void listener::do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open() || ec == net::error::operation_aborted) return;
    if (ec) {
        // Transient (descriptor exhaustion, aborted handshake): pause briefly instead of spinning.
        retry_.expires_after(std::chrono::milliseconds(50));
        retry_.async_wait([self = shared_from_this()](error_code wait_ec) {
            if (!wait_ec && self->acceptor_.is_open()) self->do_accept();
        });
        return;
    }
    std::erase_if(sessions_, [](std::weak_ptr<session> const& w) { return w.expired(); });
    auto s = std::make_shared<session>(std::move(socket), state_, opts_);
    sessions_.push_back(s);
    s->run();
    do_accept();
}

void listener::stop() {
    net::post(acceptor_.get_executor(), beast::bind_front_handler(&listener::close_all, shared_from_this()));
}

void listener::close_all() {
    error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
    for (auto const& w : sessions_) {
        if (auto s = w.lock()) s->close();
    }
    sessions_.clear();
}

} // namespace kconform::server
