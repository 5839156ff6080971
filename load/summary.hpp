// The result of a load run: per-method outcome counts and two latency histograms (corrected from the planned
// send, uncorrected from the actual send), merged exactly across workers, runs and shards; JSON in and out.
#pragma once
#include "core/error.hpp"
#include "load/histogram.hpp"
#include "load/profile.hpp"

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

namespace kconform::load {

/** How one request ended. */
enum class outcome { ok, expected_error, unexpected_error, invalid_response, transport_error, timeout };
inline constexpr std::size_t outcome_count = 6;
std::string_view name_of(outcome o);

/** Counts and latencies of one method (or of all). */
struct method_stats {
    std::array<std::uint64_t, outcome_count> counts{};  // requests per outcome
    histogram corrected;                                // done - planned send, ns
    histogram uncorrected;                              // done - actual send, ns

    std::uint64_t total() const noexcept;
    std::uint64_t errors() const noexcept;              // everything but ok and expected_error
    void merge(method_stats const& o);
    friend bool operator==(method_stats const&, method_stats const&) = default;
};

/** What the host was, so that comparisons across machines can be flagged. */
struct host_fingerprint {
    std::string hostname;   // uname nodename
    std::string cpu;        // /proc/cpuinfo model name
    unsigned cpus = 0;      // online CPUs
    std::string kernel;     // uname release
    friend bool operator==(host_fingerprint const&, host_fingerprint const&) = default;
};
host_fingerprint this_host();

/** A whole run (or the exact merge of shards of one run). */
struct load_summary {
    std::string profile;                           // profile name
    std::string mode;                              // "open" or "closed"
    double rate = 0;                               // planned requests per second of the first stage (open loop)
    unsigned connections = 0;                      // over all workers and shards
    unsigned threads = 0;                          // workers over all shards
    std::string validate;                          // full, envelope or none
    std::chrono::nanoseconds duration{0};          // main phase length (shards run concurrently: the max)
    std::uint64_t late_sends = 0;                  // main-phase sends later than late_after behind plan
    std::uint64_t dropped_sends = 0;               // planned sends skipped: more than a timeout behind plan
    unsigned shards = 1;                           // how many shard summaries were merged into this one
    std::vector<threshold> thresholds;             // the run's gates, kept in reports so that merges decide them
    host_fingerprint host;
    std::map<std::string, method_stats> methods;   // by method name
    method_stats total;                            // all methods

    /** Main-phase completed requests per second. */
    double rps() const noexcept;
    /** Errors (not ok, not expected) plus dropped sends, over requests plus dropped sends. */
    double error_rate() const noexcept;
    /** Adds a concurrent shard of the same run: counts and histograms add, duration is the max, thresholds unite. */
    void merge_shard(load_summary const& o);
};

/**
 * The value of a threshold's metric (ns, fraction or req/s) over its method's requests or all of them; nullopt when
 * its method recorded no request (a gate that cannot be decided counts as breached).
 */
std::optional<double> metric_value(load_summary const& s, threshold const& t);
/** Breached thresholds, each as "p99 < 20ms: breached (p99 = 31.2 ms)" or "get_user.p99 < 1ms: breached (…)". */
std::vector<std::string> breached(load_summary const& s, std::vector<threshold> const& thresholds);

/** Adds the thresholds of `more` that `to` does not hold yet (compared by text). */
void add_thresholds(std::vector<threshold>& to, std::vector<threshold> const& more);

/**
 * What fails a run, one line each: "THRESHOLD <breach>" for each breached threshold, "INVALID …" when responses
 * broke the contract, "NO ANSWER …" when requests were sent and none got a valid answer. Empty when the run passes.
 */
std::vector<std::string> gate(load_summary const& s, std::vector<threshold> const& thresholds);

/** The summary as JSON (histograms as sparse [index, count] pairs, so files merge exactly). */
boost::json::value to_json(load_summary const& s);
/** Reads what to_json wrote; errc::malformed_json with `why` on any mismatch. */
result<load_summary> summary_from_json(boost::json::value const& v, std::string* why = nullptr);

/** A report file: {"kconform_load": 1, "runs": [summary...]}; several runs of one configuration. */
boost::json::value runs_to_json(std::vector<load_summary> const& runs);
result<std::vector<load_summary>> read_runs_file(std::string const& path, std::string* why = nullptr);

} // namespace kconform::load
