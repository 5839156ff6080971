// The worker's connections: one session object per TCP connection, do_x/on_x steps (Beast's async client example)
// with a deadline on every operation, requests taken in schedule order from the worker's own counter.
#include "load/worker.hpp"

#include "core/jsonrpc.hpp"
#include "load/lean_parser.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/error.hpp>
#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <iterator>

namespace kconform::load {

namespace net = boost::asio;        // Boost.Asio
namespace beast = boost::beast;     // Boost.Beast
namespace http = boost::beast::http;
namespace bj = boost::json;

namespace {
// ${seq} in strings; {"$pick": [...]} and {"$random": [lo, hi]} objects (see mix_entry).
bj::value expand(bj::value const& v, std::uint64_t seq, std::mt19937_64& rng) {
    if (v.is_string()) {
        std::string_view s = v.get_string();
        auto at = s.find("${seq}");
        if (at == std::string_view::npos) return v;
        if (s == "${seq}") return bj::value(seq);
        std::string out(s);
        for (; at != std::string::npos; at = out.find("${seq}")) out.replace(at, 6, std::to_string(seq));
        return bj::value(bj::string(out));
    }
    if (v.is_object()) {
        auto const& o = v.get_object();
        if (o.size() == 1 && o.contains("$pick") && o.at("$pick").is_array() && !o.at("$pick").get_array().empty()) {
            auto const& list = o.at("$pick").get_array();
            return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(rng)];
        }
        if (o.size() == 1 && o.contains("$random") && o.at("$random").is_array() && o.at("$random").get_array().size() == 2) {
            auto const& r = o.at("$random").get_array();
            auto lo = bj::value_to<std::int64_t>(r[0]), hi = bj::value_to<std::int64_t>(r[1]);
            return bj::value(std::uniform_int_distribution<std::int64_t>(lo, std::max(lo, hi))(rng));
        }
        bj::object out;
        for (auto const& [k, item] : o) out[k] = expand(item, seq, rng);
        return out;
    }
    if (v.is_array()) {
        bj::array out;
        for (auto const& item : v.get_array()) out.push_back(expand(item, seq, rng));
        return out;
    }
    return v;
}
} // namespace

/**
 * One keep-alive connection: take a request, wait for its planned time, (re)connect, write, read, record.
 *
 * Written on a plain socket with its own read loop rather than beast::tcp_stream and http::async_read: the stream's
 * per-operation timers and type-erased executors and the composed read's layers cost more per request than wrk's
 * whole request at loopback rates. Deadlines instead: every operation sets deadline_, and the worker's sweep (a few
 * times a second) closes the socket of a session whose deadline has passed, which ends its operation as a timeout.
 */
class session {
public:
    using socket_type = net::basic_stream_socket<net::ip::tcp, net::io_context::executor_type>;

    explicit session(worker& w) : w_(w), sock_(w.ioc_.get_executor()), timer_(w.ioc_.get_executor()) {}

    void start() { do_next(steady::now()); }
    /** Drops a request waiting for its planned time (the worker is stopping). */
    void cancel_wait() { timer_.cancel(); }
    /** From the worker's sweep: ends the operation in flight when its deadline has passed. */
    void expire_if_due(steady::time_point now) {
        if (now < deadline_) return;
        deadline_ = steady::time_point::max();
        timed_out_ = true;
        beast::error_code ignored;
        sock_.close(ignored);  // the pending connect, write or read completes with operation_aborted
    }

private:
    // `now` is the clock as last read on this path (the previous answer's arrival): one clock read per request.
    void do_next(steady::time_point now) {
        auto r = w_.take(now);
        if (!r) return finish();
        cur_ = std::move(*r);
        sent_ = {};
        if (cur_.planned <= now) return do_send(now);
        timer_.expires_at(cur_.planned);
        timer_.async_wait([this](beast::error_code) {
            if (w_.stopping_) return finish();  // stopped meanwhile: neither sent nor recorded
            do_send(steady::now());
        });
    }

    void do_send(steady::time_point now) {
        if (connected_) return do_write(now);
        deadline_ = now + w_.cfg_.timeout;
        net::async_connect(sock_, w_.cfg_.endpoints, [this](beast::error_code ec, auto const&) { on_connect(ec);
        });
    }

    void on_connect(beast::error_code ec) {
        if (ec) return fail(ec);
        connected_ = true;
        beast::error_code ignored;
        sock_.set_option(net::ip::tcp::no_delay(true), ignored);
        sock_.non_blocking(true, ignored);  // do_write's first attempt must not block the worker
        do_write(steady::now());
    }

    // The request goes out as one buffer (send, not a gather sendmsg): a static entry's whole request was rendered
    // by the worker once; another's head and body are rendered into a reused string. Beast's request serializer and
    // its per-field allocations cost more per request than this. The write is tried at once (a request fits the
    // socket buffer nearly always), so the usual request costs no completion handler; what the socket does not take
    // goes out asynchronously.
    void do_write(steady::time_point now) {
        std::string const* wire = &w_.static_requests_[cur_.entry];
        if (wire->empty()) {
            wire_.clear();
            w_.render_head(wire_, cur_.body.size());
            wire_ += cur_.body;
            wire = &wire_;
            now = steady::now();  // after take() encoded the body and the head was rendered
        }
        sent_ = now;
        deadline_ = sent_ + w_.cfg_.timeout;
        beast::error_code ec;
        std::size_t n = sock_.write_some(net::buffer(*wire), ec);
        if (ec && ec != net::error::would_block && ec != net::error::try_again) return fail(ec);
        if (n == wire->size()) return start_read();
        net::async_write(sock_, net::buffer(*wire) + n, [this](beast::error_code ec, std::size_t) {
            if (ec) return fail(ec);
            start_read();
        });
    }

    void start_read() {
        parser_.emplace(res_);
        parser_->body_limit(w_.cfg_.body_limit);
        parser_->eager(true);
        if (buffer_.size() > 0) return parse();  // bytes the server sent beyond the last response
        read_some();
    }

    void read_some() {
        sock_.async_read_some(buffer_.prepare(beast::read_size(buffer_, 65536)),
                              [this](beast::error_code ec, std::size_t n) { on_read_some(ec, n); });
    }

    void on_read_some(beast::error_code ec, std::size_t n) {
        if (ec == net::error::eof && parser_->got_some()) {
            parser_->put_eof(ec);  // a body delimited by the end of the connection is complete now
            if (!ec) return on_response();
        }
        if (ec) return fail(ec);
        buffer_.commit(n);
        parse();
    }

    void parse() {
        for (;;) {
            beast::error_code ec;
            std::size_t used = parser_->put(buffer_.data(), ec);
            buffer_.consume(used);
            if (ec == http::error::need_more) return read_some();
            if (ec) return fail(ec);
            if (parser_->is_done()) return on_response();
            if (used == 0) return read_some();
        }
    }

    void on_response() {
        deadline_ = steady::time_point::max();
        auto const& exp = (*w_.cfg_.mix)[cur_.entry].expect;
        auto o = classify(exp, w_.cfg_.validate, res_.status, res_.content_type, res_.body, *w_.cfg_.shapes, w_.parser_);
        auto done = w_.record(cur_, sent_, o);
        // timed_out_: the answer completed just as the sweep closed the socket; the next request reconnects.
        if (timed_out_ || !parser_->keep_alive()) close();
        do_next(done);
    }

    void fail(beast::error_code ec) {
        bool const timed_out = timed_out_ || ec == beast::error::timeout;
        auto done = w_.record(cur_, sent_, timed_out ? outcome::timeout : outcome::transport_error);
        close();
        do_next(done);
    }

    void close() {
        beast::error_code ignored;
        sock_.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
        sock_.close(ignored);
        buffer_.clear();
        connected_ = false;
        timed_out_ = false;
        deadline_ = steady::time_point::max();
    }

    void finish() {
        close();
        w_.on_session_done();
    }

    worker& w_;
    socket_type sock_;
    worker_timer timer_;                    // waits for the planned send time
    beast::flat_buffer buffer_;
    std::string wire_;                      // a request with a per-request body, reused
    lean_response res_;                     // the last response, reused
    std::optional<lean_parser> parser_;     // fresh per response (Beast parsers are one-shot)
    worker::next_request cur_{};
    steady::time_point sent_{};             // actual send of cur_
    steady::time_point deadline_ = steady::time_point::max();  // of the operation in flight; max when none
    bool connected_ = false;
    bool timed_out_ = false;                // the sweep closed the socket: the failure is a timeout
};

worker::worker(worker_config cfg) : cfg_(std::move(cfg)), rng_(cfg_.seed) {
    result_.per_method.resize(cfg_.mix->size());
    for (auto const& m : *cfg_.mix) {
        auto& wire = static_requests_.emplace_back();
        if (!m.is_static) continue;
        render_head(wire, m.static_body.size());
        wire += m.static_body;
    }
}

void worker::render_head(std::string& out, std::size_t body_size) const {
    fmt::format_to(std::back_inserter(out),
                   "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                   cfg_.path, cfg_.host_header, body_size);
}

worker::~worker() = default;

void worker::run(steady::time_point start) {
    start_ = start;
    active_ = cfg_.connections;
    for (unsigned i = 0; i < cfg_.connections; ++i) sessions_.push_back(std::make_unique<session>(*this));
    sweep_timer_ = std::make_unique<worker_timer>(ioc_.get_executor());
    next_publish_ = steady::now();
    sweep();
    for (auto& s : sessions_) net::post(ioc_, [s = s.get()] { s->start(); });
    ioc_.run();
    sessions_.clear();
    published_.store(done_, std::memory_order_relaxed);
}

void worker::stop() {
    net::post(ioc_, [this] {
        stopping_ = true;
        for (auto& s : sessions_) s->cancel_wait();
    });
}

void worker::on_session_done() {
    if (--active_ == 0) sweep_timer_->cancel();
}

// Deadlines are checked this often: a timeout ends at most one interval late (≤ 50 ms, and a tenth of the timeout).
void worker::sweep() {
    auto now = steady::now();
    for (auto& s : sessions_) s->expire_if_due(now);
    if (now >= next_publish_) {
        published_.store(done_, std::memory_order_relaxed);
        next_publish_ = now + std::chrono::seconds(1);
    }
    auto interval = std::clamp<std::chrono::nanoseconds>(cfg_.timeout / 10, std::chrono::milliseconds(1),
                                                         std::chrono::milliseconds(50));
    sweep_timer_->expires_at(now + interval);
    sweep_timer_->async_wait([this](beast::error_code ec) {
        if (!ec && active_ > 0) sweep();
    });
}

std::optional<worker::next_request> worker::take(steady::time_point now) {
    if (stopping_) return std::nullopt;
    auto index = [this] { return cfg_.seq_offset + next_k_ * cfg_.seq_stride; };  // in the whole run
    next_request r{};
    if (cfg_.schedule) {
        for (;;) {
            auto off = cfg_.schedule->planned(index());
            if (!off) return std::nullopt;
            r.planned = start_ + *off;
            r.when = cfg_.schedule->phase_at(*off);
            if (now - r.planned <= cfg_.timeout) break;
            // So far behind that the answer could only time out: skip it, and say so.
            ++next_k_;
            if (r.when == phase::main) ++result_.dropped_sends;
        }
    } else {
        auto off = now - start_;
        if (off >= cfg_.warmup + cfg_.main_duration) return std::nullopt;
        r.planned = now;
        r.when = off < cfg_.warmup ? phase::warm_up : phase::main;
    }
    std::uint64_t seq = index();
    ++next_k_;
    auto const& mix = *cfg_.mix;
    double u = std::uniform_real_distribution<double>(0, mix.back().cumulative_weight)(rng_);
    r.entry = 0;
    while (r.entry + 1 < mix.size() && u >= mix[r.entry].cumulative_weight) ++r.entry;
    auto const& m = mix[r.entry];
    if (!m.is_static) {
        jsonrpc::request req;
        req.api_key = m.api_key;
        req.method = m.method;
        req.args = expand(m.args, seq, rng_);
        r.body = jsonrpc::encode(req);
    }
    return r;
}

steady::time_point worker::record(next_request const& r, steady::time_point sent, outcome o) {
    auto done = steady::now();
    if (sent == steady::time_point{}) sent = done;  // failed before it was sent (connect)
    ++done_;
    if (r.when != phase::main) return done;
    auto& s = result_.per_method[r.entry];
    ++s.counts[static_cast<std::size_t>(o)];
    s.corrected.record(done - r.planned);
    s.uncorrected.record(done - sent);
    if (sent - r.planned > cfg_.late_after) ++result_.late_sends;
    return done;
}

} // namespace kconform::load
