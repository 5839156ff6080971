// The subcommands of the kconform executable: each file cmd_<name>.cpp adds one subcommand to the app and forwards
// to library calls. The callback stores the process exit code in `exit_code`.
#pragma once
#include <CLI/App.hpp>

namespace kconform::cli {

/** Exit codes, documented in --help. */
enum exit_code : int {
    exit_ok = 0,        // every check passed
    exit_failed = 1,    // a check failed (or a threshold / baseline regressed)
    exit_error = 2,     // usage, spec or target error
};

void setup_run(CLI::App& app, int& exit_code);
void setup_serve(CLI::App& app, int& exit_code);
void setup_lint(CLI::App& app, int& exit_code);
void setup_call(CLI::App& app, int& exit_code);
void setup_load(CLI::App& app, int& exit_code);  // with compare and merge (cmd_compare.cpp, cmd_merge.cpp)
void setup_selftest(CLI::App& app, int& exit_code);

} // namespace kconform::cli
