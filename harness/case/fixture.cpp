// Setup calls and their undo ledger (see fixture.hpp).
#include "harness/case/fixture.hpp"

#include "core/json_util.hpp"
#include "core/jsonrpc.hpp"
#include "harness/check/rules.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <random>
#include <unistd.h>

namespace kconform::harness {
namespace bj = boost::json;

bool undo_done(std::optional<std::string> const& rpc_error, bj::object const& args) {
    if (!rpc_error) return false;
    if (rpc_error->empty()) return true;
    bool named = bj::serialize(args).find("${") == std::string::npos;
    return named && rpc_error->find("does not exist") != std::string::npos;
}

std::optional<std::string> error_member(simdjson::dom::element root) {
    simdjson::dom::element error;
    if (root.at_key("error").get(error) != simdjson::SUCCESS) return std::nullopt;
    std::string_view text;
    if (error.is_null()) return std::string();
    return error.get(text) == simdjson::SUCCESS ? std::string(text) : json::to_text(error);
}

std::optional<std::string> answer_error(simdjson::dom::parser& parser, http_response const& res) {
    auto body = jsonrpc::parse(parser, res.body);
    return res.status == 200 && body ? error_member(body->root) : std::nullopt;
}

std::string generate_run_prefix() {
    // Unique enough per run and short: entity names stay readable in server logs.
    std::random_device rd;
    return fmt::format("kc{:06x}", (rd() ^ static_cast<unsigned>(getpid())) & 0xffffff);
}

std::optional<std::string> fixture::run_step(spec::step const& s, variables& vars) {
    spec::request_spec r;
    r.key = s.key;
    r.method = bj::string(s.method);
    r.args = bj::value(s.args);
    auto req = build_request(r, keys_, vars, client_.where().path);
    auto what = fmt::format("{} {}", s.method, bj::serialize(expand(*r.args, vars)));
    auto res = client_.send(req);
    if (!res) return fmt::format("{}: {}", what, client_.last_error_detail());
    auto body = jsonrpc::parse(parser_, res->body);
    auto error = res->status == 200 && body ? error_member(body->root) : std::nullopt;
    if (!error) return fmt::format("{}: HTTP {}, not a JSON-RPC answer: {}", what, res->status, json::excerpt(res->body, 200));
    if (!error->empty()) return fmt::format("{}: {}", what, *error);
    for (auto const& [var, path] : s.save) {
        auto v = check::resolve(body->root, path);
        if (!v) return fmt::format("{}: nothing at {} to save as ${{{}}}", what, path, var);
        vars[var] = bj::parse(json::to_text(*v));
    }
    if (s.undo) ledger_.push_back({s.undo->first, expand(bj::value(s.undo->second), vars).get_object()});
    return std::nullopt;
}

std::vector<std::string> fixture::undo_all() {
    std::vector<std::string> left;
    for (auto it = ledger_.rbegin(); it != ledger_.rend(); ++it) {
        jsonrpc::request req;
        req.api_key = keys_.admin;
        req.method = it->method;
        req.args = it->args;
        auto res = client_.post(jsonrpc::encode(req));
        auto error = res ? answer_error(parser_, *res) : std::nullopt;
        if (undo_done(error, it->args)) continue;
        left.push_back(fmt::format("{} {} ({})", it->method, bj::serialize(it->args),
                                   !res ? client_.last_error_detail() : error ? *error : "not a JSON-RPC answer"));
    }
    ledger_.clear();
    return left;
}

} // namespace kconform::harness
