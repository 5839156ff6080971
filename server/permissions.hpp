// The permission model of reference §B, computed from the store: global permissions and the repository,
// repository group and user group levels with default-user rows, active user groups, owners and the admin bypass.
#pragma once
#include "server/store.hpp"

#include <optional>
#include <set>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>

namespace kconform::server {

/** Permission.PERM_WEIGHTS: the weight of a permission name within its kind; -1 for names not in the table. */
int permission_weight(std::string_view name) noexcept;

/** The kind of a permission: its name up to the last dot ("hg.create.repository" -> "hg.create"). */
std::string_view permission_kind(std::string_view name) noexcept;

/**
 * Effective global permissions (reference §B.1): exactly {"hg.admin"} for an admin; otherwise the default user's
 * global permissions, joined with the user's own, keeping only the heaviest of each kind.
 */
std::set<std::string> effective_global_permissions(store const& s, user const& u);

/** Raised where Kallithea's permission computation would fail with a KeyError (reference §C.10). */
struct permission_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/** Active user groups `user_id` is a member of, by id. */
std::vector<user_group const*> active_groups_of(store const& s, std::int64_t user_id);

/**
 * Level of `u` on a repository (§B.2): nullopt when the repository has no row for the default user (it is then
 * absent from the user's permissions). Throws permission_error when such a repository has other rows for `u`.
 */
std::optional<std::string> repo_level(store const& s, user const& u, repository const& r);
/** Level of `u` on a repository group (§B.3); admins get group.admin. */
std::optional<std::string> repo_group_level(store const& s, user const& u, repo_group const& g);
/** Level of `u` on a user group (§B.4); admins get usergroup.admin. */
std::optional<std::string> user_group_level(store const& s, user const& u, user_group const& g);

/** Whether `level` (e.g. "repository.write") weighs at least as much as `minimum` ("repository.read"). */
bool at_least(std::optional<std::string> const& level, std::string_view minimum) noexcept;

/** The default user's level for new objects of a kind ("repository", "group", "usergroup"), e.g. "group.read". */
std::string default_level(store const& s, std::string_view kind);

/** HasPermissionAny: whether the user's effective global permissions include any of `perms`. */
bool has_any_global_permission(store const& s, user const& u, std::span<std::string_view const> perms);

} // namespace kconform::server
