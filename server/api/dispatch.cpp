// Generic method dispatch: the checks Kallithea's JSONRPCController makes from the handler's Python signature, and
// the permission decorator, applied from the table so that no handler repeats them.
#include "server/api/dispatch.hpp"

#include "server/detail/pyfmt.hpp"
#include "server/permissions.hpp"

#include <algorithm>
#include <exception>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

bool declares(method const& m, std::string_view name) {
    return std::any_of(m.params.begin(), m.params.end(), [&](param const& p) { return p.name == name; });
}

// Step 10: only presence counts (null satisfies); the reported one is the last missing in declaration order.
param const* last_missing(method const& m, json::object const& args) {
    for (auto it = m.params.rbegin(); it != m.params.rend(); ++it) {
        if (it->required && !args.contains(it->name)) return &*it;
    }
    return nullptr;
}

// Step 11: names the signature lacks, in the order the request lists them (Python's order is unspecified).
std::string unknown_names(method const& m, json::object const& args) {
    std::string out;
    for (auto const& kv : args) {
        if (declares(m, kv.key())) continue;
        if (!out.empty()) out += ", ";
        out += fmt::format("`{}`", std::string_view(kv.key()));
    }
    return out;
}

call_context resolve(store& data, user const& caller, std::string_view remote_addr, method const& m,
                     json::object const& args) {
    json::object resolved;
    std::set<std::string> sent;
    for (auto const& p : m.params) {
        if (auto const* v = args.if_contains(p.name)) {
            resolved[p.name] = *v;
            sent.emplace(p.name);
        } else {
            resolved[p.name] = p.fallback;
        }
    }
    return call_context(data, caller, remote_addr, std::move(resolved), std::move(sent));
}

std::vector<method> build_table() {
    std::vector<method> table;
    add_server_methods(table);
    add_user_methods(table);
    add_user_group_methods(table);
    add_repo_methods(table);
    add_repo_admin_methods(table);
    add_permission_methods(table);
    add_changeset_methods(table);
    add_pull_request_methods(table);
    add_repo_group_methods(table);
    add_gist_methods(table);
    return table;
}

} // namespace

call_context::call_context(store& d, user const& c, std::string_view addr, json::object args,
                           std::set<std::string> sent)
    : data(d), caller(c), remote_addr(addr), args_(std::move(args)), sent_(std::move(sent)) {}

json::value const& call_context::arg(std::string_view name) const { return args_.at(name); }

bool call_context::sent(std::string_view name) const { return sent_.count(std::string(name)) > 0; }

std::vector<method> const& method_table() {
    static std::vector<method> const table = build_table();
    return table;
}

method const* find_method(std::string_view name) {
    auto const& table = method_table();
    auto it = std::find_if(table.begin(), table.end(), [&](method const& m) { return m.name == name; });
    return it == table.end() ? nullptr : &*it;
}

outcome dispatch(store& data, user const& caller, std::string_view remote_addr, json::value const& method_name,
                 json::object const& args) {
    // Kallithea calls method.startswith('_') first, so a non-string fails with Python's AttributeError text.
    if (!method_name.is_string()) {
        return fail(fmt::format("'{}' object has no attribute 'startswith'", detail::python_type_name(method_name)));
    }
    std::string_view const name = method_name.get_string();
    if (name.starts_with('_')) return fail("Method not allowed");
    method const* m = find_method(name);
    if (m == nullptr) return fail(fmt::format("No such method: {}", name));
    if (param const* p = last_missing(*m, args)) {
        return fail(fmt::format("Missing non optional `{}` arg in JSON DATA", p->name));
    }
    if (auto unknown = unknown_names(*m, args); !unknown.empty()) {
        return fail(fmt::format("Unknown {} arg in JSON DATA", unknown));
    }
    // The decorator raises HTTPForbidden inside the call; the generic handler reports it as an internal error.
    if (!m->any_global.empty() && !has_any_global_permission(data, caller, m->any_global)) return internal_error();
    try {
        call_context ctx = resolve(data, caller, remote_addr, *m, args);
        return m->handler(ctx);
    } catch (std::exception const&) {
        return internal_error();
    }
}

} // namespace kconform::server::api
