// Bucket arithmetic of the log-linear histogram: index = exponent block + top 7 significant bits.
#include "load/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace kconform::load {

namespace {
constexpr std::uint64_t exact_limit = 1u << histogram::sub_bits;   // 128: values below are their own bucket
constexpr std::uint64_t half = 1u << (histogram::sub_bits - 1);    // 64 buckets per octave above
constexpr std::uint64_t clamp_ns = (std::uint64_t{1} << (histogram::max_exponent + 1)) - 1;
} // namespace

std::size_t histogram::index_of(std::uint64_t ns) noexcept {
    ns = std::min(ns, clamp_ns);
    if (ns < exact_limit) return static_cast<std::size_t>(ns);
    unsigned e = static_cast<unsigned>(std::bit_width(ns)) - 1;  // >= sub_bits
    unsigned shift = e - (sub_bits - 1);
    std::uint64_t mantissa = ns >> shift;                          // in [64, 128)
    return static_cast<std::size_t>(exact_limit + (e - sub_bits) * half + (mantissa - half));
}

std::uint64_t histogram::lowest_of(std::size_t index) noexcept {
    if (index < exact_limit) return index;
    std::uint64_t block = (index - exact_limit) / half;
    std::uint64_t mantissa = (index - exact_limit) % half + half;
    unsigned shift = static_cast<unsigned>(block) + 1;  // e - (sub_bits - 1) with e = block + sub_bits
    return mantissa << shift;
}

std::uint64_t histogram::highest_of(std::size_t index) noexcept {
    if (index < exact_limit) return index;
    unsigned shift = static_cast<unsigned>((index - exact_limit) / half) + 1;
    return lowest_of(index) + (std::uint64_t{1} << shift) - 1;
}

void histogram::record(std::chrono::nanoseconds d) noexcept {
    std::uint64_t ns = d.count() > 0 ? static_cast<std::uint64_t>(d.count()) : 0;
    ++counts_[index_of(ns)];
    ++total_;
    min_ = std::min(min_, ns);
    max_ = std::max(max_, ns);
    sum_ += ns;
}

void histogram::merge(histogram const& other) noexcept {
    for (std::size_t i = 0; i < bucket_count; ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

std::chrono::nanoseconds histogram::quantile(double q) const noexcept {
    if (total_ == 0) return std::chrono::nanoseconds(0);
    q = std::clamp(q, 0.0, 1.0);
    // The rank of the value at q, 1-based: the smallest value with at least q of the samples at or below it.
    auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total_)));
    rank = std::clamp<std::uint64_t>(rank, 1, total_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < bucket_count; ++i) {
        seen += counts_[i];
        if (seen >= rank) {
            std::uint64_t mid = lowest_of(i) + (highest_of(i) - lowest_of(i)) / 2;
            return std::chrono::nanoseconds(static_cast<std::int64_t>(std::clamp(mid, min_, max_)));
        }
    }
    return max();
}

std::chrono::nanoseconds histogram::mean() const noexcept {
    return std::chrono::nanoseconds(total_ ? static_cast<std::int64_t>(sum_ / total_) : 0);
}

bool histogram::add_bucket(std::size_t index, std::uint64_t n) noexcept {
    if (index >= bucket_count) return false;
    counts_[index] += n;
    total_ += n;
    return true;
}

void histogram::set_extremes(std::uint64_t min_ns, std::uint64_t max_ns, std::uint64_t sum_ns) noexcept {
    min_ = total_ ? min_ns : UINT64_MAX;
    max_ = max_ns;
    sum_ = sum_ns;
}

} // namespace kconform::load
