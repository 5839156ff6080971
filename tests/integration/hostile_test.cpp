// Hostile servers: test doubles on 127.0.0.1:0 that answer with garbage, lies about lengths, odd chunking, huge
// bodies, drips, stalls, resets and hostile JSON. core::http_client plus the response decoder must turn each into
// an error value (the failed check's evidence) within the client's timeouts: never a crash, never a hang.
#include "core/http_client.hpp"
#include "core/jsonrpc.hpp"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <ostream>
#include <string>
#include <thread>

namespace kconform {
namespace {
namespace net = boost::asio;  // from <boost/asio.hpp>
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

// What the double does once it has read a request: write bytes, pause, close, reset...
using script = std::function<void(tcp::socket&, std::atomic<bool> const& stop)>;

/** Accepts connections one at a time on 127.0.0.1:0, reads a request's headers, then runs the script. */
class hostile_server {
public:
    explicit hostile_server(script s) : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}), script_(std::move(s)) {
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { serve(); });
    }
    ~hostile_server() {
        stop_ = true;
        boost::system::error_code ec;
        tcp::socket wake(ioc_);  // unblocks accept()
        wake.connect({net::ip::make_address("127.0.0.1"), port_}, ec);
        thread_.join();
    }
    std::uint16_t port() const { return port_; }

private:
    void serve() {
        while (!stop_) {
            boost::system::error_code ec;
            tcp::socket s(ioc_);
            acceptor_.accept(s, ec);
            if (ec || stop_) return;
            net::streambuf buf;
            net::read_until(s, buf, "\r\n\r\n", ec);
            if (!ec) script_(s, stop_);
            s.close(ec);
        }
    }

    net::io_context ioc_;
    tcp::acceptor acceptor_;
    script script_;
    std::atomic<bool> stop_{false};
    std::uint16_t port_ = 0;
    std::thread thread_;
};

void send(tcp::socket& s, std::string_view bytes) {
    boost::system::error_code ec;
    net::write(s, net::buffer(bytes), ec);
}

// Sleeps in small steps so the double's destructor never waits for a long stall.
void pause(std::atomic<bool> const& stop, std::chrono::milliseconds d) {
    for (auto end = std::chrono::steady_clock::now() + d; !stop && std::chrono::steady_clock::now() < end;)
        std::this_thread::sleep_for(5ms);
}

script reply(std::string bytes) {
    return [bytes](tcp::socket& s, std::atomic<bool> const&) { send(s, bytes); };
}

std::string ok_json(std::string const& body) {
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

void PrintTo(hostile_case const& c, std::ostream* os) { *os << c.name; }

std::vector<hostile_case> cases() {
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

class HostileServer : public testing::TestWithParam<hostile_case> {};

TEST_P(HostileServer, BecomesAnErrorValueWithinTheTimeouts) {
    hostile_server server(GetParam().make());
    auto t = parse_target("http://127.0.0.1:" + std::to_string(server.port()) + "/_admin/api");
    ASSERT_TRUE(t);
    client_options opts;
    opts.connect_timeout = 500ms;
    opts.io_timeout = 400ms;
    opts.body_limit = 1024 * 1024;
    http_client client(*t, opts);
    auto const start = std::chrono::steady_clock::now();
    auto res = client.post(R"({"id":1,"api_key":"k","method":"test","args":{}})");
    auto const took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, 3s) << "the client waited past its timeouts";
    bool decoded = false;
    if (res) {
        simdjson::dom::parser parser;
        auto body = jsonrpc::parse(parser, res->body);
        decoded = body && jsonrpc::split(body->root).has_value();
    }
    switch (GetParam().outcome) {
    case expect::transport_error: EXPECT_FALSE(res) << "status " << res->status << " body " << res->body.substr(0, 200); break;
    case expect::bad_envelope: EXPECT_FALSE(decoded) << (res ? res->body.substr(0, 200) : client.last_error_detail()); break;
    case expect::no_crash: break;
    }
}

INSTANTIATE_TEST_SUITE_P(Catalog, HostileServer, testing::ValuesIn(cases()),
                         [](testing::TestParamInfo<hostile_case> const& info) { return info.param.name; });

} // namespace
} // namespace kconform
