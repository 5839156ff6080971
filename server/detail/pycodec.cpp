// Encoding detection and strict decoding as CPython's json.loads(bytes) does them. The UTF-8 rules follow
// CPython's own decoder (Objects/stringlib/codecs.h) so that the reported byte range and reason match; the
// 'surrogatepass' handler lets encoded surrogates through.
#include "server/detail/pycodec.hpp"

#include <fmt/format.h>

namespace kconform::server::detail {
namespace {

struct bad_range {
    std::size_t start = 0;   // first offending byte
    std::size_t end = 0;     // one past the last
    char const* reason = ""; // CPython's reason text
};

std::string unicode_decode_error(std::string_view codec, std::string_view bytes, bad_range r) {
    if (r.end == r.start + 1) {
        return fmt::format("'{}' codec can't decode byte 0x{:02x} in position {}: {}", codec,
                           static_cast<unsigned char>(bytes[r.start]), r.start, r.reason);
    }
    return fmt::format("'{}' codec can't decode bytes in position {}-{}: {}", codec, r.start, r.end - 1, r.reason);
}

bool is_continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

unsigned char byte_at(std::string_view s, std::size_t i) noexcept { return static_cast<unsigned char>(s[i]); }

// One UTF-8 sequence at i: its length, or the error CPython reports (InvalidStart / InvalidContinuationN /
// unexpected end of data), after letting 'surrogatepass' accept ED A0..BF 80..BF.
std::size_t utf8_sequence(std::string_view s, std::size_t i, bad_range& err) {
    std::size_t const left = s.size() - i;
    unsigned char const c = byte_at(s, i);
    auto fail = [&](std::size_t end, char const* why) {
        err = {i, end, why};
        return std::size_t{0};
    };
    if (c < 0x80) return 1;
    if (c < 0xC2 || c >= 0xF5) return fail(i + 1, "invalid start byte");
    std::size_t const need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    // Second byte: a continuation, and for E0/ED/F0/F4 within the range that keeps the sequence canonical.
    if (left >= 2) {
        unsigned char const c2 = byte_at(s, i + 1);
        bool bad2 = !is_continuation(c2) || (c == 0xE0 && c2 < 0xA0) || (c == 0xF0 && c2 < 0x90) ||
                    (c == 0xF4 && c2 >= 0x90);
        bool const surrogate = c == 0xED && c2 >= 0xA0 && is_continuation(c2);
        if (surrogate && left >= 3 && is_continuation(byte_at(s, i + 2))) return 3;  // surrogatepass
        if (bad2 || surrogate) return fail(i + 1, "invalid continuation byte");
    }
    if (need == 4 && left >= 3 && !is_continuation(byte_at(s, i + 2))) return fail(i + 2, "invalid continuation byte");
    if (left < need) return fail(s.size(), "unexpected end of data");
    if (need >= 3 && !is_continuation(byte_at(s, i + 2))) return fail(i + 2, "invalid continuation byte");
    if (need == 4 && !is_continuation(byte_at(s, i + 3))) return fail(i + 3, "invalid continuation byte");
    return need;
}

char32_t utf8_code_point(std::string_view s, std::size_t i, std::size_t len) noexcept {
    unsigned char const c = byte_at(s, i);
    if (len == 1) return c;
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (byte_at(s, i + k) & 0x3F);
    return cp;
}

py_decoded decode_utf8(std::string_view s, std::string_view codec) {
    py_decoded out;
    out.text.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        bad_range err;
        std::size_t const len = utf8_sequence(s, i, err);
        if (len == 0) {
            out.text.clear();
            out.error = unicode_decode_error(codec, s, err);
            return out;
        }
        out.text.push_back(utf8_code_point(s, i, len));
        i += len;
    }
    return out;
}

char32_t read_unit(std::string_view s, std::size_t i, std::size_t width, bool big_endian) noexcept {
    char32_t v = 0;
    for (std::size_t k = 0; k < width; ++k) {
        std::size_t const at = big_endian ? i + k : i + width - 1 - k;
        v = (v << 8) | byte_at(s, at);
    }
    return v;
}

// UTF-16 and UTF-32; `skip` bytes of BOM are consumed but still count in error positions, as in CPython.
py_decoded decode_wide(std::string_view s, std::string_view codec, std::size_t width, bool big_endian,
                       std::size_t skip) {
    py_decoded out;
    for (std::size_t i = skip; i < s.size();) {
        if (s.size() - i < width) {
            out.text.clear();
            out.error = unicode_decode_error(codec, s, {i, s.size(), "truncated data"});
            return out;
        }
        char32_t unit = read_unit(s, i, width, big_endian);
        if (width == 4 && unit > 0x10FFFF) {
            out.text.clear();
            out.error = unicode_decode_error(codec, s, {i, i + 4, "code point not in range(0x110000)"});
            return out;
        }
        i += width;
        // A proper surrogate pair joins; a lone surrogate passes through ('surrogatepass').
        if (width == 2 && unit >= 0xD800 && unit <= 0xDBFF && s.size() - i >= 2) {
            char32_t const low = read_unit(s, i, 2, big_endian);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        out.text.push_back(unit);
    }
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) noexcept { return s.substr(0, prefix.size()) == prefix; }

constexpr std::string_view bom_utf8{"\xEF\xBB\xBF", 3};
constexpr std::string_view bom_utf16_le{"\xFF\xFE", 2};
constexpr std::string_view bom_utf16_be{"\xFE\xFF", 2};
constexpr std::string_view bom_utf32_le{"\xFF\xFE\x00\x00", 4};
constexpr std::string_view bom_utf32_be{"\x00\x00\xFE\xFF", 4};

} // namespace

std::string_view python_detect_encoding(std::string_view b) noexcept {
    if (starts_with(b, bom_utf32_le) || starts_with(b, bom_utf32_be)) return "utf-32";
    if (starts_with(b, bom_utf16_le) || starts_with(b, bom_utf16_be)) return "utf-16";
    if (starts_with(b, bom_utf8)) return "utf-8-sig";
    if (b.size() >= 4) {
        if (b[0] == 0) return b[1] != 0 ? "utf-16-be" : "utf-32-be";
        if (b[1] == 0) return (b[2] != 0 || b[3] != 0) ? "utf-16-le" : "utf-32-le";
    } else if (b.size() == 2) {
        if (b[0] == 0) return "utf-16-be";
        if (b[1] == 0) return "utf-16-le";
    }
    return "utf-8";
}

py_decoded python_decode_json_bytes(std::string_view b) {
    std::string_view const enc = python_detect_encoding(b);
    if (enc == "utf-8") return decode_utf8(b, "utf-8");
    // utf-8-sig strips the BOM and hands the rest to the utf-8 codec: positions count from after the BOM.
    if (enc == "utf-8-sig") return decode_utf8(b.substr(bom_utf8.size()), "utf-8");
    // With a BOM, the error names the endian-specific codec the BOM selected.
    if (enc == "utf-32") {
        bool const be = starts_with(b, bom_utf32_be);
        return decode_wide(b, be ? "utf-32-be" : "utf-32-le", 4, be, 4);
    }
    if (enc == "utf-16") {
        bool const be = starts_with(b, bom_utf16_be);
        return decode_wide(b, be ? "utf-16-be" : "utf-16-le", 2, be, 2);
    }
    if (enc == "utf-32-be" || enc == "utf-32-le") return decode_wide(b, enc, 4, enc == "utf-32-be", 0);
    return decode_wide(b, enc, 2, enc == "utf-16-be", 0);
}

std::string to_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : text) {
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

} // namespace kconform::server::detail
