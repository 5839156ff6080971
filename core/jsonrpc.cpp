// JSON-RPC request encoding and response decoding.
#include "core/jsonrpc.hpp"

#include <boost/json/serialize.hpp>

namespace kconform::jsonrpc {
namespace dom = simdjson::dom;

std::string encode(request const& r) {
    // Built by hand around Boost.JSON's serializer only to keep the documented key order id, api_key, method, args.
    std::string out = "{\"id\":";
    out += boost::json::serialize(r.id);
    out += ",\"api_key\":";
    out += boost::json::serialize(boost::json::value(r.api_key));
    out += ",\"method\":";
    out += boost::json::serialize(boost::json::value(r.method));
    out += ",\"args\":";
    out += boost::json::serialize(r.args);
    out += '}';
    return out;
}

result<decoded_body> parse(dom::parser& parser, std::string_view body, std::string* detail) {
    decoded_body out;
    auto error = parser.parse_into_document(*out.doc, body.data(), body.size()).get(out.root);
    if (error) {
        if (detail) *detail = simdjson::error_message(error);
        return errc::malformed_json;
    }
    return out;
}

result<dom::element> parse_in_place(dom::parser& parser, std::string_view body, std::string* detail) {
    dom::element root;
    auto error = parser.parse(body.data(), body.size()).get(root);
    if (error) {
        if (detail) *detail = simdjson::error_message(error);
        return errc::malformed_json;
    }
    return root;
}

result<envelope> split(dom::element root, std::string* key) {
    dom::object obj;
    if (root.get(obj) != simdjson::SUCCESS) return errc::not_an_object;
    envelope env;
    bool seen[3] = {false, false, false};
    for (auto field : obj) {
        std::string_view k = field.key;
        int slot = k == "id" ? 0 : k == "result" ? 1 : k == "error" ? 2 : -1;
        if (slot < 0) {
            if (key) *key = std::string(k);
            return errc::unexpected_key;
        }
        seen[slot] = true;
        (slot == 0 ? env.id : slot == 1 ? env.result : env.error) = field.value;
    }
    static constexpr std::string_view names[3] = {"id", "result", "error"};
    for (int i = 0; i < 3; ++i) {
        if (!seen[i]) {
            if (key) *key = std::string(names[i]);
            return errc::missing_key;
        }
    }
    return env;
}

} // namespace kconform::jsonrpc
