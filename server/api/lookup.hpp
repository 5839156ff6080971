// Identifier lookups of reference §A.7 (guess_instance): JSON integers and digit strings are primary keys, other
// strings are names; values Python's database layer cannot bind make the method fail internally.
#pragma once
#include "server/api/dispatch.hpp"
#include "server/store.hpp"

#include <boost/json/value.hpp>

namespace kconform::server::api {

/** A found user, or the outcome the method reports instead. */
struct user_lookup {
    user const* found = nullptr;  // nullptr when `error` applies
    outcome error;                // "user `<userid>` does not exist", or "Internal server error"
};

/**
 * get_user_or_error(userid): integers (and true/false, which are 1/0 in Python) and strings of ASCII digits
 * by user_id, other strings by exact username, floats and null find nothing; arrays, objects and ids beyond
 * 64 bits raise inside Kallithea and give "Internal server error".
 */
user_lookup get_user_or_error(store const& s, boost::json::value const& userid);

} // namespace kconform::server::api
