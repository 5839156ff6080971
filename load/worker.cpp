// The worker's connections: one session object per TCP connection, do_x/on_x steps with a deadline before every
// operation (Beast's async client example), requests taken in schedule order from the worker's own counter.
#include "load/worker.hpp"

#include "core/jsonrpc.hpp"
#include "load/lean_parser.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
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

/** One keep-alive connection: take a request, wait for its planned time, (re)connect, write, read, record. */
class session : public std::enable_shared_from_this<session> {
public:
    explicit session(worker& w) : w_(w), stream_(w.ioc_), timer_(w.ioc_) {}

    void start() { do_next(); }
    /** Drops a request waiting for its planned time (the worker is stopping). */
    void cancel_wait() { timer_.cancel(); }

private:
    void do_next() {
        auto r = w_.take();
        if (!r) return finish();
        cur_ = std::move(*r);
        sent_ = {};
        if (cur_.planned <= steady::now()) return do_send();
        timer_.expires_at(cur_.planned);
        timer_.async_wait([self = shared_from_this()](beast::error_code) {
            if (self->w_.stopping_) return self->finish();  // stopped meanwhile: neither sent nor recorded
            self->do_send();
        });
    }

    void do_send() {
        if (connected_) return do_write();
        stream_.expires_after(w_.cfg_.timeout);
        stream_.async_connect(w_.cfg_.endpoints, [self = shared_from_this()](beast::error_code ec, auto const&) {
            self->on_connect(ec);
        });
    }

    void on_connect(beast::error_code ec) {
        if (ec) return fail(ec);
        connected_ = true;
        beast::error_code ignored;
        stream_.socket().set_option(net::ip::tcp::no_delay(true), ignored);
        do_write();
    }

    // The current request's body: its own, or the entry's body encoded once (copying it per request cost a malloc).
    std::string const& body() const {
        return cur_.body.empty() ? (*w_.cfg_.mix)[cur_.entry].static_body : cur_.body;
    }

    // The request head is rendered into a reused string and written with the body in one gather write: Beast's
    // request serializer and its per-field allocations cost more per request than this whole function.
    void do_write() {
        head_.clear();
        fmt::format_to(std::back_inserter(head_),
                       "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                       w_.cfg_.path, w_.cfg_.host_header, body().size());
        std::array<net::const_buffer, 2> const bytes{net::buffer(head_), net::buffer(body())};
        sent_ = steady::now();
        stream_.expires_after(w_.cfg_.timeout);
        net::async_write(stream_, bytes, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->on_write(ec);
        });
    }

    void on_write(beast::error_code ec) {
        if (ec) return fail(ec);
        parser_.emplace(res_);
        parser_->body_limit(w_.cfg_.body_limit);
        stream_.expires_after(w_.cfg_.timeout);
        http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->on_read(ec);
        });
    }

    void on_read(beast::error_code ec) {
        if (ec) return fail(ec);
        auto const& exp = (*w_.cfg_.mix)[cur_.entry].expect;
        auto o = classify(exp, w_.cfg_.validate, res_.status, res_.content_type, res_.body, *w_.cfg_.shapes, w_.parser_);
        w_.record(cur_, sent_, o);
        if (!parser_->keep_alive()) close();
        do_next();
    }

    void fail(beast::error_code ec) {
        w_.record(cur_, sent_ == steady::time_point{} ? steady::now() : sent_,
                  ec == beast::error::timeout ? outcome::timeout : outcome::transport_error);
        close();
        do_next();
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
        stream_.close();
        buffer_.clear();
        connected_ = false;
    }

    void finish() {
        close();
        w_.on_session_done();
    }

    worker& w_;
    beast::tcp_stream stream_;
    net::steady_timer timer_;               // waits for the planned send time
    beast::flat_buffer buffer_;
    std::string head_;                      // the request head, reused
    lean_response res_;                     // the last response, reused
    std::optional<lean_parser> parser_;     // fresh per response (Beast parsers are one-shot)
    worker::next_request cur_{};
    steady::time_point sent_{};             // actual send of cur_
    bool connected_ = false;
};

worker::worker(worker_config cfg) : cfg_(std::move(cfg)), rng_(cfg_.seed) {
    result_.per_method.resize(cfg_.mix->size());
}

worker::~worker() = default;

void worker::run(steady::time_point start) {
    start_ = start;
    active_ = cfg_.connections;
    for (unsigned i = 0; i < cfg_.connections; ++i) sessions_.push_back(std::make_shared<session>(*this));
    progress_timer_ = std::make_unique<net::steady_timer>(ioc_);
    publish_progress();
    for (auto& s : sessions_) net::post(ioc_, [s] { s->start(); });
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
    if (--active_ == 0) progress_timer_->cancel();
}

void worker::publish_progress() {
    published_.store(done_, std::memory_order_relaxed);
    progress_timer_->expires_after(std::chrono::seconds(1));
    progress_timer_->async_wait([this](beast::error_code ec) {
        if (!ec && active_ > 0) publish_progress();
    });
}

std::optional<worker::next_request> worker::take() {
    if (stopping_) return std::nullopt;
    auto now = steady::now();
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

void worker::record(next_request const& r, steady::time_point sent, outcome o) {
    ++done_;
    if (r.when != phase::main) return;
    auto done = steady::now();
    auto& s = result_.per_method[r.entry];
    ++s.counts[static_cast<std::size_t>(o)];
    s.corrected.record(done - r.planned);
    s.uncorrected.record(done - sent);
    if (sent - r.planned > cfg_.late_after) ++result_.late_sends;
}

} // namespace kconform::load
