// The first half of CPython's json.loads(bytes): json.detect_encoding and bytes.decode(enc, 'surrogatepass'),
// with UnicodeDecodeError's exact message. Separate from the scanner so each can be tested on its own.
#pragma once
#include <string>
#include <string_view>

namespace kconform::server::detail {

/** Code points of the decoded body (lone surrogates kept as such), or the UnicodeDecodeError text. */
struct py_decoded {
    std::u32string text;  // the decoded str when error is empty
    std::string error;    // e.g. "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
};

/** Name of the codec json.detect_encoding picks for these bytes: "utf-8", "utf-8-sig", "utf-16", "utf-32-le"... */
std::string_view python_detect_encoding(std::string_view bytes) noexcept;

/** bytes.decode(python_detect_encoding(bytes), 'surrogatepass'). */
py_decoded python_decode_json_bytes(std::string_view bytes);

/** UTF-8 of a code point sequence; surrogates (not representable) become U+FFFD. */
std::string to_utf8(std::u32string_view text);

} // namespace kconform::server::detail
