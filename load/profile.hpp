// What a load run does, as plain aggregates: the setup calls, the schedule, the weighted method mix with argument
// templates, the limits and the thresholds that decide the exit code. Loaded from load/profiles/*.yaml (the format:
// docs/load-profile.md) or built from CLI flags.
#pragma once
#include "harness/spec/loader.hpp"
#include "load/scheduler.hpp"

#include <boost/json/value.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace kconform::load {

/** How much of each response is checked. */
enum class validation { full, envelope, none };

/**
 * One method of the mix. Argument strings may hold ${seq} (the request's number in the run) and ${run} (the run
 * prefix); {"$pick": [...]}, {"$random": [lo, hi]} and {"$pick_setup": NAME} (one of the values NAME of the
 * entities setup made) vary.
 */
struct mix_entry {
    std::string method;                                // API method, e.g. "get_user"
    double weight = 1;                                 // relative share of requests (any positive number)
    boost::json::object args;                          // argument template
    std::string as = "admin";                          // whose key: admin, user or user2
    bool expect_error = false;                         // true when an error answer is the expected outcome
    std::string error;                                 // expected error text ("" = any text) when expect_error
    spec::location loc;                                // where the profile writes it
};

/**
 * A call made `count` times before the load (load/setup.hpp): the harness's setup step (call, as, args, save, undo
 * as in specs/ and cases/), its strings expanded with ${run} (the run prefix, which every entity name must carry)
 * and ${i} (0 … count-1). Each success records its undo; everything is undone after the load, last first.
 */
struct setup_step {
    spec::step call;     // method, key, args, save and undo (taken from specs/ when not written)
    unsigned count = 1;  // how many entities
};

/** {"$pick_setup": NAME} → NAME; nullopt for any other object. */
std::optional<std::string> setup_pick(boost::json::object const& o);
/** The NAMEs of every $pick_setup in an argument template; "" for one whose NAME is not a string. */
std::vector<std::string> setup_picks(boost::json::value const& args);

/**
 * A gate on the merged summary, e.g. "p99 < 20ms", "error_rate < 0.1%", "rps > 10000"; prefixed with a method
 * name and a dot it gates that method's part of the summary only: "get_user.p99 < 10ms".
 */
struct threshold {
    enum class metric { p50, p90, p99, p999, p9999, max, mean, error_rate, rps } what = metric::p99;
    bool less = true;      // true: the value must be < limit; false: > limit
    double limit = 0;      // nanoseconds for latencies, a fraction (0.001 = 0.1 %) for error_rate, req/s for rps
    std::string text;      // as written, for the breach message
    std::string method;    // the method whose requests it gates; "" = all requests
};

/** Parses "p99 < 20ms", "get_user.p99 < 10ms" and friends; `why` receives the problem on failure. */
std::optional<threshold> parse_threshold(std::string_view text, std::string* why = nullptr);

/** A whole load run. Modes are derived by predicates, never re-derived at call sites (style rule 11). */
struct load_profile {
    std::string name = "quick";                          // for reports
    std::vector<stage> stages;                           // open-loop schedule; empty = closed loop
    std::chrono::nanoseconds duration{std::chrono::seconds(10)};  // main phase of a closed-loop run
    std::chrono::nanoseconds warmup{0};                  // unrecorded phase before the main one
    std::chrono::milliseconds timeout{std::chrono::seconds(5)};   // per request: write and read, each
    std::chrono::milliseconds late_after{1};             // a send this much behind its planned time is "late"
    unsigned connections = 16;                           // TCP connections over all workers
    unsigned threads = 1;                                // workers (one io_context + thread each)
    validation validate = validation::full;              // response checking depth
    std::uint64_t seed = 1;                              // seed of $random and $pick and of the mix choice
    std::vector<setup_step> setup;                       // calls before the load, undone after it
    std::vector<mix_entry> mix;                          // at least one method
    std::vector<threshold> thresholds;                   // exit 1 when one is breached

    bool is_rate_mode() const noexcept { return !stages.empty(); }
    /** The main phase's length: the stages' total in rate mode, `duration` otherwise. */
    std::chrono::nanoseconds main_duration() const noexcept;
};

/** Why a threshold does not fit a profile (it names a method the mix does not send), or nullopt. */
std::optional<std::string> threshold_problem(threshold const& t, load_profile const& p);

/** Validates a profile built from flags or YAML; one message per problem. */
std::vector<std::string> validate_profile(load_profile const& p, spec::spec_set const* specs);

/** Reads a profile file; every problem is reported as file:line:col. */
struct profile_result {
    load_profile profile;
    std::vector<spec::load_error> errors;
};
profile_result load_profile_file(std::filesystem::path const& file);

/** Parses "2s", "500ms", "1m", "250us"; nullopt when malformed. */
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);

} // namespace kconform::load
