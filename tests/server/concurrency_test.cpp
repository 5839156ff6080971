// The embedded server under concurrent load: several client threads over their own connections against an
// N-thread io_context. Built under ThreadSanitizer (label tsan) it proves the store is reached without races.
#include "server/embedded.hpp"

#include "core/http_client.hpp"
#include "core/target.hpp"
#include "rpc_helpers.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>

namespace kconform::server {
namespace {

namespace json = boost::json;

TEST(Concurrency, ManyClientsAgainstFourServerThreadsGetWellFormedAnswers) {
    embedded_options opts;
    opts.threads = 4;
    auto started = embedded::start(opts);
    ASSERT_TRUE(started) << started.error().message();
    auto& server = **started;
    std::atomic<int> good{0}, bad{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 6; ++t) {
        clients.emplace_back([&, t] {
            auto target = parse_target(server.url());
            if (!target) return;
            http_client client(*target);  // one keep-alive connection per client thread
            for (int i = 0; i < 40; ++i) {
                std::string const method = i % 3 == 0 ? "get_repos" : i % 3 == 1 ? "create_gist" : "get_gists";
                json::value args = json::object{};
                if (method == "create_gist") args = {{"files", {{"f", {{"content", std::to_string(i)}}}}}};
                std::string const key = t % 2 ? std::string(defaults::user_key) : std::string(defaults::admin_key);
                auto answer = client.post(testing::call_body(key, method, args, i));
                json::value v = answer ? testing::parse_body(answer->body) : json::value(nullptr);
                bool const ok = v.is_object() && v.at("id") == json::value(i) && v.at("error").is_null();
                (ok ? good : bad)++;
            }
        });
    }
    for (auto& c : clients) c.join();
    EXPECT_EQ(bad.load(), 0);
    EXPECT_EQ(good.load(), 240);
    std::size_t gists = 0;
    server.with_store([&](store& s) { gists = s.db().gists.size(); });
    EXPECT_EQ(gists, 3u + 6u * 13u);  // each client creates a gist on every third request (i = 1, 4, ..., 37)
}

} // namespace
} // namespace kconform::server
