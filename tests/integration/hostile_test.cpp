// Hostile servers: test doubles on 127.0.0.1:0 that answer with garbage, lies about lengths, odd chunking, huge
// bodies, drips, stalls, resets and hostile JSON. core::http_client plus the response decoder must turn each into
// an error value (the failed check's evidence) within the client's timeouts: never a crash, never a hang.
#include "core/jsonrpc.hpp"
#include "tests/integration/hostile.hpp"

#include <gtest/gtest.h>

namespace kconform {
namespace {
using namespace hostile;

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
