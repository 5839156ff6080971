// Operations on the store that keep its tables consistent, shared by the method handlers, the default state and
// the state-file loader: creating entities with their default permission rows, following, forking, removing.
#pragma once
#include "server/store.hpp"

namespace kconform::server {

/** Sets (or replaces) a permission row. */
void set_perm(store& s, perm_key key, std::string perm);
/** Removes a permission row; false when there was none. */
bool remove_perm(store& s, perm_key const& key);

/**
 * Adds a repository: the next id when r.id is 0, a default-user row (`repository.none` when private, else the
 * default level), the owner as follower.
 */
repository& add_repository(store& s, repository r);
/** Adds a repository group: next id when 0, a default-user row, and a group.admin row for a non-admin owner. */
repo_group& add_repo_group(store& s, repo_group g);
/** Adds a user group: next id when 0, a default-user row, and a usergroup.admin row for the owner. */
user_group& add_user_group(store& s, user_group g);
/** Adds a pull request with the next id when 0. */
pull_request& add_pull_request(store& s, pull_request pr);
/** Adds a comment with the next id when 0. */
comment& add_comment(store& s, comment c);
/** Records a vote: older votes of the same user on the same revision move to a higher version. */
review& add_review(store& s, review r);
/** Adds a gist with the next id when 0; a public gist's access id is its decimal id. */
gist& add_gist(store& s, gist g);

/** Removes a repository and its rows (permissions, pull requests, comments, votes). */
void remove_repository(store& s, std::int64_t id);
/** Removes every permission row of an object. */
void remove_object_perms(store& s, perm_object kind, std::int64_t id);

/** Ids of the repositories whose fork_of is `id`. */
std::vector<std::int64_t> forks_of(store const& s, std::int64_t id);
/** Repository ids in a group and, recursively, its sub-groups. */
std::vector<std::int64_t> repos_below(store const& s, std::int64_t group_id);
/** Group ids below a group, recursively (not including it). */
std::vector<std::int64_t> groups_below(store const& s, std::int64_t group_id);

/** Whether a name is a Kallithea slug: non-empty, not "." or "..", only [A-Za-z0-9._-] (repo_name_slug). */
bool is_slug(std::string_view name) noexcept;

} // namespace kconform::server
