// The permission model of reference §B, computed from the store: global permissions now; repository, repository
// group and user group levels join when those entities do.
#pragma once
#include "server/store.hpp"

#include <set>
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

/** HasPermissionAny: whether the user's effective global permissions include any of `perms`. */
bool has_any_global_permission(store const& s, user const& u, std::span<std::string_view const> perms);

} // namespace kconform::server
