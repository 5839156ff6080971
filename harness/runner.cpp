// The conformance runner: arrange (setup calls), act (the request), assert (rules), clean up (ledger, reversed).
#include "harness/runner.hpp"

#include "core/clock.hpp"
#include "core/json_util.hpp"
#include "core/jsonrpc.hpp"
#include "harness/check/evaluate.hpp"
#include "harness/check/rules.hpp"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <fmt/format.h>
#include <random>
#include <unistd.h>

namespace kconform::harness {
namespace bj = boost::json;
using spec::expect_spec;

namespace {

std::string generated_prefix() {
    // Unique enough per run and short: entity names stay readable in server logs.
    std::random_device rd;
    return fmt::format("kc{:06x}", (rd() ^ static_cast<unsigned>(getpid())) & 0xffffff);
}

// The text of an expectation's error: a catalog key (method first, then envelope) or a literal, with ${…} expanded
// from the call's arguments and the run's variables.
std::string error_text(expect_spec const& e, spec::method_spec const* m, spec::envelope_spec const& env,
                       variables const& vars) {
    std::string templ = e.error;
    if (e.kind == expect_spec::outcome::denied) templ = "denied";
    if (m && m->errors.count(templ)) templ = m->errors.at(templ);
    else if (env.errors.count(templ)) templ = env.errors.at(templ);
    else if (e.kind == expect_spec::outcome::denied) templ = "Internal server error";
    return expand_text(templ, vars);
}

// A JSON-RPC success: HTTP 200, a JSON object whose error is null.
bool succeeded(http_response const& res) {
    simdjson::dom::parser parser;
    auto body = jsonrpc::parse(parser, res.body);
    return res.status == 200 && body && body->root["error"].is_null();
}

} // namespace

runner::runner(spec::spec_set const& specs, target t, role_keys keys, run_options opts)
    : specs_(specs), target_(std::move(t)), keys_(std::move(keys)), opts_(std::move(opts)), client_(target_) {
    if (opts_.run_prefix.empty()) opts_.run_prefix = generated_prefix();
    redactor_.add(keys_.admin, "$KCONFORM_ADMIN_KEY");
    redactor_.add(keys_.user, "$KCONFORM_USER_KEY");
    redactor_.add(keys_.user2, "$KCONFORM_USER2_KEY");
    base_vars_["run"] = bj::string(opts_.run_prefix);
}

std::optional<start_error> runner::prepare() {
    simdjson::dom::parser parser;
    std::pair<char const*, std::string const*> roles[] = {{"admin", &keys_.admin}, {"user", &keys_.user}, {"user2", &keys_.user2}};
    for (auto [role, key] : roles) {
        if (key->empty()) return start_error{fmt::format("no API key for the {} role (set KCONFORM_{}_KEY or use --keys-file)",
                                                         role, role == std::string_view("user2") ? "USER2" : role == std::string_view("user") ? "USER" : "ADMIN")};
        jsonrpc::request req;
        req.api_key = *key;
        req.method = "get_user";
        auto res = client_.post(jsonrpc::encode(req));
        if (!res) return start_error{fmt::format("target {} unreachable: {}", target_.url(), client_.last_error_detail())};
        auto body = jsonrpc::parse(parser, res->body);
        std::string_view name, error;
        int64_t id = 0;
        if (!body || res->status != 200) {
            return start_error{fmt::format("target {} does not answer like a Kallithea API (HTTP {}): {}", target_.url(),
                                           res->status, redactor_.apply(json::excerpt(res->body, 200)))};
        }
        if (body->root["error"].get(error) == simdjson::SUCCESS)
            return start_error{fmt::format("the {} key is refused by {}: {}", role, target_.url(), error)};
        if (body->root["result"]["user_id"].get(id) != simdjson::SUCCESS ||
            body->root["result"]["username"].get(name) != simdjson::SUCCESS)
            return start_error{fmt::format("get_user as {} returned no user_id/username: {}", role,
                                           redactor_.apply(json::excerpt(res->body, 200)))};
        base_vars_[std::string(role) + "_id"] = id;
        base_vars_[std::string(role) + "_name"] = bj::string(name);
    }
    return std::nullopt;
}

std::string runner::describe_request(http_request const& req) const {
    return redactor_.apply(fmt::format("{} {}{} {}", std::string_view(req.method_string()), target_.url(),
                                       req.target().substr(target_.path.size()), json::excerpt(req.body(), 800)));
}

std::string runner::describe_response(http_response const& res) const {
    return redactor_.apply(fmt::format("HTTP {} {} {}", res.status, res.content_type.empty() ? "(no content-type)" : res.content_type,
                                       json::excerpt(res.body, 800)));
}

bool runner::run_setup(check_case const& c, variables& vars, std::vector<undo_entry>& ledger, check_result& out) {
    simdjson::dom::parser parser;
    for (auto const& s : c.setup) {
        spec::request_spec r;
        r.key = s.key;
        r.method = bj::string(s.method);
        r.args = bj::value(s.args);
        auto req = build_request(r, keys_, vars, target_.path);
        auto res = client_.send(req);
        auto fail = [&](std::string why) {
            out.outcome = verdict::fail;
            out.message = fmt::format("setup call {} ({}) failed: {}", s.method, s.loc.str(), why);
            out.request = describe_request(req);
            if (res) out.response = describe_response(*res);
            return false;
        };
        if (!res) return fail(client_.last_error_detail());
        auto body = jsonrpc::parse(parser, res->body);
        simdjson::dom::element result;
        if (!body || body->root.at_key("result").get(result) != simdjson::SUCCESS || result.is_null())
            return fail("no result");
        for (auto const& [var, path] : s.save) {
            auto v = check::resolve(body->root, path);
            if (!v) return fail(fmt::format("nothing at {} to save as ${{{}}}", path, var));
            vars[var] = bj::parse(json::to_text(*v));
        }
        if (s.undo && !opts_.keep)
            ledger.push_back({s.undo->first, expand(bj::value(s.undo->second), vars).get_object()});
    }
    return true;
}

void runner::cleanup(std::vector<undo_entry>& ledger, check_result& out) {
    simdjson::dom::parser parser;
    for (auto it = ledger.rbegin(); it != ledger.rend(); ++it) {
        jsonrpc::request req;
        req.api_key = keys_.admin;
        req.method = it->method;
        req.args = it->args;
        auto res = client_.post(jsonrpc::encode(req));
        std::string_view error;
        bool ok = res && res->status == 200;
        if (ok) {
            auto body = jsonrpc::parse(parser, res->body);
            ok = body && body->root["error"].is_null();
            if (body && body->root["error"].get(error) == simdjson::SUCCESS) ok = false;
        }
        // An entity the check itself deleted is already gone: "… does not exist" is a clean end, not residue.
        if (!ok && error.find("does not exist") != std::string_view::npos) ok = true;
        if (!ok) {
            auto what = redactor_.apply(fmt::format("{} {} ({})", it->method, bj::serialize(it->args),
                                                    res ? std::string(error) : client_.last_error_detail()));
            residue_.push_back(what);
            if (!out.message.empty()) out.message += "; ";
            out.message += "cleanup failed: " + what;
        }
    }
    ledger.clear();
}

check_result runner::run_one(check_case const& c) {
    auto start = steady::now();
    check_result out{c.id, c.requirement, c.loc, verdict::pass, {}, {}, {}, {}, {}};
    variables vars = base_vars_;
    for (auto const& [k, v] : c.vars) vars[k] = bj::string(v);
    std::vector<undo_entry> ledger;
    if (run_setup(c, vars, ledger, out)) {
        auto req = build_request(c.request, keys_, vars, target_.path);
        out.request = describe_request(req);
        if (c.request.args && c.request.args->is_object()) {
            auto sent = expand(*c.request.args, vars);  // error texts quote arguments as sent (${userid} ...)
            for (auto const& [k, v] : sent.get_object())
                if (!vars.count(k)) vars[k] = v;
        }
        auto res = client_.send(req);
        if (res && c.undo && !opts_.keep && succeeded(*res))
            ledger.push_back({c.undo->first, expand(bj::value(c.undo->second), vars).get_object()});
        if (!res) {
            out.outcome = verdict::fail;
            out.message = fmt::format("no response: {}", client_.last_error_detail());
        } else {
            out.response = describe_response(*res);
            check::expected_response exp;
            auto const* m = specs_.find(c.method);
            switch (c.expect.kind) {
            case expect_spec::outcome::ok: exp.outcome = check::expected_response::kind::ok; break;
            case expect_spec::outcome::http: exp.outcome = check::expected_response::kind::http; break;
            default: exp.outcome = check::expected_response::kind::error;
            }
            exp.status = c.expect.status;
            exp.error = error_text(c.expect, m, specs_.envelope, vars);
            exp.error_prefix = c.expect.error_is_prefix;
            exp.compare_error_text = opts_.strict;
            if (c.expect.id_null) exp.id = nullptr;
            else if (c.request.id && !c.request.body_text) exp.id = expand(*c.request.id, vars);
            exp.result = c.expect.result ? &*c.expect.result : (m ? &m->result : nullptr);
            for (auto const& [path, value] : c.expect.equal) exp.equal.emplace_back(path, expand(value, vars));
            for (auto const& r : c.expect.rules) exp.rules.push_back({r.path, r.directive, expand(r.value, vars), r.loc});
            simdjson::dom::parser parser;
            check::evaluate(*res, exp, specs_.shapes, parser, out.failures);
            for (auto& f : out.failures) f.actual = redactor_.apply(f.actual);
            if (!out.failures.empty()) out.outcome = verdict::fail;
        }
    }
    cleanup(ledger, out);
    if (!out.message.empty()) out.outcome = verdict::fail;
    out.duration = steady::now() - start;
    return out;
}

run_report runner::run(std::vector<check_case> const& checks) {
    run_report report;
    report.target = target_.url();
    auto start = steady::now();
    for (auto const& c : checks) {
        if (!glob_match(opts_.filter, c.id)) continue;
        if (opts_.stop && opts_.stop->load()) {
            report.interrupted = true;
            break;
        }
        report.results.push_back(run_one(c));
        if (opts_.on_result) opts_.on_result(report.results.back());
    }
    report.residue = residue_;
    report.duration = steady::now() - start;
    return report;
}

} // namespace kconform::harness
