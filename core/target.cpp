// Target URL parsing with Boost.URL.
#include "core/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace kconform {

std::string target::url() const {
    bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + port + path;
}

std::string target::host_header() const {
    bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + port;
}

result<target> parse_target(std::string_view text, std::string* why) {
    auto fail = [&](std::string_view reason) -> result<target> {
        if (why) *why = std::string(reason);
        return errc::bad_target_url;
    };
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed) return fail("not a URL (expected http://host:port)");
    boost::urls::url_view u = *parsed;
    if (u.scheme() != "http") return fail("only http:// targets are supported (put a TLS proxy in front for https)");
    if (u.encoded_host().empty()) return fail("the URL has no host");
    if (u.has_query() || u.has_fragment()) return fail("the URL must not have a query or fragment");
    target t;
    t.host = u.host_type() == boost::urls::host_type::ipv6 ? std::string(u.encoded_host_address())
                                                            : std::string(u.encoded_host());
    if (u.has_port()) {
        if (u.port_number() == 0) return fail("the port must be 1..65535");
        t.port = std::string(u.port());
    }
    std::string path(u.encoded_path());
    while (!path.empty() && path.back() == '/') path.pop_back();
    constexpr std::string_view endpoint = "/_admin/api";
    if (path.size() < endpoint.size() || path.compare(path.size() - endpoint.size(), endpoint.size(), endpoint) != 0)
        path += endpoint;
    t.path = path;
    return t;
}

} // namespace kconform
