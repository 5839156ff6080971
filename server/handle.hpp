// The reference server's request handling as a pure function: HTTP-level checks of Kallithea's web front
// (405/403/404), then the JSON-RPC envelope (reference §A.2) and the method. Knows nothing about sockets.
#pragma once
#include <chrono>
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

/**
 * How the listener puts an answer on the wire. The reference server always uses the defaults; transport faults
 * (stall, reset, truncation) and benign variants (Connection: close, HTTP/1.0, another Server header) set the rest.
 */
struct delivery {
    enum class mode {
        answer,          // write the answer
        close_silently,  // close the connection without answering
        reset,           // abort the connection (TCP RST) without answering
        truncate,        // write the head and half of the body (Content-Length says all), then close
        stall,           // answer nothing, hold the connection open for `stall_for`, then close it
    };
    mode how = mode::answer;
    bool close = false;                        // send Connection: close and close after the answer
    unsigned version = 0;                      // HTTP version of the answer: 0 = the request's, 10 = HTTP/1.0
    std::string server = "kconform-refserver";  // Server header, "" = none
    std::chrono::milliseconds stall_for{0};    // for mode::stall
};

/** The answer: status, Content-Type and body, and how to deliver them. */
struct http_output {
    unsigned status = 200;                        // HTTP status code
    std::string content_type = "application/json";  // Content-Type to send
    std::string body;                             // response body
    delivery wire = {};                           // defaults: an ordinary HTTP answer
};

/** handle_http's signature; fault decorators wrap a handler and return another. */
using handler = std::function<http_output(http_input const&, store&)>;

/** Handles one request against the store (which it may modify). Thread-compatible: the caller serialises access. */
http_output handle_http(http_input const& in, store& s);

} // namespace kconform::server
