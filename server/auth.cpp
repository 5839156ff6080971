// API key checks in Kallithea's order (User.get_by_api_key, then AuthUser.make) and whitelist matching with
// Boost.Asio's address types: a network is an address plus a prefix length, host bits allowed.
#include "server/auth.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace kconform::server {
namespace net = boost::asio;  // from <boost/asio.hpp>
namespace {

using bytes16 = std::array<unsigned char, 16>;

struct parsed_network {
    net::ip::address addr;
    unsigned prefix = 0;  // leading bits that must match
};

std::optional<net::ip::address> parse_address(std::string_view text) {
    boost::system::error_code ec;
    auto a = net::ip::make_address(std::string(text.substr(0, text.find('%'))), ec);
    if (ec) return std::nullopt;
    return a;
}

// The prefix length of a dotted IPv4 netmask ("255.255.255.0" -> 24); nullopt when not contiguous.
std::optional<unsigned> netmask_prefix(std::string_view text) {
    auto mask = parse_address(text);
    if (!mask || !mask->is_v4()) return std::nullopt;
    auto const bits = mask->to_v4().to_uint();
    unsigned prefix = 0;
    while (prefix < 32 && (bits & (0x80000000U >> prefix))) ++prefix;
    if (prefix < 32 && (bits << prefix) != 0) return std::nullopt;
    return prefix;
}

std::optional<parsed_network> parse_network(std::string_view entry) {
    auto const slash = entry.find('/');
    auto addr = parse_address(entry.substr(0, slash));
    if (!addr) return std::nullopt;
    unsigned const max = addr->is_v4() ? 32 : 128;
    if (slash == std::string_view::npos) return parsed_network{*addr, max};
    std::string_view const tail = entry.substr(slash + 1);
    unsigned prefix = 0;
    auto r = std::from_chars(tail.data(), tail.data() + tail.size(), prefix);
    if (r.ec == std::errc{} && r.ptr == tail.data() + tail.size() && !tail.empty() && prefix <= max) {
        return parsed_network{*addr, prefix};
    }
    if (auto p = addr->is_v4() ? netmask_prefix(tail) : std::nullopt) return parsed_network{*addr, *p};
    return std::nullopt;
}

bytes16 to_bytes(net::ip::address const& a) {
    bytes16 out{};
    if (a.is_v4()) {
        auto b = a.to_v4().to_bytes();
        std::copy(b.begin(), b.end(), out.begin());
    } else {
        out = a.to_v6().to_bytes();
    }
    return out;
}

net::ip::address from_bytes(bytes16 const& b, bool v4) {
    if (v4) return net::ip::address_v4(net::ip::address_v4::bytes_type{b[0], b[1], b[2], b[3]});
    return net::ip::address_v6(b);
}

// Sets (fill=true) or clears every bit after the prefix.
bytes16 with_host_bits(bytes16 b, unsigned prefix, unsigned total, bool fill) {
    for (unsigned bit = prefix; bit < total; ++bit) {
        auto const mask = static_cast<unsigned char>(0x80U >> (bit % 8));
        auto& byte = b[bit / 8];
        byte = fill ? static_cast<unsigned char>(byte | mask) : static_cast<unsigned char>(byte & ~mask);
    }
    return b;
}

bool alnum_key(std::string_view key) noexcept {
    return key.size() == 40 && std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
           });
}

} // namespace

std::optional<std::pair<std::string, std::string>> ip_range(std::string_view entry) {
    auto n = parse_network(entry);
    if (!n) return std::nullopt;
    bool const v4 = n->addr.is_v4();
    unsigned const total = v4 ? 32 : 128;
    auto const b = to_bytes(n->addr);
    return std::pair{from_bytes(with_host_bits(b, n->prefix, total, false), v4).to_string(),
                     from_bytes(with_host_bits(b, n->prefix, total, true), v4).to_string()};
}

bool ip_in_network(std::string_view addr, std::string_view entry) {
    auto a = parse_address(addr);
    auto n = parse_network(entry);
    if (!a || !n || a->is_v4() != n->addr.is_v4()) return false;
    unsigned const total = a->is_v4() ? 32 : 128;
    return with_host_bits(to_bytes(*a), n->prefix, total, false) ==
           with_host_bits(to_bytes(n->addr), n->prefix, total, false);
}

bool ip_allowed(store const& s, user const& u, std::string_view remote_addr) {
    // An unparsable client address makes Kallithea's ipaddr call raise: refused even with an empty whitelist.
    if (!parse_address(remote_addr)) return false;
    auto const& global = s.default_user().ip_whitelist;
    if (global.empty() && u.ip_whitelist.empty()) return true;
    auto const inside = [&](std::string const& e) { return ip_in_network(remote_addr, e); };
    return std::any_of(global.begin(), global.end(), inside) ||
           std::any_of(u.ip_whitelist.begin(), u.ip_whitelist.end(), inside);
}

user const* authenticate(store const& s, std::string_view key, std::string_view remote_addr) {
    if (!alnum_key(key)) return nullptr;
    user const* u = s.find_user_by_api_key(key);
    if (u == nullptr || !u->active || store::is_default(*u)) return nullptr;
    return ip_allowed(s, *u, remote_addr) ? u : nullptr;
}

user const* authenticate(store const& s, boost::json::value const& key, std::string_view remote_addr) {
    if (!key.is_string()) return nullptr;
    return authenticate(s, std::string_view(key.get_string()), remote_addr);
}

} // namespace kconform::server
