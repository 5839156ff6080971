// Thin integration tests through TCP: the embedded server on 127.0.0.1:0, spoken to with core's http_client and,
// for requests a well-behaved client never sends, with raw bytes. Also `kconform serve`'s foreground runner.
#include "server/listener.hpp"

#include "core/http_client.hpp"
#include "rpc_helpers.hpp"
#include "server/embedded.hpp"
#include "server/serve.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace kconform::server {
namespace {

namespace net = boost::asio;
namespace json = boost::json;
using net::ip::tcp;
using namespace std::chrono_literals;

std::string const admin{defaults::admin_key};

std::unique_ptr<embedded> start_server() {
    auto server = embedded::start();
    if (!server) ADD_FAILURE() << "embedded::start: " << server.error().message();
    return server ? std::move(*server) : nullptr;
}

http_client client_for(embedded const& server) {
    auto t = parse_target(server.url());
    EXPECT_TRUE(t) << server.url();
    return http_client(*t);
}

// Sends raw bytes, then reads until the server closes (at most 5 s per read).
std::string raw_exchange(std::uint16_t port, std::string const& request, std::string const& after_first = "") {
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect({net::ip::make_address("127.0.0.1"), port});
    timeval tv{5, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    net::write(socket, net::buffer(request));
    std::string out;
    boost::system::error_code ec;
    char buf[4096];
    bool sent_rest = after_first.empty();
    for (;;) {
        std::size_t const n = socket.read_some(net::buffer(buf), ec);
        out.append(buf, n);
        if (ec) break;
        if (!sent_rest && out.find("\r\n\r\n") != std::string::npos) {
            net::write(socket, net::buffer(after_first));
            sent_rest = true;
        }
    }
    return out;
}

TEST(Embedded, ServesJsonRpcOverKeepAliveConnection) {
    auto server = start_server();
    ASSERT_TRUE(server);
    EXPECT_NE(server->port(), 0);
    EXPECT_EQ(server->url(), "http://127.0.0.1:" + std::to_string(server->port()));
    EXPECT_EQ(server->keys().admin, defaults::admin_key);
    auto client = client_for(*server);
    for (int i = 0; i < 2; ++i) {
        auto r = client.post(testing::call_body(server->keys().admin, "get_ip", json::object{}));
        ASSERT_TRUE(r) << client.last_error_detail();
        EXPECT_EQ(r->status, 200u);
        EXPECT_EQ(r->content_type, "application/json");
        EXPECT_TRUE(r->keep_alive);
        auto const body = testing::parse_body(r->body);
        EXPECT_EQ(body.at("result").at("server_ip_addr"), json::value("127.0.0.1")) << r->body;
    }
}

TEST(Embedded, WithStoreChangesWhatRequestsSee) {
    auto server = start_server();
    ASSERT_TRUE(server);
    server->with_store([](store& s) { s.add_ip(1, "10.0.0.0/8"); });
    auto client = client_for(*server);
    auto r = client.post(testing::call_body(admin, "test", {{"args", 1}}));
    ASSERT_TRUE(r) << client.last_error_detail();
    EXPECT_EQ(testing::parse_body(r->body).at("error"), json::value("Invalid API key"));
}

TEST(Embedded, SetHandlerReplacesTheHandler) {
    auto server = start_server();
    ASSERT_TRUE(server);
    server->set_handler([](http_input const&, store&) { return http_output{503, "text/plain", "down", {}}; });
    auto client = client_for(*server);
    auto r = client.post("{}");
    ASSERT_TRUE(r) << client.last_error_detail();
    EXPECT_EQ(r->status, 503u);
    EXPECT_EQ(r->body, "down");
}

// The listener honours http_output::wire: the transport faults and benign variants of the fault catalogue.
http_output with_wire(delivery w) {
    http_output out;
    out.body = R"({"id":1,"result":"ok","error":null})";
    out.wire = std::move(w);
    return out;
}

result<http_response> post_with_wire(embedded& server, delivery w, std::chrono::milliseconds io_timeout = 5s) {
    server.set_handler([w](http_input const&, store&) { return with_wire(w); });
    auto t = parse_target(server.url());
    EXPECT_TRUE(t);
    http_client client(*t, {.io_timeout = io_timeout});
    return client.post("{}");
}

TEST(EmbeddedWire, ResetIsAConnectionErrorNotAnAnswer) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto r = post_with_wire(*server, {.how = delivery::mode::reset});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), make_error_code(errc::connection_closed)) << r.error().message();
}

TEST(EmbeddedWire, SilentCloseIsAConnectionError) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto r = post_with_wire(*server, {.how = delivery::mode::close_silently});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), make_error_code(errc::connection_closed)) << r.error().message();
}

TEST(EmbeddedWire, TruncatedBodyIsNeverTakenForTheAnswer) {
    auto server = start_server();
    ASSERT_TRUE(server);
    server->set_handler([](http_input const&, store&) { return with_wire({.how = delivery::mode::truncate}); });
    auto const cut = raw_exchange(server->port(), "POST /_admin/api HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}");
    EXPECT_NE(cut.find("Content-Length: 35"), std::string::npos) << cut;  // the whole body's length...
    EXPECT_TRUE(cut.ends_with("\r\n\r\n{\"id\":1,\"result\":")) << cut;   // ...then half of it and the close
    auto r = post_with_wire(*server, {.how = delivery::mode::truncate});
    EXPECT_FALSE(r);
}

TEST(EmbeddedWire, StallEndsInTheClientsTimeout) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto r = post_with_wire(*server, {.how = delivery::mode::stall, .stall_for = 600s}, 200ms);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), make_error_code(errc::timeout)) << r.error().message();
    // stop() (the destructor) ends the stalled connection at once rather than after 10 minutes.
}

TEST(EmbeddedWire, Http10AndConnectionCloseAnswersAreWellFormed) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto r = post_with_wire(*server, {.close = true, .version = 10});
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->version, 10);
    EXPECT_FALSE(r->keep_alive);
    server->set_handler([](http_input const&, store&) { return with_wire({.close = true, .server = ""}); });
    auto const raw = raw_exchange(server->port(), "POST /_admin/api HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}");
    EXPECT_NE(raw.find("Connection: close"), std::string::npos) << raw;
    EXPECT_EQ(raw.find("Server:"), std::string::npos) << raw;
}

TEST(Embedded, NonNumericContentLengthIsAServerErrorPage) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto const out = raw_exchange(server->port(), "POST /_admin/api HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n");
    EXPECT_TRUE(out.starts_with("HTTP/1.1 500")) << out;
    EXPECT_NE(out.find("text/html"), std::string::npos) << out;
}

TEST(Embedded, BodyOverTheLimitGets413AndTheAnswerArrives) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto client = client_for(*server);
    http_request req{boost::beast::http::verb::post, "/_admin/api", 11};
    req.body() = std::string(1024 * 1024 + 1, ' ');
    req.prepare_payload();
    auto r = client.send(req);
    ASSERT_TRUE(r) << client.last_error_detail();
    EXPECT_EQ(r->status, 413u);
    EXPECT_EQ(testing::parse_body(r->body).at("error"), json::value("Request body exceeds 1048576 bytes"));
}

TEST(Embedded, BodyAtTheLimitIsParsed) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto client = client_for(*server);
    std::string body = testing::call_body(admin, "test", {{"args", 1}});
    body.resize(1024 * 1024, ' ');
    auto r = client.post(body);
    ASSERT_TRUE(r) << client.last_error_detail();
    EXPECT_EQ(testing::parse_body(r->body).at("result"), json::value(1));
}

TEST(Embedded, HeadAnswersWithHeadersOnly) {
    auto server = start_server();
    ASSERT_TRUE(server);
    std::string const body = testing::call_body(admin, "test", {{"args", 1}});
    auto const out = raw_exchange(server->port(), "HEAD /_admin/api HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                                                  "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 200")) << out;
    EXPECT_NE(out.find("Content-Length: 32"), std::string::npos) << out;
    EXPECT_TRUE(out.ends_with("\r\n\r\n")) << out;
}

TEST(Embedded, ChunkedUploadHasNoContentLength) {
    auto server = start_server();
    ASSERT_TRUE(server);
    auto const out = raw_exchange(server->port(), "POST /_admin/api HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                                                  "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    EXPECT_NE(out.find(R"({"id":null,"result":null,"error":"No Content-Length in request"})"), std::string::npos)
        << out;
}

TEST(Embedded, ExpectContinueIsHonoured) {
    auto server = start_server();
    ASSERT_TRUE(server);
    std::string const body = testing::call_body(admin, "test", {{"args", 2}});
    auto const out = raw_exchange(server->port(),
                                  "POST /_admin/api HTTP/1.1\r\nHost: t\r\nConnection: close\r\nExpect: 100-continue\r\n"
                                  "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n",
                                  body);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 100 Continue\r\n\r\n")) << out;
    EXPECT_NE(out.find(R"({"id":1,"result":2,"error":null})"), std::string::npos) << out;
}

TEST(Embedded, StopClosesIdleConnectionsPromptly) {
    auto server = start_server();
    ASSERT_TRUE(server);
    net::io_context ioc;
    tcp::socket idle(ioc);
    idle.connect({net::ip::make_address("127.0.0.1"), server->port()});
    auto const t0 = std::chrono::steady_clock::now();
    server->stop();
    server->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
    char c = 0;
    boost::system::error_code ec;
    idle.read_some(net::buffer(&c, 1), ec);
    EXPECT_TRUE(ec) << "the idle connection should have been closed";
}

TEST(ParseListen, AcceptsAddressesAndPorts) {
    auto a = parse_listen("127.0.0.1:0");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "127.0.0.1");
    EXPECT_EQ(a->port, 0);
    auto b = parse_listen("[::1]:9000");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->host, "::1");
    EXPECT_EQ(b->port, 9000);
    EXPECT_EQ(parse_listen("localhost:1")->host, "127.0.0.1");
    EXPECT_FALSE(parse_listen("127.0.0.1"));
    EXPECT_FALSE(parse_listen("127.0.0.1:70000"));
    EXPECT_FALSE(parse_listen("example.org:80"));
    EXPECT_FALSE(parse_listen("127.0.0.1:8a"));
    EXPECT_EQ(base_url("::1", 80), "http://[::1]:80");
}

TEST(RunForeground, RefusesABadAddressWithExitCode2) {
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(run_foreground({.listen = "nowhere"}, out, err), 2);
    EXPECT_NE(err.str().find("invalid --listen"), std::string::npos);
    EXPECT_TRUE(out.str().empty());
}

TEST(RunForeground, WritesEnvFileServesAndStopsOnSigterm) {
    auto const dir = std::filesystem::temp_directory_path() / ("kconform-serve-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto const env = dir / "server.env";
    std::ostringstream out;
    std::ostringstream err;
    auto result = std::async(std::launch::async, [&] {
        return run_foreground({.listen = "127.0.0.1:0", .env_file = env.string()}, out, err);
    });
    for (int i = 0; i < 500 && !std::filesystem::exists(env); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(std::filesystem::exists(env)) << err.str();
    struct stat st {};
    ASSERT_EQ(::stat(env.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::ifstream in(env);
    std::map<std::string, std::string> vars;
    for (std::string line; std::getline(in, line);) {
        auto const eq = line.find('=');
        vars[line.substr(0, eq)] = line.substr(eq + 1);
    }
    EXPECT_EQ(vars["KCONFORM_ADMIN_KEY"], defaults::admin_key);
    EXPECT_EQ(vars["KCONFORM_USER_KEY"], defaults::user_key);
    EXPECT_EQ(vars["KCONFORM_USER2_KEY"], defaults::user2_key);
    auto t = parse_target(vars["KCONFORM_TARGET"]);
    ASSERT_TRUE(t) << vars["KCONFORM_TARGET"];
    http_client client(*t);
    auto r = client.post(testing::call_body(vars["KCONFORM_ADMIN_KEY"], "test", {{"args", "hi"}}));
    ASSERT_TRUE(r) << client.last_error_detail();
    EXPECT_EQ(testing::parse_body(r->body).at("result"), json::value("hi"));

    ::kill(::getpid(), SIGTERM);
    ASSERT_EQ(result.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(result.get(), 0);
    EXPECT_EQ(out.str(), "listening on " + vars["KCONFORM_TARGET"] + "\n");
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace kconform::server
