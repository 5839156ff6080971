// Entities of the reference server other than users: user groups, repository groups, repositories with their
// synthetic history, permission rows, pull requests, comments, changeset statuses and gists. Plain aggregates;
// the store owns them in id-keyed tables and methods read them through the store's accessors.
#pragma once
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kconform::server {

/** A user group (Kallithea's users_groups). */
struct user_group {
    std::int64_t id = 0;
    std::string name;                          // unique, exact case
    std::optional<std::string> description;    // group_description; may be null
    bool active = true;                        // inactive groups give their members no permissions
    std::int64_t owner_id = 0;                 // a user id
    std::vector<std::int64_t> members;         // user ids, in the order they were added
    std::set<std::string> global_permissions;  // e.g. "hg.usergroup.create.true"
};

/** A repository group; its full path is its parents' names and its own joined by '/'. */
struct repo_group {
    std::int64_t id = 0;
    std::string name;                      // last path component
    std::optional<std::int64_t> parent_id; // nullopt = top level
    std::string description;
    std::int64_t owner_id = 0;
};

/** One changeset of a repository's synthetic history. */
struct changeset {
    std::string raw_id;                            // 40 lower-case hex digits
    int revision = 0;                              // local revision number, 0-based
    std::string message;
    std::string author;                            // "Name <email>"
    double date = 0;                               // Unix seconds
    std::string branch;                            // "default"/"stable" (hg), "master"/"feature" (git)
    std::vector<std::string> added, changed, removed;  // paths, sorted
};

/** A repository (Kallithea's repositories row plus its working copy, simulated). */
struct repository {
    std::int64_t id = 0;
    std::string name;                        // last path component
    std::optional<std::int64_t> group_id;    // nullopt = top level
    std::string type = "hg";                 // "hg" or "git"
    std::optional<std::string> clone_uri;    // null if never set, "" if cleared
    bool is_private = false;
    std::string description;
    std::pair<std::string, std::string> landing_rev{"rev", "tip"};
    std::int64_t owner_id = 0;
    std::optional<std::int64_t> fork_of;     // parent repository id
    bool enable_statistics = false;
    bool enable_downloads = false;
    double created_on = 0;                   // Unix seconds
    std::vector<std::int64_t> followers;     // user ids
    std::vector<changeset> history;          // by revision
    std::map<std::string, std::string> tags;       // name -> raw id (hg also lists "tip")
    std::map<std::string, std::string> bookmarks;  // name -> raw id (hg only)
    bool on_disk = true;                     // false: the directory is gone (rescan_repos lists it as removed)
    bool cache_valid = true;                 // cleared by invalidate_cache, set again by reading
    std::string remote_seed;                 // identity of the upstream `pull` fetches from ("" = none reachable)
};

/** What a permission row is attached to. */
enum class perm_object { repo, repo_group, user_group };

/** Key of a permission row: object kind and id, then the principal (a user or a user group). */
struct perm_key {
    perm_object object = perm_object::repo;
    std::int64_t object_id = 0;
    bool to_user_group = false;  // principal is a user group (else a user)
    std::int64_t principal = 0;

    auto operator<=>(perm_key const&) const = default;
};

/** A comment on a changeset or a pull request (general or inline). */
struct comment {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    double created_on = 0;
    std::string text;
    std::int64_t repo_id = 0;
    std::optional<std::string> revision;           // changeset comments
    std::optional<std::int64_t> pull_request_id;   // pull request comments
    std::optional<std::string> f_path;             // inline comments: file
    std::optional<std::string> line_no;            // inline comments: "n3"/"o5"
};

/** A changeset status row (a review vote); version 0 is current, older votes have higher versions. */
struct review {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::int64_t repo_id = 0;
    std::string revision;
    std::optional<std::int64_t> pull_request_id;
    std::string status;      // not_reviewed, under_review, approved, rejected
    double modified_at = 0;
    int version = 0;
};

/** A pull request between two repositories. */
struct pull_request {
    std::int64_t id = 0;
    std::string title;
    std::string description;
    std::int64_t owner_id = 0;
    std::int64_t org_repo_id = 0;    // source
    std::string org_ref;             // "type:name:hash"
    std::int64_t other_repo_id = 0;  // target
    std::string other_ref;
    std::vector<std::string> revisions;
    std::string status = "new";      // "new" or "closed"
    double created_on = 0;
    double updated_on = 0;
    std::vector<std::int64_t> reviewers;  // user ids
};

/** A gist and its files. */
struct gist {
    std::int64_t id = 0;
    std::string access_id;           // public: decimal id; private: 20 random characters
    std::string type = "public";     // "public" or "private" (other strings are stored as given)
    std::string description;
    std::int64_t owner_id = 0;
    double expires = -1;             // Unix seconds; -1 = never
    double created_on = 0;
    std::vector<std::pair<std::string, std::string>> files;  // name -> content
};

/** The tables besides users, with their id counters. */
struct tables {
    std::map<std::int64_t, user_group> user_groups;
    std::map<std::int64_t, repo_group> repo_groups;
    std::map<std::int64_t, repository> repos;
    std::map<perm_key, std::string> perms;  // permission name per row
    std::map<std::int64_t, pull_request> pull_requests;
    std::map<std::int64_t, comment> comments;
    std::map<std::int64_t, review> reviews;
    std::map<std::int64_t, gist> gists;
    std::vector<std::string> unregistered;  // repository paths on "disk" without a database row (rescan adds them)

    std::int64_t next_user_group_id = 1;
    std::int64_t next_repo_group_id = 1;
    std::int64_t next_repo_id = 1;
    std::int64_t next_pull_request_id = 1;
    std::int64_t next_comment_id = 1;
    std::int64_t next_review_id = 1;
    std::int64_t next_gist_id = 1;
};

} // namespace kconform::server
