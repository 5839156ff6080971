// The reference server run in-process on a background thread: the default target of `kconform run` and the
// server of integration tests. Listens on 127.0.0.1, port 0 by default (the kernel picks a free port).
#pragma once
#include "core/error.hpp"
#include "server/handle.hpp"
#include "server/store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace kconform::server {

/** API keys of the built-in users of the default state. */
struct default_keys {
    std::string admin;  // key of the admin user
    std::string user;   // key of the first regular user
    std::string user2;  // key of the second regular user
    std::string default_user;  // key of the built-in `default` user (always refused as an API key)
};

/** Options for an embedded server. */
struct embedded_options {
    std::string address = "127.0.0.1";  // listen address
    std::uint16_t port = 0;             // listen port; 0 = ephemeral
    unsigned threads = 1;               // io_context threads (requests still take the store one at a time)
};

/** A running reference server; stops (and joins its thread) on destruction. */
class embedded {
public:
    /** Starts listening before it returns; fails with the bind/listen error. */
    static result<std::unique_ptr<embedded>> start(embedded_options const& opts = {});
    /** The same, serving `initial` instead of the default state. */
    static result<std::unique_ptr<embedded>> start(embedded_options const& opts, store initial);
    virtual ~embedded() = default;

    /** The bound port (never 0 once started). */
    virtual std::uint16_t port() const noexcept = 0;
    /** "http://127.0.0.1:PORT" */
    virtual std::string url() const = 0;
    /** The keys of the default state's users. */
    virtual default_keys const& keys() const noexcept = 0;
    /** Stops accepting, closes connections, joins the thread. Idempotent. */
    virtual void stop() noexcept = 0;

    /** Runs `fn` on the server's state under the request mutex (fixtures: whitelists, extra keys, inspection). */
    virtual void with_store(std::function<void(store&)> const& fn) = 0;
    /** Replaces the request handler, e.g. with a fault-injecting decorator of handle_http. */
    virtual void set_handler(handler h) = 0;
};

} // namespace kconform::server
