// Permission methods of reference §C.4 (repositories) and §C.7 (repository groups): grant/revoke for users and
// user groups. The user variants on repositories are admin-only (decorator column); the others check levels and
// hide what the caller may not administer, in the documented order.
#include "server/api/access.hpp"
#include "server/api/args.hpp"
#include "server/permissions.hpp"
#include "server/store_ops.hpp"

#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// get_perm_or_error(perm, prefix): an existing permission name, optionally of one kind.
outcome check_perm(json::value const& perm, std::string_view prefix = {}) {
    if (!hashable(perm)) return internal_error();
    if (!perm.is_string() || permission_weight(perm.get_string()) < 0) {
        return fail(fmt::format("permission `{}` does not exist", pystr(perm)));
    }
    if (!prefix.empty() && !perm.get_string().starts_with(prefix)) {
        return fail(fmt::format("permission `{}` is invalid, should start with {}", pystr(perm), prefix));
    }
    return {};
}

// A user group the caller may at least read (non-admins), else hidden.
lookup<user_group> readable_user_group(call_context const& ctx) {
    auto g = get_user_group_or_error(ctx.data, ctx.arg("usergroupid"));
    return g;
}

outcome hide_user_group(call_context const& ctx, user_group const& g) {
    if (ctx.caller.admin || at_least(user_group_level(ctx.data, ctx.caller, g), "usergroup.read")) return {};
    return fail(fmt::format("user group `{}` does not exist", pystr(ctx.arg("usergroupid"))));
}

outcome grant_user_permission(call_context& ctx) {
    auto r = get_repo_or_error(ctx.data, ctx.arg("repoid"));
    if (r.found == nullptr) return r.error;
    auto u = get_user_or_error(ctx.data, ctx.arg("userid"));
    if (u.found == nullptr) return u.error;
    if (auto bad = check_perm(ctx.arg("perm")); bad.failed()) return bad;
    std::string const perm(ctx.arg("perm").get_string());
    set_perm(ctx.data, {perm_object::repo, r.found->id, false, u.found->user_id}, perm);
    return ok(json::object{{"msg", fmt::format("Granted perm: `{}` for user: `{}` in repo: `{}`", perm,
                                               u.found->username, ctx.data.repo_name(*r.found))},
                           {"success", true}});
}

outcome revoke_user_permission(call_context& ctx) {
    auto r = get_repo_or_error(ctx.data, ctx.arg("repoid"));
    if (r.found == nullptr) return r.error;
    auto u = get_user_or_error(ctx.data, ctx.arg("userid"));
    if (u.found == nullptr) return u.error;
    remove_perm(ctx.data, {perm_object::repo, r.found->id, false, u.found->user_id});
    return ok(json::object{{"msg", fmt::format("Revoked perm for user: `{}` in repo: `{}`", u.found->username,
                                               ctx.data.repo_name(*r.found))},
                           {"success", true}});
}

// grant/revoke_user_group_permission: repo, [perm], user group, repo admin, group read (§C.4).
struct repo_and_group {
    repository const* repo = nullptr;
    user_group const* group = nullptr;
    outcome error;
};

repo_and_group resolve_repo_and_group(call_context const& ctx, bool with_perm) {
    auto r = get_repo_or_error(ctx.data, ctx.arg("repoid"));
    if (r.found == nullptr) return {nullptr, nullptr, r.error};
    if (with_perm) {
        if (auto bad = check_perm(ctx.arg("perm")); bad.failed()) return {nullptr, nullptr, bad};
    }
    auto g = readable_user_group(ctx);
    if (g.found == nullptr) return {nullptr, nullptr, g.error};
    if (!ctx.caller.admin && !computed_at_least(ctx, *r.found, "repository.admin")) {
        return {nullptr, nullptr, fail(fmt::format("repository `{}` does not exist", pystr(ctx.arg("repoid"))))};
    }
    if (auto hidden = hide_user_group(ctx, *g.found); hidden.failed()) return {nullptr, nullptr, hidden};
    return {r.found, g.found, {}};
}

outcome grant_user_group_permission(call_context& ctx) {
    repo_and_group rg = resolve_repo_and_group(ctx, true);
    if (rg.repo == nullptr) return rg.error;
    std::string const perm(ctx.arg("perm").get_string());
    set_perm(ctx.data, {perm_object::repo, rg.repo->id, true, rg.group->id}, perm);
    return ok(json::object{{"msg", fmt::format("Granted perm: `{}` for user group: `{}` in repo: `{}`", perm,
                                               rg.group->name, ctx.data.repo_name(*rg.repo))},
                           {"success", true}});
}

outcome revoke_user_group_permission(call_context& ctx) {
    repo_and_group rg = resolve_repo_and_group(ctx, false);
    if (rg.repo == nullptr) return rg.error;
    remove_perm(ctx.data, {perm_object::repo, rg.repo->id, true, rg.group->id});
    return ok(json::object{{"msg", fmt::format("Revoked perm for user group: `{}` in repo: `{}`", rg.group->name,
                                               ctx.data.repo_name(*rg.repo))},
                           {"success", true}});
}

// RepoGroupModel.add_permission/delete_permission with `recursive`: the group itself, and per apply_to_children
// its sub-groups ("groups"), repositories ("repos") or both ("all"); anything else is "none".
void apply_to_group_tree(store& s, std::int64_t group_id, json::value const& apply, bool to_user_group,
                         std::int64_t principal, std::optional<std::string> const& perm) {
    std::string_view const mode = apply.is_string() ? std::string_view(apply.get_string()) : "none";
    auto edit = [&](perm_object kind, std::int64_t id, std::string_view prefix) {
        perm_key const key{kind, id, to_user_group, principal};
        if (perm) set_perm(s, key, std::string(prefix) + perm->substr(perm->find('.') + 1));
        else remove_perm(s, key);
    };
    edit(perm_object::repo_group, group_id, "group.");
    if (mode == "groups" || mode == "all") {
        for (auto id : groups_below(s, group_id)) edit(perm_object::repo_group, id, "group.");
    }
    if (mode == "repos" || mode == "all") {
        for (auto id : repos_below(s, group_id)) edit(perm_object::repo, id, "repository.");
    }
}

lookup<repo_group> administered_group(call_context const& ctx) {
    auto g = get_repo_group_or_error(ctx.data, ctx.arg("repogroupid"));
    if (g.found == nullptr || ctx.caller.admin) return g;
    if (!at_least(repo_group_level(ctx.data, ctx.caller, *g.found), "group.admin")) {
        return {nullptr, fail(fmt::format("repository group `{}` does not exist", pystr(ctx.arg("repogroupid"))))};
    }
    return g;
}

outcome user_on_repo_group(call_context& ctx, bool grant) {
    auto g = administered_group(ctx);
    if (g.found == nullptr) return g.error;
    auto u = get_user_or_error(ctx.data, ctx.arg("userid"));
    if (u.found == nullptr) return u.error;
    std::optional<std::string> perm;
    if (grant) {
        if (auto bad = check_perm(ctx.arg("perm"), "group."); bad.failed()) return bad;
        perm = std::string(ctx.arg("perm").get_string());
    }
    json::value const& apply = ctx.arg("apply_to_children");
    apply_to_group_tree(ctx.data, g.found->id, apply, false, u.found->user_id, perm);
    std::string const what = grant ? fmt::format("Granted perm: `{}`", *perm) : "Revoked perm";
    return ok(json::object{{"msg", fmt::format("{} (recursive:{}) for user: `{}` in repo group: `{}`", what,
                                               pystr(apply), u.found->username, g.found->name)},
                           {"success", true}});
}

outcome user_group_on_repo_group(call_context& ctx, bool grant) {
    auto g = get_repo_group_or_error(ctx.data, ctx.arg("repogroupid"));
    if (g.found == nullptr) return g.error;
    std::optional<std::string> perm;
    if (grant) {
        if (auto bad = check_perm(ctx.arg("perm"), "group."); bad.failed()) return bad;
        perm = std::string(ctx.arg("perm").get_string());
    }
    auto ug = get_user_group_or_error(ctx.data, ctx.arg("usergroupid"));
    if (ug.found == nullptr) return ug.error;
    auto admin = administered_group(ctx);
    if (admin.found == nullptr) return admin.error;
    if (auto hidden = hide_user_group(ctx, *ug.found); hidden.failed()) return hidden;
    json::value const& apply = ctx.arg("apply_to_children");
    apply_to_group_tree(ctx.data, g.found->id, apply, true, ug.found->id, perm);
    std::string const what = grant ? fmt::format("Granted perm: `{}`", *perm) : "Revoked perm";
    return ok(json::object{{"msg", fmt::format("{} (recursive:{}) for user group: `{}` in repo group: `{}`", what,
                                               pystr(apply), ug.found->name, g.found->name)},
                           {"success", true}});
}

outcome grant_user_permission_to_repo_group(call_context& ctx) { return user_on_repo_group(ctx, true); }
outcome revoke_user_permission_from_repo_group(call_context& ctx) { return user_on_repo_group(ctx, false); }
outcome grant_user_group_permission_to_repo_group(call_context& ctx) { return user_group_on_repo_group(ctx, true); }
outcome revoke_user_group_permission_from_repo_group(call_context& ctx) {
    return user_group_on_repo_group(ctx, false);
}

} // namespace

void add_permission_methods(std::vector<method>& table) {
    table.push_back({"grant_user_permission", {req("repoid"), req("userid"), req("perm")}, admin_only(),
                     &grant_user_permission});
    table.push_back({"revoke_user_permission", {req("repoid"), req("userid")}, admin_only(), &revoke_user_permission});
    table.push_back({"grant_user_group_permission", {req("repoid"), req("usergroupid"), req("perm")}, {},
                     &grant_user_group_permission});
    table.push_back({"revoke_user_group_permission", {req("repoid"), req("usergroupid")}, {},
                     &revoke_user_group_permission});
    table.push_back({"grant_user_permission_to_repo_group",
                     {req("repogroupid"), req("userid"), req("perm"), opt("apply_to_children", "none")}, {},
                     &grant_user_permission_to_repo_group});
    table.push_back({"revoke_user_permission_from_repo_group",
                     {req("repogroupid"), req("userid"), opt("apply_to_children", "none")}, {},
                     &revoke_user_permission_from_repo_group});
    table.push_back({"grant_user_group_permission_to_repo_group",
                     {req("repogroupid"), req("usergroupid"), req("perm"), opt("apply_to_children", "none")}, {},
                     &grant_user_group_permission_to_repo_group});
    table.push_back({"revoke_user_group_permission_from_repo_group",
                     {req("repogroupid"), req("usergroupid"), opt("apply_to_children", "none")}, {},
                     &revoke_user_group_permission_from_repo_group});
}

} // namespace kconform::server::api
