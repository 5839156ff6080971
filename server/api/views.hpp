// JSON shapes of reference §D built from store entities: User (D.1) and get_user's permissions (C.2), UserGroup,
// Repo, RepoGroup, Gist, changesets, reviews, comments and pull requests, in Kallithea's key order.
#pragma once
#include "server/store.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kconform::server::api {

/** User.get_api_data(): exactly user_id, username, firstname, lastname, email, emails, active, admin. */
boost::json::object user_json(user const& u);

/**
 * AuthUser(user).permissions: {"repositories", "repositories_groups", "user_groups", "global"}, the levels of
 * §B.2-B.4 by name and the effective global permissions sorted by name (Python emits its set in no fixed order).
 */
boost::json::object permissions_json(store const& s, user const& u);

/** A datetime as §A.5 writes it: YYYY-MM-DDTHH:MM:SS in UTC, ".mmm" when the milliseconds are not zero. */
std::string iso_datetime(double unix_seconds);

/** UserGroup (D.2) with members. */
boost::json::object user_group_json(store const& s, user_group const& g);
/** Repo (D.3) without the get_repo extras. */
boost::json::object repo_json(store const& s, repository const& r);
/** get_repo's members: user rows (default included), then user-group rows, as {name, type, permission}. */
boost::json::array members_json(store const& s, perm_object kind, std::int64_t id);
/** RepoGroup (D.4). */
boost::json::object repo_group_json(store const& s, repo_group const& g);
/** Gist (D.5). */
boost::json::object gist_json(store const& s, gist const& g);
/** ChangesetSummary (D.6), with added/changed/removed when `with_files`. */
boost::json::object changeset_summary_json(changeset const& cs, bool with_files);
/** ChangesetDetail (D.7). */
boost::json::object changeset_detail_json(changeset const& cs);
/** Comment (D.9). */
boost::json::object comment_json(store const& s, comment const& c);
/** Review (D.8). */
boost::json::object review_json(store const& s, review const& r);
/** PullRequest (D.10). */
boost::json::object pull_request_json(store const& s, pull_request const& pr);

} // namespace kconform::server::api
