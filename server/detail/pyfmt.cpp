// Python's str()/repr() of the objects json.loads produces, and repr(bytes), reimplemented after CPython's
// unicode_repr, bytes_repr and float_repr_style 'short' so that messages match Kallithea's byte for byte.
#include "server/detail/pyfmt.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>

namespace kconform::server::detail {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// Decodes valid UTF-8 (json::string contents always are) one code point at a time.
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
    auto const b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char const c = b(i);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? c : c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (b(i + k) & 0x3F);
    i += len;
    return cp;
}

// Py_UNICODE_ISPRINTABLE for the code points a JSON string can carry, approximated by the separators, format
// characters and private-use ranges that matter in practice.
bool is_printable(char32_t c) noexcept {
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) return false;
    if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F)) return false;
    if ((c >= 0x205F && c <= 0x2064) || c == 0x3000 || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB)) return false;
    if ((c >= 0xD800 && c <= 0xF8FF) || c >= 0xF0000) return false;  // surrogates, private use
    return true;
}

std::string str_repr(std::string_view s) {
    bool const has_single = s.find('\'') != std::string_view::npos;
    bool const has_double = s.find('"') != std::string_view::npos;
    char const quote = has_single && !has_double ? '"' : '\'';
    std::string out(1, quote);
    for (std::size_t i = 0; i < s.size();) {
        std::size_t const at = i;
        char32_t const c = next_code_point(s, i);
        if (c == static_cast<char32_t>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (is_printable(c)) {
            out.append(s.substr(at, i - at));
        } else if (c <= 0xFF) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        } else if (c <= 0xFFFF) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out += fmt::format("\\U{:08x}", static_cast<unsigned>(c));
        }
    }
    out += quote;
    return out;
}

} // namespace

std::string_view python_type_name(json::value const& v) noexcept {
    switch (v.kind()) {
    case json::kind::null: return "NoneType";
    case json::kind::bool_: return "bool";
    case json::kind::int64:
    case json::kind::uint64: return "int";
    case json::kind::double_: return "float";
    case json::kind::string: return "str";
    case json::kind::array: return "list";
    case json::kind::object: return "dict";
    }
    return "object";
}

std::string python_float_repr(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
    // Shortest round-trip digits, then CPython's layout: exponent form when decpt <= -4 or decpt > 16.
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
    bool const negative = !sci.empty() && sci.front() == '-';
    if (negative) sci.remove_prefix(1);
    std::size_t const e_pos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e_pos)) {
        if (c != '.') digits += c;
    }
    int const exp10 = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
    int const decpt = exp10 + 1;
    std::string out = negative ? "-" : "";
    if (decpt <= -4 || decpt > 16) {
        out += digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        out += fmt::format("e{}{:02d}", exp10 < 0 ? '-' : '+', std::abs(exp10));
    } else if (decpt <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-decpt), '0') + digits;
    } else if (static_cast<std::size_t>(decpt) >= digits.size()) {
        out += digits + std::string(static_cast<std::size_t>(decpt) - digits.size(), '0') + ".0";
    } else {
        out += digits.substr(0, static_cast<std::size_t>(decpt)) + "." + digits.substr(static_cast<std::size_t>(decpt));
    }
    return out;
}

std::string python_repr(json::value const& v) {
    switch (v.kind()) {
    case json::kind::null: return "None";
    case json::kind::bool_: return v.get_bool() ? "True" : "False";
    case json::kind::int64: return std::to_string(v.get_int64());
    case json::kind::uint64: return std::to_string(v.get_uint64());
    case json::kind::double_: return python_float_repr(v.get_double());
    case json::kind::string: return str_repr(v.get_string());
    case json::kind::array: {
        std::string out = "[";
        for (auto const& e : v.get_array()) {
            if (out.size() > 1) out += ", ";
            out += python_repr(e);
        }
        return out + "]";
    }
    case json::kind::object: {
        std::string out = "{";
        for (auto const& kv : v.get_object()) {
            if (out.size() > 1) out += ", ";
            out += str_repr(kv.key()) + ": " + python_repr(kv.value());
        }
        return out + "}";
    }
    }
    return {};
}

std::string python_str(json::value const& v) {
    if (v.is_string()) return std::string(v.get_string());
    return python_repr(v);
}

std::string python_bytes_repr(std::string_view bytes) {
    bool const has_single = bytes.find('\'') != std::string_view::npos;
    bool const has_double = bytes.find('"') != std::string_view::npos;
    char const quote = has_single && !has_double ? '"' : '\'';
    std::string out = "b";
    out += quote;
    for (char ch : bytes) {
        auto const c = static_cast<unsigned char>(ch);
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c >= 0x7F) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        } else {
            out += ch;
        }
    }
    out += quote;
    return out;
}

} // namespace kconform::server::detail
