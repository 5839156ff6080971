// JSONRPCController._dispatch (controllers/api/__init__.py) step by step. Every answer, error or not, is HTTP 200
// application/json with the keys id, result, error in this order, serialised compactly.
#include "server/api/envelope.hpp"

#include "server/api/dispatch.hpp"
#include "server/auth.hpp"
#include "server/detail/pages.hpp"
#include "server/detail/pyfmt.hpp"
#include "server/detail/pyjson.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

http_output answer(json::value const& id, json::value result, json::value error) {
    http_output out;
    json::object body;
    body["id"] = id;
    body["result"] = std::move(result);
    body["error"] = std::move(error);
    out.body = json::serialize(body);
    return out;
}

// An envelope error: result null, the id as far as Kallithea had read it.
http_output envelope_error(json::value const& id, std::string_view message) {
    return answer(id, nullptr, json::string(message));
}

http_output method_answer(json::value const& id, outcome o) {
    if (o.failed()) return answer(id, nullptr, json::string(o.error));
    return answer(id, std::move(o.result), nullptr);
}

} // namespace

http_output handle_rpc(http_input const& in, store& s) {
    json::value const none = nullptr;
    if (!in.has_content_length) return envelope_error(none, "No Content-Length in request");
    if (in.body.empty()) return envelope_error(none, "Content-Length is 0");
    auto doc = detail::python_json_loads(in.body, max_json_depth);
    if (!doc.ok()) {
        return envelope_error(
            none, fmt::format("JSON parse error ERR:{} RAW:{}", doc.error, detail::python_bytes_repr(in.body)));
    }
    // json_body['api_key'] on a list, str, number or None raises TypeError outside any handler.
    if (!doc.value.is_object()) return detail::html_error(500, "The server has either erred or is incapable of "
                                                               "performing the requested operation.");
    json::object const& body = doc.value.get_object();
    // KeyError order: api_key, id, method, args; the id is echoed once it has been read.
    json::value const* api_key = body.if_contains("api_key");
    if (api_key == nullptr) return envelope_error(none, "Incorrect JSON query missing 'api_key'");
    json::value const* id = body.if_contains("id");
    if (id == nullptr) return envelope_error(none, "Incorrect JSON query missing 'id'");
    json::value const* method_name = body.if_contains("method");
    if (method_name == nullptr) return envelope_error(*id, "Incorrect JSON query missing 'method'");
    json::value const* args = body.if_contains("args");
    if (args == nullptr) return envelope_error(*id, "Incorrect JSON query missing 'args'");
    json::object const no_args;
    json::object const& arg_object = args->is_object() ? args->get_object() : no_args;

    user const* caller = authenticate(s, *api_key, in.remote_addr);
    if (caller == nullptr) return envelope_error(*id, "Invalid API key");
    return method_answer(*id, dispatch(s, *caller, in.remote_addr, *method_name, arg_object));
}

} // namespace kconform::server::api
