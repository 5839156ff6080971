// How handlers read argument values the way Python and the database layer see them: truthiness, Boolean and
// string columns, `%s` formatting, and id comparisons. Shared by every methods_<area>.cpp.
#pragma once
#include "server/api/dispatch.hpp"
#include "server/detail/pyfmt.hpp"

#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace kconform::server::api {

/** The decorator column for admin-only methods. */
inline std::vector<std::string_view> const& admin_only() {
    static std::vector<std::string_view> const v{"hg.admin"};
    return v;
}

/** Python's bool(v) for a json.loads value. */
inline bool truthy(boost::json::value const& v) {
    switch (v.kind()) {
    case boost::json::kind::null: return false;
    case boost::json::kind::bool_: return v.get_bool();
    case boost::json::kind::int64: return v.get_int64() != 0;
    case boost::json::kind::uint64: return v.get_uint64() != 0;
    case boost::json::kind::double_: return v.get_double() != 0;
    case boost::json::kind::string: return !v.get_string().empty();
    case boost::json::kind::array: return !v.get_array().empty();
    case boost::json::kind::object: return !v.get_object().empty();
    }
    return false;
}

/** A Boolean column accepts True, False and the numbers equal to them (SQLAlchemy's strict check). */
inline std::optional<bool> db_bool(boost::json::value const& v) {
    if (v.is_bool()) return v.get_bool();
    if (v.is_number()) {
        if (auto d = v.to_number<double>(); d == 0 || d == 1) return d == 1;
    }
    return std::nullopt;
}

/** A string column; `nullable` decides whether null is storable (stored as ""). */
inline std::optional<std::string> db_string(boost::json::value const& v, bool nullable) {
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_null() && nullable) return std::string();
    return std::nullopt;
}

/** Python's `v == user_id` for a JSON value: only numbers (and bools) can equal an int. */
inline bool python_equals_id(boost::json::value const& v, std::int64_t id) {
    if (v.is_int64()) return v.get_int64() == id;
    if (v.is_double()) return v.get_double() == static_cast<double>(id);
    if (v.is_bool()) return (v.get_bool() ? 1 : 0) == id;
    return false;
}

/** Whether Python could use the value as a dict key or set member (lists and dicts raise TypeError). */
inline bool hashable(boost::json::value const& v) { return !v.is_array() && !v.is_object(); }

/** "%s" % v. */
inline std::string pystr(boost::json::value const& v) { return detail::python_str(v); }

} // namespace kconform::server::api
