// The open-loop schedule: the planned send time of the k-th request of a run, from a list of stages (constant
// rate or linear ramp), after a warm-up at the first stage's rate. Latency is measured from these times (wrk2).
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace kconform::load {

/** Which part of a run a moment belongs to; only `main` is recorded. */
enum class phase { warm_up, main, drain };

/** One stage of a rate schedule. */
struct stage {
    double rate = 0;                             // requests per second at the stage's start
    double ramp_to = -1;                         // requests per second at its end; < 0 = constant `rate`
    std::chrono::nanoseconds duration{0};        // length of the stage
    bool is_ramp() const noexcept { return ramp_to >= 0; }
    double end_rate() const noexcept { return is_ramp() ? ramp_to : rate; }
};

/**
 * Planned send times, as offsets from the start of the run. Pure arithmetic: no clock, no I/O, so the same
 * object can be asked for any k from one worker thread.
 */
class scheduler {
public:
    /** `stages` follow a warm-up of `warmup` at the first stage's rate. */
    scheduler(std::vector<stage> stages, std::chrono::nanoseconds warmup);

    /** The offset at which request k (0-based) is due; nullopt when the schedule ends before it. */
    std::optional<std::chrono::nanoseconds> planned(std::uint64_t k) const noexcept;
    /** The phase of an offset from the start. */
    phase phase_at(std::chrono::nanoseconds t) const noexcept;
    /** Requests planned in the whole schedule (warm-up included): request k exists for every k below it. */
    std::uint64_t total_requests() const noexcept;
    std::chrono::nanoseconds warmup() const noexcept { return warmup_; }
    /** Warm-up plus every stage. */
    std::chrono::nanoseconds end() const noexcept { return end_; }

private:
    struct segment {
        std::chrono::nanoseconds start;  // offset of the segment's start
        double first;                    // requests planned before it (fractional)
        stage s;
    };
    std::vector<segment> segments_;
    std::chrono::nanoseconds warmup_;
    std::chrono::nanoseconds end_{0};
    double total_ = 0;  // requests over the whole schedule (fractional)
};

/** Splits `total` into `parts` shares whose sum is exactly `total`: the first total % parts shares get one more. */
std::vector<std::uint64_t> split_evenly(std::uint64_t total, std::uint64_t parts);

} // namespace kconform::load
