// Loading the reference server's initial state from a YAML state file (schema in server/README.md). Every
// problem is collected with its location, "file:line:col: what is wrong", and the server does not start.
#pragma once
#include "server/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kconform::server {

/** A loaded state, or every problem found. */
struct state_load {
    std::optional<store> loaded;      // set when `errors` is empty
    std::vector<std::string> errors;  // "file:line:col: message", 1-based
};

/** Reads `path`; `opts` supplies what the file leaves out (the file's clock/base_time/canonical_url win). */
state_load load_state_file(std::string const& path, store_options opts = {});

/** The same from YAML text; `name` is used in messages. */
state_load load_state_text(std::string const& text, std::string const& name, store_options opts = {});

} // namespace kconform::server
