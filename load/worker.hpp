// One load worker: an io_context on its own thread, its connections (session objects), its counters and
// histograms. Nothing is shared with other workers while it runs (style rule 9); the engine merges after join.
#pragma once
#include "core/clock.hpp"
#include "load/scheduler.hpp"
#include "load/summary.hpp"
#include "load/validate.hpp"

#include <atomic>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <optional>
#include <random>

namespace kconform::load {

/** One method of the mix as a worker sends it: fixed parts prepared once, read-only during the run. */
struct prepared_method {
    std::string method;                  // API method
    std::string api_key;                 // key of the entry's role
    boost::json::object args;            // argument template
    bool is_static = true;               // no ${seq}, $pick or $random: the body is encoded once
    std::string static_body;             // the encoded request when is_static
    double cumulative_weight = 0;        // upper bound of the entry's share in [0, total weight)
    expectation expect;                  // what its responses must look like
};

/** Everything a worker needs; the pointed-to data is immutable while workers run. */
struct worker_config {
    unsigned index = 0;                                    // worker number within this process
    std::string host_header;                               // Host header value
    std::string path;                                      // endpoint path, e.g. /_admin/api
    boost::asio::ip::tcp::resolver::results_type endpoints;  // resolved once by the engine
    std::vector<prepared_method> const* mix = nullptr;    // the mix (shared, read-only)
    check::shape_table const* shapes = nullptr;           // named shapes (shared, read-only)
    unsigned connections = 1;                              // this worker's connections
    std::optional<scheduler> schedule;                     // open loop: the whole run's; nullopt = closed loop
    std::chrono::nanoseconds warmup{0};                    // closed loop: unrecorded lead-in
    std::chrono::nanoseconds main_duration{0};             // closed loop: recorded part
    std::chrono::milliseconds timeout{5000};               // per connect, write and read
    std::chrono::milliseconds late_after{1};               // lateness that counts as a late send
    validation validate = validation::full;                // response checking depth
    std::uint64_t seed = 1;                                // RNG seed (already mixed with the worker index)
    std::uint64_t seq_offset = 0;                          // request k of this worker is request
    std::uint64_t seq_stride = 1;                          //   seq_offset + k * seq_stride of the run (and ${seq})
    std::size_t body_limit = 8 * 1024 * 1024;              // bytes of response body accepted
};

/** What a worker measured (main phase only). */
struct worker_result {
    std::vector<method_stats> per_method;  // indexed like the mix
    std::uint64_t late_sends = 0;
    std::uint64_t dropped_sends = 0;
};

class session;

/**
 * The worker's timers run on the io_context's own executor type: any_io_executor's type erasure (a copy and a destroy
 * per operation) showed in the client's profile at wrk's rates.
 */
using worker_timer = boost::asio::basic_waitable_timer<steady, boost::asio::wait_traits<steady>,
                                                       boost::asio::io_context::executor_type>;

/** A worker: construct, run() on its own thread, then read result(). */
class worker {
public:
    explicit worker(worker_config cfg);
    ~worker();
    worker(worker const&) = delete;
    worker& operator=(worker const&) = delete;

    /** Runs every connection until the schedule ends and the drain finishes; blocks the calling thread. */
    void run(steady::time_point start);
    worker_result const& result() const noexcept { return result_; }
    /** Thread-safe: from now on no request is sent; requests in flight finish (or time out) and run() returns. */
    void stop();
    /** Completed requests as of the last once-a-second publication (for the progress line; not exact). */
    std::uint64_t published_count() const noexcept { return published_.load(std::memory_order_relaxed); }

private:
    friend class session;

/**
 * The worker's timers run on the io_context's own executor type: any_io_executor's type erasure (a copy and a destroy
 * per operation) showed in the client's profile at wrk's rates.
 */
using worker_timer = boost::asio::basic_waitable_timer<steady, boost::asio::wait_traits<steady>,
                                                       boost::asio::io_context::executor_type>;
    struct next_request {
        std::size_t entry;                   // index into the mix
        steady::time_point planned;          // intended send time
        phase when;                          // phase of the planned time
        std::string body;                    // encoded JSON-RPC request; empty for a static entry (its static_body)
    };
    /** The next request to send as of `now`, or nullopt when this worker's schedule is over. */
    std::optional<next_request> take(steady::time_point now);
    /** Counts a finished request (sent == {}: never sent); returns the clock read for it. */
    steady::time_point record(next_request const& r, steady::time_point sent, outcome o);
    void sweep();
    /** Appends the request head for a body of body_size bytes. */
    void render_head(std::string& out, std::size_t body_size) const;
    void on_session_done();

    worker_config cfg_;
    // Sockets and timers are used on the worker's thread only (stop() posts), so the reactor's per-descriptor locks
    // are dropped; posting from other threads stays safe (the scheduler keeps its lock).
    boost::asio::io_context ioc_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
    std::vector<std::unique_ptr<session>> sessions_;  // handlers hold raw pointers: they all end before run() does
    std::vector<std::string> static_requests_;           // per mix entry: the whole request when static, else ""
    std::mt19937_64 rng_;
    simdjson::dom::parser parser_;
    steady::time_point start_{};
    std::uint64_t next_k_ = 0;               // next request number k of this worker (see seq_offset)
    std::uint64_t done_ = 0;                 // completed requests, all phases
    unsigned active_ = 0;                    // sessions still taking requests
    bool stopping_ = false;                  // set by stop(), on the worker's thread
    worker_result result_;
    std::atomic<std::uint64_t> published_{0};  // written about once a second by the sweep, not per request
    std::unique_ptr<worker_timer> sweep_timer_;  // deadlines of the sessions' operations, progress publication
    steady::time_point next_publish_{};
};

} // namespace kconform::load
