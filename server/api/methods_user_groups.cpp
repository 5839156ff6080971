// User group methods of reference §C.3. Non-admins need a level on the group (§B.4); refusals hide the group
// behind "user group `<id>` does not exist" (§B.5 style 2). create_user_group's global-permission check is the
// decorator column of the table.
#include "server/api/args.hpp"
#include "server/api/dispatch.hpp"
#include "server/api/lookup.hpp"
#include "server/api/views.hpp"
#include "server/permissions.hpp"
#include "server/store_ops.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// get_user_group_or_error, then the level check that hides groups the caller may not see.
lookup<user_group> group_with_level(call_context const& ctx, std::string_view level) {
    json::value const& id = ctx.arg("usergroupid");
    auto found = get_user_group_or_error(ctx.data, id);
    if (found.found == nullptr) return found;
    if (!ctx.caller.admin && !at_least(user_group_level(ctx.data, ctx.caller, *found.found), level)) {
        return {nullptr, fail(fmt::format("user group `{}` does not exist", pystr(id)))};
    }
    return found;
}

user_group* editable(call_context& ctx, user_group const* g) { return &ctx.data.db().user_groups.at(g->id); }

outcome get_user_group(call_context& ctx) {
    auto g = group_with_level(ctx, "usergroup.read");
    if (g.found == nullptr) return g.error;
    return ok(user_group_json(ctx.data, *g.found));
}

outcome get_user_groups(call_context& ctx) {
    json::array out;
    for (auto const& [id, g] : ctx.data.db().user_groups) {
        if (ctx.caller.admin || at_least(user_group_level(ctx.data, ctx.caller, g), "usergroup.read")) {
            out.push_back(user_group_json(ctx.data, g));
        }
    }
    return ok(std::move(out));
}

outcome create_user_group(call_context& ctx) {
    json::value const& name = ctx.arg("group_name");
    if (!hashable(name)) return internal_error();
    if (name.is_string() && ctx.data.find_user_group_by_name(name.get_string())) {
        return fail(fmt::format("user group `{}` already exist", pystr(name)));
    }
    json::value const& owner_id = ctx.arg("owner");
    auto owner = owner_id.is_null() ? user_lookup{&ctx.caller, {}} : get_user_or_error(ctx.data, owner_id);
    if (owner.found == nullptr) return owner.error;
    auto description = db_string(ctx.arg("description"), true);
    auto active = db_bool(ctx.arg("active"));
    if (!name.is_string() || !description || !active) {
        return fail(fmt::format("failed to create group `{}`", pystr(name)));
    }
    user_group g{0, std::string(name.get_string()), *description, *active, owner.found->user_id, {}, {}};
    if (ctx.arg("description").is_null()) g.description.reset();
    user_group const& created = add_user_group(ctx.data, std::move(g));
    return ok(json::object{{"msg", fmt::format("created new user group `{}`", created.name)},
                           {"user_group", user_group_json(ctx.data, created)}});
}

// UserGroupModel.update: every given field or none; the name stays unique.
bool apply_group_updates(call_context const& ctx, user_group& g, user const* owner) {
    user_group next = g;
    json::value const& name = ctx.arg("group_name");
    json::value const& description = ctx.arg("description");
    json::value const& active = ctx.arg("active");
    if (!name.is_null()) {
        if (!name.is_string()) return false;
        next.name = name.get_string();
        if (auto const* other = ctx.data.find_user_group_by_name(next.name); other && other->id != g.id) return false;
    }
    if (!description.is_null()) {
        if (!description.is_string()) return false;
        next.description = std::string(description.get_string());
    }
    if (!active.is_null()) {
        auto b = db_bool(active);
        if (!b) return false;
        next.active = *b;
    }
    if (owner != nullptr) next.owner_id = owner->user_id;
    g = std::move(next);
    return true;
}

outcome update_user_group(call_context& ctx) {
    auto g = group_with_level(ctx, "usergroup.admin");
    if (g.found == nullptr) return g.error;
    user_lookup owner{nullptr, {}};
    if (!ctx.arg("owner").is_null()) {
        owner = get_user_or_error(ctx.data, ctx.arg("owner"));
        if (owner.found == nullptr) return owner.error;
    }
    user_group* target = editable(ctx, g.found);
    if (!apply_group_updates(ctx, *target, owner.found)) {
        return fail(fmt::format("failed to update user group `{}`", pystr(ctx.arg("usergroupid"))));
    }
    return ok(json::object{{"msg", fmt::format("updated user group ID:{} {}", target->id, target->name)},
                           {"user_group", user_group_json(ctx.data, *target)}});
}

outcome delete_user_group(call_context& ctx) {
    auto g = group_with_level(ctx, "usergroup.admin");
    if (g.found == nullptr) return g.error;
    std::string assigned;
    for (auto const& [key, perm] : ctx.data.db().perms) {
        if (key.object != perm_object::repo || !key.to_user_group || key.principal != g.found->id) continue;
        if (auto it = ctx.data.db().repos.find(key.object_id); it != ctx.data.db().repos.end()) {
            assigned += (assigned.empty() ? "" : ", ") + ctx.data.repo_name(it->second);
        }
    }
    if (!assigned.empty()) return fail("User Group assigned to " + assigned);
    std::string const label = fmt::format("ID:{} {}", g.found->id, g.found->name);
    auto const id = g.found->id;
    remove_object_perms(ctx.data, perm_object::user_group, id);
    std::erase_if(ctx.data.db().perms, [&](auto const& kv) { return kv.first.to_user_group && kv.first.principal == id; });
    ctx.data.db().user_groups.erase(id);
    return ok(json::object{{"msg", "deleted user group " + label}, {"user_group", nullptr}});
}

// add/remove_user_to/from_user_group: the user is looked up before the group (§C.3).
struct membership {
    user const* member = nullptr;
    user_group* group = nullptr;
    outcome error;
};

membership resolve_membership(call_context& ctx) {
    auto u = get_user_or_error(ctx.data, ctx.arg("userid"));
    if (u.found == nullptr) return {nullptr, nullptr, u.error};
    auto g = group_with_level(ctx, "usergroup.admin");
    if (g.found == nullptr) return {nullptr, nullptr, g.error};
    return {u.found, editable(ctx, g.found), {}};
}

outcome add_user_to_user_group(call_context& ctx) {
    membership m = resolve_membership(ctx);
    if (m.group == nullptr) return m.error;
    auto& members = m.group->members;
    if (std::find(members.begin(), members.end(), m.member->user_id) != members.end()) {
        return ok(json::object{{"success", false}, {"msg", "User is already in that group"}});
    }
    members.push_back(m.member->user_id);
    return ok(json::object{
        {"success", true},
        {"msg", fmt::format("added member `{}` to user group `{}`", m.member->username, m.group->name)}});
}

outcome remove_user_from_user_group(call_context& ctx) {
    membership m = resolve_membership(ctx);
    if (m.group == nullptr) return m.error;
    auto& members = m.group->members;
    auto it = std::find(members.begin(), members.end(), m.member->user_id);
    if (it == members.end()) return ok(json::object{{"success", false}, {"msg", "User wasn't in group"}});
    members.erase(it);
    return ok(json::object{
        {"success", true},
        {"msg", fmt::format("removed member `{}` from user group `{}`", m.member->username, m.group->name)}});
}

} // namespace

void add_user_group_methods(std::vector<method>& table) {
    static std::vector<std::string_view> const may_create{"hg.admin", "hg.usergroup.create.true"};
    table.push_back({"get_user_group", {req("usergroupid")}, {}, &get_user_group});
    table.push_back({"get_user_groups", {}, {}, &get_user_groups});
    table.push_back({"create_user_group",
                     {req("group_name"), opt("description", ""), opt("owner"), opt("active", true)},
                     may_create, &create_user_group});
    table.push_back({"update_user_group",
                     {req("usergroupid"), opt("group_name"), opt("description"), opt("owner"), opt("active")},
                     {}, &update_user_group});
    table.push_back({"delete_user_group", {req("usergroupid")}, {}, &delete_user_group});
    table.push_back({"add_user_to_user_group", {req("usergroupid"), req("userid")}, {}, &add_user_to_user_group});
    table.push_back(
        {"remove_user_from_user_group", {req("usergroupid"), req("userid")}, {}, &remove_user_from_user_group});
}

} // namespace kconform::server::api
