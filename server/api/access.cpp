// Shared checks of the repository methods (controllers/api/api.py and RepoModel): hiding lookups, where new
// repositories may be created, and the value checks whose failure is the method's "failed to ..." error.
#include "server/api/access.hpp"

#include "server/api/args.hpp"
#include "server/permissions.hpp"
#include "server/store_ops.hpp"

#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>

lookup<repository> repo_with_level(call_context const& ctx, std::string_view arg, std::string_view level) {
    json::value const& id = ctx.arg(arg);
    auto found = get_repo_or_error(ctx.data, id);
    if (found.found == nullptr || ctx.caller.admin) return found;
    if (!at_least(repo_level(ctx.data, ctx.caller, *found.found), level)) {
        return {nullptr, fail(fmt::format("repository `{}` does not exist", pystr(id)))};
    }
    return found;
}

bool computed_at_least(call_context const& ctx, repository const& r, std::string_view level) {
    return at_least(repo_level(ctx.data, ctx.caller, r), level);
}

repository& editable(store& s, repository const& r) { return s.db().repos.at(r.id); }

location check_create_location(call_context const& ctx, std::string const& full_name) {
    auto const slash = full_name.rfind('/');
    if (slash == std::string::npos) {
        static std::vector<std::string_view> const creators{"hg.admin", "hg.create.repository"};
        if (!has_any_global_permission(ctx.data, ctx.caller, creators)) {
            return {std::nullopt, fail("no permission to create top level repo")};
        }
        return {std::nullopt, {}};
    }
    std::string const group = full_name.substr(0, slash);
    // RepoGroup.get_by_group_name: exact path; "a/" is not "a" here (the name was split at '/').
    repo_group const* g = group.ends_with('/') ? nullptr : ctx.data.find_repo_group_by_path(group);
    if (g == nullptr) return {std::nullopt, fail(fmt::format("repo group `{}` not found", group))};
    if (!ctx.caller.admin && !at_least(repo_group_level(ctx.data, ctx.caller, *g), "group.write")) {
        return {std::nullopt, fail(fmt::format("no permission to create repo in {}", group))};
    }
    return {g->id, {}};
}

std::optional<std::pair<std::string, std::string>> parse_landing_rev(json::value const& v) {
    if (!v.is_string()) return std::nullopt;
    std::string_view const s = v.get_string();
    auto const colon = s.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    return std::pair<std::string, std::string>{std::string(s.substr(0, colon)), std::string(s.substr(colon + 1))};
}

bool valid_clone_uri(std::string_view uri) {
    for (std::string_view scheme : {"http://", "https://", "ssh://", "git://"}) {
        if (uri.starts_with(scheme) && uri.size() > scheme.size() && uri[scheme.size()] != '/') return true;
    }
    return false;
}

std::string last_component(std::string const& full_name) {
    auto const slash = full_name.rfind('/');
    return slash == std::string::npos ? full_name : full_name.substr(slash + 1);
}

void copy_perms(store& s, perm_object from, std::int64_t from_id, perm_object to, std::int64_t to_id,
                std::string_view kind) {
    std::vector<std::pair<perm_key, std::string>> rows;
    for (auto const& [key, perm] : s.db().perms) {
        if (key.object != from || key.object_id != from_id) continue;
        auto const dot = perm.find('.');
        rows.push_back({{to, to_id, key.to_user_group, key.principal}, std::string(kind) + perm.substr(dot + 1)});
    }
    for (auto& [key, perm] : rows) set_perm(s, key, std::move(perm));
}

} // namespace kconform::server::api
