// Hostile servers for the integration tests: a test double on 127.0.0.1:0 that answers with garbage, lies about
// lengths, odd chunking, huge bodies, drips, stalls, resets and hostile JSON (the catalogue in cases()). With a
// forwarding target it passes every request to a real server except those of one method, so that a whole
// `kconform run` or `load` gets past its start-up and meets the hostility in a check or a counted outcome.
#pragma once
#include "core/http_client.hpp"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <vector>

namespace kconform::hostile {
namespace net = boost::asio;  // from <boost/asio.hpp>
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

// What the double does once it has read a request: write bytes, pause, close, reset...
using script = std::function<void(tcp::socket&, std::atomic<bool> const& stop)>;

/** Where a forwarding double sends the requests it does not sabotage. */
struct forwarding {
    target to;              // the real server
    std::string method;     // requests whose body names this method get the script
};

/**
 * Accepts connections on 127.0.0.1:0, one thread each; reads a request, then runs the script. With forwarding, a
 * request for another method is answered by the real server instead (with Connection: close).
 */
class hostile_server {
public:
    explicit hostile_server(script s, std::optional<forwarding> fwd = std::nullopt)
        : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}), script_(std::move(s)), fwd_(std::move(fwd)) {
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { serve(); });
    }
    ~hostile_server() {
        stop_ = true;
        boost::system::error_code ec;
        tcp::socket wake(ioc_);  // unblocks accept()
        wake.connect({net::ip::make_address("127.0.0.1"), port_}, ec);
        thread_.join();
        std::lock_guard lock(mutex_);
        for (auto& t : connections_) t.join();
    }
    std::uint16_t port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/_admin/api"; }

private:
    void serve() {
        while (!stop_) {
            boost::system::error_code ec;
            tcp::socket s(ioc_);
            acceptor_.accept(s, ec);
            if (ec || stop_) return;
            std::lock_guard lock(mutex_);
            connections_.emplace_back([this, s = std::move(s)]() mutable { handle(s); });
        }
    }

    void handle(tcp::socket& s) {
        timeval tv{2, 0};  // a client that never sends cannot hold the destructor
        ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        boost::system::error_code ec;
        net::streambuf buf;
        std::size_t const head_len = net::read_until(s, buf, "\r\n\r\n", ec);
        if (!ec && fwd_ && !forward(s, buf, head_len)) script_(s, stop_);
        if (!ec && !fwd_) script_(s, stop_);
        s.close(ec);
    }

    // Answers through the real server unless the request is for the sabotaged method; false when it is.
    bool forward(tcp::socket& s, net::streambuf& buf, std::size_t head_len) {
        std::string const head(net::buffers_begin(buf.data()), net::buffers_begin(buf.data()) + head_len);
        std::size_t length = 0;
        if (auto pos = head.find("Content-Length: "); pos != std::string::npos) length = std::stoul(head.substr(pos + 16));
        buf.consume(head_len);
        boost::system::error_code ec;
        if (buf.size() < length) net::read(s, buf, net::transfer_exactly(length - buf.size()), ec);
        std::string const body(net::buffers_begin(buf.data()), net::buffers_end(buf.data()));
        if (body.find("\"method\":\"" + fwd_->method + "\"") != std::string::npos) return false;
        http_client real(fwd_->to);
        auto res = real.post(body);
        std::string out = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        if (res) {
            out = "HTTP/1.1 " + std::to_string(res->status) + " X\r\nContent-Type: " + res->content_type +
                  "\r\nContent-Length: " + std::to_string(res->body.size()) + "\r\nConnection: close\r\n\r\n" +
                  res->body;
        }
        net::write(s, net::buffer(out), ec);
        return true;
    }

    net::io_context ioc_;
    tcp::acceptor acceptor_;
    script script_;
    std::optional<forwarding> fwd_;
    std::atomic<bool> stop_{false};
    std::uint16_t port_ = 0;
    std::thread thread_;
    std::mutex mutex_;  // guards connections_
    std::vector<std::thread> connections_;
};

inline void send(tcp::socket& s, std::string_view bytes) {
    boost::system::error_code ec;
    net::write(s, net::buffer(bytes), ec);
}

// Sleeps in small steps so the double's destructor never waits for a long stall.
inline void pause(std::atomic<bool> const& stop, std::chrono::milliseconds d) {
    for (auto end = std::chrono::steady_clock::now() + d; !stop && std::chrono::steady_clock::now() < end;)
        std::this_thread::sleep_for(5ms);
}

inline script reply(std::string bytes) {
    return [bytes](tcp::socket& s, std::atomic<bool> const&) { send(s, bytes); };
}

inline std::string ok_json(std::string const& body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

enum class expect {
    transport_error,  // post() fails: no response to judge
    bad_envelope,     // a response whose body does not decode into an envelope
    no_crash,         // either way; only boundedness is asserted
};

struct hostile_case {
    std::string name;
    std::function<script()> make;
    expect outcome;
};

inline void PrintTo(hostile_case const& c, std::ostream* os) { *os << c.name; }

inline std::vector<hostile_case> cases() {
    std::string const head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    return {
        {"GarbageBytes", [] { return reply("\x16\x03\x01 not http at all\r\n\r\n"); }, expect::transport_error},
        {"TruncatedBody", [=] { return reply(head + "Content-Length: 100\r\n\r\n{\"id\":1,"); }, expect::transport_error},
        {"ContentLengthTooShort",
         [=] { return reply(head + "Content-Length: 5\r\n\r\n{\"id\":1,\"result\":null,\"error\":null}"); },
         expect::bad_envelope},
        {"ContentLengthNotANumber", [=] { return reply(head + "Content-Length: ten\r\n\r\n{}"); }, expect::transport_error},
        {"ChunkSizeNotHex",
         [=] { return reply(head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"); }, expect::transport_error},
        {"ChunkedWithoutLastChunk",
         [=] { return reply(head + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n"); }, expect::transport_error},
        {"ChunkedWithExtensionsAndTrailer",
         [=] {
             return reply(head + "Transfer-Encoding: chunked\r\n\r\n4;x=y\r\n{\"id\r\n0\r\nX-Trailer: 1\r\n\r\n");
         },
         expect::bad_envelope},
        {"HundredMegabyteBody",
         [=] {
             return script([=](tcp::socket& s, std::atomic<bool> const& stop) {
                 send(s, head + "Content-Length: 104857600\r\n\r\n");
                 std::string const block(64 * 1024, ' ');
                 boost::system::error_code ec;
                 for (int i = 0; i < 1600 && !ec && !stop; ++i) net::write(s, net::buffer(block), ec);
             });
         },
         expect::transport_error},
        {"SlowDrip",
         [] {
             return script([](tcp::socket& s, std::atomic<bool> const& stop) {
                 for (char c : ok_json(R"({"id":1,"result":null,"error":null})")) {
                     if (stop) return;
                     send(s, std::string(1, c));
                     pause(stop, 40ms);
                 }
             });
         },
         expect::transport_error},
        {"StallAfterHeaders",
         [=] {
             return script([=](tcp::socket& s, std::atomic<bool> const& stop) {
                 send(s, head + "Content-Length: 40\r\n\r\n{");
                 pause(stop, 5s);
             });
         },
         expect::transport_error},
        {"ResetMidResponse",
         [=] {
             return script([=](tcp::socket& s, std::atomic<bool> const&) {
                 send(s, head + "Content-Length: 40\r\n\r\n{\"id\":");
                 s.set_option(net::socket_base::linger(true, 0));  // close() now sends RST
             });
         },
         expect::transport_error},
        {"CloseBeforeResponding", [] { return script([](tcp::socket&, std::atomic<bool> const&) {}); },
         expect::transport_error},
        {"InvalidUtf8", [] { return reply(ok_json("{\"id\":1,\"result\":\"\xff\xfe\",\"error\":null}")); },
         expect::bad_envelope},
        {"DeeplyNestedJson",
         [] {
             return reply(ok_json("{\"id\":1,\"error\":null,\"result\":" + std::string(100000, '[') +
                                  std::string(100000, ']') + "}"));
         },
         expect::bad_envelope},
        {"DuplicateKeys", [] { return reply(ok_json(R"({"id":1,"id":2,"result":null,"error":null})")); },
         expect::no_crash},
        {"HugeNumbers",
         [] { return reply(ok_json("{\"id\":1e999999,\"result\":" + std::string(5000, '9') + ",\"error\":null}")); },
         expect::bad_envelope},
    };
}

} // namespace kconform::hostile
