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
    // Later: global permissions of the active user groups the user belongs to.
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

} // namespace kconform::server
