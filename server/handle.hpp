// The reference server's request handling as a pure function: HTTP-level checks of Kallithea's web front
// (405/403/404), then the JSON-RPC envelope (reference §A.2) and the method. Knows nothing about sockets.
#pragma once
#include <functional>
#include <string>

namespace kconform::server {

class store;

/** What the HTTP front needs from one request; the listener (or a unit test) fills it in. */
struct http_input {
    std::string method = "POST";          // HTTP method as sent, e.g. "POST", "GET", "PUT"
    std::string target = "/_admin/api";   // request target including any query, e.g. "/_admin/api?api_key=..."
    bool has_content_length = true;       // whether a Content-Length header was present (absent for chunked)
    std::string content_type;             // Content-Type header, "" when absent
    std::string authorization;            // Authorization header, "" when absent
    std::string body;                     // the request body
    std::string remote_addr = "127.0.0.1";  // client address as the server sees it
};

/** The answer: status, Content-Type and body. */
struct http_output {
    unsigned status = 200;                        // HTTP status code
    std::string content_type = "application/json";  // Content-Type to send
    std::string body;                             // response body
};

/** handle_http's signature; fault decorators wrap a handler and return another. */
using handler = std::function<http_output(http_input const&, store&)>;

/** Handles one request against the store (which it may modify). Thread-compatible: the caller serialises access. */
http_output handle_http(http_input const& in, store& s);

} // namespace kconform::server
