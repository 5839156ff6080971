// Type names, excerpts and deep equality between simdjson elements and Boost.JSON values.
#include "core/json_util.hpp"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <fmt/format.h>

namespace kconform::json {
namespace dom = simdjson::dom;
namespace bj = boost::json;

std::string_view type_name(dom::element e) noexcept {
    switch (e.type()) {
    case dom::element_type::ARRAY: return "array";
    case dom::element_type::OBJECT: return "object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64: return "integer";
    case dom::element_type::DOUBLE: return "number";
    case dom::element_type::STRING: return "string";
    case dom::element_type::BOOL: return "boolean";
    case dom::element_type::NULL_VALUE: return "null";
    }
    return "unknown";
}

std::string_view type_name(bj::value const& v) noexcept {
    switch (v.kind()) {
    case bj::kind::null: return "null";
    case bj::kind::bool_: return "boolean";
    case bj::kind::int64:
    case bj::kind::uint64: return "integer";
    case bj::kind::double_: return "number";
    case bj::kind::string: return "string";
    case bj::kind::array: return "array";
    case bj::kind::object: return "object";
    }
    return "unknown";
}

std::string to_text(dom::element e) { return simdjson::minify(e); }

std::string excerpt(std::string_view s, std::size_t max_len) {
    if (s.size() <= max_len) return std::string(s);
    return std::string(s.substr(0, max_len)) + "…";
}

std::string describe(dom::element e, std::size_t max_len) {
    if (e.is_null()) return "null";
    return fmt::format("{} {}", type_name(e), excerpt(to_text(e), max_len));
}

std::string describe(bj::value const& v, std::size_t max_len) {
    if (v.is_null()) return "null";
    return fmt::format("{} {}", type_name(v), excerpt(bj::serialize(v), max_len));
}

namespace {

// Numbers: integers compare exactly when both are integral; otherwise by double value.
bool numbers_equal(dom::element a, bj::value const& b) noexcept {
    int64_t ai = 0;
    uint64_t au = 0;
    double ad = 0;
    if (b.is_int64() || b.is_uint64()) {
        if (a.get(ai) == simdjson::SUCCESS)
            return b.is_int64() ? ai == b.get_int64() : (ai >= 0 && static_cast<uint64_t>(ai) == b.get_uint64());
        if (a.get(au) == simdjson::SUCCESS)
            return b.is_uint64() ? au == b.get_uint64() : (b.get_int64() >= 0 && au == static_cast<uint64_t>(b.get_int64()));
    }
    if (a.get(ad) != simdjson::SUCCESS) return false;
    double bd = b.is_double() ? b.get_double() : b.is_int64() ? static_cast<double>(b.get_int64())
                                                              : static_cast<double>(b.get_uint64());
    return ad == bd;
}

} // namespace

bool equal(dom::element a, bj::value const& b) noexcept {
    switch (b.kind()) {
    case bj::kind::null: return a.is_null();
    case bj::kind::bool_: {
        bool x = false;
        return a.get(x) == simdjson::SUCCESS && x == b.get_bool();
    }
    case bj::kind::int64:
    case bj::kind::uint64:
    case bj::kind::double_: return a.is_number() && numbers_equal(a, b);
    case bj::kind::string: {
        std::string_view s;
        return a.get(s) == simdjson::SUCCESS && s == std::string_view(b.get_string());
    }
    case bj::kind::array: {
        dom::array arr;
        if (a.get(arr) != simdjson::SUCCESS) return false;
        auto const& exp = b.get_array();
        if (arr.size() != exp.size()) return false;
        std::size_t i = 0;
        for (dom::element item : arr)
            if (!equal(item, exp[i++])) return false;
        return true;
    }
    case bj::kind::object: {
        dom::object obj;
        if (a.get(obj) != simdjson::SUCCESS) return false;
        auto const& exp = b.get_object();
        if (obj.size() != exp.size()) return false;
        for (auto const& [key, value] : exp) {
            dom::element field;
            if (obj.at_key(std::string_view(key)).get(field) != simdjson::SUCCESS) return false;
            if (!equal(field, value)) return false;
        }
        return true;
    }
    }
    return false;
}

} // namespace kconform::json
