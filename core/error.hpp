// kconform's own error codes with an error_category, and result<T>: expected failures are values (style rule 3).
#pragma once
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <string>
#include <type_traits>

namespace kconform {

/** Errors that kconform itself reports at its I/O and decoding boundaries. */
enum class errc {
    ok = 0,
    bad_target_url = 1,   ///< --target is not an http:// URL we can use
    connect_failed,       ///< TCP connect refused or unreachable
    timeout,              ///< an operation passed its deadline
    connection_closed,    ///< the peer closed before a full response
    body_too_large,       ///< the response body exceeded the body limit
    malformed_http,       ///< the bytes were not a valid HTTP/1.x response
    malformed_json,       ///< the body is not valid JSON
    not_an_object,        ///< a JSON-RPC response that is not a JSON object
    missing_key,          ///< an envelope key (id/result/error) is absent
    unexpected_key,       ///< the envelope has a key other than id/result/error
};

/** The category of kconform::errc, with a message for every value. */
boost::system::error_category const& kconform_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), kconform_category()};
}

template <class T> using result = boost::system::result<T>;

} // namespace kconform

template <> struct boost::system::is_error_code_enum<kconform::errc> : std::true_type {};
