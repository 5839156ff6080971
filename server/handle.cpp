// Kallithea's web front for the API route (BaseController._basic_security_checks and its API key handling,
// lib/base.py), then the JSON-RPC envelope. Order: HTTP method, _method override, route, then ?api_key= or
// Authorization: Bearer validated by the web layer.
#include "server/handle.hpp"

#include "server/api/envelope.hpp"
#include "server/auth.hpp"
#include "server/detail/pages.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kconform::server {
namespace {

using query_params = std::vector<std::pair<std::string, std::string>>;

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// urllib.parse.unquote_plus: '+' is a space, %XX a byte, malformed escapes stay as they are.
std::string unquote_plus(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        int hi = 0;
        int lo = 0;
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && (hi = hex_digit(s[i + 1])) >= 0 &&
                   (lo = hex_digit(s[i + 2])) >= 0) {
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// parse_qsl(keep_blank_values=True): '&'-separated, a field without '=' has the value "".
query_params parse_query(std::string_view q) {
    query_params out;
    while (!q.empty()) {
        auto const amp = q.find('&');
        std::string_view field = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        if (field.empty()) continue;
        auto const eq = field.find('=');
        std::string_view const value = eq == std::string_view::npos ? std::string_view{} : field.substr(eq + 1);
        out.emplace_back(unquote_plus(field.substr(0, eq)), unquote_plus(value));
    }
    return out;
}

// MultiDict.get: the last value of a repeated name.
std::optional<std::string> last_value(query_params const& params, std::string_view name) {
    for (auto it = params.rbegin(); it != params.rend(); ++it) {
        if (it->first == name) return it->second;
    }
    return std::nullopt;
}

bool is_form(std::string_view content_type) {
    std::string media(content_type.substr(0, content_type.find(';')));
    std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
    media.erase(media.find_last_not_of(" \t") + 1);
    return media == "application/x-www-form-urlencoded";
}

// request.params includes the form fields of a POST body, so an overriding _method there is refused as well.
bool has_method_override(http_input const& in, query_params const& query) {
    if (last_value(query, "_method")) return true;
    return in.method == "POST" && is_form(in.content_type) && last_value(parse_query(in.body), "_method");
}

// WebOb parse_auth: the scheme is everything before the first space, compared case-insensitively.
std::optional<std::string> bearer_key(std::string_view authorization) {
    if (authorization.empty()) return std::nullopt;
    auto const space = authorization.find(' ');
    std::string scheme(authorization.substr(0, space));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    if (scheme != "bearer") return std::nullopt;
    return std::string(space == std::string_view::npos ? std::string_view{} : authorization.substr(space + 1));
}

} // namespace

http_output handle_http(http_input const& in, store& s) {
    if (in.method != "GET" && in.method != "HEAD" && in.method != "POST") {
        return detail::html_error(405, "The method " + in.method + " is not allowed for this resource.");
    }
    auto const qmark = in.target.find('?');
    std::string_view const path = std::string_view(in.target).substr(0, qmark);
    query_params const query =
        parse_query(qmark == std::string::npos ? std::string_view{} : std::string_view(in.target).substr(qmark + 1));
    if (has_method_override(in, query)) {
        return detail::html_error(405, "The method " + in.method + " is not allowed for this resource.");
    }
    if (path != "/_admin/api") return detail::html_error(404, "The resource could not be found.");
    // The header wins over the query parameter; a valid key does not replace the body's api_key.
    std::optional<std::string> key = last_value(query, "api_key");
    if (auto bearer = bearer_key(in.authorization)) key = std::move(bearer);
    if (key && authenticate(s, *key, in.remote_addr) == nullptr) {
        return detail::html_error(403, "Access was denied to this resource.");
    }
    return api::handle_rpc(in, s);
}

} // namespace kconform::server
