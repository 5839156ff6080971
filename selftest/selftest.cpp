// The self-test driver: a pool of threads takes trials off a shared index; each trial starts its own embedded
// server (fresh default state), installs the variant's handler, and runs the whole suite with one connection.
// Trials share only the loaded specs and checks, which are immutable.
#include "selftest/selftest.hpp"

#include "harness/runner.hpp"
#include "server/embedded.hpp"
#include "server/faults.hpp"

#include <atomic>
#include <mutex>
#include <thread>

namespace kconform::selftest {
namespace {

using clock = std::chrono::steady_clock;

struct planned {
    std::string name;
    std::string family;
    bool expect_pass;
};

std::vector<planned> plan(std::string const& filter) {
    std::vector<planned> out;
    auto add = [&](std::string name, std::string family, bool expect_pass) {
        if (harness::glob_match(filter, name)) out.push_back({std::move(name), std::move(family), expect_pass});
    };
    add("clean", "clean", true);
    for (auto const& f : server::benign_catalog()) add(f.name, "benign", true);
    for (auto const& f : server::fault_catalog()) add(f.name, std::string(f.family), false);
    return out;
}

// Runs the suite against the embedded server with `p`'s handler and judges the outcome.
trial run_trial(suite const& s, planned const& p) {
    auto const start = clock::now();
    trial t;
    t.name = p.name;
    t.family = p.family;
    t.expect_pass = p.expect_pass;
    auto finish = [&] {
        t.took = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
        return t;
    };
    auto server = server::embedded::start();
    if (!server) {
        t.note = "cannot start the embedded server: " + server.error().message();
        return finish();
    }
    if (p.name != "clean") {
        auto h = server::with_fault(p.name);
        if (!h) return t.note = "unknown variant", finish();
        (*server)->set_handler(std::move(*h));
    }
    auto const& k = (*server)->keys();
    auto target = parse_target((*server)->url());
    if (!target) return t.note = "bad embedded URL", finish();
    harness::run_options ro;
    ro.intrusive = true;  // the server is ours and thrown away after the trial
    // The embedded server answers in microseconds; a short deadline keeps stall faults from costing 10 s a check.
    ro.client.io_timeout = std::chrono::seconds(2);
    ro.expected_failures = s.expected_failures;
    harness::runner r(s.specs, *target, {k.admin, k.user, k.user2, k.default_user}, ro);
    if (auto err = r.prepare()) {
        // The keys' own lookup failed: the tool refuses the target before any check, which catches the fault
        // (exit 2 for `kconform run`) but fails a variant that should pass.
        t.note = err->message;
        t.caught_by.push_back("prepare");
        t.ok = !p.expect_pass;
        return finish();
    }
    harness::run_report const rep = r.run(s.checks);
    for (auto const& res : rep.results) {
        if (res.outcome == harness::verdict::fail || res.outcome == harness::verdict::xpass) {
            t.caught_by.push_back(res.id);
            if (t.note.empty() && !res.failures.empty()) t.note = res.failures.front().str();
        }
    }
    if (!rep.residue.empty()) t.caught_by.push_back("residue");
    t.ok = rep.passed() == p.expect_pass;
    return finish();
}

} // namespace

std::size_t report::passed() const {
    std::size_t n = 0;
    for (auto const& t : trials) n += t.ok;
    return n;
}

report run(suite const& s, options const& opts, std::function<void(trial const&)> const& on_trial) {
    auto const start = clock::now();
    std::vector<planned> const todo = plan(opts.filter);
    report out;
    out.trials.resize(todo.size());
    std::atomic<std::size_t> next{0};
    std::mutex report_mutex;  // serialises on_trial
    auto work = [&] {
        for (std::size_t i = next++; i < todo.size(); i = next++) {
            out.trials[i] = run_trial(s, todo[i]);
            if (on_trial) {
                std::lock_guard<std::mutex> lock(report_mutex);
                on_trial(out.trials[i]);
            }
        }
    };
    std::vector<std::jthread> pool;
    for (unsigned j = 1; j < std::max(1u, opts.jobs); ++j) pool.emplace_back(work);
    work();
    pool.clear();  // joins
    out.took = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
    return out;
}

} // namespace kconform::selftest
