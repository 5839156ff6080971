// The conformance runner: arrange (setup calls), act (the request), assert (rules), clean up (ledger, reversed).
#include "harness/runner.hpp"

#include "core/clock.hpp"
#include "core/json_util.hpp"
#include "core/jsonrpc.hpp"
#include "harness/case/fixture.hpp"
#include "harness/check/evaluate.hpp"
#include "harness/check/rules.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <thread>

namespace kconform::harness {
namespace bj = boost::json;
using spec::expect_spec;

struct runner::unit_state {
    unit_state(http_client& c, variables v, role_keys const& keys) : client(c), vars(std::move(v)), made(c, keys) {}
    http_client& client;
    variables vars;
    fixture made;  // the undo of every entity the unit made, run by cleanup()
    simdjson::dom::parser parser;
};

namespace {

// The text of an expectation's error: a catalog key (method first, then envelope) or a literal, with ${…} expanded
// from the call's arguments and the run's variables.
std::string error_text(expect_spec const& e, spec::method_spec const* m, spec::envelope_spec const& env,
                       variables const& vars) {
    std::string templ = e.kind == expect_spec::outcome::denied ? "denied" : e.error;
    if (m && m->errors.count(templ)) templ = m->errors.at(templ);
    else if (env.errors.count(templ)) templ = env.errors.at(templ);
    else if (e.kind == expect_spec::outcome::denied) templ = "Internal server error";
    return expand_text(templ, vars);
}

// The first ${name} in s that vars does not define ("" when all are defined).
std::string first_unset_in(std::string_view s, variables const& vars) {
    for (auto open = s.find("${"); open != std::string_view::npos; open = s.find("${", open + 2)) {
        auto close = s.find('}', open);
        if (close == std::string_view::npos) break;
        auto name = std::string(s.substr(open + 2, close - open - 2));
        if (name.ends_with("!s")) name.resize(name.size() - 2);
        if (!vars.count(name)) return name;
    }
    return {};
}

std::string first_unset_in(bj::value const& v, variables const& vars) {
    if (v.is_string()) return first_unset_in(std::string_view(v.get_string()), vars);
    if (v.is_array())
        for (auto const& item : v.get_array())
            if (auto n = first_unset_in(item, vars); !n.empty()) return n;
    if (v.is_object())
        for (auto const& [k, item] : v.get_object())
            if (auto n = first_unset_in(item, vars); !n.empty()) return n;
    return {};
}

// A variable the request needs that is not known before its setup runs. Setup steps may define variables for later
// ones (save), so only the first step's arguments and, when there is no setup, the request's are examined.
std::string first_unset(check_case const& c, variables const& vars) {
    if (!c.setup.empty()) return first_unset_in(bj::value(c.setup.front().args), vars);
    return c.request.args ? first_unset_in(*c.request.args, vars) : std::string();
}

// "ok", "denied", "error", "HTTP 405": the declared outcome, for tables.
std::string expectation_text(expect_spec const& e) {
    switch (e.kind) {
    case expect_spec::outcome::ok: return "ok";
    case expect_spec::outcome::denied: return "denied";
    case expect_spec::outcome::error:  // a catalog key names the error better than the word "error"
        return e.error.find_first_of(" `'") == std::string::npos ? e.error : "error";
    case expect_spec::outcome::http: return fmt::format("HTTP {}", e.status);
    case expect_spec::outcome::any: return "any";
    }
    return "?";
}

// POSIX shell single-quoting: 'it'\''s'.
std::string shell_quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

runner::runner(spec::spec_set const& specs, target t, role_keys keys, run_options opts)
    : specs_(specs), target_(std::move(t)), keys_(std::move(keys)), opts_(std::move(opts)) {
    if (opts_.run_prefix.empty()) opts_.run_prefix = generate_run_prefix();
    if (opts_.jobs == 0) opts_.jobs = 1;
    redactor_.add(keys_.admin, "$KCONFORM_ADMIN_KEY");
    redactor_.add(keys_.user, "$KCONFORM_USER_KEY");
    redactor_.add(keys_.user2, "$KCONFORM_USER2_KEY");
    redactor_.add(keys_.default_user, "$KCONFORM_DEFAULT_KEY");
    base_vars_["run"] = bj::string(opts_.run_prefix);
}

std::optional<start_error> runner::prepare() {
    http_client client(target_, opts_.client);
    simdjson::dom::parser parser;
    struct role_key {
        char const* role;
        char const* env;
        std::string const* key;
    };
    for (auto [role, env, key] : {role_key{"admin", "KCONFORM_ADMIN_KEY", &keys_.admin}, role_key{"user", "KCONFORM_USER_KEY", &keys_.user},
                                  role_key{"user2", "KCONFORM_USER2_KEY", &keys_.user2}}) {
        if (key->empty()) return start_error{fmt::format("no API key for the {} role (set {} or use --keys-file)", role, env)};
        jsonrpc::request req;
        req.api_key = *key;
        req.method = "get_user";
        auto res = client.post(jsonrpc::encode(req));
        if (!res) return start_error{fmt::format("target {} unreachable: {}", target_.url(), client.last_error_detail())};
        auto body = jsonrpc::parse(parser, res->body);
        if (!body || res->status != 200)
            return start_error{fmt::format("target {} does not answer like a Kallithea API (HTTP {}): {}", target_.url(),
                                           res->status, redactor_.apply(json::excerpt(res->body, 200)))};
        std::string_view name, error;
        int64_t id = 0;
        if (body->root["error"].get(error) == simdjson::SUCCESS)
            return start_error{fmt::format("the {} key is refused by {}: {}", role, target_.url(), error)};
        if (body->root["result"]["user_id"].get(id) != simdjson::SUCCESS ||
            body->root["result"]["username"].get(name) != simdjson::SUCCESS)
            return start_error{fmt::format("get_user as {} returned no user_id/username: {}", role,
                                           redactor_.apply(json::excerpt(res->body, 200)))};
        base_vars_[std::string(role) + "_id"] = id;
        base_vars_[std::string(role) + "_name"] = bj::string(name);
    }
    discover(client);
    return std::nullopt;
}

// Read-only discovery of what a target already has, for the checks that need history: a non-empty hg and git
// repository and an open pull request. Whatever is not found stays unset, and the checks using it are skipped.
void runner::discover(http_client& client) {
    simdjson::dom::parser parser;
    auto call = [&](std::string method, bj::object args) -> std::optional<jsonrpc::decoded_body> {
        jsonrpc::request req;
        req.api_key = keys_.admin;
        req.method = std::move(method);
        req.args = std::move(args);
        auto res = client.post(jsonrpc::encode(req));
        if (!res || res->status != 200) return std::nullopt;
        auto body = jsonrpc::parse(parser, res->body);
        if (!body) return std::nullopt;
        return std::move(*body);
    };
    auto repos = call("get_repos", {});
    simdjson::dom::array items;
    if (!repos || repos->root["result"].get(items) != simdjson::SUCCESS) return;
    for (auto repo : items) {
        std::string_view type, name;
        int64_t revision = -1;
        if (repo["repo_type"].get(type) || repo["repo_name"].get(name) || repo["last_changeset"]["revision"].get(revision)) continue;
        std::string var = fmt::format("{}_repo", type);
        if (revision < 1 || (type != "hg" && type != "git") || base_vars_.count(var)) continue;
        base_vars_[var] = bj::string(name);
        auto detail = call("get_repo", {{"repoid", bj::string(name)}, {"with_pullrequests", true}});
        simdjson::dom::array prs;
        if (base_vars_.count("pull_request_id") || !detail || detail->root["result"]["pull_requests"].get(prs)) continue;
        for (auto pr : prs) {
            std::string_view status;
            int64_t id = 0;
            if (!pr["status"].get(status) && status == "new" && !pr["pull_request_id"].get(id)) {
                base_vars_["pull_request_id"] = id;
                base_vars_["pull_request_repo"] = bj::string(name);
                break;
            }
        }
    }
}

std::string runner::describe_request(http_request const& req) const {
    return redactor_.apply(fmt::format("{} {}{} {}", std::string_view(req.method_string()), target_.url(),
                                       req.target().substr(target_.path.size()), json::excerpt(req.body(), 800)));
}

std::string runner::describe_response(http_response const& res) const {
    return redactor_.apply(fmt::format("HTTP {} {} {}", res.status, res.content_type.empty() ? "(no content-type)" : res.content_type,
                                       json::excerpt(res.body, 800)));
}

std::string runner::reproduce(http_request const& req) const {
    // The redacted body names keys as $KCONFORM_*_KEY; close the single quotes around them so the shell expands them.
    std::string body = shell_quote(redactor_.apply(req.body()));
    for (char const* var : {"$KCONFORM_ADMIN_KEY", "$KCONFORM_USER_KEY", "$KCONFORM_USER2_KEY", "$KCONFORM_DEFAULT_KEY"}) {
        std::string spliced = fmt::format("'\"{}\"'", var);
        for (auto pos = body.find(var); pos != std::string::npos; pos = body.find(var, pos + spliced.size()))
            body.replace(pos, std::strlen(var), spliced);
    }
    std::string url = redactor_.apply(target_.url() + std::string(req.target().substr(target_.path.size())));
    return fmt::format("curl -sS -i -X {} {}{} -H 'Content-Type: application/json' --data-binary {}",
                       std::string_view(req.method_string()), shell_quote(url),
                       req.chunked() ? " -H 'Transfer-Encoding: chunked'" : "", body);
}

bool runner::run_setup(check_case const& c, unit_state& u, check_result& out) {
    for (auto const& s : c.setup) {
        spec::request_spec r;
        r.key = s.key;
        r.method = bj::string(s.method);
        r.args = bj::value(s.args);
        auto req = build_request(r, keys_, u.vars, target_.path);
        auto res = u.client.send(req);
        auto fail = [&](std::string why) {
            out.outcome = verdict::fail;
            out.message = fmt::format("setup call {} ({}) failed: {}", s.method, s.loc.str(), why);
            out.request = describe_request(req);
            if (res) out.response = describe_response(*res);
            return false;
        };
        if (!res) return fail(u.client.last_error_detail());
        auto body = jsonrpc::parse(u.parser, res->body);
        simdjson::dom::element result;
        if (!body || body->root.at_key("result").get(result) != simdjson::SUCCESS || result.is_null())
            return fail("no result");
        for (auto const& [var, path] : s.save) {
            auto v = check::resolve(body->root, path);
            if (!v) return fail(fmt::format("nothing at {} to save as ${{{}}}", path, var));
            u.vars[var] = bj::parse(json::to_text(*v));
        }
        if (s.undo && !opts_.keep) u.made.record({s.undo->first, expand(bj::value(s.undo->second), u.vars).get_object()});
    }
    return true;
}

void runner::evaluate_response(check_case const& c, http_response const& res, unit_state& u, check_result& out) {
    check::expected_response exp;
    auto const* m = specs_.find(c.method);
    switch (c.expect.kind) {
    case expect_spec::outcome::ok: exp.outcome = check::expected_response::kind::ok; break;
    case expect_spec::outcome::http: exp.outcome = check::expected_response::kind::http; break;
    case expect_spec::outcome::any: exp.outcome = check::expected_response::kind::any; break;
    default: exp.outcome = check::expected_response::kind::error;
    }
    exp.status = c.expect.status;
    exp.error = error_text(c.expect, m, specs_.envelope, u.vars);
    exp.error_prefix = c.expect.error_is_prefix;
    exp.compare_error_text = opts_.strict;
    if (c.expect.id_null) exp.id = nullptr;
    else if (c.request.id && !c.request.body_text) exp.id = expand(*c.request.id, u.vars);
    exp.result = c.expect.result ? &*c.expect.result : (m ? &m->result : nullptr);
    for (auto const& [path, value] : c.expect.equal) exp.equal.emplace_back(path, expand(value, u.vars));
    for (auto const& r : c.expect.rules) exp.rules.push_back({r.path, r.directive, expand(r.value, u.vars), r.loc});
    check::evaluate(res, exp, specs_.shapes, u.parser, out.failures);
    for (auto& f : out.failures) f.actual = redactor_.apply(f.actual);
    if (!out.failures.empty()) out.outcome = verdict::fail;
}

check_result runner::run_check(check_case const& c, unit_state& u) {
    auto start = steady::now();
    check_result out{c.id, c.requirement, c.loc, verdict::pass, {}, {}, {}, {}, {}, {}, {}};
    for (auto const& [k, v] : c.vars) u.vars[k] = bj::string(expand_text(v, u.vars));
    out.expectation = expectation_text(c.expect);
    if (!c.intrusive.empty() && !opts_.intrusive) {
        out.outcome = verdict::skip;
        out.message = fmt::format("skipped: changes state the suite did not create ({}); run with --intrusive on a "
                                  "disposable server", c.intrusive);
        return out;
    }
    if (c.request.key == spec::key_kind::default_user && keys_.default_user.empty()) {
        out.outcome = verdict::skip;
        out.message = "skipped: no key of the default user (set KCONFORM_DEFAULT_KEY to run it)";
        return out;
    }
    if (auto missing = first_unset(c, u.vars); !missing.empty()) {
        bool discoverable = missing == "hg_repo" || missing == "git_repo" || missing.starts_with("pull_request");
        out.outcome = discoverable ? verdict::skip : verdict::fail;
        out.message = discoverable ? fmt::format("skipped: the target has nothing for ${{{}}} (a repository with history "
                                                 "or an open pull request)", missing)
                                   : fmt::format("the check uses ${{{}}}, which no setup step or the run defines", missing);
        return out;
    }
    if (run_setup(c, u, out)) {
        auto req = build_request(c.request, keys_, u.vars, target_.path);
        out.request = describe_request(req);
        out.reproduce = reproduce(req);
        auto res = u.client.send(req);
        if (c.request.args && c.request.args->is_object()) {
            auto sent = expand(*c.request.args, u.vars);  // error texts quote arguments as sent (${userid} ...)
            for (auto const& [k, v] : sent.get_object()) u.vars[k] = v;
        }
        if (!res) {
            out.outcome = verdict::fail;
            out.message = fmt::format("no response: {}", u.client.last_error_detail());
        } else {
            // Saved values first: the undo of what this request created may refer to them (delete_user ${uid}).
            auto body = jsonrpc::parse(u.parser, res->body);
            auto error = res->status == 200 && body ? error_member(body->root) : std::nullopt;
            for (auto const& [var, path] : c.save)
                if (auto v = body ? check::resolve(body->root, path) : std::nullopt) u.vars[var] = bj::parse(json::to_text(*v));
            if (error && error->empty() && c.undo && !opts_.keep)
                u.made.record({c.undo->first, expand(bj::value(c.undo->second), u.vars).get_object()});
            out.response = describe_response(*res);
            evaluate_response(c, *res, u, out);
        }
    }
    if (!out.message.empty()) out.outcome = verdict::fail;
    out.duration = steady::now() - start;
    return out;
}

void runner::cleanup(unit_state& u, check_result& out) {
    // An entity the check itself deleted is already gone: "… does not exist" is a clean end, not residue — unless the
    // undo could not even name the entity (a variable never saved), which is a real leak (harness::undo_done).
    for (auto const& left : u.made.undo_all()) {
        auto what = redactor_.apply(left);
        {
            std::lock_guard lock(mutex_);
            residue_.push_back(what);
        }
        out.outcome = verdict::fail;
        out.message += (out.message.empty() ? "" : "; ") + ("cleanup failed: " + what);
    }
}

void runner::run_unit(std::size_t index, check_case const* first, std::size_t count, http_client& client,
                      std::vector<check_result>& out) {
    unit_state u(client, base_vars_, keys_);
    // Units may run at once (-j): each gets its own ${run} (the run prefix plus the unit's number) so that entity
    // names never collide, and every name still carries the run prefix for the residue check.
    u.vars["run"] = bj::string(fmt::format("{}u{}", opts_.run_prefix, index));
    std::string failed_step;
    for (std::size_t i = 0; i < count; ++i) {
        auto const& c = first[i];
        if (!failed_step.empty()) {
            out.push_back({c.id, c.requirement, c.loc, verdict::skip, {}, fmt::format("skipped: step {} failed", failed_step), {}, {}, {}, {}, {}});
            continue;
        }
        out.push_back(run_check(c, u));
        if (out.back().outcome == verdict::fail && !c.group.empty()) failed_step = c.id;
    }
    cleanup(u, out.back());
}

check_result runner::residue_check(http_client& client) {
    // Every listing the API has, with the member that carries the created entity's name. Methods the target does
    // not have are passed over: this check is about what the run left, not about the API.
    struct listing {
        char const* method;
        char const* name;
    };
    check_result out{"suite/residue", "Nothing the run created is left on the target (issue: fixture lifecycle).",
                     {}, verdict::pass, {}, {}, {}, {}, {}, {}, {}};
    auto start = steady::now();
    simdjson::dom::parser parser;
    for (auto [method, name] : {listing{"get_users", "username"}, listing{"get_user_groups", "group_name"},
                                listing{"get_repos", "repo_name"}, listing{"get_repo_groups", "group_name"}}) {
        jsonrpc::request req;
        req.api_key = keys_.admin;
        req.method = method;
        auto res = client.post(jsonrpc::encode(req));
        auto body = res ? jsonrpc::parse(parser, res->body) : result<jsonrpc::decoded_body>(errc::connection_closed);
        simdjson::dom::array items;
        if (!body || body->root["result"].get(items) != simdjson::SUCCESS) continue;
        for (auto item : items) {
            std::string_view value;
            if (item[name].get(value) == simdjson::SUCCESS && value.find(opts_.run_prefix) != std::string_view::npos)
                out.failures.push_back({fmt::format("{}.{}", method, name), "absent", "no entity of this run",
                                        fmt::format("\"{}\"", value)});
        }
    }
    if (!out.failures.empty()) out.outcome = verdict::fail;
    out.duration = steady::now() - start;
    return out;
}

void runner::apply_expected_failures(check_result& r) const {
    {
        for (auto const& e : opts_.expected_failures) {
            if (!glob_match(e.id, r.id)) continue;
            if (r.outcome == verdict::fail) {
                r.outcome = verdict::xfail;
                r.message += (r.message.empty() ? "" : "; ") + ("expected failure: " + e.reason);
            } else if (r.outcome == verdict::pass) {
                r.outcome = verdict::xpass;
                r.message = fmt::format("listed in expected failures ({}: {}) but passed: remove it from the list", e.loc.str(), e.reason);
            }
            break;
        }
    }
}

run_report runner::run(std::vector<check_case> const& checks) {
    run_report report;
    report.target = target_.url();
    auto start = steady::now();
    // Units: one check, or the consecutive steps of a scenario. A unit runs when any of its checks is selected.
    struct unit {
        std::size_t first, count;
    };
    std::vector<unit> units;
    for (std::size_t i = 0; i < checks.size();) {
        std::size_t n = 1;
        while (!checks[i].group.empty() && i + n < checks.size() && checks[i + n].group == checks[i].group) ++n;
        bool selected = false;
        for (std::size_t k = i; k < i + n; ++k) selected = selected || glob_match(opts_.filter, checks[k].id);
        if (selected) units.push_back({i, n});
        i += n;
    }
    std::vector<std::vector<check_result>> per_unit(units.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> interrupted{false};
    auto worker = [&] {
        http_client client(target_, opts_.client);
        for (std::size_t k; (k = next.fetch_add(1)) < units.size();) {
            if (opts_.stop && opts_.stop->load()) {
                interrupted = true;
                break;
            }
            run_unit(k, &checks[units[k].first], units[k].count, client, per_unit[k]);
            for (auto& r : per_unit[k]) apply_expected_failures(r);
            if (opts_.on_result) {
                std::lock_guard lock(mutex_);
                for (auto const& r : per_unit[k]) opts_.on_result(r);
            }
        }
    };
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < std::min<std::size_t>(opts_.jobs, units.size()); ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    for (auto& results : per_unit)
        for (auto& r : results) report.results.push_back(std::move(r));
    report.interrupted = interrupted;
    if (!opts_.keep && !report.interrupted) {
        http_client client(target_, opts_.client);
        report.results.push_back(residue_check(client));
        if (opts_.on_result) opts_.on_result(report.results.back());
    }
    report.residue = residue_;
    report.duration = steady::now() - start;
    return report;
}

} // namespace kconform::harness
