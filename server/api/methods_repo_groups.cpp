// Repository group methods of reference §C.7 (all admin-only through the decorator column): get, list, create
// (nested under a parent, optionally copying its permissions), update (rename, move, owner) and delete.
#include "server/api/access.hpp"
#include "server/api/args.hpp"
#include "server/api/views.hpp"
#include "server/store_ops.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

outcome get_repo_group(call_context& ctx) {
    auto g = get_repo_group_or_error(ctx.data, ctx.arg("repogroupid"));
    if (g.found == nullptr) return g.error;
    json::object data = repo_group_json(ctx.data, *g.found);
    data["members"] = members_json(ctx.data, perm_object::repo_group, g.found->id);
    return ok(std::move(data));
}

outcome get_repo_groups(call_context& ctx) {
    json::array out;
    for (auto const& [id, g] : ctx.data.db().repo_groups) out.push_back(repo_group_json(ctx.data, g));
    return ok(std::move(out));
}

outcome create_repo_group(call_context& ctx) {
    json::value const& name = ctx.arg("group_name");
    if (!hashable(name)) return internal_error();
    // Checked against the plain name as a top-level path, before the parent is considered (§C.7).
    if (name.is_string() && ctx.data.find_repo_group_by_path(name.get_string())) {
        return fail(fmt::format("repo group `{}` already exist", pystr(name)));
    }
    std::optional<std::int64_t> parent;
    if (!ctx.arg("parent").is_null()) {
        auto p = get_repo_group_or_error(ctx.data, ctx.arg("parent"));
        if (p.found == nullptr) return p.error;
        parent = p.found->id;
    }
    auto const failed = fail(fmt::format("failed to create repo group `{}`", pystr(name)));
    json::value const& owner_id = ctx.arg("owner");
    auto owner = owner_id.is_null() ? user_lookup{&ctx.caller, {}} : get_user_or_error(ctx.data, owner_id);
    auto description = db_string(ctx.arg("description"), false);
    if (!name.is_string() || !is_slug(name.get_string()) || owner.found == nullptr || !description) return failed;
    repo_group g{0, std::string(name.get_string()), parent, *description, owner.found->user_id};
    if (g.description.empty()) g.description = g.name;
    std::string const path = parent ? ctx.data.group_path(*parent) + "/" + g.name : g.name;
    if (ctx.data.find_repo_group_by_path(path)) return failed;
    auto const id = add_repo_group(ctx.data, std::move(g)).id;
    if (parent && truthy(ctx.arg("copy_permissions"))) {
        copy_perms(ctx.data, perm_object::repo_group, *parent, perm_object::repo_group, id, "group.");
    }
    return ok(json::object{{"msg", fmt::format("created new repo group `{}`", pystr(name))},
                           {"repo_group", repo_group_json(ctx.data, ctx.data.db().repo_groups.at(id))}});
}

// RepoGroupModel.update: all given fields or none; no cycles, unique full paths for the group and its subtree.
bool apply_repo_group_updates(call_context const& ctx, repo_group& g, std::optional<std::int64_t> parent) {
    repo_group next = g;
    json::value const& name = ctx.arg("group_name");
    json::value const& description = ctx.arg("description");
    json::value const& owner = ctx.arg("owner");
    if (!name.is_null()) {
        if (!name.is_string() || !is_slug(name.get_string())) return false;
        next.name = name.get_string();
    }
    if (!description.is_null()) {
        if (!description.is_string()) return false;
        next.description = description.get_string();
    }
    if (!owner.is_null()) {
        user const* u = user_by_name_only(ctx.data, owner);
        if (u == nullptr) return false;
        next.owner_id = u->user_id;
    }
    if (parent) {
        auto below = groups_below(ctx.data, g.id);
        if (*parent == g.id || std::find(below.begin(), below.end(), *parent) != below.end()) return false;
        next.parent_id = parent;
    }
    std::string const path = next.parent_id ? ctx.data.group_path(*next.parent_id) + "/" + next.name : next.name;
    if (repo_group const* clash = ctx.data.find_repo_group_by_path(path); clash && clash->id != g.id) return false;
    g = std::move(next);
    return true;
}

outcome update_repo_group(call_context& ctx) {
    auto g = get_repo_group_or_error(ctx.data, ctx.arg("repogroupid"));
    if (g.found == nullptr) return g.error;
    std::optional<std::int64_t> parent;
    if (!ctx.arg("parent").is_null()) {
        auto p = get_repo_group_or_error(ctx.data, ctx.arg("parent"));
        if (p.found == nullptr) return p.error;
        parent = p.found->id;
    }
    repo_group& target = ctx.data.db().repo_groups.at(g.found->id);
    if (!apply_repo_group_updates(ctx, target, parent)) {
        return fail(fmt::format("failed to update repository group `{}`", pystr(ctx.arg("repogroupid"))));
    }
    return ok(json::object{{"msg", fmt::format("updated repository group ID:{} {}", target.id,
                                               ctx.data.group_path(target.id))},
                           {"repo_group", repo_group_json(ctx.data, target)}});
}

outcome delete_repo_group(call_context& ctx) {
    auto g = get_repo_group_or_error(ctx.data, ctx.arg("repogroupid"));
    if (g.found == nullptr) return g.error;
    auto const id = g.found->id;
    std::string const label = fmt::format("ID:{} {}", id, ctx.data.group_path(id));
    // Deviation by choice: contents reference the group, and we model a database that enforces foreign keys.
    if (!groups_below(ctx.data, id).empty() || !repos_below(ctx.data, id).empty()) {
        return fail("failed to delete repo group " + label);
    }
    remove_object_perms(ctx.data, perm_object::repo_group, id);
    ctx.data.db().repo_groups.erase(id);
    return ok(json::object{{"msg", "deleted repo group " + label}, {"repo_group", nullptr}});
}

} // namespace

void add_repo_group_methods(std::vector<method>& table) {
    table.push_back({"get_repo_group", {req("repogroupid")}, admin_only(), &get_repo_group});
    table.push_back({"get_repo_groups", {}, admin_only(), &get_repo_groups});
    table.push_back({"create_repo_group",
                     {req("group_name"), opt("description", ""), opt("owner"), opt("parent"),
                      opt("copy_permissions", false)},
                     admin_only(), &create_repo_group});
    table.push_back({"update_repo_group",
                     {req("repogroupid"), opt("group_name"), opt("description"), opt("owner"), opt("parent")},
                     admin_only(), &update_repo_group});
    table.push_back({"delete_repo_group", {req("repogroupid")}, admin_only(), &delete_repo_group});
}

} // namespace kconform::server::api
