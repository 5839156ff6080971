// A port of the grammar of CPython's C JSON scanner (Modules/_json.c, 3.11): same acceptance, same error messages
// at the same code-point positions, building Boost.JSON values. Python's StopIteration ("Expecting value") is an
// error like the others here; recursion is bounded by max_depth.
#include "server/detail/pyjson.hpp"

#include "server/detail/pycodec.hpp"

#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>

namespace kconform::server::detail {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

bool is_ws(char32_t c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char32_t c) noexcept { return c >= '0' && c <= '9'; }

int hex_value(char32_t c) noexcept {
    if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
    return -1;
}

// Python's int()/float() of an ASCII number literal, within what json::value can hold.
json::value number_value(std::string const& text, bool is_float) {
    if (!is_float) {
        std::int64_t i = 0;
        auto const* end = text.data() + text.size();
        if (auto r = std::from_chars(text.data(), end, i); r.ec == std::errc{} && r.ptr == end) return i;
        std::uint64_t u = 0;
        if (auto r = std::from_chars(text.data(), end, u); r.ec == std::errc{} && r.ptr == end) return u;
    }
    // strtod rounds correctly and saturates to ±inf / 0 like float(); the process keeps the "C" locale.
    return std::strtod(text.c_str(), nullptr);
}

class scanner {
public:
    scanner(std::u32string_view s, std::size_t max_depth) : s_(s), max_depth_(max_depth) {}

    // JSONDecoder.decode: skip whitespace, one value, skip whitespace, nothing else.
    py_loads_result decode() {
        py_loads_result out;
        std::size_t next = 0;
        if (!scan_once(skip_ws(0), out.value, next, 0)) {
            out.value = nullptr;
            out.error = std::move(error_);
            return out;
        }
        next = skip_ws(next);
        if (next != s_.size()) {
            out.value = nullptr;
            out.error = message("Extra data", next);
        }
        return out;
    }

private:
    std::size_t skip_ws(std::size_t idx) const noexcept {
        while (idx < s_.size() && is_ws(s_[idx])) ++idx;
        return idx;
    }

    bool at(std::size_t idx, char32_t c) const noexcept { return idx < s_.size() && s_[idx] == c; }

    // JSONDecodeError.__str__: "msg: line L column C (char N)", all counted in code points.
    std::string message(std::string_view msg, std::size_t pos) const {
        std::size_t line = 1;
        std::size_t last_nl = std::u32string_view::npos;
        for (std::size_t i = 0; i < pos && i < s_.size(); ++i) {
            if (s_[i] == '\n') {
                ++line;
                last_nl = i;
            }
        }
        std::size_t const col = last_nl == std::u32string_view::npos ? pos + 1 : pos - last_nl;
        return fmt::format("{}: line {} column {} (char {})", msg, line, col, pos);
    }

    bool fail(std::string_view msg, std::size_t pos) {
        error_ = message(msg, pos);
        return false;
    }

    bool literal(std::size_t idx, std::u32string_view word) const noexcept {
        return s_.substr(idx, word.size()) == word;
    }

    bool scan_once(std::size_t idx, json::value& out, std::size_t& next, std::size_t depth) {
        if (idx >= s_.size()) return fail("Expecting value", idx);
        char32_t const c = s_[idx];
        if (c == '"') {
            std::u32string text;
            if (!scan_string(idx + 1, text, next)) return false;
            out = json::string(to_utf8(text));
            return true;
        }
        if (c == '{' || c == '[') {
            if (depth >= max_depth_) {
                error_ = fmt::format("maximum recursion depth exceeded while decoding a JSON {} from a unicode string",
                                     c == '{' ? "object" : "array");
                return false;
            }
            return c == '{' ? scan_object(idx + 1, out, next, depth + 1) : scan_array(idx + 1, out, next, depth + 1);
        }
        return scan_constant(idx, out, next) || scan_number(idx, out, next);
    }

    bool scan_constant(std::size_t idx, json::value& out, std::size_t& next) {
        struct named {
            std::u32string_view word;
            json::value value;
        };
        double const inf = std::numeric_limits<double>::infinity();
        named const constants[] = {{U"null", nullptr},          {U"true", true},       {U"false", false},
                                   {U"NaN", std::nan("")},      {U"Infinity", inf},    {U"-Infinity", -inf}};
        for (auto const& k : constants) {
            if (literal(idx, k.word)) {
                out = k.value;
                next = idx + k.word.size();
                return true;
            }
        }
        return false;
    }

    // _match_number_unicode: '-'? int frac? exp?, backtracking over an incomplete exponent.
    bool scan_number(std::size_t start, json::value& out, std::size_t& next) {
        std::size_t idx = start;
        std::size_t const len = s_.size();
        if (s_[idx] == '-' && ++idx >= len) return fail("Expecting value", start);
        if (s_[idx] >= '1' && s_[idx] <= '9') {
            while (idx < len && is_digit(s_[idx])) ++idx;
        } else if (s_[idx] == '0') {
            ++idx;
        } else {
            return fail("Expecting value", start);
        }
        bool is_float = false;
        if (idx + 1 < len && s_[idx] == '.' && is_digit(s_[idx + 1])) {
            is_float = true;
            idx += 2;
            while (idx < len && is_digit(s_[idx])) ++idx;
        }
        if (idx + 1 < len && (s_[idx] == 'e' || s_[idx] == 'E')) {
            std::size_t const e_start = idx++;
            if (idx + 1 < len && (s_[idx] == '-' || s_[idx] == '+')) ++idx;
            while (idx < len && is_digit(s_[idx])) ++idx;
            if (is_digit(s_[idx - 1])) {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        std::string text;
        for (std::size_t i = start; i < idx; ++i) text.push_back(static_cast<char>(s_[i]));
        out = number_value(text, is_float);
        next = idx;
        return true;
    }

    bool scan_object(std::size_t idx, json::value& out, std::size_t& next, std::size_t depth) {
        json::object obj;
        idx = skip_ws(idx);
        if (!at(idx, '}')) {
            for (;;) {
                if (!at(idx, '"')) return fail("Expecting property name enclosed in double quotes", idx);
                std::u32string key;
                if (!scan_string(idx + 1, key, idx)) return false;
                idx = skip_ws(idx);
                if (!at(idx, ':')) return fail("Expecting ':' delimiter", idx);
                json::value val;
                if (!scan_once(skip_ws(idx + 1), val, idx, depth)) return false;
                obj[to_utf8(key)] = std::move(val);  // a repeated key keeps its first position, takes the last value
                idx = skip_ws(idx);
                if (at(idx, '}')) break;
                if (!at(idx, ',')) return fail("Expecting ',' delimiter", idx);
                idx = skip_ws(idx + 1);
            }
        }
        out = std::move(obj);
        next = idx + 1;
        return true;
    }

    bool scan_array(std::size_t idx, json::value& out, std::size_t& next, std::size_t depth) {
        json::array arr;
        idx = skip_ws(idx);
        if (!at(idx, ']')) {
            for (;;) {
                json::value val;
                if (!scan_once(idx, val, idx, depth)) return false;
                arr.push_back(std::move(val));
                idx = skip_ws(idx);
                if (at(idx, ']')) break;
                if (!at(idx, ',')) return fail("Expecting ',' delimiter", idx);
                idx = skip_ws(idx + 1);
            }
        }
        out = std::move(arr);
        next = idx + 1;
        return true;
    }

    // scanstring_unicode (strict): `end` is just after the opening quote.
    bool scan_string(std::size_t end, std::u32string& out, std::size_t& next) {
        std::size_t const begin = end - 1;
        std::size_t const len = s_.size();
        for (;;) {
            std::size_t n = end;
            char32_t c = 0;
            for (; n < len; ++n) {
                c = s_[n];
                if (c == '"' || c == '\\') break;
                if (c <= 0x1f) return fail("Invalid control character at", n);
            }
            if (n == len) return fail("Unterminated string starting at", begin);
            out.append(s_.substr(end, n - end));
            ++n;
            if (c == '"') {
                next = n;
                return true;
            }
            if (n == len) return fail("Unterminated string starting at", begin);
            if (!scan_escape(n, out, end)) return false;
        }
    }

    // One escape; `n` is the character after the backslash. Sets `end` to the first character after it.
    bool scan_escape(std::size_t n, std::u32string& out, std::size_t& end) {
        char32_t c = s_[n];
        if (c != 'u') {
            end = n + 1;
            switch (c) {
            case '"': case '\\': case '/': break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            default: return fail("Invalid \\escape", end - 2);
            }
            out.push_back(c);
            return true;
        }
        ++n;
        end = n + 4;
        if (end >= s_.size()) return fail("Invalid \\uXXXX escape", n - 1);
        char32_t cp = 0;
        if (!hex4(n, cp)) return fail("Invalid \\uXXXX escape", end - 5);
        // A high surrogate joins a following \uDC00-\uDFFF; otherwise it stays a lone surrogate.
        if (cp >= 0xD800 && cp <= 0xDBFF && end + 6 < s_.size() && s_[end] == '\\' && s_[end + 1] == 'u') {
            char32_t low = 0;
            if (!hex4(end + 2, low)) return fail("Invalid \\uXXXX escape", end + 1);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                end += 6;
            }
        }
        out.push_back(cp);
        return true;
    }

    bool hex4(std::size_t at, char32_t& cp) const noexcept {
        cp = 0;
        for (std::size_t i = at; i < at + 4; ++i) {
            int const v = hex_value(s_[i]);
            if (v < 0) return false;
            cp = (cp << 4) | static_cast<char32_t>(v);
        }
        return true;
    }

    std::u32string_view s_;
    std::size_t max_depth_;
    std::string error_;
};

} // namespace

py_loads_result python_json_loads(std::string_view bytes, std::size_t max_depth) {
    py_decoded decoded = python_decode_json_bytes(bytes);
    if (!decoded.error.empty()) return {nullptr, std::move(decoded.error)};
    return scanner(decoded.text, max_depth).decode();
}

} // namespace kconform::server::detail
