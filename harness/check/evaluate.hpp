// Judges one HTTP response against a concrete expectation: HTTP status and Content-Type, JSON envelope (§A.1),
// id echo, outcome (result or error text) and result shape. No I/O; the runner and the load engine share it.
#pragma once
#include "core/http_client.hpp"
#include "harness/check/failure.hpp"
#include "harness/check/shape.hpp"

#include <boost/json/value.hpp>
#include <optional>
#include <simdjson.h>
#include <string>
#include <vector>

namespace kconform::check {

/** A fully expanded expectation (no ${placeholders} left). */
struct expected_response {
    enum class kind { ok, error, http, any } outcome = kind::ok;  // any: only the envelope and `rules`
    unsigned status = 200;                   // expected HTTP status
    std::string error;                       // kind error: the error text (or its start when error_prefix)
    bool error_prefix = false;               // compare only the start of the text
    bool compare_error_text = true;          // false in tolerant mode: any string error passes
    std::optional<boost::json::value> id;    // the id that must come back; nullopt = not checked
    spec::schema const* result = nullptr;    // kind ok: shape of `result`, nullptr = not checked
    std::vector<std::pair<std::string, boost::json::value>> equal;  // path → value, e.g. "result.msg"
    std::vector<spec::rule_spec> rules;      // kind ok: further rules, arguments already expanded
};

/** Appends every broken rule to `out`; `parser` is reused across calls. */
void evaluate(http_response const& res, expected_response const& exp, shape_table const& shapes,
              simdjson::dom::parser& parser, failures& out);

/** True for "application/json" with optional parameters, case-insensitive. */
bool is_json_content_type(std::string_view content_type);

} // namespace kconform::check
