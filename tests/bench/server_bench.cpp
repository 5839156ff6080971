// handle_http throughput per method family on the default state: one pre-built request, the store built outside
// the timed loop, responses/s and response bytes/s as rate counters. Read-only methods reuse one store;
// write families create then delete, so the store does not grow during the run.
#include "server/handle.hpp"
#include "server/store.hpp"

#include <benchmark/benchmark.h>
#include <boost/json/serialize.hpp>
#include <boost/json/parse.hpp>
#include <string>

namespace {

namespace json = boost::json;
using namespace kconform::server;

http_input request(std::string_view method, json::value args, std::string_view key = defaults::admin_key) {
    http_input in;
    in.body = json::serialize(json::object{{"id", 1}, {"api_key", key}, {"method", method}, {"args", std::move(args)}});
    return in;
}

// Fails the benchmark when the prepared request does not succeed, so a broken setup is not measured.
bool succeeds(http_input const& in, store& s) {
    auto answer = json::parse(handle_http(in, s).body);
    return answer.at("error").is_null();
}

void run(benchmark::State& state, std::vector<http_input> const& cycle) {
    store s;
    for (auto const& in : cycle) {
        if (!succeeds(in, s)) {
            state.SkipWithError("request of the benchmark failed on the default state");
            return;
        }
    }
    store fresh;
    std::size_t bytes = 0, answers = 0;
    for (auto _ : state) {
        for (auto const& in : cycle) {
            http_output out = handle_http(in, fresh);
            bytes += out.body.size();
            ++answers;
            benchmark::DoNotOptimize(out);
        }
    }
    state.counters["responses/s"] = benchmark::Counter(static_cast<double>(answers), benchmark::Counter::kIsRate);
    state.counters["bytes/s"] = benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kIsRate);
}

void Envelope(benchmark::State& state) { run(state, {request("test", {{"args", 1}})}); }
void Users(benchmark::State& state) { run(state, {request("get_user", {{"userid", 3}}), request("get_users", json::object{})}); }
void UserGroups(benchmark::State& state) { run(state, {request("get_user_groups", json::object{})}); }
void Repos(benchmark::State& state) {
    run(state, {request("get_repo", {{"repoid", "vcs_test_hg"}}), request("get_repos", json::object{}, defaults::user_key)});
}
void RepoNodes(benchmark::State& state) {
    run(state, {request("get_repo_nodes", {{"repoid", 1}, {"revision", "tip"}, {"root_path", "/"}})});
}
void Changesets(benchmark::State& state) {
    run(state, {request("get_changesets", {{"repoid", 1}, {"max_revisions", 10}}),
                request("get_changeset", {{"repoid", 1}, {"raw_id", "tip"}, {"with_comments", true}})});
}
void PullRequests(benchmark::State& state) { run(state, {request("get_pullrequest", {{"pullrequest_id", 1}})}); }
void RepoGroups(benchmark::State& state) { run(state, {request("get_repo_groups", json::object{})}); }
void Gists(benchmark::State& state) { run(state, {request("get_gists", json::object{}, defaults::user_key)}); }
void CreateDeleteUser(benchmark::State& state) {
    run(state, {request("create_user", {{"username", "bench"}, {"email", "b@x.org"}}),
                request("delete_user", {{"userid", "bench"}})});
}
void GrantRevoke(benchmark::State& state) {
    run(state, {request("grant_user_permission", {{"repoid", 1}, {"userid", 4}, {"perm", "repository.write"}}),
                request("revoke_user_permission", {{"repoid", 1}, {"userid", 4}})});
}

BENCHMARK(Envelope);
BENCHMARK(Users);
BENCHMARK(UserGroups);
BENCHMARK(Repos);
BENCHMARK(RepoNodes);
BENCHMARK(Changesets);
BENCHMARK(PullRequests);
BENCHMARK(RepoGroups);
BENCHMARK(Gists);
BENCHMARK(CreateDeleteUser);
BENCHMARK(GrantRevoke);

} // namespace
