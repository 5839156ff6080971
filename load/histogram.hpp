// A log-linear latency histogram in nanoseconds: exact below 128 ns, then 64 linear buckets per power of two, so
// a value is reported within 0.8 % from 1 µs to 137 s in about 16 KiB. Mergeable exactly (counts add up).
#pragma once
#include <chrono>
#include <cstdint>
#include <vector>

namespace kconform::load {

/**
 * Fixed-size log-linear histogram (HdrHistogram's layout with 7 significant bits).
 *
 * Why not Boost.Histogram: its log-transformed regular axis uses floating-point bin edges, so two histograms
 * filled on different machines merge only when their axes compare equal, and serialising it means writing its
 * axis too. Integer bucket indices make merge and the JSON report exact and trivial, and record() is a couple
 * of shifts with no log() call on the request path.
 */
class histogram {
public:
    static constexpr unsigned sub_bits = 7;                        // 2^7 exact buckets, then 2^6 per octave
    static constexpr unsigned max_exponent = 36;                   // 2^37 ns ≈ 137 s: larger values are clamped
    static constexpr std::size_t bucket_count = (1u << sub_bits) + (max_exponent - sub_bits + 1) * (1u << (sub_bits - 1));

    histogram() : counts_(bucket_count, 0) {}

    /** Records one value (negative durations count as 0). */
    void record(std::chrono::nanoseconds d) noexcept;
    /** Adds every count of `other`; exact. */
    void merge(histogram const& other) noexcept;

    /** The value at quantile q in [0, 1] (bucket midpoint, clamped to the observed min and max); 0 when empty. */
    std::chrono::nanoseconds quantile(double q) const noexcept;
    std::uint64_t count() const noexcept { return total_; }
    std::chrono::nanoseconds min() const noexcept { return std::chrono::nanoseconds(total_ ? min_ : 0); }
    std::chrono::nanoseconds max() const noexcept { return std::chrono::nanoseconds(max_); }
    /** Arithmetic mean (exact: the sum is kept). */
    std::chrono::nanoseconds mean() const noexcept;

    /** Bucket index of a value in ns, and the range [lo, hi] of values of an index. */
    static std::size_t index_of(std::uint64_t ns) noexcept;
    static std::uint64_t lowest_of(std::size_t index) noexcept;
    static std::uint64_t highest_of(std::size_t index) noexcept;

    /** Raw access for serialisation: bucket counts and the exact aggregates. */
    std::vector<std::uint64_t> const& counts() const noexcept { return counts_; }
    std::uint64_t sum_ns() const noexcept { return sum_; }
    /** Rebuilds from serialised parts; false when an index is out of range. */
    bool add_bucket(std::size_t index, std::uint64_t n) noexcept;
    void set_extremes(std::uint64_t min_ns, std::uint64_t max_ns, std::uint64_t sum_ns) noexcept;

    friend bool operator==(histogram const&, histogram const&) = default;

private:
    std::vector<std::uint64_t> counts_;  // per bucket
    std::uint64_t total_ = 0;            // number of values
    std::uint64_t min_ = UINT64_MAX;     // smallest value, ns
    std::uint64_t max_ = 0;              // largest value, ns
    std::uint64_t sum_ = 0;              // sum of values, ns (overflows after ~584 years of latency)
};

} // namespace kconform::load
