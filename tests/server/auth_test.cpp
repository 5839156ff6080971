// API key validation (reference §A.3) and IP whitelist matching, as truth tables.
#include "server/auth.hpp"

#include "rpc_helpers.hpp"
#include "server/handle.hpp"

#include <gtest/gtest.h>

namespace kconform::server {
namespace {

struct network_case {
    std::string name;
    std::string addr;
    std::string entry;
    bool inside;
};

void PrintTo(network_case const& c, std::ostream* os) { *os << c.name; }

class IpInNetwork : public ::testing::TestWithParam<network_case> {};

TEST_P(IpInNetwork, MatchesLikeIpaddr) {
    EXPECT_EQ(ip_in_network(GetParam().addr, GetParam().entry), GetParam().inside);
}

INSTANTIATE_TEST_SUITE_P(
    Whitelist, IpInNetwork,
    ::testing::Values(network_case{"InsidePrefix", "10.1.2.3", "10.0.0.0/8", true},
                      network_case{"OutsidePrefix", "11.1.2.3", "10.0.0.0/8", false},
                      network_case{"HostBitsAllowed", "192.168.1.77", "192.168.1.5/24", true},
                      network_case{"SingleHostWithoutMask", "127.0.0.1", "127.0.0.1", true},
                      network_case{"OtherHostWithoutMask", "127.0.0.2", "127.0.0.1", false},
                      network_case{"DottedNetmask", "172.16.5.4", "172.16.0.0/255.255.0.0", true},
                      network_case{"Everything", "8.8.8.8", "0.0.0.0/0", true},
                      network_case{"Ipv6Prefix", "2001:db8::1", "2001:db8::/32", true},
                      network_case{"Ipv6Outside", "2001:db9::1", "2001:db8::/32", false},
                      network_case{"ZoneIsIgnored", "fe80::1%eth0", "fe80::/64", true},
                      network_case{"MixedVersionsNeverMatch", "127.0.0.1", "::/0", false},
                      network_case{"InvalidEntry", "127.0.0.1", "nonsense/8", false},
                      network_case{"PrefixTooLong", "127.0.0.1", "127.0.0.1/33", false},
                      network_case{"InvalidAddress", "localhost", "0.0.0.0/0", false}),
    [](auto const& info) { return info.param.name; });

TEST(IpRange, GivesNetworkAndBroadcast) {
    using range = std::pair<std::string, std::string>;
    EXPECT_EQ(ip_range("10.0.0.5/24"), (range{"10.0.0.0", "10.0.0.255"}));
    EXPECT_EQ(ip_range("127.0.0.1"), (range{"127.0.0.1", "127.0.0.1"}));
    EXPECT_EQ(ip_range("2001:db8::/126"), (range{"2001:db8::", "2001:db8::3"}));
    EXPECT_EQ(ip_range("bogus"), std::nullopt);
}

// Each way §A.3 refuses a key; every one must end in nullptr, and only the control case authenticates.
struct auth_case {
    std::string name;
    std::function<void(store&)> setup;
    boost::json::value key;
    std::string remote;
    bool accepted;
};

void PrintTo(auth_case const& c, std::ostream* os) { *os << c.name; }

class Authenticate : public ::testing::TestWithParam<auth_case> {};

TEST_P(Authenticate, RefusesEveryCauseOfSectionA3) {
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(5000));
    store s(store_options{.clock = [&] { return now; }});
    if (GetParam().setup) GetParam().setup(s);
    user const* u = authenticate(s, GetParam().key, GetParam().remote);
    EXPECT_EQ(u != nullptr, GetParam().accepted);
}

TEST_P(Authenticate, BodyKeyRefusalIsInvalidApiKeyWithEchoedId) {
    store s(store_options{.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(5000)); }});
    if (GetParam().setup) GetParam().setup(s);
    boost::json::object body{{"id", "x7"}, {"api_key", GetParam().key}, {"method", "get_user"}, {"args", {}}};
    http_input in = testing::post(boost::json::serialize(body));
    in.remote_addr = GetParam().remote;
    auto const answer = testing::parse_body(handle_http(in, s).body);
    ASSERT_TRUE(answer.is_object()) << answer;
    EXPECT_EQ(answer.at("id"), boost::json::value("x7"));
    if (GetParam().accepted) {
        EXPECT_TRUE(answer.at("error").is_null()) << answer;
    } else {
        EXPECT_EQ(answer, (boost::json::value{{"id", "x7"}, {"result", nullptr}, {"error", "Invalid API key"}}));
    }
}

TEST_P(Authenticate, QueryKeyRefusalIsForbiddenPage) {
    store s(store_options{.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(5000)); }});
    if (GetParam().setup) GetParam().setup(s);
    http_input in = testing::post(testing::call_body(defaults::admin_key, "test", {{"args", 1}}));
    // A query parameter is always a string: non-string keys are sent as their JSON text.
    auto const& key = GetParam().key;
    in.target = "/_admin/api?api_key=" + (key.is_string() ? std::string(key.get_string()) : boost::json::serialize(key));
    in.remote_addr = GetParam().remote;
    // The admin's body key may itself be refused when a global whitelist excludes the address.
    bool const body_ok = authenticate(s, defaults::admin_key, GetParam().remote) != nullptr;
    auto const out = handle_http(in, s);
    EXPECT_EQ(out.status, GetParam().accepted ? 200u : 403u);
    if (GetParam().accepted && body_ok) {
        EXPECT_EQ(out.body, R"({"id":1,"result":1,"error":null})");
    }
}

std::string const user_key{defaults::user_key};

boost::json::value str(std::string const& s) { return boost::json::string(s); }
std::string const extra_key(40, 'x');

INSTANTIATE_TEST_SUITE_P(
    Causes, Authenticate,
    ::testing::Values(
        auth_case{"ValidMainKey", nullptr, str(user_key), "127.0.0.1", true},
        auth_case{"NotAString", nullptr, 12345, "127.0.0.1", false},
        auth_case{"NullKey", nullptr, nullptr, "127.0.0.1", false},
        auth_case{"TooShort", nullptr, str(user_key.substr(0, 39)), "127.0.0.1", false},
        auth_case{"TooLong", nullptr, str(user_key + "0"), "127.0.0.1", false},
        auth_case{"NotAlphanumeric", nullptr, str(user_key.substr(0, 39) + "-"), "127.0.0.1", false},
        auth_case{"Unknown", nullptr, str(std::string(40, 'z')), "127.0.0.1", false},
        auth_case{"ValidExtraKey", [](store& s) { s.add_extra_api_key(3, {extra_key, "", 6000}); }, str(extra_key),
                  "127.0.0.1", true},
        auth_case{"ExpiredExtraKey", [](store& s) { s.add_extra_api_key(3, {extra_key, "", 4000}); }, str(extra_key),
                  "127.0.0.1", false},
        auth_case{"InactiveUser", [](store& s) { s.edit_user(3)->active = false; }, str(user_key), "127.0.0.1", false},
        auth_case{"DefaultUser", nullptr, str(std::string(defaults::default_user_key)), "127.0.0.1", false},
        auth_case{"UserWhitelistAllows", [](store& s) { s.add_ip(3, "10.0.0.0/8"); }, str(user_key), "10.9.9.9", true},
        auth_case{"UserWhitelistRefuses", [](store& s) { s.add_ip(3, "10.0.0.0/8"); }, str(user_key), "127.0.0.1", false},
        auth_case{"GlobalWhitelistRefuses", [](store& s) { s.add_ip(1, "10.0.0.0/8"); }, str(user_key), "127.0.0.1",
                  false},
        auth_case{"UnionOfWhitelistsAllows",
                  [](store& s) {
                      s.add_ip(1, "10.0.0.0/8");
                      s.add_ip(3, "127.0.0.0/8");
                  },
                  str(user_key), "127.0.0.1", true},
        auth_case{"OtherUsersWhitelistDoesNotApply", [](store& s) { s.add_ip(4, "10.0.0.0/8"); }, str(user_key),
                  "127.0.0.1", true},
        auth_case{"UnparsableClientAddress", nullptr, str(user_key), "not-an-ip", false}),
    [](auto const& info) { return info.param.name; });

} // namespace
} // namespace kconform::server
