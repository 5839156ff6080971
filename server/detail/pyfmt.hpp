// How Python prints the values Kallithea puts into its messages: "%s" % value, repr(value), type(value).__name__
// and repr(bytes). The reference server formats JSON values as the Python objects json.loads would have made.
#pragma once
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace kconform::server::detail {

/** type(v).__name__ of the Python object json.loads makes: NoneType, bool, int, float, str, list, dict. */
std::string_view python_type_name(boost::json::value const& v) noexcept;

/** "%s" % v: a str as itself, everything else as repr. */
std::string python_str(boost::json::value const& v);

/** repr(v): None, True, 1, 1.5, 'text', [1, 'a'], {'k': None}. */
std::string python_repr(boost::json::value const& v);

/** repr(float): shortest round-trip digits, "1.0", "1e+16", "1e-05", "inf", "nan". */
std::string python_float_repr(double d);

/** repr(bytes): b'...' (or b"..." when only ' occurs), \\t \\n \\r \\\\ and \\xNN escapes. */
std::string python_bytes_repr(std::string_view bytes);

} // namespace kconform::server::detail
