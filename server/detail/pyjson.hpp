// CPython 3's json.loads(bytes) reproduced for the reference server's envelope step 3 (reference §A.2): encoding
// detection and strict decoding, then the C scanner's grammar, error messages and positions (in code points), so
// that "JSON parse error ERR:<message>" reads exactly as Kallithea's would.
#pragma once
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace kconform::server::detail {

/** The decoded document, or the str() of the ValueError json.loads raises. */
struct py_loads_result {
    boost::json::value value;  // the document when error is empty
    std::string error;         // e.g. "Expecting value: line 1 column 1 (char 0)"; empty on success

    bool ok() const noexcept { return error.empty(); }
};

/**
 * json.loads(raw_body) as CPython 3.11 evaluates it. Accepts what Python accepts (NaN, Infinity, duplicate keys,
 * a UTF-8 BOM, UTF-16/32 bodies); integers beyond 64 bits become doubles and lone surrogates become U+FFFD (the
 * value model cannot hold them). Nesting deeper than max_depth is reported as an error instead of recursing.
 */
py_loads_result python_json_loads(std::string_view bytes, std::size_t max_depth = 512);

} // namespace kconform::server::detail
