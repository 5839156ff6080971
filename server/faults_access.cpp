// Table-generated permission and state faults: a method that skips its permission check (the caller runs as the
// admin), list methods that leak, lookups that stop hiding what exists, writes that report success but are not
// applied, duplicates accepted, and deleted entities that stay readable.
#include "server/faults.hpp"

#include "server/detail/fault_kit.hpp"
#include "server/store.hpp"

#include <fmt/format.h>
#include <memory>

namespace kconform::server::detail {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// Methods whose permission check a faulty server may skip; the list methods among them leak when it does.
// comment_pullrequest is left out: no check calls it with a key that lacks access (issue 7).
char const* const checked_methods[] = {
    "get_repo", "update_repo", "delete_repo", "fork_repo", "get_repo_nodes", "grant_user_permission",
    "revoke_user_permission", "grant_user_group_permission", "revoke_user_group_permission", "invalidate_cache",
    "pull", "get_changesets", "get_changeset", "get_pullrequest", "edit_reviewers",
    "get_user_group", "update_user_group", "delete_user_group", "add_user_to_user_group",
    "remove_user_from_user_group", "get_repo_group", "update_repo_group", "delete_repo_group",
    "grant_user_permission_to_repo_group", "get_gist", "get_user", "get_users", "create_user", "update_user",
    "delete_user", "get_ip", "rescan_repos", "create_repo_group",
};
char const* const list_methods[] = {"get_repos", "get_user_groups", "get_repo_groups", "get_gists"};

// Methods that change the store; "not applied" restores the state after a successful answer. comment_pullrequest
// and edit_reviewers are left out until a scenario reads their effect back (no check notices today; issue 7).
char const* const writing_methods[] = {
    "create_user", "update_user", "delete_user", "create_user_group", "update_user_group", "delete_user_group",
    "add_user_to_user_group", "remove_user_from_user_group", "create_repo", "update_repo", "delete_repo",
    "fork_repo", "grant_user_permission", "revoke_user_permission", "grant_user_group_permission",
    "revoke_user_group_permission", "create_repo_group", "update_repo_group", "delete_repo_group",
    "grant_user_permission_to_repo_group", "revoke_user_permission_from_repo_group",
    "grant_user_group_permission_to_repo_group", "revoke_user_group_permission_from_repo_group", "create_gist",
    "delete_gist",
};

// The method runs as the admin when a non-admin calls it.
handler as_admin_for(handler inner, std::string method) {
    return [inner = std::move(inner), method](http_input const& in, store& s) {
        if (request_method(in) != method) return inner(in, s);
        std::string const admin = admin_key_for_non_admin(in, s);
        return inner(admin.empty() ? in : with_key(in, admin), s);
    };
}

handler not_applied(handler inner, std::string method) {
    return [inner = std::move(inner), method](http_input const& in, store& s) {
        if (request_method(in) != method) return inner(in, s);
        store before = s;
        http_output out = inner(in, s);
        s = std::move(before);
        return out;
    };
}

bool answer_failed_with(http_output const& out, std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(out.body, ec);
    auto* o = ec ? nullptr : v.if_object();
    json::string* e = o ? error_text(*o) : nullptr;
    return e != nullptr && std::string_view(*e).find(text) != std::string_view::npos;
}

// §C: create_* refuse an existing name ("... already exist"); this server renames the request and creates anyway.
handler duplicates_allowed(handler inner, std::string method) {
    return [inner = std::move(inner), method](http_input const& in, store& s) {
        http_output out = inner(in, s);
        if (request_method(in) != method || !answer_failed_with(out, "already exist")) return out;
        json::value body = request_json(in);
        auto* args = body.as_object().if_contains("args");
        if (args == nullptr || !args->is_object()) return out;
        for (char const* key : {"username", "group_name", "repo_name", "email"}) {
            if (auto* v = args->as_object().if_contains(key); v && v->is_string()) {
                *v = std::string(key) == "email" ? "dup" + std::string(v->get_string())
                                                  : std::string(v->get_string()) + "-dup";
            }
        }
        http_input renamed = in;
        renamed.body = json::serialize(body);
        return inner(renamed, s);
    };
}

// Every delete keeps a copy of the state before it; a get_* that finds nothing answers from that copy.
handler deleted_still_readable(handler inner) {
    auto graveyard = std::make_shared<std::optional<store>>();
    return [inner = std::move(inner), graveyard](http_input const& in, store& s) {
        std::string const method = request_method(in);
        if (method.starts_with("delete_")) *graveyard = s;
        http_output out = inner(in, s);
        if (!method.starts_with("get_") || !*graveyard || !answer_failed_with(out, "does not exist")) return out;
        store ghost = **graveyard;
        http_output revived = inner(in, ghost);
        return answer_failed_with(revived, "") ? out : revived;
    };
}

// A non-admin's "does not exist" for something the admin can see becomes an access error, which tells the caller
// that the entity exists (Kallithea hides it, reference §B).
handler existence_revealed(handler inner, std::string text) {
    return [inner = std::move(inner), text](http_input const& in, store& s) {
        http_output out = inner(in, s);
        if (!answer_failed_with(out, "does not exist")) return out;
        std::string const admin = admin_key_for_non_admin(in, s);
        if (admin.empty()) return out;
        store copy = s;
        if (answer_failed_with(inner(with_key(in, admin), copy), "")) return out;
        json::value v = json::parse(out.body);
        v.as_object()["error"] = text;
        out.body = json::serialize(v);
        return out;
    };
}

// The built-in `default` user's key is refused by Kallithea; this server accepts it as the admin's.
handler default_key_accepted(handler inner) {
    return [inner = std::move(inner)](http_input const& in, store& s) {
        user const* def = s.find_user_by_name("default");
        user const* admin = s.find_user(defaults::admin_id);
        json::value body = request_json(in);
        auto const* key = body.is_object() ? body.as_object().if_contains("api_key") : nullptr;
        if (def == nullptr || admin == nullptr || key == nullptr || !key->is_string() || key->get_string() != def->api_key) {
            return inner(in, s);
        }
        return inner(with_key(in, admin->api_key), s);
    };
}

} // namespace

void add_access_faults(std::vector<fault>& out) {
    for (std::string m : checked_methods) {
        out.push_back({fmt::format("perm-skipped-{}", m), "permission",
                       fmt::format("{} runs as the admin for any valid key", m),
                       [m](handler inner) { return as_admin_for(std::move(inner), m); }});
    }
    for (std::string m : list_methods) {
        out.push_back({fmt::format("leak-{}", m), "permission",
                       fmt::format("{} lists what the admin sees for any valid key", m),
                       [m](handler inner) { return as_admin_for(std::move(inner), m); }});
    }
    out.push_back({"existence-revealed-access-denied", "permission",
                   "hidden entities answer \"Access was denied to this resource.\" instead of \"does not exist\"",
                   [](handler inner) { return existence_revealed(std::move(inner), "Access was denied to this resource."); }});
    out.push_back({"default-key-accepted", "permission", "the built-in default user's key works as the admin's",
                   &default_key_accepted});
    for (std::string m : writing_methods) {
        out.push_back({fmt::format("not-applied-{}", m), "state",
                       fmt::format("{} reports success but changes nothing", m),
                       [m](handler inner) { return not_applied(std::move(inner), m); }});
    }
    for (std::string m : {"create_user", "create_user_group", "create_repo", "create_repo_group"}) {
        out.push_back({fmt::format("duplicate-{}", m), "state",
                       fmt::format("{} accepts an existing name (it renames and creates)", m),
                       [m](handler inner) { return duplicates_allowed(std::move(inner), m); }});
    }
    out.push_back({"deleted-still-readable", "state", "get_* still find an entity after its delete_* succeeded",
                   &deleted_still_readable});
}

} // namespace kconform::server::detail
