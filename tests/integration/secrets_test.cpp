// Secrets: with known API keys, every output of the real binary (console, verbose, JUnit, JSON, `call`) and every
// file it writes is searched for the keys. The server echoes each request's body into its error text, so the keys
// also come back inside responses, the evidence most likely to leak them.
#include "server/embedded.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace kconform {
namespace {

std::string run(std::string const& command) {
    std::string output;
    FILE* pipe = popen(fmt::format("timeout 120 {} 2>&1", command).c_str(), "r");
    if (!pipe) return output;
    std::array<char, 4096> buf{};
    while (auto n = fread(buf.data(), 1, buf.size(), pipe)) output.append(buf.data(), n);
    pclose(pipe);
    return output;
}

std::string slurp(std::filesystem::path const& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Failed answers carry the whole request (api_key included) in their error text.
server::handler echoing_errors() {
    return [](server::http_input const& in, server::store& s) {
        server::http_output out = server::handle_http(in, s);
        auto const pos = out.body.find("\"error\":\"");
        if (pos != std::string::npos) {
            std::string echoed;
            for (char c : in.body) echoed += c == '"' ? '\'' : c;
            out.body.insert(pos + 9, echoed + " ");
        }
        return out;
    };
}

TEST(Secrets, NoKeyInAnyReportFormatOrFile) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    (*s)->set_handler(echoing_errors());
    auto const& k = (*s)->keys();
    auto const dir = std::filesystem::temp_directory_path() / fmt::format("kconform-secrets-{}", ::getpid());
    std::filesystem::create_directories(dir);
    std::string const env = fmt::format("env KCONFORM_ADMIN_KEY={} KCONFORM_USER_KEY={} KCONFORM_USER2_KEY={} "
                                        "KCONFORM_DEFAULT_KEY={} KCONFORM_TARGET={}",
                                        k.admin, k.user, k.user2, k.default_user, (*s)->url());
    std::vector<std::string> outputs{
        run(fmt::format("{} {} run -j 2", env, KCONFORM_BIN)),
        run(fmt::format("{} {} run -v --filter 'users/*' --report junit:{}/r.xml --report json:{}/r.json", env,
                        KCONFORM_BIN, dir.string(), dir.string())),
    };
    for (char const* as : {"admin", "user", "user2"}) {
        outputs.push_back(run(fmt::format("{} {} call get_user --as {}", env, KCONFORM_BIN, as)));
        outputs.push_back(run(fmt::format("{} {} call get_user userid=999999 --as {}", env, KCONFORM_BIN, as)));
    }
    for (auto const& entry : std::filesystem::directory_iterator(dir)) outputs.push_back(slurp(entry.path()));
    ASSERT_GE(outputs.size(), 10u) << "both report files were written";
    EXPECT_NE(outputs[0].find("FAIL"), std::string::npos) << "the echoing server must produce failures with evidence";
    // The echoed keys reached the output, redacted: the search below looks where keys really were.
    EXPECT_NE(outputs[0].find("$KCONFORM_USER_KEY"), std::string::npos) << outputs[0].substr(0, 2000);
    for (std::string const& key : {k.admin, k.user, k.user2, k.default_user}) {
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            auto const at = outputs[i].find(key);
            EXPECT_EQ(at, std::string::npos) << "output " << i << " leaks a key: "
                                             << outputs[i].substr(at > 200 ? at - 200 : 0, 400);
        }
    }
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace kconform
