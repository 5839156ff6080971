// Global permission computation after Kallithea's _cached_perms_data (lib/auth.py): union of the default user's
// and the user's own global permissions, then the heaviest permission of each kind.
#include "server/permissions.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace kconform::server {
namespace {

struct weighted {
    std::string_view name;
    int weight;
};

// Permission.PERM_WEIGHTS, plus hg.admin (the admin kind has one value).
constexpr weighted weights[] = {
    {"repository.none", 0},           {"repository.read", 1},            {"repository.write", 3},
    {"repository.admin", 4},          {"group.none", 0},                 {"group.read", 1},
    {"group.write", 3},               {"group.admin", 4},                {"usergroup.none", 0},
    {"usergroup.read", 1},            {"usergroup.write", 3},            {"usergroup.admin", 4},
    {"hg.repogroup.create.false", 0}, {"hg.repogroup.create.true", 1},   {"hg.usergroup.create.false", 0},
    {"hg.usergroup.create.true", 1},  {"hg.fork.none", 0},               {"hg.fork.repository", 1},
    {"hg.create.none", 0},            {"hg.create.repository", 1},       {"hg.create.write_on_repogroup.false", 0},
    {"hg.create.write_on_repogroup.true", 1}, {"hg.register.none", 0},   {"hg.register.manual_activate", 1},
    {"hg.register.auto_activate", 2}, {"hg.extern_activate.manual", 0},  {"hg.extern_activate.auto", 1},
    {"hg.admin", 1},
};

} // namespace

int permission_weight(std::string_view name) noexcept {
    for (auto const& w : weights) {
        if (w.name == name) return w.weight;
    }
    return -1;
}

std::string_view permission_kind(std::string_view name) noexcept {
    auto const dot = name.rfind('.');
    return dot == std::string_view::npos ? name : name.substr(0, dot);
}

std::set<std::string> effective_global_permissions(store const& s, user const& u) {
    if (u.admin) return {"hg.admin"};
    std::set<std::string> all = s.default_user().global_permissions;
    all.insert(u.global_permissions.begin(), u.global_permissions.end());
    for (user_group const* g : active_groups_of(s, u.user_id)) {
        all.insert(g->global_permissions.begin(), g->global_permissions.end());
    }
    std::map<std::string_view, std::string_view> best;  // kind -> heaviest name
    for (auto const& name : all) {
        auto [it, inserted] = best.try_emplace(permission_kind(name), name);
        if (!inserted && permission_weight(name) > permission_weight(it->second)) it->second = name;
    }
    std::set<std::string> out;
    for (auto const& [kind, name] : best) out.emplace(name);
    return out;
}

bool has_any_global_permission(store const& s, user const& u, std::span<std::string_view const> perms) {
    auto const have = effective_global_permissions(s, u);
    return std::any_of(perms.begin(), perms.end(), [&](std::string_view p) { return have.count(std::string(p)) > 0; });
}

std::vector<user_group const*> active_groups_of(store const& s, std::int64_t user_id) {
    std::vector<user_group const*> out;
    for (auto const& [id, g] : s.db().user_groups) {
        if (g.active && std::find(g.members.begin(), g.members.end(), user_id) != g.members.end()) out.push_back(&g);
    }
    return out;
}

bool at_least(std::optional<std::string> const& level, std::string_view minimum) noexcept {
    return level && permission_kind(*level) == permission_kind(minimum) &&
           permission_weight(*level) >= permission_weight(minimum);
}

std::string default_level(store const& s, std::string_view kind) {
    for (auto const& p : s.default_user().global_permissions) {
        if (permission_kind(p) == kind) return p;
    }
    return std::string(kind) + ".read";
}

namespace {

void raise_to(std::string& current, std::string const& candidate) {
    if (permission_weight(candidate) > permission_weight(current)) current = candidate;
}

// Steps 2 and 3 of §B.2-B.4: rows of the caller's active user groups, then the caller's own row, never lowering.
// `start` is nullopt when there is no default-user row: Kallithea's dict lookup then fails for any further row.
std::optional<std::string> raise_with_rows(store const& s, user const& u, perm_object kind, std::int64_t object,
                                           std::optional<std::string> start) {
    auto apply = [&](bool to_group, std::int64_t principal) {
        std::string const* p = s.find_perm({kind, object, to_group, principal});
        if (p == nullptr) return;
        if (!start) throw permission_error("no default permission row");
        raise_to(*start, *p);
    };
    for (user_group const* g : active_groups_of(s, u.user_id)) apply(true, g->id);
    apply(false, u.user_id);
    return start;
}

std::optional<std::string> default_row(store const& s, perm_object kind, std::int64_t object) {
    std::string const* p = s.find_perm({kind, object, false, defaults::default_user_id});
    if (p == nullptr) return std::nullopt;
    return *p;
}

} // namespace

std::optional<std::string> repo_level(store const& s, user const& u, repository const& r) {
    auto start = default_row(s, perm_object::repo, r.id);
    if (u.admin) return start ? std::optional<std::string>("repository.admin") : std::nullopt;
    if (start && r.owner_id == u.user_id) return raise_with_rows(s, u, perm_object::repo, r.id, "repository.admin");
    if (start && r.is_private) start = "repository.none";
    return raise_with_rows(s, u, perm_object::repo, r.id, start);
}

std::optional<std::string> repo_group_level(store const& s, user const& u, repo_group const& g) {
    if (u.admin) return "group.admin";
    return raise_with_rows(s, u, perm_object::repo_group, g.id, default_row(s, perm_object::repo_group, g.id));
}

std::optional<std::string> user_group_level(store const& s, user const& u, user_group const& g) {
    if (u.admin) return "usergroup.admin";
    return raise_with_rows(s, u, perm_object::user_group, g.id, default_row(s, perm_object::user_group, g.id));
}

} // namespace kconform::server
