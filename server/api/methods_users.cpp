// User methods of reference §C.2: get_user (self rule), get_users, create_user, update_user, delete_user. Values
// the database layer would reject (wrong JSON types, NOT NULL columns, unique clashes) give the method's own
// "failed to ..." error, as the SQLAlchemy exception would.
#include "server/api/args.hpp"
#include "server/api/dispatch.hpp"
#include "server/api/lookup.hpp"
#include "server/api/views.hpp"
#include "server/detail/pyfmt.hpp"

#include <boost/json/array.hpp>
#include <fmt/format.h>
#include <algorithm>
#include <optional>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

outcome get_user(call_context& ctx) {
    json::value const& userid = ctx.arg("userid");
    if (!ctx.caller.admin && !userid.is_null() && !python_equals_id(userid, ctx.caller.user_id)) {
        return fail("userid is not the same as your user");
    }
    user_lookup target = userid.is_null() ? user_lookup{&ctx.caller, {}} : get_user_or_error(ctx.data, userid);
    if (target.found == nullptr) return target.error;
    json::object data = user_json(*target.found);
    data["permissions"] = permissions_json(ctx.data, *target.found);
    return ok(std::move(data));
}

outcome get_users(call_context& ctx) {
    json::array out;
    for (user const* u : ctx.data.users_by_name()) out.push_back(user_json(*u));
    return ok(std::move(out));
}

// The fields create_or_update writes, or nullopt when the database would refuse one of them.
std::optional<new_user> creation_fields(call_context const& ctx) {
    auto username = db_string(ctx.arg("username"), false);
    auto password = db_string(ctx.arg("password"), true);
    auto firstname = db_string(ctx.arg("firstname"), false);
    auto lastname = db_string(ctx.arg("lastname"), false);
    auto active = db_bool(ctx.arg("active"));
    auto admin = db_bool(ctx.arg("admin"));
    auto extern_type = db_string(ctx.arg("extern_type"), true);
    auto extern_name = db_string(ctx.arg("extern_name"), true);
    json::value const& email = ctx.arg("email");
    if (!username || !password || !firstname || !lastname || !active || !admin || !extern_type || !extern_name ||
        !(email.is_string() || email.is_null())) {
        return std::nullopt;
    }
    new_user f{*username, *password, std::nullopt, *firstname, *lastname, *active, *admin, *extern_type, *extern_name};
    if (email.is_string()) f.email = std::string(email.get_string());
    return f;
}

// create_or_update found a user whose name differs only in case: it edits that user instead.
void overwrite(user& u, new_user const& f) {
    u.username = f.username;
    u.admin = f.admin;
    u.email = f.email ? store::normalize_email(*f.email) : std::nullopt;
    u.active = f.active;
    u.extern_name = f.extern_name.value_or("");
    u.extern_type = f.extern_type.value_or("");
    u.firstname = f.firstname;
    u.lastname = f.lastname;
    if (!u.password_hash.empty() && store::hash_password(f.password) != u.password_hash) {
        u.password_hash = store::hash_password(f.password);
    }
}

outcome create_user(call_context& ctx) {
    json::value const& username = ctx.arg("username");
    json::value const& email = ctx.arg("email");
    if (username.is_array() || username.is_object() || email.is_array() || email.is_object()) return internal_error();
    if (username.is_string() && ctx.data.find_user_by_name(username.get_string())) {
        return fail(fmt::format("user `{}` already exist", detail::python_str(username)));
    }
    if (email.is_string() && ctx.data.find_user_by_email(email.get_string())) {
        return fail(fmt::format("email `{}` already exist", detail::python_str(email)));
    }
    auto const failed = fail(fmt::format("failed to create user `{}`", detail::python_str(username)));
    auto fields = creation_fields(ctx);
    if (!fields) return failed;
    user const* created = ctx.data.find_user_by_name_ci(fields->username);
    if (created != nullptr) {
        if (store::is_default(*created)) return failed;  // deviation: Kallithea would rename the default user
        user* existing = ctx.data.edit_user(created->user_id);
        overwrite(*existing, *fields);
    } else {
        created = &ctx.data.add_user(*fields);
    }
    return ok(json::object{{"msg", fmt::format("created new user `{}`", fields->username)},
                           {"user", user_json(*created)}});
}

// Validates every non-null update against `u` and the other users; applies them all or none.
bool apply_updates(call_context const& ctx, user& u) {
    user next = u;
    auto const str_field = [&](std::string_view name, std::string& into) {
        json::value const& v = ctx.arg(name);
        if (v.is_null()) return true;
        if (!v.is_string()) return false;
        into = v.get_string();
        return true;
    };
    auto const bool_field = [&](std::string_view name, bool& into) {
        json::value const& v = ctx.arg(name);
        if (v.is_null()) return true;
        auto b = db_bool(v);
        if (b) into = *b;
        return b.has_value();
    };
    std::string password;
    bool const fields_ok = str_field("username", next.username) && str_field("firstname", next.firstname) &&
                           str_field("lastname", next.lastname) && bool_field("active", next.active) &&
                           bool_field("admin", next.admin) && str_field("extern_type", next.extern_type) &&
                           str_field("extern_name", next.extern_name) && str_field("password", password);
    if (!fields_ok) return false;
    if (ctx.arg("password").is_string()) next.password_hash = store::hash_password(password);
    if (json::value const& email = ctx.arg("email"); !email.is_null()) {
        if (!email.is_string()) return false;
        next.email = store::normalize_email(email.get_string());
    }
    // The unique constraints on username and (primary) email.
    for (user const* other : ctx.data.users_by_name()) {
        if (other->user_id == u.user_id) continue;
        if (other->username == next.username || (next.email && other->email == next.email)) return false;
    }
    if (user const& d = ctx.data.default_user(); d.username == next.username || (next.email && d.email == next.email)) {
        return false;
    }
    u = std::move(next);
    return true;
}

outcome update_user(call_context& ctx) {
    json::value const& userid = ctx.arg("userid");
    user_lookup target = get_user_or_error(ctx.data, userid);
    if (target.found == nullptr) return target.error;
    if (store::is_default(*target.found)) return fail("editing default user is forbidden");
    user* u = ctx.data.edit_user(target.found->user_id);
    if (!apply_updates(ctx, *u)) return fail(fmt::format("failed to update user `{}`", detail::python_str(userid)));
    return ok(json::object{{"msg", fmt::format("updated user ID:{} {}", u->user_id, u->username)},
                           {"user", user_json(*u)}});
}

bool owns_anything(store const& s, std::int64_t id) {
    auto owned = [&](auto const& table) {
        return std::any_of(table.begin(), table.end(), [&](auto const& kv) { return kv.second.owner_id == id; });
    };
    return owned(s.db().repos) || owned(s.db().repo_groups) || owned(s.db().user_groups);
}

outcome delete_user(call_context& ctx) {
    user_lookup target = get_user_or_error(ctx.data, ctx.arg("userid"));
    if (target.found == nullptr) return target.error;
    std::string const label = fmt::format("ID:{} {}", target.found->user_id, target.found->username);
    // Users still owning repositories, repository groups or user groups cannot be deleted (UserOwnsReposException
    // and friends, reported with the same text).
    if (store::is_default(*target.found) || owns_anything(ctx.data, target.found->user_id)) {
        return fail("failed to delete user " + label);
    }
    ctx.data.remove_user(target.found->user_id);
    return ok(json::object{{"msg", "deleted user " + label}, {"user", nullptr}});
}

} // namespace

void add_user_methods(std::vector<method>& table) {
    table.push_back({"get_user", {opt("userid")}, {}, &get_user});
    table.push_back({"get_users", {}, admin_only(), &get_users});
    table.push_back({"create_user",
                     {req("username"), req("email"), opt("password", ""), opt("firstname", ""), opt("lastname", ""),
                      opt("active", true), opt("admin", false), opt("extern_type", "internal"),
                      opt("extern_name", "")},
                     admin_only(), &create_user});
    table.push_back({"update_user",
                     {req("userid"), opt("username"), opt("email"), opt("password"), opt("firstname"),
                      opt("lastname"), opt("active"), opt("admin"), opt("extern_type"), opt("extern_name")},
                     admin_only(), &update_user});
    table.push_back({"delete_user", {req("userid")}, admin_only(), &delete_user});
}

} // namespace kconform::server::api
