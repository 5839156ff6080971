// The load path's per-request costs, one thing per benchmark: decode + validate a real get_users answer at each
// --validate depth, record a latency in the histogram, encode a request. Setup is outside the timed loops.
#include "load/validate.hpp"

#include "core/jsonrpc.hpp"
#include "harness/spec/loader.hpp"
#include "load/histogram.hpp"
#include "server/handle.hpp"
#include "server/store.hpp"

#include <benchmark/benchmark.h>
#include <boost/json/serialize.hpp>

namespace {

using namespace kconform;

void decode_validate(benchmark::State& state, load::validation depth) {
    auto specs = spec::load_specs(KCONFORM_DEFAULT_SPECS);
    auto const* m = specs.specs.find("get_users");
    if (!specs.errors.empty() || !m) return state.SkipWithError("specs did not load");
    server::store st;
    server::http_input in;
    in.body = jsonrpc::encode({1, std::string(server::defaults::admin_key), "get_users", boost::json::object{}});
    auto out = server::handle_http(in, st);
    load::expectation exp{&m->result, false, "", 1};
    simdjson::dom::parser parser;
    if (load::classify(exp, depth, 200, "application/json", out.body, specs.specs.shapes, parser) != load::outcome::ok)
        return state.SkipWithError("the reference answer does not validate");
    for (auto _ : state) {
        auto o = load::classify(exp, depth, 200, "application/json", out.body, specs.specs.shapes, parser);
        benchmark::DoNotOptimize(o);
    }
    state.counters["responses/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["bytes/s"] =
        benchmark::Counter(double(state.iterations() * out.body.size()), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(decode_validate, full, load::validation::full);
BENCHMARK_CAPTURE(decode_validate, envelope, load::validation::envelope);
BENCHMARK_CAPTURE(decode_validate, none, load::validation::none);

void histogram_record(benchmark::State& state) {
    load::histogram h;
    std::int64_t v = 12345;
    for (auto _ : state) {
        h.record(std::chrono::nanoseconds(v));
        v = (v * 1103515245 + 12345) & 0x3fffffff;  // spread over buckets without an RNG call in the loop
    }
    benchmark::DoNotOptimize(h.count());
    state.counters["records/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(histogram_record);

void request_encode(benchmark::State& state) {
    jsonrpc::request r{1, std::string(40, 'a'), "get_user", boost::json::object{{"userid", "test_admin"}}};
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto body = jsonrpc::encode(r);
        bytes += body.size();
        benchmark::DoNotOptimize(body.data());
    }
    state.counters["requests/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["bytes/s"] = benchmark::Counter(double(bytes), benchmark::Counter::kIsRate);
}
BENCHMARK(request_encode);

} // namespace
