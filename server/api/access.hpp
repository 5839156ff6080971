// Checks shared by the repository, repository group and permission methods: lookups followed by the level check
// that hides what the caller may not see (§B.5 style 2), the create-location rules of create_repo/fork_repo, and
// the value checks RepoModel applies (landing_rev, clone_uri, names).
#pragma once
#include "server/api/dispatch.hpp"
#include "server/api/lookup.hpp"

#include <optional>
#include <string>
#include <utility>

namespace kconform::server::api {

/** get_repo_or_error(arg) and, for non-admins, at least `level`; else "repository `<id>` does not exist". */
lookup<repository> repo_with_level(call_context const& ctx, std::string_view arg, std::string_view level);

/** The caller's computed level on a repository, admins included (no bypass: §B.5 "Admin bypass" exceptions). */
bool computed_at_least(call_context const& ctx, repository const& r, std::string_view level);

/** Mutable access to a looked-up repository. */
repository& editable(store& s, repository const& r);

/** Where a new repository named `full_name` would go, or the error create_repo/fork_repo report (§C.4 step 1). */
struct location {
    std::optional<std::int64_t> group_id;  // nullopt = top level
    outcome error;                         // failed() when refused
};
location check_create_location(call_context const& ctx, std::string const& full_name);

/** "type:rev" -> {type, rev}; nullopt for anything else (the method's failed-to error). */
std::optional<std::pair<std::string, std::string>> parse_landing_rev(boost::json::value const& v);

/** Whether RepoModel would accept a clone URI: http(s), ssh or git URLs with a host (no local paths). */
bool valid_clone_uri(std::string_view uri);

/** The last path component of a repository name. */
std::string last_component(std::string const& full_name);

/** Copies the rows of one object onto another, mapping the level to `kind` ("repository.", "group."). */
void copy_perms(store& s, perm_object from, std::int64_t from_id, perm_object to, std::int64_t to_id,
                std::string_view kind);

} // namespace kconform::server::api
