// A deterministic synthetic history for a repository (changesets with authors, dates, files, branches, tags and
// hg bookmarks) and the queries the changeset and node methods need: revision lookup, branch heads, file trees.
// Nothing here is random: raw ids are derived from the repository's seed and the revision number.
#pragma once
#include "server/model.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace kconform::server {

/** Shape of a generated history. */
struct history_spec {
    int changesets = 20;         // number of changesets, >= 0
    std::string seed;            // identity the raw ids derive from (normally the repository name)
    double base_time = 0;        // Unix seconds of revision 0; each next changeset is 1 h 17 s later
    std::string side_branch;     // "" = hg "stable" / git "feature"
    std::string tag = "v1.0";    // tag put on the middle changeset ("" = none)
};

/** Replaces `r.history`, `r.tags` and `r.bookmarks` with a generated history of r.type ("hg" or "git"). */
void synthesize_history(repository& r, history_spec const& spec);

/** Appends `count` more generated changesets on the main branch (what `pull` fetches), moving "tip". */
void extend_history(repository& r, int count, std::string_view seed);

/** The main branch name: "default" (hg) or "master" (git). */
std::string_view main_branch(repository const& r) noexcept;

/**
 * Revision lookup as the vcs layer does it: "tip" (and "HEAD" for git) or empty = last, a decimal revision
 * number, a full raw id or a unique prefix of at least 4 hex digits, a tag, a branch (its head) or an hg bookmark.
 * nullopt when nothing matches (ChangesetDoesNotExistError).
 */
std::optional<int> resolve_revision(repository const& r, std::string_view spec);

/** Branch name -> raw id of its newest changeset. */
std::map<std::string, std::string> branch_heads(repository const& r);

/** Paths of the files that exist after `revision` (replaying added and removed). */
std::set<std::string> files_at(repository const& r, int revision);

} // namespace kconform::server
