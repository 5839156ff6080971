// Repository methods of reference §C.4, part 1: get_repo, get_repos, get_repo_nodes, create_repo, fork_repo and
// delete_repo. fork_repo's global-permission check is the decorator column; the level checks hide repositories
// (§B.5 style 2) and the create rules refuse explicitly (style 3), in the documented order.
#include "server/api/access.hpp"
#include "server/api/args.hpp"
#include "server/api/views.hpp"
#include "server/history.hpp"
#include "server/permissions.hpp"
#include "server/store_ops.hpp"

#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

json::object names_json(std::map<std::string, std::string> const& m) {
    json::object out;
    for (auto const& [name, raw] : m) out[name] = raw;
    return out;
}

outcome get_repo(call_context& ctx) {
    auto r = repo_with_level(ctx, "repoid", "repository.read");
    if (r.found == nullptr) return r.error;
    repository const& repo = *r.found;
    json::object data = repo_json(ctx.data, repo);
    if (truthy(ctx.arg("with_revision_names"))) {
        data["tags"] = names_json(repo.tags);
        data["branches"] = names_json(branch_heads(repo));
        data["bookmarks"] = names_json(repo.bookmarks);
    }
    if (truthy(ctx.arg("with_pullrequests"))) {
        json::array prs;
        for (auto const& [id, pr] : ctx.data.db().pull_requests) {
            if (pr.other_repo_id == repo.id) prs.push_back(pull_request_json(ctx.data, pr));
        }
        data["pull_requests"] = std::move(prs);
    }
    data["members"] = members_json(ctx.data, perm_object::repo, repo.id);
    json::array followers;
    for (auto id : repo.followers) {
        if (user const* u = ctx.data.find_user(id)) followers.push_back(user_json(*u));
    }
    data["followers"] = std::move(followers);
    return ok(std::move(data));
}

outcome get_repos(call_context& ctx) {
    json::array out;
    for (auto const& [id, r] : ctx.data.db().repos) {
        if (ctx.caller.admin || computed_at_least(ctx, r, "repository.read")) out.push_back(repo_json(ctx.data, r));
    }
    return ok(std::move(out));
}

// ScmModel.get_nodes(flat=False) walks top-down: each directory's sub-directories and files, sorted, then recurses.
void walk(std::set<std::string> const& files, std::string const& dir, json::array& dirs, json::array& out) {
    std::string const prefix = dir.empty() ? "" : dir + "/";
    std::set<std::string> subdirs, here;
    for (auto const& f : files) {
        if (!f.starts_with(prefix)) continue;
        auto const rest = f.substr(prefix.size());
        auto const slash = rest.find('/');
        (slash == std::string::npos ? here : subdirs).insert(prefix + rest.substr(0, slash));
    }
    for (auto const& f : here) out.push_back(json::object{{"name", f}, {"type", "file"}});
    for (auto const& d : subdirs) dirs.push_back(json::object{{"name", d}, {"type", "dir"}});
    for (auto const& d : subdirs) walk(files, d, dirs, out);
}

std::optional<int> revision_of(repository const& r, json::value const& v) {
    if (v.is_null()) return resolve_revision(r, "");
    if (v.is_int64()) return resolve_revision(r, std::to_string(v.get_int64()));
    if (v.is_string()) return resolve_revision(r, v.get_string());
    return std::nullopt;
}

outcome get_repo_nodes(call_context& ctx) {
    auto r = repo_with_level(ctx, "repoid", "repository.read");
    if (r.found == nullptr) return r.error;
    auto const failed = fail(fmt::format("failed to get repo: `{}` nodes", ctx.data.repo_name(*r.found)));
    json::value const& root = ctx.arg("root_path");
    auto const rev = revision_of(*r.found, ctx.arg("revision"));
    if (!rev || !root.is_string()) return failed;
    std::string path(root.get_string());
    path.erase(0, path.find_first_not_of('/'));
    while (path.ends_with('/')) path.pop_back();
    auto const files = files_at(*r.found, *rev);
    bool const is_dir = path.empty() || std::any_of(files.begin(), files.end(), [&](std::string const& f) {
                            return f.starts_with(path + "/");
                        });
    if (!is_dir) return failed;
    json::array dirs, file_nodes;
    walk(files, path, dirs, file_nodes);
    json::value const& ret_type = ctx.arg("ret_type");
    if (!hashable(ret_type)) return failed;  // _map[[...]] raises TypeError inside the try
    std::string_view const kind = ret_type.is_string() ? std::string_view(ret_type.get_string()) : "";
    if (kind == "files") return ok(std::move(file_nodes));
    if (kind == "dirs") return ok(std::move(dirs));
    if (kind != "all") return fail("ret_type must be one of all,dirs,files");
    for (auto& f : file_nodes) dirs.push_back(std::move(f));
    return ok(std::move(dirs));
}

// create_repo's and fork_repo's "Only Kallithea admin can specify `owner` param" and owner lookup.
user_lookup owner_for_new_repo(call_context const& ctx) {
    json::value const& owner = ctx.arg("owner");
    if (!ctx.caller.admin && !owner.is_null()) return {nullptr, fail("Only Kallithea admin can specify `owner` param")};
    return owner.is_null() ? user_lookup{&ctx.caller, {}} : get_user_or_error(ctx.data, owner);
}

// The fields RepoModel.create stores, or nullopt when it would fail.
std::optional<repository> new_repo_fields(call_context const& ctx, std::string const& full_name) {
    repository r;
    r.name = last_component(full_name);
    json::value const& type = ctx.arg("repo_type");
    r.type = type.is_null() ? "hg" : (type.is_string() ? std::string(type.get_string()) : "");
    auto description = db_string(ctx.arg("description"), false);
    auto is_private = ctx.arg("private").is_null() ? std::optional<bool>(false) : db_bool(ctx.arg("private"));
    auto stats = ctx.arg("enable_statistics").is_null() ? std::optional<bool>(false)
                                                        : db_bool(ctx.arg("enable_statistics"));
    auto downloads = ctx.arg("enable_downloads").is_null() ? std::optional<bool>(false)
                                                           : db_bool(ctx.arg("enable_downloads"));
    auto landing = parse_landing_rev(ctx.arg("landing_rev"));
    json::value const& clone_uri = ctx.arg("clone_uri");
    bool const uri_ok = clone_uri.is_null() || (clone_uri.is_string() && (clone_uri.get_string().empty() ||
                                                                          valid_clone_uri(clone_uri.get_string())));
    if (!is_slug(r.name) || (r.type != "hg" && r.type != "git") || !description || !is_private || !stats ||
        !downloads || !landing || !uri_ok) {
        return std::nullopt;
    }
    r.description = description->empty() ? r.name : *description;
    r.is_private = *is_private;
    r.enable_statistics = *stats;
    r.enable_downloads = *downloads;
    r.landing_rev = *landing;
    if (clone_uri.is_string() && !clone_uri.get_string().empty()) r.clone_uri = std::string(clone_uri.get_string());
    return r;
}

outcome create_repo(call_context& ctx) {
    json::value const& name = ctx.arg("repo_name");
    if (!name.is_string()) return internal_error();  // repo_name.split('/') on a non-string
    std::string const full_name(name.get_string());
    location where = check_create_location(ctx, full_name);
    if (where.error.failed()) return where.error;
    auto owner = owner_for_new_repo(ctx);
    if (owner.found == nullptr) return owner.error;
    if (ctx.data.find_repo_by_name(full_name)) return fail(fmt::format("repo `{}` already exist", full_name));
    auto fields = new_repo_fields(ctx, full_name);
    if (!fields) return fail(fmt::format("failed to create repository `{}`", full_name));
    fields->group_id = where.group_id;
    fields->owner_id = owner.found->user_id;
    fields->created_on = ctx.data.now();
    auto const id = add_repository(ctx.data, std::move(*fields)).id;
    if (where.group_id && truthy(ctx.arg("copy_permissions"))) {
        copy_perms(ctx.data, perm_object::repo_group, *where.group_id, perm_object::repo, id, "repository.");
    }
    return ok(json::object{{"msg", fmt::format("Created new repository `{}`", full_name)}, {"success", true}});
}

outcome fork_repo(call_context& ctx) {
    auto src = get_repo_or_error(ctx.data, ctx.arg("repoid"));
    if (src.found == nullptr) return src.error;
    json::value const& name = ctx.arg("fork_name");
    if (!hashable(name)) return internal_error();
    if (name.is_string()) {
        if (repository const* existing = ctx.data.find_repo_by_name(name.get_string())) {
            return fail(fmt::format("{} `{}` already exist", existing->fork_of ? "fork" : "repo", pystr(name)));
        }
    }
    if (!name.is_string()) return internal_error();
    std::string const full_name(name.get_string());
    location where = check_create_location(ctx, full_name);
    if (where.error.failed()) return where.error;
    if (!ctx.caller.admin && !computed_at_least(ctx, *src.found, "repository.read")) {
        return fail(fmt::format("repository `{}` does not exist", pystr(ctx.arg("repoid"))));
    }
    auto owner = owner_for_new_repo(ctx);
    if (owner.found == nullptr) return owner.error;
    std::string const src_name = ctx.data.repo_name(*src.found);
    auto const failed = fail(fmt::format("failed to fork repository `{}` as `{}`", src_name, full_name));
    auto description = db_string(ctx.arg("description"), false);
    auto is_private = db_bool(ctx.arg("private"));
    auto landing = parse_landing_rev(ctx.arg("landing_rev"));
    if (!is_slug(last_component(full_name)) || !description || !is_private || !landing) return failed;
    repository fork = *src.found;
    fork.id = 0;
    fork.name = last_component(full_name);
    fork.group_id = where.group_id;
    fork.description = description->empty() ? fork.name : *description;
    fork.is_private = *is_private;
    fork.landing_rev = *landing;
    fork.fork_of = src.found->id;
    fork.owner_id = owner.found->user_id;
    fork.enable_statistics = fork.enable_downloads = false;
    fork.clone_uri.reset();
    fork.followers.clear();
    fork.created_on = ctx.data.now();
    auto const src_id = src.found->id;
    auto const id = add_repository(ctx.data, std::move(fork)).id;
    if (truthy(ctx.arg("copy_permissions"))) copy_perms(ctx.data, perm_object::repo, src_id, perm_object::repo, id, "repository.");
    return ok(json::object{{"msg", fmt::format("Created fork of `{}` as `{}`", src_name, full_name)}, {"success", true}});
}

void delete_with_forks(store& s, std::int64_t id) {
    for (auto fork : forks_of(s, id)) delete_with_forks(s, fork);
    remove_repository(s, id);
}

outcome delete_repo(call_context& ctx) {
    auto r = repo_with_level(ctx, "repoid", "repository.admin");
    if (r.found == nullptr) return r.error;
    std::string const name = ctx.data.repo_name(*r.found);
    auto const id = r.found->id;
    auto const forks = forks_of(ctx.data, id);
    json::value const& forks_arg = ctx.arg("forks");
    std::string_view const mode = forks_arg.is_string() ? std::string_view(forks_arg.get_string()) : "";
    std::string suffix;
    if (mode == "detach") suffix = fmt::format(" Detached {} forks", forks.size());
    else if (mode == "delete") suffix = fmt::format(" Deleted {} forks", forks.size());
    else if (!forks.empty()) return fail(fmt::format("Cannot delete `{}` it still contains attached forks", name));
    for (auto fork : forks) {
        if (mode == "delete") delete_with_forks(ctx.data, fork);
        else ctx.data.db().repos.at(fork).fork_of.reset();
    }
    remove_repository(ctx.data, id);
    return ok(json::object{{"msg", fmt::format("Deleted repository `{}`{}", name, suffix)}, {"success", true}});
}

} // namespace

void add_repo_methods(std::vector<method>& table) {
    static std::vector<std::string_view> const may_fork{"hg.admin", "hg.fork.repository"};
    table.push_back({"get_repo", {req("repoid"), opt("with_revision_names", false), opt("with_pullrequests", false)},
                     {}, &get_repo});
    table.push_back({"get_repos", {}, {}, &get_repos});
    table.push_back({"get_repo_nodes", {req("repoid"), req("revision"), req("root_path"), opt("ret_type", "all")}, {},
                     &get_repo_nodes});
    table.push_back({"create_repo",
                     {req("repo_name"), opt("owner"), opt("repo_type"), opt("description", ""), opt("private", false),
                      opt("clone_uri"), opt("landing_rev", "rev:tip"), opt("enable_statistics"),
                      opt("enable_downloads"), opt("copy_permissions", false)},
                     {}, &create_repo});
    table.push_back({"fork_repo",
                     {req("repoid"), req("fork_name"), opt("owner"), opt("description", ""),
                      opt("copy_permissions", false), opt("private", false), opt("landing_rev", "rev:tip")},
                     may_fork, &fork_repo});
    table.push_back({"delete_repo", {req("repoid"), opt("forks", "")}, {}, &delete_repo});
}

} // namespace kconform::server::api
