// Baseline comparison of load runs: per metric (throughput, p50, p99, error rate) a verdict improved / unchanged /
// regressed from a Mann–Whitney U test over the repeated runs of each file, gated by a relative noise floor.
#pragma once
#include "load/summary.hpp"

#include <string>
#include <vector>

namespace kconform::reports {

enum class verdict { improved, unchanged, regressed };
std::string_view name_of(verdict v);

/** Knobs of the comparison. */
struct compare_options {
    double noise_floor = 0.05;  // relative change of the medians (0.05 = 5 %) below which nothing changed
    double alpha = 0.05;        // two-sided significance level of the U test
};

/** One metric's comparison. */
struct metric_comparison {
    std::string metric;               // "rps", "p50", "p99", "error_rate"
    bool higher_is_better = false;    // true for rps
    std::vector<double> base, next;   // one value per run (ns, fraction or req/s)
    double base_median = 0, next_median = 0;
    double change = 0;                // relative change of the medians, (next - base) / base
    double p_value = 1;               // two-sided Mann–Whitney U p-value
    bool tested = true;               // false when the run counts cannot reach alpha: the noise floor alone decides
    verdict result = verdict::unchanged;
};

/** Every metric, and whether the runs came from different machines. */
struct comparison {
    std::vector<metric_comparison> metrics;
    std::string host_warning;         // "" when every run has the same host fingerprint
    bool regressed() const noexcept;
};

/**
 * Two-sided p-value of the Mann–Whitney U test that `a` and `b` come from the same distribution: exact (by
 * counting rank arrangements) for small samples without ties, normal approximation with tie correction otherwise.
 */
double mann_whitney_p(std::vector<double> const& a, std::vector<double> const& b);

/** The smallest two-sided p-value the exact test can give for sample sizes n and m: 2 / C(n + m, n). */
double smallest_p(std::size_t n, std::size_t m);

/** Compares repeated runs of a baseline with repeated runs of a candidate. */
comparison compare(std::vector<load::load_summary> const& base, std::vector<load::load_summary> const& next,
                   compare_options const& opts = {});

/** Merges concurrent shards: run i of every file becomes run i of the result. Fails when run counts differ. */
result<std::vector<load::load_summary>> merge_shards(std::vector<std::vector<load::load_summary>> const& files,
                                                    std::string* why = nullptr);

} // namespace kconform::reports
