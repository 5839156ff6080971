// Building blocks of the fault decorators (faults_*.cpp): edit the JSON answer, read the request's method and key,
// run a request as another user. Internal to the fault catalogue.
#pragma once
#include "server/handle.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <utility>

namespace kconform::server::detail {

// Applies `edit(in, answer_object)` to the parsed JSON answer of every 200 JSON response; other answers pass.
template <class Edit> handler edit_answer(handler inner, Edit edit) {
    return [inner = std::move(inner), edit](http_input const& in, store& s) {
        http_output out = inner(in, s);
        if (out.status != 200 || out.content_type != "application/json") return out;
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(out.body, ec);
        if (ec || !v.is_object()) return out;
        edit(in, v.as_object());
        out.body = boost::json::serialize(v);
        return out;
    };
}

// Applies `edit(out)` to every response.
template <class Edit> handler edit_output(handler inner, Edit edit) {
    return [inner = std::move(inner), edit](http_input const& in, store& s) {
        http_output out = inner(in, s);
        edit(out);
        return out;
    };
}

// Visits every object inside a value (depth first).
template <class Fn> void each_object(boost::json::value& v, Fn const& fn) {
    if (auto* o = v.if_object()) {
        fn(*o);
        for (auto& kv : *o) each_object(kv.value(), fn);
    } else if (auto* a = v.if_array()) {
        for (auto& x : *a) each_object(x, fn);
    }
}

// The request's JSON object; null when the body is not one.
inline boost::json::value request_json(http_input const& in) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(in.body, ec);
    if (ec || !v.is_object()) return nullptr;
    return v;
}

// The request's "method" member, "" when absent.
inline std::string request_method(http_input const& in) {
    boost::json::value v = request_json(in);
    auto const* m = v.is_object() ? v.as_object().if_contains("method") : nullptr;
    return m && m->is_string() ? std::string(m->get_string()) : std::string();
}

// The error text of a failed answer, nullptr on success or when the answer is not an envelope.
inline boost::json::string* error_text(boost::json::object& answer) {
    auto* e = answer.if_contains("error");
    return e ? e->if_string() : nullptr;
}

// `in` with its api_key replaced by `key` (unchanged when the body has no api_key).
http_input with_key(http_input const& in, std::string const& key);

// The admin key to impersonate when the caller's key belongs to an active non-admin user; "" otherwise.
std::string admin_key_for_non_admin(http_input const& in, store const& s);

} // namespace kconform::server::detail
