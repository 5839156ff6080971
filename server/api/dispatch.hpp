// The JSON-RPC method table and its generic dispatcher (reference §A.2 steps 9-13): name resolution, argument
// presence and names, the permission decorator, then the handler. Handlers return values, never throw.
#pragma once
#include "server/store.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kconform::server::api {

/** Text of every failure that is not a known method error (§A.2 step 13, §B.5 style 1). */
inline constexpr std::string_view internal_error_text = "Internal server error";

/** What a method produced: its result, or the text of the error it raised. */
struct outcome {
    boost::json::value result;  // meaningful when error is empty; may itself be null (test echoing null)
    std::string error;          // §A.2 step 12/13 text; empty on success

    bool failed() const noexcept { return !error.empty(); }
};

/** A successful outcome. */
inline outcome ok(boost::json::value v) { return {std::move(v), {}}; }
/** A known method error (JSONRPCError). */
inline outcome fail(std::string message) { return {nullptr, std::move(message)}; }
/** Any other exception in the method: "Internal server error". */
inline outcome internal_error() { return {nullptr, std::string(internal_error_text)}; }

/** One named parameter of a method, in declaration order. */
struct param {
    std::string_view name;
    bool required = true;                  // absence gives "Missing non optional `<name>` arg in JSON DATA"
    boost::json::value fallback = nullptr; // value used when an optional parameter is absent
};

/** A required parameter. */
inline param req(std::string_view name) { return {name, true, nullptr}; }
/** An optional parameter and its default (an explicit null is passed through as null). */
inline param opt(std::string_view name, boost::json::value fallback = nullptr) {
    return {name, false, std::move(fallback)};
}

/** Everything a handler sees: the store, the authenticated caller and the resolved arguments. */
class call_context {
public:
    call_context(store& data, user const& caller, std::string_view remote_addr, boost::json::object args,
                 std::set<std::string> sent);

    store& data;                  // the server state, writable
    user const& caller;           // request.authuser; valid until the handler deletes it
    std::string_view remote_addr; // the client address as the server sees it

    /** The value of a declared parameter: as sent, or its default. */
    boost::json::value const& arg(std::string_view name) const;
    /** Whether the client sent the parameter (explicit null included). */
    bool sent(std::string_view name) const;

private:
    boost::json::object args_;
    std::set<std::string> sent_;
};

using method_fn = outcome (*)(call_context& ctx);

/** A table row: the method's Python signature, its decorator, and the handler. */
struct method {
    std::string_view name;
    std::vector<param> params;                 // in declaration order (which decides the "Missing" message)
    std::vector<std::string_view> any_global;  // HasPermissionAnyDecorator(...); empty = no decorator
    method_fn handler = nullptr;
};

/** Rows of the server utilities (reference §C.1): test, get_ip, show_ip, get_server_info. */
void add_server_methods(std::vector<method>& table);
/** Rows of the user methods (reference §C.2). */
void add_user_methods(std::vector<method>& table);
/** Rows of the user group methods (§C.3). */
void add_user_group_methods(std::vector<method>& table);
/** Rows of get_repo, get_repos, get_repo_nodes, create_repo, fork_repo, delete_repo (§C.4). */
void add_repo_methods(std::vector<method>& table);
/** Rows of update_repo, pull, rescan_repos, invalidate_cache (§C.4, §C.1). */
void add_repo_admin_methods(std::vector<method>& table);
/** Rows of the eight grant/revoke methods (§C.4, §C.7). */
void add_permission_methods(std::vector<method>& table);
/** Rows of the changeset methods (§C.5). */
void add_changeset_methods(std::vector<method>& table);
/** Rows of the pull request methods (§C.6). */
void add_pull_request_methods(std::vector<method>& table);
/** Rows of the repository group methods (§C.7). */
void add_repo_group_methods(std::vector<method>& table);
/** Rows of the gist methods (§C.8). */
void add_gist_methods(std::vector<method>& table);

/** Every callable method name, built once. */
std::vector<method> const& method_table();

/** The row for a public method name; nullptr when there is none. */
method const* find_method(std::string_view name);

/**
 * Steps 9-13 of §A.2 for an authenticated caller: resolve `method_name` (any JSON value), check the arguments,
 * apply the decorator and run the handler. Exceptions escaping a handler become "Internal server error".
 */
outcome dispatch(store& data, user const& caller, std::string_view remote_addr, boost::json::value const& method_name,
                 boost::json::object const& args);

} // namespace kconform::server::api
