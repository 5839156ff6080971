// Response evaluation: transport-level checks first, then the envelope, then the outcome, each through rule objects.
#include "harness/check/evaluate.hpp"

#include "core/json_util.hpp"
#include "core/jsonrpc.hpp"
#include "harness/check/rules.hpp"

#include <fmt/format.h>

namespace kconform::check {
namespace dom = simdjson::dom;

bool is_json_content_type(std::string_view ct) {
    auto semi = ct.find(';');
    auto media = ct.substr(0, semi);
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    constexpr std::string_view want = "application/json";
    if (media.size() != want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(media[i])) != want[i]) return false;
    return true;
}

namespace {

void apply(std::string_view directive, std::string path, boost::json::value const& arg, dom::element root, failures& out) {
    std::string error;
    if (auto r = make_rule(directive, std::move(path), arg, &error)) r->check(root, out);
    else out.push_back({"spec", std::string(directive), "a valid rule", error});
}

// The envelope of §A.1: an object with exactly id, result and error. Returns false when the rest cannot be judged.
bool check_envelope(dom::element root, failures& out) {
    if (!root.is_object()) {
        out.push_back({"body", "envelope", "a JSON object {\"id\", \"result\", \"error\"}", json::describe(root)});
        return false;
    }
    bool complete = true;
    for (char const* key : {"id", "result", "error"}) {
        auto before = out.size();
        apply("present", key, nullptr, root, out);
        complete = complete && out.size() == before;
    }
    dom::object obj;
    if (root.get(obj) != simdjson::SUCCESS) return false;
    for (auto member : obj)
        if (member.key != "id" && member.key != "result" && member.key != "error")
            out.push_back({std::string(member.key), "exact-keys", "only id, result and error", "an extra member"});
    return complete;
}

} // namespace

void evaluate(http_response const& res, expected_response const& exp, shape_table const& shapes, dom::parser& parser,
              failures& out) {
    if (exp.outcome == expected_response::kind::http || res.status != 200) {
        if (res.status != exp.status)
            out.push_back({"http.status", "equal", std::to_string(exp.status),
                           fmt::format("{} (body: {})", res.status, json::excerpt(res.body, 200))});
        return;
    }
    if (!is_json_content_type(res.content_type))
        out.push_back({"http.content-type", "equal", "application/json",
                       res.content_type.empty() ? "no Content-Type" : res.content_type});
    std::string detail;
    auto body = jsonrpc::parse(parser, res.body, &detail);
    if (!body) {
        out.push_back({"body", "json", "a JSON object", fmt::format("invalid JSON ({}): {}", detail, json::excerpt(res.body, 200))});
        return;
    }
    dom::element root = body->root;
    if (!check_envelope(root, out)) return;
    if (exp.id) apply("equal", "id", *exp.id, root, out);
    if (exp.outcome == expected_response::kind::any) {
        for (auto const& r : exp.rules) apply(r.directive, r.path, r.value, root, out);
        return;
    }
    if (exp.outcome == expected_response::kind::ok) {
        auto before = out.size();
        apply("equal", "error", nullptr, root, out);
        if (out.size() != before) return;  // an error instead of a result: the result's shape would only add noise
        if (exp.result) {
            dom::element result;
            if (root.at_key("result").get(result) == simdjson::SUCCESS) check_shape(result, *exp.result, shapes, "result", out);
        }
        for (auto const& [path, value] : exp.equal) apply("equal", path, value, root, out);
        for (auto const& r : exp.rules) apply(r.directive, r.path, r.value, root, out);
        return;
    }
    apply("equal", "result", nullptr, root, out);
    if (!exp.compare_error_text) apply("type", "error", "string", root, out);
    else if (exp.error_prefix) apply("prefix", "error", boost::json::string(exp.error), root, out);
    else apply("equal", "error", boost::json::string(exp.error), root, out);
}

} // namespace kconform::check
