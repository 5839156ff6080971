// Work splitting, worker threads and the merge after join. The request path never touches anything shared:
// workers read the immutable mix and shapes, write only their own stats, and the engine merges after join().
#include "load/engine.hpp"

#include "core/jsonrpc.hpp"
#include "load/worker.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <charconv>
#include <thread>

namespace kconform::load {

namespace net = boost::asio;  // Boost.Asio

std::optional<shard> parse_shard(std::string_view text) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    shard s;
    auto a = std::from_chars(text.data(), text.data() + slash, s.index);
    auto b = std::from_chars(text.data() + slash + 1, text.data() + text.size(), s.count);
    if (a.ec != std::errc{} || a.ptr != text.data() + slash || b.ec != std::errc{} ||
        b.ptr != text.data() + text.size() || s.count == 0 || s.index >= s.count)
        return std::nullopt;
    return s;
}

namespace {
bool is_static(boost::json::value const& v) {
    if (v.is_string()) return std::string_view(v.get_string()).find("${seq}") == std::string_view::npos;
    if (v.is_object()) {
        auto const& o = v.get_object();
        if (o.contains("$pick") || o.contains("$random")) return false;
        for (auto const& [k, item] : o)
            if (!is_static(item)) return false;
    }
    if (v.is_array())
        for (auto const& item : v.get_array())
            if (!is_static(item)) return false;
    return true;
}

std::vector<prepared_method> prepare(load_profile const& p, engine_options const& o) {
    std::vector<prepared_method> out;
    double cumulative = 0;
    for (auto const& m : p.mix) {
        prepared_method pm;
        pm.method = m.method;
        pm.api_key = m.as == "user" ? o.keys.user : m.as == "user2" ? o.keys.user2 : o.keys.admin;
        pm.args = m.args;
        pm.is_static = is_static(m.args);
        if (pm.is_static) pm.static_body = jsonrpc::encode({1, pm.api_key, pm.method, pm.args});
        cumulative += m.weight;
        pm.cumulative_weight = cumulative;
        auto const* spec = o.specs ? o.specs->find(m.method) : nullptr;
        pm.expect = {spec ? &spec->result : nullptr, m.expect_error, m.error, 1};
        out.push_back(std::move(pm));
    }
    return out;
}
// Until the planned end: progress about once a second, and when *o.stop is set, every worker stops sending.
// Returns the moment of the stop, nullopt when the run was not cut short.
std::optional<steady::time_point> watch(std::vector<std::unique_ptr<worker>>& workers, steady::time_point start,
                                        steady::time_point end, engine_options const& o) {
    using namespace std::chrono_literals;
    std::optional<steady::time_point> next_progress;
    if (o.progress) next_progress = start + 1s;
    while ((o.progress || o.stop) && steady::now() < end) {
        std::this_thread::sleep_until(watch_wake(steady::now(), end, next_progress));
        if (o.stop && o.stop->load()) {
            for (auto& w : workers) w->stop();
            return steady::now();
        }
        if (!next_progress || steady::now() < *next_progress) continue;
        std::uint64_t done = 0;
        for (auto const& w : workers) done += w->published_count();
        o.progress(done, steady::now() - start);
        *next_progress += 1s;
    }
    return std::nullopt;
}
} // namespace

steady::time_point watch_wake(steady::time_point now, steady::time_point end,
                              std::optional<steady::time_point> next_progress) {
    // Never a moment already past: a progress time left behind would turn the watcher into a busy loop that takes
    // the workers' CPU (it did, when there was no progress line and the first second had gone by).
    auto wake = std::min(end, now + std::chrono::milliseconds(50));
    if (next_progress && *next_progress > now) wake = std::min(wake, *next_progress);
    return wake;
}

std::vector<worker_share> split_work(load_profile const& p, shard part) {
    // Shard first (so N processes together equal one run), then this shard's workers.
    unsigned conns = static_cast<unsigned>(split_evenly(p.connections, part.count)[part.index]);
    auto per_worker = split_evenly(conns, p.threads);
    std::vector<worker_share> out(p.threads);
    for (unsigned w = 0; w < p.threads; ++w) {
        out[w].connections = static_cast<unsigned>(per_worker[w]);
        out[w].seq_stride = std::uint64_t{part.count} * p.threads;
        out[w].seq_offset = std::uint64_t{part.index} * p.threads + w;
    }
    return out;
}

std::optional<std::string> shard_problem(load_profile const& p, shard part) {
    auto conns = split_evenly(p.connections, part.count)[part.index];
    if (conns >= p.threads) return std::nullopt;
    return fmt::format("shard {}/{} gets {} connection(s) for {} thread(s); every worker needs one (lower --threads or "
                       "raise --connections)", part.index, part.count, conns, p.threads);
}

result<load_summary> run_load(load_profile const& p, engine_options const& o, std::string* why) {
    net::io_context resolver_ctx;
    net::ip::tcp::resolver resolver(resolver_ctx);
    boost::system::error_code ec;
    auto endpoints = resolver.resolve(o.where.host, o.where.port, ec);
    if (ec) {
        if (why) *why = fmt::format("resolve {}: {}", o.where.host, ec.message());
        return errc::connect_failed;
    }
    if (auto problem = shard_problem(p, o.part)) {
        if (why) *why = *problem;
        return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    }
    auto mix = prepare(p, o);
    check::shape_table empty_shapes;
    auto const* shapes = o.specs ? &o.specs->shapes : &empty_shapes;
    auto shares = split_work(p, o.part);

    std::vector<std::unique_ptr<worker>> workers;
    for (unsigned w = 0; w < p.threads; ++w) {
        worker_config c;
        c.index = w;
        c.host_header = o.where.host_header();
        c.path = o.where.path;
        c.endpoints = endpoints;
        c.mix = &mix;
        c.shapes = shapes;
        c.connections = shares[w].connections;
        if (p.is_rate_mode()) c.schedule.emplace(p.stages, p.warmup);  // the whole run's; the worker takes every stride-th
        c.warmup = p.warmup;
        c.main_duration = p.main_duration();
        c.timeout = p.timeout;
        c.late_after = p.late_after;
        c.validate = p.validate;
        c.seed = p.seed * 1000003 + o.part.index * 1009 + w;  // distinct streams per shard and worker
        c.seq_offset = shares[w].seq_offset;
        c.seq_stride = shares[w].seq_stride;
        workers.push_back(std::make_unique<worker>(std::move(c)));
    }
    // Start a little ahead so every thread is up before the first planned send.
    auto start = steady::now() + std::chrono::milliseconds(20);
    std::vector<std::thread> threads;
    for (auto& w : workers) threads.emplace_back([&w, start] { w->run(start); });
    auto stopped = watch(workers, start, start + p.warmup + p.main_duration(), o);
    for (auto& t : threads) t.join();

    load_summary s;
    s.profile = p.name;
    s.mode = p.is_rate_mode() ? "open" : "closed";
    s.rate = p.is_rate_mode() ? p.stages.front().rate / o.part.count : 0;  // every shard takes 1/N of the requests
    s.threads = p.threads;
    s.thresholds = p.thresholds;
    s.validate = p.validate == validation::full ? "full" : p.validate == validation::envelope ? "envelope" : "none";
    s.duration = p.main_duration();
    if (stopped) s.duration = std::clamp<std::chrono::nanoseconds>(*stopped - start - p.warmup, {}, s.duration);
    s.host = this_host();
    for (unsigned w = 0; w < p.threads; ++w) {
        auto const& r = workers[w]->result();
        s.connections += shares[w].connections;
        s.late_sends += r.late_sends;
        s.dropped_sends += r.dropped_sends;
        for (std::size_t i = 0; i < mix.size(); ++i) {
            s.methods[mix[i].method].merge(r.per_method[i]);
            s.total.merge(r.per_method[i]);
        }
    }
    return s;
}

} // namespace kconform::load
