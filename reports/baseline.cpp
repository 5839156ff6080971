// Mann–Whitney U (exact counting for small samples, normal approximation otherwise), the metric table and the
// verdict rule: a change is real only when it is both larger than the noise floor and significant.
#include "reports/baseline.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

namespace kconform::reports {

std::string_view name_of(verdict v) {
    return v == verdict::improved ? "improved" : v == verdict::regressed ? "regressed" : "unchanged";
}

bool comparison::regressed() const noexcept {
    return std::any_of(metrics.begin(), metrics.end(), [](auto const& m) { return m.result == verdict::regressed; });
}

namespace {
double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    auto n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// U of sample a: pairs (x in a, y in b) with x > y, ties counting one half.
double u_statistic(std::vector<double> const& a, std::vector<double> const& b) {
    double u = 0;
    for (double x : a)
        for (double y : b) u += x > y ? 1 : x == y ? 0.5 : 0;
    return u;
}

bool has_ties(std::vector<double> const& a, std::vector<double> const& b) {
    std::vector<double> all(a);
    all.insert(all.end(), b.begin(), b.end());
    std::sort(all.begin(), all.end());
    return std::adjacent_find(all.begin(), all.end()) != all.end();
}

// Exact: the number of arrangements of n a's and m b's with U <= u, by the recurrence
// c(n, m, u) = c(n - 1, m, u - m) + c(n, m - 1, u), over all C(n + m, n) equally likely ones.
double exact_cdf(std::size_t n, std::size_t m, std::size_t u) {
    std::vector<std::vector<std::vector<double>>> c(n + 1, std::vector<std::vector<double>>(m + 1));
    for (std::size_t i = 0; i <= n; ++i)
        for (std::size_t j = 0; j <= m; ++j) {
            c[i][j].assign(i * j + 1, 0);
            if (i == 0 || j == 0) { c[i][j][0] = 1; continue; }
            for (std::size_t k = 0; k <= i * j; ++k)
                c[i][j][k] = (k >= j ? c[i - 1][j][k - j] : 0) + (k <= i * (j - 1) ? c[i][j - 1][k] : 0);
        }
    double below = 0, total = 0;
    for (std::size_t k = 0; k <= n * m; ++k) {
        total += c[n][m][k];
        if (k <= u) below += c[n][m][k];
    }
    return below / total;
}
} // namespace

double smallest_p(std::size_t n, std::size_t m) {
    double arrangements = 1;  // C(n + m, n)
    for (std::size_t i = 1; i <= n; ++i) arrangements = arrangements * static_cast<double>(m + i) / static_cast<double>(i);
    return std::min(1.0, 2 / arrangements);
}

double mann_whitney_p(std::vector<double> const& a, std::vector<double> const& b) {
    std::size_t n = a.size(), m = b.size();
    if (n == 0 || m == 0) return 1;
    double u = u_statistic(a, b);
    double u_small = std::min(u, static_cast<double>(n * m) - u);
    if (n <= 20 && m <= 20 && !has_ties(a, b))
        return std::min(1.0, 2 * exact_cdf(n, m, static_cast<std::size_t>(u_small)));
    // Normal approximation with the tie correction of the variance and a continuity correction.
    std::vector<double> all(a);
    all.insert(all.end(), b.begin(), b.end());
    std::sort(all.begin(), all.end());
    double ties = 0;
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j] == all[i]) ++j;
        double t = static_cast<double>(j - i);
        ties += t * t * t - t;
        i = j;
    }
    double nn = static_cast<double>(n), mm = static_cast<double>(m), big_n = nn + mm;
    double var = nn * mm / 12 * ((big_n + 1) - ties / (big_n * (big_n - 1)));
    if (var <= 0) return 1;
    double z = (std::abs(u - nn * mm / 2) - 0.5) / std::sqrt(var);
    return std::min(1.0, std::erfc(std::max(0.0, z) / std::sqrt(2.0)));
}

namespace {
struct metric_def {
    char const* name;
    bool higher_is_better;
    double epsilon;  // the smallest base value a relative change is taken against (avoids dividing by ~0)
    double (*value)(load::load_summary const&);
};

constexpr metric_def metric_defs[] = {
    {"rps", true, 1, [](load::load_summary const& s) { return s.rps(); }},
    {"p50", false, 1e3, [](load::load_summary const& s) { return double(s.total.corrected.quantile(0.5).count()); }},
    {"p99", false, 1e3, [](load::load_summary const& s) { return double(s.total.corrected.quantile(0.99).count()); }},
    {"error_rate", false, 1e-3, [](load::load_summary const& s) { return s.error_rate(); }},
};

std::string host_warning(std::vector<load::load_summary> const& base, std::vector<load::load_summary> const& next) {
    if (base.empty()) return "";
    auto const& h = base.front().host;
    for (auto const* set : {&base, &next})
        for (auto const& s : *set)
            if (s.host.cpu != h.cpu || s.host.cpus != h.cpus || s.host.hostname != h.hostname)
                return fmt::format("runs come from different hosts ({} × {} on {} vs {} × {} on {}): "
                                   "compare like with like", h.cpus, h.cpu, h.hostname, s.host.cpus, s.host.cpu,
                                   s.host.hostname);
    return "";
}
} // namespace

comparison compare(std::vector<load::load_summary> const& base, std::vector<load::load_summary> const& next,
                   compare_options const& opts) {
    comparison out;
    out.host_warning = host_warning(base, next);
    for (auto const& def : metric_defs) {
        metric_comparison m;
        m.metric = def.name;
        m.higher_is_better = def.higher_is_better;
        for (auto const& s : base) m.base.push_back(def.value(s));
        for (auto const& s : next) m.next.push_back(def.value(s));
        m.base_median = median(m.base);
        m.next_median = median(m.next);
        m.change = (m.next_median - m.base_median) / std::max(std::abs(m.base_median), def.epsilon);
        m.p_value = mann_whitney_p(m.base, m.next);
        m.tested = smallest_p(m.base.size(), m.next.size()) <= opts.alpha;
        bool significant = !m.tested || m.p_value <= opts.alpha;
        if (std::abs(m.change) > opts.noise_floor && significant) {
            bool better = def.higher_is_better ? m.change > 0 : m.change < 0;
            m.result = better ? verdict::improved : verdict::regressed;
        }
        out.metrics.push_back(std::move(m));
    }
    return out;
}

result<std::vector<load::load_summary>> merge_shards(std::vector<std::vector<load::load_summary>> const& files,
                                                    std::string* why) {
    if (files.empty()) return std::vector<load::load_summary>{};
    std::vector<load::load_summary> out = files.front();
    for (std::size_t f = 1; f < files.size(); ++f) {
        if (files[f].size() != out.size()) {
            if (why) *why = fmt::format("file {} holds {} runs, the first holds {}", f + 1, files[f].size(), out.size());
            return errc::malformed_json;
        }
        for (std::size_t i = 0; i < out.size(); ++i) out[i].merge_shard(files[f][i]);
    }
    return out;
}

} // namespace kconform::reports
