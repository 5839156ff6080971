// The load engine: prepares the mix, splits connections and rate over shards and workers (remainders handed out
// explicitly), runs one thread per worker, joins and merges everything into a load_summary (h2load's shape).
#pragma once
#include "core/clock.hpp"
#include "core/target.hpp"
#include "harness/spec/model.hpp"
#include "load/profile.hpp"
#include "load/summary.hpp"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kconform::load {

/** API keys by role, as `kconform run` resolves them. */
struct role_keys {
    std::string admin;  // key of the admin user
    std::string user;   // key of a regular user
    std::string user2;  // key of a second regular user
};

/** This process's part of a sharded run: shard `index` of `count` (0-based). */
struct shard {
    unsigned index = 0;  // 0 .. count-1
    unsigned count = 1;  // processes that together make one run
};

/** Parses "i/N" (0 <= i < N); nullopt when malformed. */
std::optional<shard> parse_shard(std::string_view text);

/** How the engine reports progress: called about once a second with completed requests and elapsed time. */
using progress_fn = std::function<void(std::uint64_t done, std::chrono::nanoseconds elapsed)>;

/** The inputs of one run besides the profile. */
struct engine_options {
    target where;                         // the server under test
    role_keys keys;                       // keys by role
    spec::spec_set const* specs = nullptr;  // result shapes for full validation; nullptr = envelope only
    shard part;                           // this process's shard
    progress_fn progress;                 // optional live progress
    std::atomic<bool> const* stop = nullptr;  // set (by a signal handler): stop sending, finish what is in flight
};

/**
 * Connections and requests of one worker of this shard; exposed for the arithmetic tests. Requests are not split
 * by rate but by index: the whole run's schedule numbers its requests 0, 1, 2…, and the worker sends those with
 * index seq_offset + k × seq_stride (k = 0, 1…). Over all shards and workers every index is sent exactly once, so N
 * shards together send exactly one run's requests, at its planned times, even when rate × duration does not
 * divide by N; the index is also the request's ${seq}.
 */
struct worker_share {
    unsigned connections = 0;            // this worker's connections
    std::uint64_t seq_offset = 0;        // its first request index (and ${seq})
    std::uint64_t seq_stride = 1;        // distance between its request indices
};
std::vector<worker_share> split_work(load_profile const& p, shard part);
/** Why this shard cannot run the profile (fewer connections than threads after the split), or nullopt. */
std::optional<std::string> shard_problem(load_profile const& p, shard part);

/**
 * When the engine's watcher (stop flag, progress line) wakes next: the end, the next progress line when there is one
 * and it lies ahead, at most 50 ms from now. Always after now while now < end, so the watcher never spins.
 */
steady::time_point watch_wake(steady::time_point now, steady::time_point end,
                              std::optional<steady::time_point> next_progress);

/**
 * Runs a profile and returns the merged summary; errors (resolution, bad profile) come back as messages. When
 * *opts.stop is set the run ends early: its summary covers the main phase up to then.
 */
result<load_summary> run_load(load_profile const& p, engine_options const& opts, std::string* why = nullptr);

} // namespace kconform::load
