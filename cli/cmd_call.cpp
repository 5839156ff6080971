// `kconform call METHOD key=value …`: the job of Kallithea's kallithea-api client (reference §E), done better:
// values are JSON literals (bare words are strings), the answer is pretty-printed, and the method's spec is applied
// to it, listing every broken rule. Exit codes as for `run`.
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "core/http_client.hpp"
#include "core/jsonrpc.hpp"
#include "core/redact.hpp"
#include "harness/check/evaluate.hpp"
#include "server/embedded.hpp"

#include <boost/json/parse.hpp>
#include <fmt/format.h>
#include <memory>

namespace kconform::cli {
namespace bj = boost::json;

namespace {

struct call_options {
    target_options target;
    std::string method;
    std::vector<std::string> args;  // key=value
    std::string as = "admin";       // role whose key is used
};

// Boost.JSON 1.81 has no pretty printer; two-space indentation, keys in the server's order.
void pretty(std::string& out, bj::value const& v, int indent) {
    auto pad = [&](int n) { out.append(static_cast<std::size_t>(n) * 2, ' '); };
    if (v.is_object() && !v.get_object().empty()) {
        out += "{\n";
        std::size_t i = 0;
        for (auto const& [k, item] : v.get_object()) {
            pad(indent + 1);
            out += bj::serialize(bj::value(bj::string(k))) + ": ";
            pretty(out, item, indent + 1);
            out += ++i < v.get_object().size() ? ",\n" : "\n";
        }
        pad(indent);
        out += "}";
    } else if (v.is_array() && !v.get_array().empty()) {
        out += "[\n";
        std::size_t i = 0;
        for (auto const& item : v.get_array()) {
            pad(indent + 1);
            pretty(out, item, indent + 1);
            out += ++i < v.get_array().size() ? ",\n" : "\n";
        }
        pad(indent);
        out += "]";
    } else {
        out += bj::serialize(v);
    }
}

// "userid=5" → 5, "userid=\"5\"" → "5", "name=joe" → "joe": JSON when it parses as JSON, a string otherwise.
std::optional<bj::object> parse_args(std::vector<std::string> const& args, std::string& error) {
    bj::object out;
    for (auto const& a : args) {
        auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0) {
            error = fmt::format("argument '{}': expected key=value", a);
            return std::nullopt;
        }
        boost::system::error_code ec;
        auto value = bj::parse(a.substr(eq + 1), ec);
        out[a.substr(0, eq)] = ec ? bj::value(bj::string(a.substr(eq + 1))) : value;
    }
    return out;
}

int call_command(call_options& o) {
    std::string error;
    auto keys = resolve_keys(o.target, error);
    auto args = parse_args(o.args, error);
    if (!keys || !args) return fmt::print(stderr, "kconform: {}\n", error), exit_error;
    auto loaded = load_contract(o.target);
    std::unique_ptr<server::embedded> embedded;
    if (o.target.target.empty()) {
        auto started = server::embedded::start();
        if (!started) return fmt::print(stderr, "kconform: cannot start the embedded server\n"), exit_error;
        embedded = std::move(*started);
        o.target.target = embedded->url();
        *keys = {embedded->keys().admin, embedded->keys().user, embedded->keys().user2, embedded->keys().default_user};
    }
    auto t = parse_target(o.target.target, &error);
    if (!t) return fmt::print(stderr, "kconform: --target {}: {}\n", o.target.target, error), exit_error;
    jsonrpc::request req;
    req.api_key = o.as == "user" ? keys->user : o.as == "user2" ? keys->user2 : keys->admin;
    req.method = o.method;
    req.args = *args;
    redactor redact;
    redact.add(keys->admin, "$KCONFORM_ADMIN_KEY");
    redact.add(keys->user, "$KCONFORM_USER_KEY");
    redact.add(keys->user2, "$KCONFORM_USER2_KEY");
    redact.add(keys->default_user, "$KCONFORM_DEFAULT_KEY");
    http_client client(*t);
    auto res = client.post(jsonrpc::encode(req));
    fmt::print("Calling {} as {} => {}\n", o.method, o.as, t->url());
    if (!res) return fmt::print(stderr, "kconform: {}\n", client.last_error_detail()), exit_error;
    boost::system::error_code ec;
    auto parsed = bj::parse(res->body, ec);
    std::string text;
    if (ec) text = res->body;
    else pretty(text, parsed, 0);
    fmt::print("HTTP {} {}\n{}\n", res->status, res->content_type, redact.apply(text));

    // The method's spec, applied to whatever came back: a result must have the result's shape, an error must be a
    // well-formed error (its text is not judged: no expectation says which error it should be).
    auto const* m = loaded.specs.find(o.method);
    check::expected_response exp;
    exp.id = req.id;
    bool is_error = !ec && parsed.is_object() && parsed.get_object().contains("error") && !parsed.at("error").is_null();
    if (is_error) {
        exp.outcome = check::expected_response::kind::error;
        exp.compare_error_text = false;
    } else {
        exp.result = m ? &m->result : nullptr;
    }
    check::failures failures;
    simdjson::dom::parser parser;
    check::evaluate(*res, exp, loaded.specs.shapes, parser, failures);
    if (!m) fmt::print("(no spec for {}: only the envelope was checked)\n", o.method);
    for (auto const& f : failures) fmt::print("BROKEN {}\n", redact.apply(f.str()));
    return failures.empty() ? exit_ok : exit_failed;
}

} // namespace

void setup_call(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<call_options>();
    auto* sub = app.add_subcommand("call", "Call one API method and check the answer against its spec");
    add_target_options(*sub, o->target);
    sub->add_option("method", o->method, "API method, e.g. get_user")->required();
    sub->add_option("args", o->args, "Arguments key=value; values are JSON (userid=5, flag=true, name='\"5\"'), "
                                     "bare words are strings");
    sub->add_option("--as", o->as, "Whose key to use")->check(CLI::IsMember({"admin", "user", "user2"}));
    sub->footer("Exit codes: 0 the answer conforms, 1 it breaks the spec, 2 usage or target error");
    sub->callback([o, &exit_code] { exit_code = call_command(*o); });
}

} // namespace kconform::cli
