// Entity -> JSON in Kallithea's key order (get_api_data, _cached_perms_data).
#include "server/api/views.hpp"

#include "server/permissions.hpp"

#include <boost/json/array.hpp>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>

json::object user_json(user const& u) {
    json::value email = nullptr;
    if (u.email) email = json::string(*u.email);
    json::array emails{email};
    for (auto const& e : u.extra_emails) emails.emplace_back(e);
    return json::object{
        {"user_id", u.user_id}, {"username", u.username}, {"firstname", u.firstname}, {"lastname", u.lastname},
        {"email", email},       {"emails", emails},       {"active", u.active},       {"admin", u.admin},
    };
}

json::object permissions_json(store const& s, user const& u) {
    json::array global;
    for (auto const& p : effective_global_permissions(s, u)) global.emplace_back(p);
    // Repositories, repository groups and user groups join with those entities (issue 4).
    return json::object{
        {"repositories", json::object{}},
        {"repositories_groups", json::object{}},
        {"user_groups", json::object{}},
        {"global", global},
    };
}

} // namespace kconform::server::api
