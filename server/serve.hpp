// `kconform serve`: the reference server in the foreground until SIGINT/SIGTERM, optionally announcing its URL and
// the default users' keys in a shell-sourceable env file. cli/cmd_serve.cpp only forwards here.
#pragma once
#include "core/error.hpp"
#include "server/embedded.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace kconform::server {

/** Options of `kconform serve`. */
struct serve_options {
    std::string listen = "127.0.0.1:8080";  // HOST:PORT, HOST an IP literal or "localhost" ("[::1]:PORT" for IPv6);
                                            // port 0 = ephemeral
    std::string env_file{};                 // written once listening (mode 0600); "" = none
    unsigned threads = 1;                   // io_context threads; requests still take the store one at a time
    std::string state_file{};               // YAML initial state (server/README.md); "" = the default state
    std::string fault{};                    // fault-injection decorator name (server/faults.hpp); "" = none
    bool list_faults = false;               // print the fault catalogue and exit 0
};

/** A parsed --listen value. */
struct listen_address {
    std::string host{};      // IP literal, without brackets
    std::uint16_t port = 0;  // 0 = ephemeral
};

/** Parses "127.0.0.1:8080", "localhost:0", "[::1]:9000"; invalid_argument otherwise. */
result<listen_address> parse_listen(std::string_view text);

/** "http://host:port", with brackets around an IPv6 host. */
std::string base_url(std::string_view host, std::uint16_t port);

/**
 * Writes KCONFORM_TARGET, KCONFORM_ADMIN_KEY, KCONFORM_USER_KEY and KCONFORM_USER2_KEY lines to `path`, atomically
 * (a temporary file in the same directory, mode 0600, renamed over the target).
 */
boost::system::error_code write_env_file(std::string const& path, std::string_view url, default_keys const& keys);

/**
 * Serves on the calling thread plus threads-1 more until SIGINT or SIGTERM, then stops gracefully.
 * Prints "listening on <url>" to `out` (flushed) once bound. Returns 0 after a graceful stop, 2 when the address
 * is invalid, cannot be bound, the state file is malformed (every problem as file:line:col), the fault is
 * unknown, or the env file cannot be written (the reason goes to `err`).
 */
int run_foreground(serve_options const& opts, std::ostream& out, std::ostream& err);

} // namespace kconform::server
