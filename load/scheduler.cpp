// Stage arithmetic: a constant stage plans request n at n / rate; a ramp from r0 to r1 over D has the count
// N(t) = r0 t + (r1 - r0) t² / 2D, inverted with the quadratic formula.
#include "load/scheduler.hpp"

#include <cmath>

namespace kconform::load {

namespace {
using seconds_d = std::chrono::duration<double>;

double count_in(stage const& s, double t) {  // requests planned in the first t seconds of a stage
    if (!s.is_ramp()) return s.rate * t;
    double d = seconds_d(s.duration).count();
    return s.rate * t + (s.ramp_to - s.rate) * t * t / (2 * d);
}

double time_of(stage const& s, double n) {  // seconds into the stage at which the n-th request is due
    if (!s.is_ramp() || s.ramp_to == s.rate) return s.rate > 0 ? n / s.rate : INFINITY;
    double d = seconds_d(s.duration).count();
    double a = (s.ramp_to - s.rate) / (2 * d);
    double disc = s.rate * s.rate + 4 * a * n;
    if (disc < 0) return INFINITY;
    return (-s.rate + std::sqrt(disc)) / (2 * a);
}
} // namespace

scheduler::scheduler(std::vector<stage> stages, std::chrono::nanoseconds warmup) : warmup_(warmup) {
    std::chrono::nanoseconds at{0};
    double before = 0;
    if (warmup > std::chrono::nanoseconds::zero() && !stages.empty())
        stages.insert(stages.begin(), stage{stages.front().rate, -1, warmup});
    for (auto const& s : stages) {
        segments_.push_back({at, before, s});
        before += count_in(s, seconds_d(s.duration).count());
        at += s.duration;
    }
    end_ = at;
    total_ = before;
}

std::optional<std::chrono::nanoseconds> scheduler::planned(std::uint64_t k) const noexcept {
    auto n = static_cast<double>(k);
    if (n >= total_) return std::nullopt;
    for (auto const& seg : segments_) {
        double in = count_in(seg.s, seconds_d(seg.s.duration).count());
        if (n < seg.first + in) {
            double t = time_of(seg.s, n - seg.first);
            return seg.start + std::chrono::duration_cast<std::chrono::nanoseconds>(seconds_d(t));
        }
    }
    return std::nullopt;
}

phase scheduler::phase_at(std::chrono::nanoseconds t) const noexcept {
    if (t < warmup_) return phase::warm_up;
    return t < end_ ? phase::main : phase::drain;
}

std::uint64_t scheduler::total_requests() const noexcept { return static_cast<std::uint64_t>(std::ceil(total_)); }

std::vector<std::uint64_t> split_evenly(std::uint64_t total, std::uint64_t parts) {
    std::vector<std::uint64_t> out(parts, parts ? total / parts : 0);
    for (std::uint64_t i = 0; parts && i < total % parts; ++i) ++out[i];
    return out;
}

} // namespace kconform::load
