// JSON shapes of reference §D built from store entities: User (D.1) and get_user's permissions object (C.2).
#pragma once
#include "server/store.hpp"

#include <boost/json/object.hpp>

namespace kconform::server::api {

/** User.get_api_data(): exactly user_id, username, firstname, lastname, email, emails, active, admin. */
boost::json::object user_json(user const& u);

/**
 * AuthUser(user).permissions: {"repositories": {}, "repositories_groups": {}, "user_groups": {}, "global": [...]}
 * with the effective global permissions sorted by name (Python emits its set in no fixed order).
 */
boost::json::object permissions_json(store const& s, user const& u);

} // namespace kconform::server::api
