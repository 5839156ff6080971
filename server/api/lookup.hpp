// Identifier lookups of reference §A.7 (guess_instance): JSON integers and digit strings are primary keys, other
// strings are names; values Python's database layer cannot bind make the method fail internally.
#pragma once
#include "server/api/dispatch.hpp"
#include "server/store.hpp"

#include <boost/json/value.hpp>

namespace kconform::server::api {

/** A found entity, or the outcome the method reports instead. */
template <class T> struct lookup {
    T const* found = nullptr;  // nullptr when `error` applies
    outcome error;             // "<kind> `<id>` does not exist", or "Internal server error"
};

using user_lookup = lookup<user>;

/**
 * get_user_or_error(userid): integers (and true/false, which are 1/0 in Python) and strings of ASCII digits
 * by user_id, other strings by exact username, floats and null find nothing; arrays, objects and ids beyond
 * 64 bits raise inside Kallithea and give "Internal server error".
 */
user_lookup get_user_or_error(store const& s, boost::json::value const& userid);
/** get_repo_or_error: by repo_id or full name; "repository `<repoid>` does not exist". */
lookup<repository> get_repo_or_error(store const& s, boost::json::value const& repoid);
/** get_repo_group_or_error: by group_id or full path (trailing '/' ignored). */
lookup<repo_group> get_repo_group_or_error(store const& s, boost::json::value const& id);
/** get_user_group_or_error: by users_group_id or exact name. */
lookup<user_group> get_user_group_or_error(store const& s, boost::json::value const& id);
/** get_gist_or_error: by gist_id (numbers, digit strings) or access id (other strings). */
lookup<gist> get_gist_or_error(store const& s, boost::json::value const& id);
/** PullRequest.get: by id only (digit strings and integral numbers too); "pull request `<id>` does not exist". */
lookup<pull_request> get_pull_request_or_error(store const& s, boost::json::value const& id);

/** A user by username only (update_repo's and update_repo_group's owner); nullptr when absent or not a string. */
user const* user_by_name_only(store const& s, boost::json::value const& name);

} // namespace kconform::server::api
