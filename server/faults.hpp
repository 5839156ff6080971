// Fault injection for self-proof runs: named decorators over the request handler (server::handler) that break
// one documented behaviour each. Handlers never test for a fault; `kconform serve --fault NAME` and
// embedded::set_handler install the decorated handler instead.
#pragma once
#include "server/handle.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace kconform::server {

/** One named fault. */
struct fault {
    std::string_view name;         // e.g. "user-active-as-string"
    std::string_view family;       // what kind of check should catch it: "shape", "envelope", "error", "permission",
                                   // "state", "transport"
    std::string_view description;  // one line for --list-faults
    handler (*wrap)(handler inner);
};

/** Every fault, in a stable order. */
std::vector<fault> const& fault_catalog();

/** The fault called `name`; nullptr when there is none. */
fault const* find_fault(std::string_view name);

/** `inner` decorated with the fault called `name`; nullopt for an unknown name. */
std::optional<handler> with_fault(std::string_view name, handler inner = handle_http);

} // namespace kconform::server
