// Repository methods of reference §C.4 part 2 and §C.1's repository utilities: update_repo (with its top-level
// rename rule and group move checks), pull, rescan_repos and invalidate_cache. pull and rescan_repos are
// admin-only through the decorator column.
#include "server/api/access.hpp"
#include "server/api/args.hpp"
#include "server/api/views.hpp"
#include "server/history.hpp"
#include "server/permissions.hpp"
#include "server/store_ops.hpp"

#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// The non-admin checks of update_repo, in order (§C.4).
outcome check_update_rights(call_context const& ctx, repository const& r) {
    if (ctx.caller.admin) return {};
    json::value const& name = ctx.arg("name");
    bool const same_name = name.is_string() && name.get_string() == ctx.data.repo_name(r);
    static std::vector<std::string_view> const creators{"hg.create.repository"};
    if (!same_name && !r.group_id && !has_any_global_permission(ctx.data, ctx.caller, creators)) {
        return fail("no permission to create (or move) top level repositories");
    }
    if (!ctx.arg("owner").is_null()) return fail("Only Kallithea admin can specify `owner` param");
    return {};
}

// RepoModel.update: every non-null field is checked, then all are applied (or none).
bool apply_repo_updates(call_context const& ctx, repository& r, std::optional<std::int64_t> group) {
    repository next = r;
    auto str = [&](std::string_view arg, auto&& set) {
        json::value const& v = ctx.arg(arg);
        if (v.is_null()) return true;
        if (!v.is_string()) return false;
        return set(std::string(v.get_string()));
    };
    auto flag = [&](std::string_view arg, bool& into) {
        json::value const& v = ctx.arg(arg);
        if (v.is_null()) return true;
        auto b = db_bool(v);
        if (b) into = *b;
        return b.has_value();
    };
    bool const fields_ok =
        str("name", [&](std::string v) { next.name = std::move(v); return is_slug(next.name); }) &&
        str("description", [&](std::string v) { next.description = std::move(v); return true; }) &&
        str("clone_uri", [&](std::string v) { next.clone_uri = v; return v.empty() || valid_clone_uri(v); }) &&
        str("landing_rev", [&](std::string v) {
            auto parsed = parse_landing_rev(json::value(v));
            if (parsed) next.landing_rev = *parsed;
            return parsed.has_value();
        }) &&
        flag("private", next.is_private) && flag("enable_statistics", next.enable_statistics) &&
        flag("enable_downloads", next.enable_downloads);
    if (!fields_ok) return false;
    if (json::value const& owner = ctx.arg("owner"); !owner.is_null()) {
        user const* u = user_by_name_only(ctx.data, owner);  // RepoModel.update looks the owner up by username
        if (u == nullptr) return false;
        next.owner_id = u->user_id;
    }
    if (group) next.group_id = group;
    if (repository const* clash = ctx.data.find_repo_by_name(ctx.data.repo_name(next)); clash && clash->id != r.id) {
        return false;
    }
    r = std::move(next);
    return true;
}

outcome update_repo(call_context& ctx) {
    auto found = repo_with_level(ctx, "repoid", "repository.admin");
    if (found.found == nullptr) return found.error;
    if (auto refused = check_update_rights(ctx, *found.found); refused.failed()) return refused;
    std::optional<std::int64_t> group;
    if (json::value const& g = ctx.arg("group"); !g.is_null()) {
        auto target = get_repo_group_or_error(ctx.data, g);
        if (target.found == nullptr) return target.error;
        if (target.found->id != found.found->group_id && !ctx.caller.admin &&
            !at_least(repo_group_level(ctx.data, ctx.caller, *target.found), "group.write")) {
            return fail(fmt::format("no permission to create (or move) repo in {}",
                                    ctx.data.group_path(target.found->id)));
        }
        group = target.found->id;
    }
    repository& r = editable(ctx.data, *found.found);
    if (!apply_repo_updates(ctx, r, group)) return fail(fmt::format("failed to update repo `{}`", pystr(ctx.arg("repoid"))));
    if (ctx.arg("private").is_bool() && ctx.arg("private").get_bool()) {
        set_perm(ctx.data, {perm_object::repo, r.id, false, defaults::default_user_id}, "repository.none");
    }
    return ok(json::object{{"msg", fmt::format("updated repo ID:{} {}", r.id, ctx.data.repo_name(r))},
                           {"repository", repo_json(ctx.data, r)}});
}

// ScmModel.pull_changes: from the given URI, else the stored clone URI, else the fork parent. A remote always has
// one changeset the repository lacks (the simulated upstream moves on); a parent gives what the fork lacks.
bool pull_into(store& s, repository& r, json::value const& clone_uri) {
    if (!clone_uri.is_null()) {
        if (!clone_uri.is_string() || !valid_clone_uri(clone_uri.get_string())) return false;
        extend_history(r, 1, clone_uri.get_string());
        return true;
    }
    if (r.clone_uri && !r.clone_uri->empty()) {
        extend_history(r, 1, *r.clone_uri);
        return true;
    }
    if (!r.fork_of || !s.db().repos.count(*r.fork_of)) return false;
    for (auto const& cs : s.db().repos.at(*r.fork_of).history) {
        bool const have = std::any_of(r.history.begin(), r.history.end(),
                                      [&](changeset const& mine) { return mine.raw_id == cs.raw_id; });
        if (have) continue;
        changeset copy = cs;
        copy.revision = static_cast<int>(r.history.size());
        r.history.push_back(std::move(copy));
    }
    if (r.type == "hg" && !r.history.empty()) r.tags["tip"] = r.history.back().raw_id;
    return true;
}

outcome pull(call_context& ctx) {
    auto found = get_repo_or_error(ctx.data, ctx.arg("repoid"));
    if (found.found == nullptr) return found.error;
    std::string const name = ctx.data.repo_name(*found.found);
    if (!pull_into(ctx.data, editable(ctx.data, *found.found), ctx.arg("clone_uri"))) {
        return fail(fmt::format("Unable to pull changes from `{}`", name));
    }
    return ok(json::object{{"msg", fmt::format("Pulled from `{}`", name)}, {"repository", name}});
}

// repo2db_mapper: registers what is on disk without a row (owner: the first admin), lists rows without a directory.
outcome rescan_repos(call_context& ctx) {
    json::array added, removed;
    user const* first_admin = nullptr;
    for (user const* u : ctx.data.users_by_name()) {
        if (u->admin && (first_admin == nullptr || u->user_id < first_admin->user_id)) first_admin = u;
    }
    auto& t = ctx.data.db();
    for (auto const& path : t.unregistered) {
        repository r;
        r.name = last_component(path);
        if (path.find('/') != std::string::npos) {
            repo_group const* g = ctx.data.find_repo_group_by_path(path.substr(0, path.rfind('/')));
            if (g == nullptr) continue;
            r.group_id = g->id;
        }
        r.owner_id = first_admin ? first_admin->user_id : ctx.caller.user_id;
        r.description = "repository " + r.name;
        r.created_on = ctx.data.now();
        synthesize_history(r, {3, path, ctx.data.options().base_time, "", ""});
        add_repository(ctx.data, std::move(r));
        added.emplace_back(path);
    }
    t.unregistered.clear();
    std::vector<std::int64_t> gone;
    for (auto const& [id, r] : t.repos) {
        if (!r.on_disk) {
            removed.emplace_back(ctx.data.repo_name(r));
            gone.push_back(id);
        }
    }
    if (truthy(ctx.arg("remove_obsolete"))) {
        for (auto id : gone) remove_repository(ctx.data, id);
    }
    return ok(json::object{{"added", std::move(added)}, {"removed", std::move(removed)}});
}

outcome invalidate_cache(call_context& ctx) {
    auto found = repo_with_level(ctx, "repoid", "repository.write");
    if (found.found == nullptr) return found.error;
    editable(ctx.data, *found.found).cache_valid = false;
    return ok(json::object{
        {"msg", fmt::format("Cache for repository `{}` was invalidated", pystr(ctx.arg("repoid")))},
        {"repository", ctx.data.repo_name(*found.found)}});
}

} // namespace

void add_repo_admin_methods(std::vector<method>& table) {
    table.push_back({"update_repo",
                     {req("repoid"), opt("name"), opt("owner"), opt("group"), opt("description"), opt("private"),
                      opt("clone_uri"), opt("landing_rev"), opt("enable_statistics"), opt("enable_downloads")},
                     {}, &update_repo});
    table.push_back({"pull", {req("repoid"), opt("clone_uri")}, admin_only(), &pull});
    table.push_back({"rescan_repos", {opt("remove_obsolete", false)}, admin_only(), &rescan_repos});
    table.push_back({"invalidate_cache", {req("repoid")}, {}, &invalidate_cache});
}

} // namespace kconform::server::api
