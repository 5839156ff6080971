// `kconform load`: runs the load engine with a profile or a one-method quick run, against a target or the
// embedded reference server, between the profile's setup and its teardown; prints a wrk/h2load-style summary,
// writes the JSON report and gates on thresholds.
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "core/clock.hpp"
#include "harness/case/fixture.hpp"
#include "load/engine.hpp"
#include "load/setup.hpp"
#include "server/embedded.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <set>
#include <unistd.h>

namespace kconform::cli {
namespace bj = boost::json;

namespace {

struct load_options {
    target_options target;
    std::string profile_file;        // --profile FILE; "" = quick run of --method
    std::string method;              // --method NAME
    std::string args = "{}";         // --args JSON object
    std::string as = "admin";        // --as role
    double rate = 0;                 // --rate, requests per second (open loop)
    bool closed = false;             // --closed
    unsigned connections = 16;       // --connections
    unsigned threads = 1;            // --threads (workers)
    std::string duration = "10s";    // --duration
    std::string warmup = "0s";       // --warmup
    std::string timeout = "5s";      // --timeout, per request operation
    std::string validate = "full";   // --validate
    std::string report;              // --report json:FILE
    std::string shard = "0/1";       // --shard i/N
    unsigned repeat = 1;             // --repeat: runs written to the report (for compare)
    unsigned server_threads = 1;     // --server-threads of the embedded server
    std::vector<std::string> thresholds;  // --threshold, added to the profile's
    std::string run_prefix;          // --run-prefix of setup's entity names; "" = generated
    CLI::App* sub = nullptr;         // to ask which options were given
};

bool given(load_options const& o, char const* name) { return o.sub->count(name) > 0; }

// The profile: from the file, then every flag that was given on top of it.
std::optional<load::load_profile> build_profile(load_options const& o, std::vector<std::string>& errors) {
    load::load_profile p;
    if (!o.profile_file.empty()) {
        auto loaded = load::load_profile_file(o.profile_file);
        for (auto const& e : loaded.errors) errors.push_back(e.str());
        p = std::move(loaded.profile);
    } else {
        if (o.method.empty()) errors.push_back("give --profile FILE or --method NAME");
        load::mix_entry m{o.method, 1, {}, o.as, false, "", {}};
        boost::system::error_code ec;
        auto args = bj::parse(o.args, ec);
        if (ec || !args.is_object()) errors.push_back(fmt::format("--args: expected a JSON object, got '{}'", o.args));
        else m.args = args.get_object();
        p.mix.push_back(std::move(m));
    }
    auto dur = [&](std::string const& text, char const* flag) {
        auto d = load::parse_duration(text);
        if (!d) errors.push_back(fmt::format("{}: expected a duration like 2s or 500ms, got '{}'", flag, text));
        return d.value_or(std::chrono::nanoseconds(0));
    };
    if (given(o, "--duration") || o.profile_file.empty()) p.duration = dur(o.duration, "--duration");
    if (given(o, "--warmup")) p.warmup = dur(o.warmup, "--warmup");
    if (given(o, "--timeout")) p.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(dur(o.timeout, "--timeout"));
    if (given(o, "--connections") || o.profile_file.empty()) p.connections = o.connections;
    if (given(o, "--threads") || o.profile_file.empty()) p.threads = o.threads;
    if (given(o, "--validate") || o.profile_file.empty())
        p.validate = o.validate == "none" ? load::validation::none
                   : o.validate == "envelope" ? load::validation::envelope : load::validation::full;
    if (given(o, "--rate")) p.stages = {load::stage{o.rate, -1, p.duration}};
    if (o.closed) p.stages.clear();
    for (auto const& t : o.thresholds) {
        std::string why;
        auto th = load::parse_threshold(t, &why);
        if (th) why = load::threshold_problem(*th, p).value_or("");
        if (th && why.empty()) p.thresholds.push_back(*th);
        else errors.push_back(fmt::format("--threshold '{}': {}", t, why));
    }
    for (auto const& e : load::validate_profile(p, nullptr)) errors.push_back(e);
    if (!errors.empty()) return std::nullopt;
    return p;
}

void print_latency_row(char const* label, load::histogram const& h) {
    auto f = [](std::chrono::nanoseconds d) { return format_duration(d); };
    fmt::print("  {:<12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", label, f(h.quantile(0.5)), f(h.quantile(0.9)),
               f(h.quantile(0.99)), f(h.quantile(0.999)), f(h.quantile(0.9999)), f(h.max()));
}

void print_summary(load::load_summary const& s) {
    double secs = std::chrono::duration<double>(s.duration).count();
    fmt::print("\n  requests     {} in {:.2f} s = {:.1f} req/s (main phase)\n", s.total.total(), secs, s.rps());
    fmt::print("  sends        late {} · dropped {}\n", s.late_sends, s.dropped_sends);
    fmt::print("  latency      {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "p50", "p90", "p99", "p99.9", "p99.99", "max");
    print_latency_row("corrected", s.total.corrected);
    print_latency_row("uncorrected", s.total.uncorrected);
    fmt::print("  (corrected: from the planned send time; uncorrected: from the actual send)\n\n");
    fmt::print("  {:<24} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "method", "ok", "exp.err", "unexp.err",
               "invalid", "transport", "timeout", "p99");
    for (auto const& [name, m] : s.methods)
        fmt::print("  {:<24} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", name, m.counts[0], m.counts[1], m.counts[2],
                   m.counts[3], m.counts[4], m.counts[5], format_duration(m.corrected.quantile(0.99)));
    fmt::print("  error rate   {:.4g} %\n", s.error_rate() * 100);
}

bool write_report(std::string const& spec, std::vector<load::load_summary> const& runs, std::string& error) {
    if (spec.rfind("json:", 0) != 0) return error = "--report: expected json:FILE", false;
    std::ofstream out(spec.substr(5), std::ios::binary | std::ios::trunc);
    out << bj::serialize(load::runs_to_json(runs)) << '\n';
    if (!out) return error = fmt::format("cannot write {}", spec.substr(5)), false;
    return true;
}

// Everything checked before anything is sent: the profile (its setup completed from the specs), the shard, the
// keys and the specs. Problems are printed; nullopt then.
struct load_plan {
    load::load_profile profile;
    load::shard part;
    harness::role_keys keys;
    spec::load_result specs;
};

// The specs the run needs, parsed at start-up: yaml-cpp over all of specs/ took ~0.1 s of CPU, more than the
// requests of a short run. The subset is the mix's and the setup's methods and their undo methods (learned from
// the create specs, hence a second round); when it falls short of them (a method file named otherwise, say), all
// of specs/ is read and the checks below report what is really missing.
spec::load_result load_needed_specs(std::string const& dir, std::optional<load::load_profile> const& profile) {
    if (!profile) return spec::load_specs(dir);
    std::set<std::string> needed;
    for (auto const& m : profile->mix) needed.insert(m.method);
    for (auto const& st : profile->setup) {
        needed.insert(st.call.method);
        if (st.call.undo) needed.insert(st.call.undo->first);
    }
    for (int round = 0; round < 2; ++round) {
        auto subset = spec::load_specs(dir, needed);
        if (!subset.errors.empty()) break;
        auto learned = *profile;
        bool complete = load::resolve_setup(learned, subset.specs).empty() &&
                        std::all_of(needed.begin(), needed.end(), [&](auto const& m) { return subset.specs.find(m); });
        if (complete) return subset;
        auto before = needed.size();
        for (auto const& st : learned.setup)
            if (st.call.undo) needed.insert(st.call.undo->first);
        if (needed.size() == before) break;
    }
    return spec::load_specs(dir);
}

std::optional<load_plan> make_plan(load_options& o) {
    std::vector<std::string> errors;
    auto profile = build_profile(o, errors);
    auto part = load::parse_shard(o.shard);
    if (!part) errors.push_back(fmt::format("--shard: expected i/N with 0 <= i < N, got '{}'", o.shard));
    else if (auto problem = profile ? load::shard_problem(*profile, *part) : std::nullopt) errors.push_back(*problem);
    std::string error;
    auto keys = resolve_keys(o.target, error);
    if (!keys) errors.push_back(error);
    auto specs = load_needed_specs(o.target.specs_dir.empty() ? std::string(KCONFORM_DEFAULT_SPECS) : o.target.specs_dir,
                                   profile);
    for (auto const& e : specs.errors) errors.push_back(e.str());
    if (profile) {
        for (auto const& m : profile->mix)
            if (!specs.specs.find(m.method)) errors.push_back(fmt::format("{}: no such method in the specs", m.method));
        for (auto const& e : load::resolve_setup(*profile, specs.specs)) errors.push_back(e.str());
    }
    for (auto const& e : errors) fmt::print(stderr, "kconform: {}\n", e);
    if (!errors.empty()) return std::nullopt;
    return load_plan{std::move(*profile), *part, std::move(*keys), std::move(specs)};
}

// The runs (--repeat) with their summaries printed, the report written and the gate applied: the exit code.
int run_and_report(load::load_profile const& p, load::engine_options const& eo, load_options const& o) {
    std::string error;
    std::vector<load::load_summary> runs;
    for (unsigned i = 0; i < o.repeat && !interrupt_requested(); ++i) {
        auto s = load::run_load(p, eo, &error);
        if (eo.progress) fmt::print(stderr, "\n");
        if (!s) return fmt::print(stderr, "kconform: {}\n", error), exit_error;
        if (o.repeat > 1) fmt::print("\nrun {}/{}", i + 1, o.repeat);
        print_summary(*s);
        runs.push_back(std::move(*s));
    }
    if (!o.report.empty() && !write_report(o.report, runs, error))
        return fmt::print(stderr, "kconform: {}\n", error), exit_error;
    // A shard's thresholds go into its report and are decided on the merged result: one shard's rps or tail says
    // little about the run's.
    bool sharded = eo.part.count > 1;
    if (sharded && !p.thresholds.empty())
        fmt::print("shard {}: {} threshold(s) kept in the report for kconform merge to decide\n", o.shard,
                   p.thresholds.size());
    int rc = exit_ok;
    for (auto const& s : runs)
        for (auto const& line : load::gate(s, sharded ? std::vector<load::threshold>{} : p.thresholds))
            fmt::print("{}\n", line), rc = exit_failed;
    return rc;
}

// Setup, the load on what it made, and the teardown of all of it whatever happened in between: the exit code.
int with_setup(load_plan const& plan, load::engine_options const& eo, load_options const& o, std::string const& prefix) {
    http_client client(eo.where);
    harness::fixture f(client, plan.keys);
    load::setup_values made;
    int rc = exit_ok;
    if (auto failure = load::run_setup(plan.profile, f, prefix, made, &interrupt_requested())) {
        fmt::print(stderr, "kconform: {}\n", *failure);
        rc = exit_error;
    } else {
        if (!made.empty()) fmt::print("  setup: {} entities named {}*\n", made.size(), prefix);
        rc = run_and_report(load::bind_setup(plan.profile, made, prefix), eo, o);
    }
    auto undone = f.size();
    auto left = f.undo_all();
    if (undone) fmt::print("  teardown: {} of {} entities removed\n", undone - left.size(), undone);
    for (auto const& l : left) fmt::print("RESIDUE {}\n", l);
    if (!left.empty() && rc == exit_ok) rc = exit_failed;
    return interrupt_requested() ? exit_error : rc;
}

void print_header(load_plan const& plan, target const& t, bool embedded, load_options const& o) {
    auto const& p = plan.profile;
    fmt::print("kconform load: {} → {}{}\n", p.name, t.url(), embedded ? " (embedded reference server)" : "");
    fmt::print("  {} · {} connections · {} thread(s) · {} + {} warm-up · validate {} · shard {}\n",
               p.is_rate_mode() ? fmt::format("open loop, {} req/s", p.stages.front().rate) : std::string("closed loop"),
               p.connections, p.threads, format_duration(p.main_duration()), format_duration(p.warmup), o.validate,
               o.shard);
}

int load_command(load_options& o) {
    auto plan = make_plan(o);
    if (!plan) return exit_error;
    std::unique_ptr<server::embedded> embedded;
    if (o.target.target.empty()) {
        auto started = server::embedded::start({"127.0.0.1", 0, o.server_threads});
        if (!started) return fmt::print(stderr, "kconform: cannot start the embedded server\n"), exit_error;
        embedded = std::move(*started);
        o.target.target = embedded->url();
        plan->keys = {embedded->keys().admin, embedded->keys().user, embedded->keys().user2, ""};
    }
    std::string error;
    auto t = parse_target(o.target.target, &error);
    if (!t) return fmt::print(stderr, "kconform: --target {}: {}\n", o.target.target, error), exit_error;

    auto const& k = plan->keys;
    load::engine_options eo{*t, {k.admin, k.user, k.user2}, &plan->specs.specs, plan->part, {}, &interrupt_requested()};
    if (isatty(STDERR_FILENO)) {
        eo.progress = [](std::uint64_t done, std::chrono::nanoseconds elapsed) {
            double secs = std::chrono::duration<double>(elapsed).count();
            fmt::print(stderr, "\r  [{:6.1f} s] {} responses, {:.0f}/s  ", secs, done, secs > 0 ? done / secs : 0);
        };
    }
    print_header(*plan, *t, embedded != nullptr, o);
    auto prefix = o.run_prefix.empty() ? harness::generate_run_prefix() : o.run_prefix;
    arm_interrupts(prefix);
    int rc = with_setup(*plan, eo, o, prefix);
    disarm_interrupts();
    if (interrupt_requested()) fmt::print(stderr, "kconform: interrupted\n");
    return rc;
}

} // namespace

void setup_compare(CLI::App& app, int& exit_code);  // cmd_compare.cpp
void setup_merge(CLI::App& app, int& exit_code);    // cmd_merge.cpp

void setup_load(CLI::App& app, int& exit_code) {
    setup_compare(app, exit_code);
    setup_merge(app, exit_code);
    auto o = std::make_shared<load_options>();
    auto* sub = app.add_subcommand("load", "Generate load (open loop by default with --rate) and check every response");
    o->sub = sub;
    add_target_options(*sub, o->target);
    sub->add_option("--profile", o->profile_file, "Load profile (load/profiles/*.yaml)")->check(CLI::ExistingFile);
    sub->add_option("--method", o->method, "Quick run: the one method to load");
    sub->add_option("--args", o->args, "Quick run: its arguments as a JSON object");
    sub->add_option("--as", o->as, "Quick run: whose key")->check(CLI::IsMember({"admin", "user", "user2"}));
    sub->add_option("--rate", o->rate, "Open loop: requests per second over all connections")->check(CLI::PositiveNumber);
    sub->add_flag("--closed", o->closed, "Closed loop: each connection sends as fast as answers come back");
    sub->add_option("--connections,-c", o->connections, "TCP connections (over all threads)");
    sub->add_option("--threads,-t", o->threads, "Worker threads, one io_context each");
    sub->add_option("--duration,-d", o->duration, "Main (recorded) phase, e.g. 10s");
    sub->add_option("--warmup", o->warmup, "Unrecorded warm-up before it, e.g. 2s");
    sub->add_option("--timeout", o->timeout, "Deadline of each connect, write and read");
    sub->add_option("--validate", o->validate, "Response checking depth")
        ->check(CLI::IsMember({"full", "envelope", "none"}));
    sub->add_option("--threshold", o->thresholds,
                    "Extra gate, e.g. 'p99 < 20ms', 'error_rate < 0.1%', 'rps > 1000'; per method: 'get_user.p99 < 10ms'");
    sub->add_option("--report", o->report, "Write the summary: json:FILE (mergeable, histograms included)");
    sub->add_option("--repeat", o->repeat, "Runs in a row, all written to the report (for compare)")
        ->check(CLI::PositiveNumber);
    sub->add_option("--shard", o->shard, "This process's part i/N of a run split over N processes");
    sub->add_option("--server-threads", o->server_threads, "Threads of the embedded server (no --target)");
    sub->add_option("--run-prefix", o->run_prefix, "Prefix of the names of the entities setup creates (default: random)");
    sub->footer("Setup (profile setup:) runs before the load; what it made is removed afterwards, also after SIGINT "
                "(a second SIGINT exits at once).\nExit codes: 0 done, 1 a threshold was breached (a shard leaves "
                "thresholds to kconform merge), a response broke the contract or teardown left entities, 2 usage or "
                "target error, failed setup, interrupted run");
    sub->callback([o, &exit_code] { exit_code = load_command(*o); });
}

} // namespace kconform::cli
