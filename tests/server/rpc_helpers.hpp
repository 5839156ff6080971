// Shared helpers of the server tests: build an http_input for a JSON-RPC call, run it through handle_http and
// parse the answer, so tables can state requests and expected answers as JSON text.
#pragma once
#include "server/handle.hpp"
#include "server/store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace kconform::server::testing {

/** A POST to /_admin/api with this body and a Content-Length. */
inline http_input post(std::string body) {
    http_input in;
    in.body = std::move(body);
    return in;
}

/** The body of a call: {"id": id, "api_key": key, "method": method, "args": args}. */
inline std::string call_body(std::string_view key, std::string_view method, boost::json::value args,
                             boost::json::value id = 1) {
    boost::json::object o{{"id", id}, {"api_key", key}, {"method", method}, {"args", std::move(args)}};
    return boost::json::serialize(o);
}

/** Parses a JSON answer; a non-JSON body becomes the string "<not json>" so comparisons fail readably. */
inline boost::json::value parse_body(std::string const& body) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec) return boost::json::string("<not json: " + body.substr(0, 80) + ">");
    return v;
}

/** Runs one call through handle_http and returns the parsed answer. */
inline boost::json::value call(store& s, std::string_view key, std::string_view method, boost::json::value args,
                               std::string_view remote_addr = "127.0.0.1") {
    http_input in = post(call_body(key, method, std::move(args)));
    in.remote_addr = remote_addr;
    return parse_body(handle_http(in, s).body);
}

/** The error member of a call's answer ("" when it is null). */
inline std::string call_error(store& s, std::string_view key, std::string_view method, boost::json::value args) {
    auto v = call(s, key, method, std::move(args));
    auto const* e = v.is_object() ? v.get_object().if_contains("error") : nullptr;
    if (e == nullptr) return "<no error member: " + boost::json::serialize(v) + ">";
    return e->is_string() ? std::string(e->get_string()) : "";
}

/** The result member of a call's answer. */
inline boost::json::value call_result(store& s, std::string_view key, std::string_view method,
                                      boost::json::value args) {
    auto v = call(s, key, method, std::move(args));
    auto const* r = v.is_object() ? v.get_object().if_contains("result") : nullptr;
    return r == nullptr ? boost::json::value("<no result member>") : *r;
}

/** A name usable in a parameterized test name: letters and digits only. */
inline std::string test_name(std::string_view s) {
    std::string out;
    for (char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
    }
    return out.empty() ? "Unnamed" : out;
}

} // namespace kconform::server::testing
