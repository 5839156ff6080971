// Merging, threshold verdicts and the JSON form of load summaries. JSON is written with Boost.JSON; histograms
// are sparse lists of [bucket index, count] plus exact min/max/sum, so a merge of files is a merge of integers.
#include "load/summary.hpp"

#include "core/clock.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <sys/utsname.h>
#include <thread>

namespace kconform::load {

namespace bj = boost::json;

std::string_view name_of(outcome o) {
    static constexpr std::string_view names[] = {"ok", "expected_error", "unexpected_error",
                                                 "invalid_response", "transport_error", "timeout"};
    return names[static_cast<std::size_t>(o)];
}

std::uint64_t method_stats::total() const noexcept {
    std::uint64_t n = 0;
    for (auto c : counts) n += c;
    return n;
}

std::uint64_t method_stats::errors() const noexcept {
    return total() - counts[static_cast<std::size_t>(outcome::ok)] -
           counts[static_cast<std::size_t>(outcome::expected_error)];
}

void method_stats::merge(method_stats const& o) {
    for (std::size_t i = 0; i < outcome_count; ++i) counts[i] += o.counts[i];
    corrected.merge(o.corrected);
    uncorrected.merge(o.uncorrected);
}

host_fingerprint this_host() {
    host_fingerprint h;
    utsname u{};
    if (uname(&u) == 0) h.hostname = u.nodename, h.kernel = u.release;
    h.cpus = std::thread::hardware_concurrency();
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            if (colon != std::string::npos) h.cpu = line.substr(colon + 2);
            break;
        }
    }
    return h;
}

double load_summary::rps() const noexcept {
    double secs = std::chrono::duration<double>(duration).count();
    return secs > 0 ? static_cast<double>(total.total()) / secs : 0;
}

double load_summary::error_rate() const noexcept {
    auto all = total.total() + dropped_sends;
    return all ? static_cast<double>(total.errors() + dropped_sends) / static_cast<double>(all) : 0;
}

void add_thresholds(std::vector<threshold>& to, std::vector<threshold> const& more) {
    for (auto const& t : more)
        if (std::none_of(to.begin(), to.end(), [&](threshold const& x) { return x.text == t.text; })) to.push_back(t);
}

void load_summary::merge_shard(load_summary const& o) {
    connections += o.connections;
    threads += o.threads;
    rate += o.rate;
    duration = std::max(duration, o.duration);
    late_sends += o.late_sends;
    dropped_sends += o.dropped_sends;
    shards += o.shards;
    add_thresholds(thresholds, o.thresholds);
    for (auto const& [name, stats] : o.methods) methods[name].merge(stats);
    total.merge(o.total);
}

namespace {
// A metric over one method's (or all) requests; the whole run's error rate also counts dropped sends, which
// belong to no method (they are skipped before a method is drawn).
double stats_value(load_summary const& s, method_stats const& m, threshold::metric what) {
    using enum threshold::metric;
    auto q = [&](double x) { return static_cast<double>(m.corrected.quantile(x).count()); };
    double secs = std::chrono::duration<double>(s.duration).count();
    switch (what) {
    case p50: return q(0.5);
    case p90: return q(0.9);
    case p99: return q(0.99);
    case p999: return q(0.999);
    case p9999: return q(0.9999);
    case max: return static_cast<double>(m.corrected.max().count());
    case mean: return static_cast<double>(m.corrected.mean().count());
    case error_rate:
        return &m == &s.total ? s.error_rate() : static_cast<double>(m.errors()) / static_cast<double>(m.total());
    case rps: return secs > 0 ? static_cast<double>(m.total()) / secs : 0;
    }
    return 0;
}

std::string shown(threshold::metric what, double v) {
    if (what == threshold::metric::error_rate) return fmt::format("{:.4g} %", v * 100);
    if (what == threshold::metric::rps) return fmt::format("{:.1f}", v);
    return format_duration(std::chrono::nanoseconds(static_cast<std::int64_t>(v)));
}
} // namespace

std::optional<double> metric_value(load_summary const& s, threshold const& t) {
    if (t.method.empty()) return stats_value(s, s.total, t.what);
    auto it = s.methods.find(t.method);
    if (it == s.methods.end() || it->second.total() == 0) return std::nullopt;
    return stats_value(s, it->second, t.what);
}

std::vector<std::string> breached(load_summary const& s, std::vector<threshold> const& thresholds) {
    std::vector<std::string> out;
    for (auto const& t : thresholds) {
        auto v = metric_value(s, t);
        if (v && (t.less ? *v < t.limit : *v > t.limit)) continue;
        auto name = t.text.substr(0, t.text.find_first_of("<>"));
        while (!name.empty() && name.back() == ' ') name.pop_back();
        while (!name.empty() && name.front() == ' ') name.erase(0, 1);
        if (v) out.push_back(fmt::format("{}: breached ({} = {})", t.text, name, shown(t.what, *v)));
        else out.push_back(fmt::format("{}: breached (no {} request was recorded)", t.text, t.method));
    }
    return out;
}

std::vector<std::string> gate(load_summary const& s, std::vector<threshold> const& thresholds) {
    std::vector<std::string> out;
    for (auto const& b : breached(s, thresholds)) out.push_back("THRESHOLD " + b);
    if (auto invalid = s.total.counts[static_cast<std::size_t>(outcome::invalid_response)])
        out.push_back(fmt::format("INVALID {} responses broke the contract (validate {})", invalid, s.validate));
    // Without thresholds a run of nothing but resets and timeouts would otherwise pass: a target that answers no
    // request at all fails the run whatever the profile says.
    auto const& c = s.total.counts;
    auto const answered = c[static_cast<std::size_t>(outcome::ok)] + c[static_cast<std::size_t>(outcome::expected_error)];
    if (s.total.total() > 0 && answered == 0)
        out.push_back(fmt::format("NO ANSWER none of {} requests got a valid answer (transport errors {}, timeouts {}, "
                                  "unexpected errors {})",
                                  s.total.total(), c[static_cast<std::size_t>(outcome::transport_error)],
                                  c[static_cast<std::size_t>(outcome::timeout)],
                                  c[static_cast<std::size_t>(outcome::unexpected_error)]));
    return out;
}

namespace {
bj::value hist_json(histogram const& h) {
    bj::array buckets;
    auto const& c = h.counts();
    for (std::size_t i = 0; i < c.size(); ++i)
        if (c[i]) buckets.push_back(bj::array{i, c[i]});
    return bj::object{{"count", h.count()}, {"min_ns", h.min().count()}, {"max_ns", h.max().count()},
                      {"sum_ns", h.sum_ns()}, {"buckets", std::move(buckets)}};
}

bj::value stats_json(method_stats const& m) {
    bj::object counts;
    for (std::size_t i = 0; i < outcome_count; ++i) counts[name_of(static_cast<outcome>(i))] = m.counts[i];
    bj::object lat;
    for (auto [label, h] : {std::pair{"corrected", &m.corrected}, std::pair{"uncorrected", &m.uncorrected}}) {
        lat[label] = bj::object{{"p50_ns", h->quantile(0.5).count()},   {"p90_ns", h->quantile(0.9).count()},
                                {"p99_ns", h->quantile(0.99).count()},  {"p99.9_ns", h->quantile(0.999).count()},
                                {"p99.99_ns", h->quantile(0.9999).count()}, {"max_ns", h->max().count()}};
    }
    return bj::object{{"counts", std::move(counts)}, {"latency", std::move(lat)},
                      {"corrected_histogram", hist_json(m.corrected)},
                      {"uncorrected_histogram", hist_json(m.uncorrected)}};
}

bj::array thresholds_json(std::vector<threshold> const& ts) {
    bj::array out;
    for (auto const& t : ts) out.emplace_back(t.text);
    return out;
}

// Thresholds as written; absent in reports of versions before they were kept (then there is nothing to decide).
std::vector<threshold> thresholds_from(bj::object const& o) {
    std::vector<threshold> out;
    if (!o.contains("thresholds")) return out;
    for (auto const& text : o.at("thresholds").as_array()) {
        std::string why;
        auto t = parse_threshold(text.as_string(), &why);
        if (!t) throw std::invalid_argument(fmt::format("threshold '{}': {}", std::string_view(text.as_string()), why));
        out.push_back(*t);
    }
    return out;
}

// Reading: any missing or mistyped member throws inside Boost.JSON's accessors; the public function turns that
// into a value (start-up input, not the request path).
histogram hist_from(bj::object const& o) {
    histogram h;
    for (auto const& b : o.at("buckets").as_array()) {
        auto const& pair = b.as_array();
        if (!h.add_bucket(bj::value_to<std::size_t>(pair.at(0)), bj::value_to<std::uint64_t>(pair.at(1))))
            throw std::out_of_range("histogram bucket index out of range");
    }
    if (h.count() != bj::value_to<std::uint64_t>(o.at("count"))) throw std::invalid_argument("histogram count");
    h.set_extremes(bj::value_to<std::uint64_t>(o.at("min_ns")), bj::value_to<std::uint64_t>(o.at("max_ns")),
                   bj::value_to<std::uint64_t>(o.at("sum_ns")));
    return h;
}

method_stats stats_from(bj::object const& o) {
    method_stats m;
    auto const& counts = o.at("counts").as_object();
    for (std::size_t i = 0; i < outcome_count; ++i)
        m.counts[i] = bj::value_to<std::uint64_t>(counts.at(name_of(static_cast<outcome>(i))));
    m.corrected = hist_from(o.at("corrected_histogram").as_object());
    m.uncorrected = hist_from(o.at("uncorrected_histogram").as_object());
    return m;
}
} // namespace

bj::value to_json(load_summary const& s) {
    bj::object methods;
    for (auto const& [name, m] : s.methods) methods[name] = stats_json(m);
    return bj::object{
        {"profile", s.profile}, {"mode", s.mode}, {"rate", s.rate}, {"connections", s.connections},
        {"threads", s.threads}, {"validate", s.validate}, {"duration_ns", s.duration.count()},
        {"late_sends", s.late_sends}, {"dropped_sends", s.dropped_sends}, {"shards", s.shards},
        {"rps", s.rps()}, {"error_rate", s.error_rate()}, {"thresholds", thresholds_json(s.thresholds)},
        {"host", bj::object{{"hostname", s.host.hostname}, {"cpu", s.host.cpu}, {"cpus", s.host.cpus},
                            {"kernel", s.host.kernel}}},
        {"total", stats_json(s.total)}, {"methods", std::move(methods)}};
}

result<load_summary> summary_from_json(bj::value const& v, std::string* why) {
    try {
        auto const& o = v.as_object();
        load_summary s;
        s.profile = o.at("profile").as_string();
        s.mode = o.at("mode").as_string();
        s.rate = bj::value_to<double>(o.at("rate"));
        s.connections = bj::value_to<unsigned>(o.at("connections"));
        s.threads = bj::value_to<unsigned>(o.at("threads"));
        s.validate = o.at("validate").as_string();
        s.duration = std::chrono::nanoseconds(bj::value_to<std::int64_t>(o.at("duration_ns")));
        s.late_sends = bj::value_to<std::uint64_t>(o.at("late_sends"));
        s.dropped_sends = bj::value_to<std::uint64_t>(o.at("dropped_sends"));
        s.shards = bj::value_to<unsigned>(o.at("shards"));
        s.thresholds = thresholds_from(o);
        auto const& h = o.at("host").as_object();
        s.host = {std::string(h.at("hostname").as_string()), std::string(h.at("cpu").as_string()),
                  bj::value_to<unsigned>(h.at("cpus")), std::string(h.at("kernel").as_string())};
        s.total = stats_from(o.at("total").as_object());
        for (auto const& [name, m] : o.at("methods").as_object()) s.methods[std::string(name)] = stats_from(m.as_object());
        return s;
    } catch (std::exception const& e) {
        if (why) *why = e.what();
        return errc::malformed_json;
    }
}

bj::value runs_to_json(std::vector<load_summary> const& runs) {
    bj::array arr;
    for (auto const& r : runs) arr.push_back(to_json(r));
    return bj::object{{"kconform_load", 1}, {"runs", std::move(arr)}};
}

result<std::vector<load_summary>> read_runs_file(std::string const& path, std::string* why) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (why) *why = "cannot open";
        return errc::malformed_json;
    }
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    auto v = bj::parse(text.str(), ec);
    if (ec || !v.is_object() || !v.get_object().contains("runs") || !v.at("runs").is_array()) {
        if (why) *why = ec ? ec.message() : "expected {\"kconform_load\": 1, \"runs\": [...]}";
        return errc::malformed_json;
    }
    std::vector<load_summary> runs;
    for (auto const& r : v.at("runs").get_array()) {
        auto s = summary_from_json(r, why);
        if (!s) return s.error();
        runs.push_back(std::move(*s));
    }
    return runs;
}

} // namespace kconform::load
