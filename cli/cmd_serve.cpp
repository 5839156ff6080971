// `kconform serve`: runs the reference Kallithea API server in the foreground (server/serve.hpp) until SIGINT or
// SIGTERM. Options only; the work happens in the server library.
#include "cli/commands.hpp"
#include "server/serve.hpp"

#include <CLI/App.hpp>
#include <iostream>
#include <memory>

namespace kconform::cli {

void setup_serve(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<server::serve_options>();
    CLI::App* cmd = app.add_subcommand("serve", "Run the reference Kallithea API server until SIGINT/SIGTERM");
    cmd->add_option("--listen", opts->listen, "Address to listen on, HOST:PORT (port 0 = any free port)")
        ->capture_default_str();
    cmd->add_option("--env-file", opts->env_file,
                    "Once listening, write KCONFORM_TARGET and the default users' API keys to this file (mode 0600)");
    cmd->add_option("--threads", opts->threads, "io_context threads (the store is still used by one request at a time)")
        ->check(CLI::Range(1u, 256u))
        ->capture_default_str();
    cmd->add_option("--state", opts->state_file, "Initial state from this YAML file (schema: server/README.md)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--fault", opts->fault, "Serve with this injected fault (see --list-faults)");
    cmd->add_flag("--list-faults", opts->list_faults, "List the injectable faults and the benign variants (family benign) and exit");
    cmd->callback([opts, &exit_code] { exit_code = server::run_foreground(*opts, std::cout, std::cerr); });
}

} // namespace kconform::cli
