// Steady-clock helpers and human duration formatting.
#pragma once
#include <chrono>
#include <fmt/format.h>
#include <string>

namespace kconform {

using steady = std::chrono::steady_clock;

/** "830 µs", "12.4 ms", "1.25 s": three significant figures, for consoles and reports. */
inline std::string format_duration(std::chrono::nanoseconds d) {
    double ns = static_cast<double>(d.count());
    if (ns < 1e3) return fmt::format("{:.0f} ns", ns);
    if (ns < 1e6) return fmt::format("{:.3g} µs", ns / 1e3);
    if (ns < 1e9) return fmt::format("{:.3g} ms", ns / 1e6);
    return fmt::format("{:.3g} s", ns / 1e9);
}

} // namespace kconform
