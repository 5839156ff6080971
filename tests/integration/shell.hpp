// Running a command through the shell from integration tests: output and exit code, every run bounded by
// `timeout` so that a hang fails the test instead of CI.
#pragma once
#include <array>
#include <cstdio>
#include <fmt/format.h>
#include <string>
#include <sys/wait.h>

namespace kconform::testing_shell {

struct outcome {
    int code = -1;
    std::string output;  // stdout and stderr together
};

/** Runs `command` (with `env` assignments in front) and collects its output; code -1 when it did not exit. */
inline outcome run_command(std::string const& command, std::string const& env = "") {
    outcome o;
    FILE* pipe = popen(fmt::format("{} timeout 120 {} 2>&1", env, command).c_str(), "r");
    if (!pipe) return o;
    std::array<char, 4096> buf{};
    while (auto n = fread(buf.data(), 1, buf.size(), pipe)) o.output.append(buf.data(), n);
    int status = pclose(pipe);
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
}

} // namespace kconform::testing_shell
