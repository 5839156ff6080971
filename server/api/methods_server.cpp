// Server utilities of reference §C.1: test, get_ip (alias show_ip) and get_server_info, all admin-only through
// the decorator column of the table.
#include "server/api/args.hpp"
#include "server/api/dispatch.hpp"
#include "server/api/lookup.hpp"
#include "server/auth.hpp"

#include <boost/json/array.hpp>
#include <boost/version.hpp>
#include <fmt/core.h>
#include <sys/utsname.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// test(args): echoes its one argument unchanged.
outcome test(call_context& ctx) { return ok(ctx.arg("args")); }

outcome get_ip(call_context& ctx) {
    json::value const& userid = ctx.arg("userid");
    user_lookup target = userid.is_null() ? user_lookup{&ctx.caller, {}} : get_user_or_error(ctx.data, userid);
    if (target.found == nullptr) return target.error;
    json::array ips;
    for (auto const& entry : target.found->ip_whitelist) {
        auto range = ip_range(entry);
        if (!range) return internal_error();
        ips.push_back(json::object{{"ip_addr", entry}, {"ip_range", json::array{range->first, range->second}}});
    }
    return ok(json::object{{"server_ip_addr", ctx.remote_addr}, {"user_ips", std::move(ips)}});
}

// platform.platform()-like "Linux-6.1.0-x86_64"; only the shape matters to clients.
std::string platform_name() {
    utsname u{};
    if (uname(&u) != 0) return "unknown";
    return fmt::format("{}-{}-{}", u.sysname, u.release, u.machine);
}

outcome get_server_info(call_context&) {
    std::string const boost_version =
        fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100);
    // Sorted case-insensitively by name, as Setting.get_server_info sorts pkg_resources' working set.
    json::array modules{json::array{"Boost", boost_version}, json::array{"kconform-refserver", "0.1.0"}};
    return ok(json::object{
        {"modules", std::move(modules)},
        {"py_version", "0.0.0"},
        {"platform", platform_name()},
        {"kallithea_version", "0.7.99"},
        {"git_version", ""},
        {"git_path", nullptr},
    });
}

} // namespace

void add_server_methods(std::vector<method>& table) {
    table.push_back({"test", {req("args")}, admin_only(), &test});
    table.push_back({"get_ip", {opt("userid")}, admin_only(), &get_ip});
    table.push_back({"show_ip", {opt("userid")}, admin_only(), &get_ip});
    table.push_back({"get_server_info", {}, admin_only(), &get_server_info});
}

} // namespace kconform::server::api
