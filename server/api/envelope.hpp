// The JSON-RPC envelope of reference §A.2, from the Content-Length check to the encoded answer: every step's
// exact text and its id echo rule. The web front (handle.cpp) calls it once the HTTP-level checks passed.
#pragma once
#include "server/handle.hpp"
#include "server/store.hpp"

namespace kconform::server::api {

/** Largest nesting of arrays and objects accepted in a request body; deeper is a JSON parse error. */
inline constexpr std::size_t max_json_depth = 512;

/** Steps 1-14 of §A.2: HTTP 200 with {"id","result","error"}, or the 500 page of step 3b. */
http_output handle_rpc(http_input const& in, store& s);

} // namespace kconform::server::api
