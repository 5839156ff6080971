// The server under test: a parsed http:// URL (Boost.URL) whose path ends in /_admin/api.
#pragma once
#include "core/error.hpp"

#include <string>
#include <string_view>

namespace kconform {

/** Where requests go. Built only by parse_target, so the fields are always consistent. */
struct target {
    std::string host;                  // name or address, without brackets for IPv6
    std::string port = "80";           // decimal TCP port
    std::string path = "/_admin/api";  // request target of the JSON-RPC endpoint

    /** "http://host:port/path" for messages and curl reproductions. */
    std::string url() const;
    /** The Host header value. */
    std::string host_header() const;
};

/**
 * Accepts "http://host:port", a base URL with a prefix ("http://h/kallithea") or the endpoint itself
 * ("http://h:5000/_admin/api"). Anything else (https, no host, query, fragment) is errc::bad_target_url;
 * `why`, when given, says what is wrong.
 */
result<target> parse_target(std::string_view url, std::string* why = nullptr);

} // namespace kconform
