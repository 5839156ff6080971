// Options shared by subcommands that talk to a target: where it is, which keys, which specs.
#pragma once
#include "harness/case/check_case.hpp"
#include "harness/case/loader.hpp"
#include "harness/case/session.hpp"

#include <CLI/App.hpp>
#include <optional>
#include <string>

namespace kconform::cli {

/** --target, --keys-file and --specs, with their environment fallbacks. */
struct target_options {
    std::string target;     // URL; "" = start the embedded reference server
    std::string keys_file;  // KEY=VALUE lines (as written by `kconform serve --env-file`)
    std::string specs_dir;  // specs directory; "" = the shipped specs/
    std::string cases_dir;  // cases directory; "" = the shipped cases/
};

/** Specs, cases and the checks generated from them, with every load error as "file:line:col: message". */
struct contract {
    spec::spec_set specs;
    harness::case_set cases;
    std::vector<harness::check_case> checks;
    std::vector<std::string> errors;
};

/** Loads specs and cases of the options (or the shipped ones) and generates the checks. */
contract load_contract(target_options const& o);

/** Adds the options to a subcommand. */
void add_target_options(CLI::App& sub, target_options& o);

/** The keys and target from environment variables and the keys file (file values win). Sets `error` on failure. */
std::optional<harness::role_keys> resolve_keys(target_options& o, std::string& error);

} // namespace kconform::cli
