// kconform's entry point: global options, the subcommands, and the exit-code policy. The only try/catch of the
// program is here, for programmer errors; expected failures travel as values and exit codes.
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    CLI::App app{"kconform: conformance and load testing for the Kallithea JSON-RPC API"};
    app.set_version_flag("--version", std::string("kconform ") + KCONFORM_VERSION);
    app.require_subcommand(1);
    app.footer("Exit codes:\n  0  every check passed\n  1  a check failed\n  2  usage, spec or target error");
    int exit_code = kconform::cli::exit_ok;
    kconform::cli::setup_run(app, exit_code);
    kconform::cli::setup_serve(app, exit_code);
    kconform::cli::setup_lint(app, exit_code);
    kconform::cli::setup_call(app, exit_code);
    kconform::cli::setup_load(app, exit_code);
    kconform::cli::setup_selftest(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : kconform::cli::exit_error;  // --help and --version exit 0; any misuse is a usage error
    } catch (std::exception const& e) {
        std::fprintf(stderr, "kconform: internal error: %s\n", e.what());
        return kconform::cli::exit_error;
    }
    return exit_code;
}
