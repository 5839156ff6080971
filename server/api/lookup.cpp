// guess_instance for every entity kind, with the error texts of the get_*_or_error helpers (controllers/api/api.py).
#include "server/api/lookup.hpp"

#include "server/detail/pyfmt.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

bool all_ascii_digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// How guess_instance treats a JSON value.
struct guessed {
    enum { by_id, by_name, nothing, raise } how = nothing;
    std::int64_t id = 0;
    std::string_view name;
};

guessed guess(json::value const& v) {
    switch (v.kind()) {
    case json::kind::bool_: return {guessed::by_id, v.get_bool() ? 1 : 0, {}};
    case json::kind::int64: return {guessed::by_id, v.get_int64(), {}};
    case json::kind::uint64: return {guessed::raise, 0, {}};  // too large for the database's integer
    case json::kind::string: {
        std::string_view const text = v.get_string();
        if (!all_ascii_digits(text)) return {guessed::by_name, 0, text};
        std::int64_t id = 0;
        auto r = std::from_chars(text.data(), text.data() + text.size(), id);
        if (r.ec != std::errc{}) return {guessed::raise, 0, {}};
        return {guessed::by_id, id, {}};
    }
    case json::kind::array:
    case json::kind::object: return {guessed::raise, 0, {}};
    case json::kind::null:
    case json::kind::double_: break;  // None finds nothing; a float is compared with names and never matches
    }
    return {};
}

template <class T, class ById, class ByName>
lookup<T> find(json::value const& v, std::string_view kind, ById by_id, ByName by_name) {
    guessed const g = guess(v);
    T const* found = nullptr;
    if (g.how == guessed::raise) return {nullptr, internal_error()};
    if (g.how == guessed::by_id) found = by_id(g.id);
    if (g.how == guessed::by_name) found = by_name(g.name);
    if (found != nullptr) return {found, {}};
    return {nullptr, fail(fmt::format("{} `{}` does not exist", kind, detail::python_str(v)))};
}

template <class T> T const* in(std::map<std::int64_t, T> const& table, std::int64_t id) {
    auto it = table.find(id);
    return it == table.end() ? nullptr : &it->second;
}

} // namespace

user_lookup get_user_or_error(store const& s, json::value const& userid) {
    return find<user>(userid, "user", [&](std::int64_t id) { return s.find_user(id); },
                      [&](std::string_view name) { return s.find_user_by_name(name); });
}

lookup<repository> get_repo_or_error(store const& s, json::value const& repoid) {
    return find<repository>(repoid, "repository", [&](std::int64_t id) { return in(s.db().repos, id); },
                            [&](std::string_view name) { return s.find_repo_by_name(name); });
}

lookup<repo_group> get_repo_group_or_error(store const& s, json::value const& id) {
    return find<repo_group>(id, "repository group", [&](std::int64_t i) { return in(s.db().repo_groups, i); },
                            [&](std::string_view name) { return s.find_repo_group_by_path(name); });
}

lookup<user_group> get_user_group_or_error(store const& s, json::value const& id) {
    return find<user_group>(id, "user group", [&](std::int64_t i) { return in(s.db().user_groups, i); },
                            [&](std::string_view name) { return s.find_user_group_by_name(name); });
}

lookup<gist> get_gist_or_error(store const& s, json::value const& id) {
    auto by_access = [&](std::string_view access) -> gist const* {
        for (auto const& [gid, g] : s.db().gists) {
            if (g.access_id == access) return &g;
        }
        return nullptr;
    };
    // Reference §A.7: numbers and digit strings are gist ids, other strings access ids (a public gist's access id
    // is its decimal id anyway).
    return find<gist>(id, "gist", [&](std::int64_t i) { return in(s.db().gists, i); }, by_access);
}

lookup<pull_request> get_pull_request_or_error(store const& s, json::value const& id) {
    std::optional<std::int64_t> key;
    if (id.is_double() && std::trunc(id.get_double()) == id.get_double()) {
        key = static_cast<std::int64_t>(id.get_double());
    }
    guessed const g = guess(id);
    if (g.how == guessed::raise) return {nullptr, internal_error()};
    if (g.how == guessed::by_id) key = g.id;
    if (key) {
        if (auto const* pr = in(s.db().pull_requests, *key)) return {pr, {}};
    }
    return {nullptr, fail(fmt::format("pull request `{}` does not exist", detail::python_str(id)))};
}

user const* user_by_name_only(store const& s, json::value const& name) {
    return name.is_string() ? s.find_user_by_name(name.get_string()) : nullptr;
}

} // namespace kconform::server::api
