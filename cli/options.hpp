// Options shared by subcommands that talk to a target: where it is, which keys, which specs.
#pragma once
#include "harness/case/session.hpp"

#include <CLI/App.hpp>
#include <optional>
#include <string>

namespace kconform::cli {

/** --target, --keys-file and --specs, with their environment fallbacks. */
struct target_options {
    std::string target;     // URL; "" = start the embedded reference server
    std::string keys_file;  // KEY=VALUE lines (as written by `kconform serve --env-file`)
    std::string specs_dir;  // specs directory
};

/** Adds the options to a subcommand. */
void add_target_options(CLI::App& sub, target_options& o);

/** The keys and target from environment variables and the keys file (file values win). Sets `error` on failure. */
std::optional<harness::role_keys> resolve_keys(target_options& o, std::string& error);

} // namespace kconform::cli
