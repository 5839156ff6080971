// Fault injection for self-proof runs: named decorators over the request handler (server::handler) that break
// one documented behaviour each. Handlers never test for a fault; `kconform serve --fault NAME` and
// embedded::set_handler install the decorated handler instead.
#pragma once
#include "server/handle.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kconform::server {

/** One named fault (or benign variant): a reviewed entry, possibly generated from a small table. */
struct fault {
    std::string name;              // e.g. "user-active-as-string"
    std::string_view family;       // what kind of check should catch it: "shape", "envelope", "error", "permission",
                                   // "state", "transport" ("benign" for variants a correct tool must accept)
    std::string description;       // one line for --list-faults
    std::function<handler(handler)> wrap;  // decorates the inner handler
};

/** Every fault, in a stable order. */
std::vector<fault> const& fault_catalog();

/** Variants of the reference behaviour that are still correct (key order, whitespace, charset...). */
std::vector<fault> const& benign_catalog();

/** The fault or benign variant called `name`; nullptr when there is none. */
fault const* find_fault(std::string_view name);

/** `inner` decorated with the fault (or benign variant) called `name`; nullopt for an unknown name. */
std::optional<handler> with_fault(std::string_view name, handler inner = handle_http);

namespace detail {
// The parts of the catalog, one per file (faults_*.cpp), appended in this order.
void add_answer_faults(std::vector<fault>& out);   // envelope, error texts, transport bodies/status
void add_shape_faults(std::vector<fault>& out);    // §D fields: dropped, retyped, null
void add_access_faults(std::vector<fault>& out);   // permissions and state
void add_wire_faults(std::vector<fault>& out);     // transport: reset, silent close, truncation, stall
void add_benign_variants(std::vector<fault>& out);
void add_wire_variants(std::vector<fault>& out);   // benign: Connection: close, HTTP/1.0, Server header
} // namespace detail

} // namespace kconform::server
