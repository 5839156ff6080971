// Helpers over simdjson DOM elements used wherever a server's response is inspected: type names for messages,
// short excerpts for evidence, and equality against an expected Boost.JSON value. All of them are noexcept-style:
// a strange element is described, never thrown on.
#pragma once
#include <boost/json/value.hpp>
#include <simdjson.h>
#include <string>
#include <string_view>

namespace kconform::json {

/** JSON type of an element as a spec would name it: null, boolean, integer, number, string, array, object. */
std::string_view type_name(simdjson::dom::element e) noexcept;

/** JSON type name of a Boost.JSON value, with the same vocabulary as type_name(element). */
std::string_view type_name(boost::json::value const& v) noexcept;

/** Minified JSON text of an element. */
std::string to_text(simdjson::dom::element e);

/** "string \"true\"", "integer 5", "object {...}": type plus a text excerpt of at most max_len characters. */
std::string describe(simdjson::dom::element e, std::size_t max_len = 120);

/** Same wording as describe(element) for an expected value. */
std::string describe(boost::json::value const& v, std::size_t max_len = 120);

/** Deep equality; numbers compare by value (1 == 1.0), object key order is ignored. */
bool equal(simdjson::dom::element actual, boost::json::value const& expected) noexcept;

/** Shortens s to at most max_len characters, marking the cut with "…". */
std::string excerpt(std::string_view s, std::size_t max_len);

} // namespace kconform::json
