// API key authentication and IP whitelisting (reference §A.3), shared by the web front (?api_key= and
// Authorization: Bearer, answered with 403) and the JSON-RPC envelope (answered with "Invalid API key").
#pragma once
#include "server/store.hpp"

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kconform::server {

/** First and last address of a whitelist entry "addr[/prefix or /netmask]" (host bits allowed, like ipaddr);
    nullopt when the entry is invalid. */
std::optional<std::pair<std::string, std::string>> ip_range(std::string_view entry);

/** Whether `addr` (an IP literal, optionally with a %zone) lies inside the entry; false for mixed IP versions. */
bool ip_in_network(std::string_view addr, std::string_view entry);

/** AuthUser.get_allowed_ips + check_ip_access: the user's ∪ the global entries; everything when both are empty. */
bool ip_allowed(store const& s, user const& u, std::string_view remote_addr);

/**
 * User.get_by_api_key + AuthUser.make: the user the key authenticates when calling from `remote_addr`, or nullptr
 * when the key is not 40 alphanumerics, unknown, an expired additional key, or belongs to an inactive user or to
 * the default user, or when the address is not whitelisted.
 */
user const* authenticate(store const& s, std::string_view key, std::string_view remote_addr);

/** The same for the body's api_key member: any non-string value is refused. */
user const* authenticate(store const& s, boost::json::value const& key, std::string_view remote_addr);

} // namespace kconform::server
