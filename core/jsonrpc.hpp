// The Kallithea JSON-RPC envelope (reference §A): requests are encoded with Boost.JSON, responses decoded with
// simdjson's error-code API so that a malformed response is a value, never an exception.
#pragma once
#include "core/error.hpp"

#include <boost/json/value.hpp>
#include <memory>
#include <simdjson.h>
#include <string>
#include <string_view>

namespace kconform::jsonrpc {

/** One API call: {"id", "api_key", "method", "args"}. */
struct request {
    boost::json::value id = 1;  // echoed back by the server; any JSON value
    std::string api_key;        // 40 alphanumeric characters for a valid key
    std::string method;         // e.g. "get_user"
    boost::json::value args = boost::json::object{};  // the method's named arguments
};

/** Serialises a request in the documented key order. */
std::string encode(request const& r);

/** A parsed response body. The document is owned here, so the elements stay valid as long as this lives. */
struct decoded_body {
    std::unique_ptr<simdjson::dom::document> doc = std::make_unique<simdjson::dom::document>();
    simdjson::dom::element root;
};

/**
 * Parses a body with a caller-owned (reused) parser. Fails with errc::malformed_json; `detail`, when given,
 * receives simdjson's message (e.g. "TAPE_ERROR: ...").
 */
result<decoded_body> parse(simdjson::dom::parser& parser, std::string_view body, std::string* detail = nullptr);

/**
 * As parse(), into the parser's own document, which it reuses: once the parser has seen a body of this size nothing
 * is allocated (the load engine's hot path). The element is valid until the parser's next parse.
 */
result<simdjson::dom::element> parse_in_place(simdjson::dom::parser& parser, std::string_view body,
                                              std::string* detail = nullptr);

/** The three envelope members of a response (reference §A.1). */
struct envelope {
    simdjson::dom::element id;
    simdjson::dom::element result;
    simdjson::dom::element error;
};

/**
 * Splits a parsed response into its members. errc::not_an_object, errc::missing_key or errc::unexpected_key;
 * `key`, when given, receives the offending key name.
 */
result<envelope> split(simdjson::dom::element root, std::string* key = nullptr);

} // namespace kconform::jsonrpc
