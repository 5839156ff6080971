// guess_instance for users, with the error texts of get_user_or_error (controllers/api/api.py).
#include "server/api/lookup.hpp"

#include "server/detail/pyfmt.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

bool all_ascii_digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

user_lookup not_found(json::value const& userid) {
    return {nullptr, fail(fmt::format("user `{}` does not exist", detail::python_str(userid)))};
}

user_lookup by_id(store const& s, std::int64_t id, json::value const& userid) {
    if (user const* u = s.find_user(id)) return {u, {}};
    return not_found(userid);
}

} // namespace

user_lookup get_user_or_error(store const& s, json::value const& userid) {
    switch (userid.kind()) {
    case json::kind::bool_: return by_id(s, userid.get_bool() ? 1 : 0, userid);
    case json::kind::int64: return by_id(s, userid.get_int64(), userid);
    case json::kind::uint64: return {nullptr, internal_error()};  // too large for the database's integer
    case json::kind::string: {
        std::string_view const text = userid.get_string();
        if (!all_ascii_digits(text)) {
            if (user const* u = s.find_user_by_name(text)) return {u, {}};
            return not_found(userid);
        }
        std::int64_t id = 0;
        auto r = std::from_chars(text.data(), text.data() + text.size(), id);
        if (r.ec != std::errc{}) return {nullptr, internal_error()};
        return by_id(s, id, userid);
    }
    case json::kind::array:
    case json::kind::object: return {nullptr, internal_error()};
    case json::kind::null:
    case json::kind::double_: break;  // None finds nothing; a float is compared with usernames and never matches
    }
    return not_found(userid);
}

} // namespace kconform::server::api
