// The reference server's transport: a Beast HTTP/1.1 acceptor and one session object per connection. It knows
// nothing about Kallithea; every complete request goes to the shared handler under one mutex.
#pragma once
#include "core/error.hpp"
#include "server/handle.hpp"
#include "server/store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kconform::server {

/** What every session shares: the store, the handler (fault decorators replace it) and the mutex serialising both. */
class app_state {
public:
    explicit app_state(store_options opts = {}) : data_(std::move(opts)) {}
    /** Serves an already built state (e.g. loaded from a state file). */
    explicit app_state(store data) : data_(std::move(data)) {}

    /** Runs the handler on one request with the store locked. */
    http_output call(http_input const& in);
    /** Runs `fn` with the store locked (fixtures, inspection). */
    template <class Fn> decltype(auto) with_store(Fn&& fn) {
        std::lock_guard<std::mutex> lock(mutex_);
        return fn(data_);
    }
    /** Replaces the handler (e.g. with a fault-injecting decorator of handle_http). */
    void set_handler(handler h);

private:
    std::mutex mutex_;                // the store is thread-compatible; one request at a time touches it
    store data_;
    handler handler_ = handle_http;
};

/** Transport limits and the address to bind. */
struct listener_options {
    std::string address = "127.0.0.1";      // IP literal to bind
    std::uint16_t port = 0;                 // 0 = ephemeral (the kernel picks)
    std::chrono::seconds io_timeout{30};    // each header/body read (including keep-alive idle time) and each write
    std::size_t body_limit = 1024 * 1024;   // bytes of request body; larger requests get 413 and a close
    std::size_t header_limit = 16 * 1024;   // bytes of request line plus headers; larger get 431 and a close
};

class session;

/**
 * Accepts connections and starts a session for each. Single-threaded use: everything runs on the io_context's
 * thread(s) through strands; stop() may be called from any thread.
 */
class listener : public std::enable_shared_from_this<listener> {
public:
    /** Opens, binds and listens synchronously, so the port is known on return; bind errors come back as values. */
    static result<std::shared_ptr<listener>> open(boost::asio::io_context& ioc, listener_options opts,
                                                  std::shared_ptr<app_state> state);

    /** Starts accepting. */
    void run();
    /** Closes the acceptor and every open connection; the io_context then runs out of work. Idempotent. */
    void stop();
    /** The bound port. */
    std::uint16_t port() const noexcept { return port_; }

private:
    listener(boost::asio::io_context& ioc, listener_options opts, std::shared_ptr<app_state> state);
    void do_accept();
    void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
    void close_all();

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;          // pause after a failed accept (e.g. out of descriptors)
    listener_options opts_;
    std::shared_ptr<app_state> state_;
    std::vector<std::weak_ptr<session>> sessions_;  // touched only on the acceptor's strand
    std::uint16_t port_ = 0;
};

} // namespace kconform::server
