// Interrupts: SIGINT in the middle of a run against a slowed-down server finishes the current checks, cleans up and
// leaves nothing of the run on the target; a second SIGINT exits at once naming what may be left.
#include "core/http_client.hpp"
#include "core/jsonrpc.hpp"
#include "server/embedded.hpp"
#include "server/handle.hpp"

#include <array>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace kconform {
namespace {

using namespace std::chrono_literals;

// A child kconform process whose output goes to a file, so the test can signal it while it runs.
struct child {
    pid_t pid = -1;
    std::string log;

    int wait_exit(std::chrono::seconds limit) {
        auto deadline = std::chrono::steady_clock::now() + limit;
        int status = 0;
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                return -1;
            }
            std::this_thread::sleep_for(10ms);
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::string output() const {
        std::string text;
        if (FILE* f = fopen(log.c_str(), "r")) {
            std::array<char, 4096> buf{};
            while (auto n = fread(buf.data(), 1, buf.size(), f)) text.append(buf.data(), n);
            fclose(f);
        }
        return text;
    }
};

child spawn_run(server::embedded const& s, std::string const& prefix) {
    child c;
    c.log = testing::TempDir() + "kconform-signal-" + prefix + ".log";
    std::vector<std::string> args = {KCONFORM_BIN, "run", "--target", s.url(), "--run-prefix", prefix, "-j", "2"};
    std::vector<std::string> env = {"KCONFORM_ADMIN_KEY=" + s.keys().admin, "KCONFORM_USER_KEY=" + s.keys().user,
                                    "KCONFORM_USER2_KEY=" + s.keys().user2};
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, c.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn(&c.pid, KCONFORM_BIN, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    return c;
}

// Every listing the API has, searched for names carrying the run's prefix.
std::vector<std::string> leftovers(server::embedded const& s, std::string const& prefix) {
    auto t = parse_target(s.url());
    http_client client(*t);
    std::vector<std::string> found;
    simdjson::dom::parser parser;
    for (auto [method, key] : {std::pair{"get_users", "username"}, {"get_user_groups", "group_name"},
                               {"get_repos", "repo_name"}, {"get_repo_groups", "group_name"}}) {
        jsonrpc::request req;
        req.api_key = s.keys().admin;
        req.method = method;
        auto res = client.post(jsonrpc::encode(req));
        if (!res) return {"listing failed"};
        auto body = jsonrpc::parse(parser, res->body);
        simdjson::dom::array items;
        if (!body || body->root["result"].get(items)) return {std::string(method) + " failed"};
        for (auto item : items) {
            std::string_view name;
            if (!item[key].get(name) && name.find(prefix) != std::string_view::npos) found.emplace_back(name);
        }
    }
    return found;
}

// Slows every request down by `each` so that a run lasts long enough to be interrupted in its middle.
void slow_down(server::embedded& s, std::chrono::milliseconds each = 5ms) {
    s.set_handler([each](server::http_input const& in, server::store& st) {
        std::this_thread::sleep_for(each);
        return server::handle_http(in, st);
    });
}

TEST(Interrupt, FirstSigintCleansUpAndLeavesNothing) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    slow_down(**s);
    auto c = spawn_run(**s, "kcsigone");
    ASSERT_GT(c.pid, 0);
    std::this_thread::sleep_for(1500ms);  // well inside a run of several thousand slowed requests
    kill(c.pid, SIGINT);
    int code = c.wait_exit(60s);
    auto out = c.output();
    EXPECT_EQ(code, 2) << out;
    EXPECT_NE(out.find("Interrupted"), std::string::npos) << out;
    EXPECT_TRUE(leftovers(**s, "kcsigone").empty()) << out;
}

// The oracle of the test above can see residue, and so does the run itself: a server that refuses every deletion
// keeps what the run created; the run reports it and fails, and the listings find it.
TEST(Interrupt, RefusedDeletesLeaveResidueThatRunAndOracleSee) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    (*s)->set_handler([](server::http_input const& in, server::store& st) {
        if (in.body.find("\"method\":\"delete_") == std::string::npos) return server::handle_http(in, st);
        server::http_output out;
        out.body = R"({"id":1,"result":null,"error":"Internal server error"})";
        return out;
    });
    auto c = spawn_run(**s, "kcnodel");
    ASSERT_GT(c.pid, 0);
    int code = c.wait_exit(60s);
    auto out = c.output();
    EXPECT_EQ(code, 1) << out.substr(0, 2000);
    EXPECT_NE(out.find("Left on the target (cleanup failed):"), std::string::npos);
    EXPECT_NE(out.find("FAIL suite/residue"), std::string::npos);
    EXPECT_FALSE(leftovers(**s, "kcnodel").empty());
}

TEST(Interrupt, SecondSigintExitsAtOnceNamingThePrefix) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    slow_down(**s, 100ms);  // the units still running after the first signal take long enough for the second
    auto c = spawn_run(**s, "kcsigtwo");
    ASSERT_GT(c.pid, 0);
    std::this_thread::sleep_for(3000ms);  // past prepare() (~10 slowed requests) even on a loaded machine
    kill(c.pid, SIGINT);
    std::this_thread::sleep_for(20ms);
    kill(c.pid, SIGINT);
    int code = c.wait_exit(5s);
    auto out = c.output();
    EXPECT_EQ(code, 130) << out;
    EXPECT_NE(out.find("interrupted twice"), std::string::npos) << out;
    EXPECT_NE(out.find("kcsigtwo"), std::string::npos) << out;
}

} // namespace
} // namespace kconform
