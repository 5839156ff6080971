// Turning a request_spec into bytes on the wire: ${var} expansion, api keys per role, the JSON-RPC body, the HTTP
// request (method, query, chunked or not); and reading values back out of a response for `save:`.
#pragma once
#include "core/http_client.hpp"
#include "harness/spec/model.hpp"

#include <boost/json/value.hpp>
#include <map>
#include <string>

namespace kconform::harness {

/** The keys of the three roles, as configured for the target. */
struct role_keys {
    std::string admin;  // an hg.admin user's key
    std::string user;   // a regular user's key
    std::string user2;  // a second regular user's key
    std::string default_user;  // the built-in default user's key, optional ("" = checks needing it are skipped)
};

using variables = std::map<std::string, boost::json::value>;

/**
 * "${x}" alone → the variable's JSON value (keeping its type), "${x!s}" → the same as a string; "a${x}b" → text
 * substitution; recursive through arrays and objects.
 */
boost::json::value expand(boost::json::value const& v, variables const& vars);
/** Text substitution of ${x}; strings insert as is, other values as JSON; unknown names are left in place. */
std::string expand_text(std::string_view text, variables const& vars);

/** The api_key member for a key kind: a string, a number, or nullopt for none. */
std::optional<boost::json::value> api_key_for(spec::key_kind k, role_keys const& keys);

/** The HTTP request for a call, with its body already expanded. */
http_request build_request(spec::request_spec const& r, role_keys const& keys, variables const& vars,
                           std::string const& endpoint_path);

} // namespace kconform::harness
