// State files: a YAML document of users, user groups, repository groups, repositories (with generated histories),
// permission rows, pull requests, gists and unregistered repository paths, added to the default state or to an
// empty one. Collect-and-continue: each section reports all its problems; nothing is applied half-way to a server.
#include "server/state_file.hpp"

#include "server/history.hpp"
#include "server/permissions.hpp"
#include "server/store_ops.hpp"

#include <fmt/format.h>
#include <fstream>
#include <set>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace kconform::server {
namespace {

// Error collection with yaml-cpp's 0-based marks printed 1-based.
struct reader {
    std::string file;
    std::vector<std::string> errors;

    void error(YAML::Node const& at, std::string const& what) {
        auto const m = at.Mark();
        errors.push_back(fmt::format("{}:{}:{}: {}", file, m.line + 1, m.column + 1, what));
    }

    // Reports keys outside `allowed`; false when `n` is not a mapping.
    bool mapping(YAML::Node const& n, std::string_view what, std::set<std::string> const& allowed) {
        if (!n.IsMap()) {
            error(n, fmt::format("{}: expected a mapping", what));
            return false;
        }
        for (auto const& kv : n) {
            auto const key = kv.first.as<std::string>("");
            if (!allowed.count(key)) error(kv.first, fmt::format("{}: unknown key '{}'", what, key));
        }
        return true;
    }

    template <class T> std::optional<T> scalar(YAML::Node const& n, std::string const& key, std::string_view type) {
        YAML::Node v = n[key];
        if (!v) return std::nullopt;
        try {
            if (!v.IsScalar()) throw YAML::Exception(v.Mark(), "");
            return v.as<T>();
        } catch (YAML::Exception const&) {
            error(v, fmt::format("{}: expected {}", key, type));
            return std::nullopt;
        }
    }
    std::string str(YAML::Node const& n, std::string const& key, std::string fallback = {}) {
        return scalar<std::string>(n, key, "a string").value_or(std::move(fallback));
    }
    bool flag(YAML::Node const& n, std::string const& key, bool fallback) {
        return scalar<bool>(n, key, "a boolean").value_or(fallback);
    }
    std::vector<std::string> list(YAML::Node const& n, std::string const& key) {
        std::vector<std::string> out;
        YAML::Node v = n[key];
        if (!v) return out;
        if (!v.IsSequence()) {
            error(v, fmt::format("{}: expected a list of strings", key));
            return out;
        }
        for (auto const& item : v) {
            if (item.IsScalar()) out.push_back(item.as<std::string>());
            else error(item, fmt::format("{}: expected a string", key));
        }
        return out;
    }
    // A user name that must exist; 0 (with an error) otherwise.
    std::int64_t user_ref(store const& s, YAML::Node const& n, std::string const& key, std::int64_t fallback) {
        if (!n[key]) return fallback;
        std::string const name = str(n, key);
        if (user const* u = s.find_user_by_name(name)) return u->user_id;
        error(n[key], fmt::format("{}: no user '{}'", key, name));
        return 0;
    }
};

void load_users(reader& r, store& s, YAML::Node const& list) {
    for (auto const& n : list) {
        if (!r.mapping(n, "user", {"username", "firstname", "lastname", "email", "admin", "active", "api_key",
                                   "extra_api_keys", "ip_whitelist", "global_permissions", "password"})) continue;
        new_user f;
        f.username = r.str(n, "username");
        if (f.username.empty()) r.error(n, "user: username is required");
        if (s.find_user_by_name(f.username)) r.error(n["username"], fmt::format("user '{}' defined twice", f.username));
        f.email = r.str(n, "email");
        f.firstname = r.str(n, "firstname");
        f.lastname = r.str(n, "lastname");
        f.admin = r.flag(n, "admin", false);
        f.active = r.flag(n, "active", true);
        f.password = r.str(n, "password");
        user& u = s.add_user(f);
        if (auto key = r.scalar<std::string>(n, "api_key", "a string")) {
            if (key->size() != 40) r.error(n["api_key"], "api_key: expected 40 alphanumeric characters");
            u.api_key = *key;
        }
        for (auto const& ip : r.list(n, "ip_whitelist")) u.ip_whitelist.push_back(ip);
        for (auto const& p : r.list(n, "global_permissions")) {
            if (permission_weight(p) < 0) r.error(n["global_permissions"], fmt::format("unknown permission '{}'", p));
            u.global_permissions.insert(p);
        }
        if (YAML::Node keys = n["extra_api_keys"]) {
            for (auto const& k : keys) {
                if (!r.mapping(k, "extra_api_key", {"key", "expires", "description"})) continue;
                u.extra_api_keys.push_back({r.str(k, "key"), r.str(k, "description"),
                                            r.scalar<double>(k, "expires", "a number").value_or(-1)});
            }
        }
    }
}

void load_user_groups(reader& r, store& s, YAML::Node const& list) {
    for (auto const& n : list) {
        if (!r.mapping(n, "user_group", {"name", "description", "active", "owner", "members", "global_permissions"})) {
            continue;
        }
        user_group g;
        g.name = r.str(n, "name");
        if (g.name.empty() || s.find_user_group_by_name(g.name)) r.error(n, "user_group: missing or duplicate name");
        if (n["description"]) g.description = r.str(n, "description");
        g.active = r.flag(n, "active", true);
        g.owner_id = r.user_ref(s, n, "owner", defaults::admin_id);
        for (auto const& m : r.list(n, "members")) {
            user const* u = s.find_user_by_name(m);
            if (u == nullptr) r.error(n["members"], fmt::format("members: no user '{}'", m));
            else g.members.push_back(u->user_id);
        }
        for (auto const& p : r.list(n, "global_permissions")) g.global_permissions.insert(p);
        add_user_group(s, std::move(g));
    }
}

void load_repo_groups(reader& r, store& s, YAML::Node const& list) {
    for (auto const& n : list) {
        if (!r.mapping(n, "repo_group", {"path", "description", "owner"})) continue;
        std::string const path = r.str(n, "path");
        repo_group g;
        auto const slash = path.rfind('/');
        g.name = slash == std::string::npos ? path : path.substr(slash + 1);
        if (slash != std::string::npos) {
            repo_group const* parent = s.find_repo_group_by_path(path.substr(0, slash));
            if (parent == nullptr) r.error(n["path"], fmt::format("path: parent group of '{}' is not defined above", path));
            else g.parent_id = parent->id;
        }
        if (!is_slug(g.name) || s.find_repo_group_by_path(path)) r.error(n, fmt::format("repo_group: bad or duplicate path '{}'", path));
        g.description = r.str(n, "description", g.name);
        g.owner_id = r.user_ref(s, n, "owner", defaults::admin_id);
        add_repo_group(s, std::move(g));
    }
}

void load_repos(reader& r, store& s, YAML::Node const& list) {
    for (auto const& n : list) {
        if (!r.mapping(n, "repo", {"name", "type", "owner", "private", "description", "clone_uri", "landing_rev",
                                   "fork_of", "changesets", "enable_statistics", "enable_downloads", "followers",
                                   "on_disk", "tag"})) continue;
        std::string const full = r.str(n, "name");
        repository repo;
        auto const slash = full.rfind('/');
        repo.name = slash == std::string::npos ? full : full.substr(slash + 1);
        if (slash != std::string::npos) {
            repo_group const* g = s.find_repo_group_by_path(full.substr(0, slash));
            if (g == nullptr) r.error(n["name"], fmt::format("name: group of '{}' is not defined", full));
            else repo.group_id = g->id;
        }
        if (!is_slug(repo.name) || s.find_repo_by_name(full)) r.error(n, fmt::format("repo: bad or duplicate name '{}'", full));
        repo.type = r.str(n, "type", "hg");
        if (repo.type != "hg" && repo.type != "git") r.error(n["type"], "type: expected hg or git");
        repo.owner_id = r.user_ref(s, n, "owner", defaults::admin_id);
        repo.is_private = r.flag(n, "private", false);
        repo.description = r.str(n, "description", repo.name);
        if (n["clone_uri"]) repo.clone_uri = r.str(n, "clone_uri");
        std::string const landing = r.str(n, "landing_rev", repo.type == "git" ? "branch:master" : "rev:tip");
        auto const colon = landing.find(':');
        if (colon == std::string::npos) r.error(n["landing_rev"], "landing_rev: expected TYPE:REV");
        else repo.landing_rev = {landing.substr(0, colon), landing.substr(colon + 1)};
        repo.enable_statistics = r.flag(n, "enable_statistics", false);
        repo.enable_downloads = r.flag(n, "enable_downloads", false);
        repo.on_disk = r.flag(n, "on_disk", true);
        repo.created_on = s.options().base_time;
        int const count = r.scalar<int>(n, "changesets", "an integer").value_or(20);
        if (count < 0) r.error(n["changesets"], "changesets: expected a number >= 0");
        if (n["fork_of"]) {
            repository const* parent = s.find_repo_by_name(r.str(n, "fork_of"));
            if (parent == nullptr) r.error(n["fork_of"], "fork_of: repository not defined above");
            else repo.fork_of = parent->id;
        }
        synthesize_history(repo, {std::max(count, 0), full, repo.created_on, "", r.str(n, "tag", "v1.0")});
        for (auto const& f : r.list(n, "followers")) {
            if (user const* u = s.find_user_by_name(f)) repo.followers.push_back(u->user_id);
            else r.error(n["followers"], fmt::format("followers: no user '{}'", f));
        }
        add_repository(s, std::move(repo));
    }
}

void load_permissions(reader& r, store& s, YAML::Node const& list) {
    for (auto const& n : list) {
        if (!r.mapping(n, "permission", {"repo", "repo_group", "user_group", "user", "group", "perm"})) continue;
        perm_key key;
        if (n["repo"]) {
            repository const* x = s.find_repo_by_name(r.str(n, "repo"));
            if (x == nullptr) r.error(n["repo"], "repo: not defined");
            key = {perm_object::repo, x ? x->id : 0, false, 0};
        } else if (n["repo_group"]) {
            repo_group const* x = s.find_repo_group_by_path(r.str(n, "repo_group"));
            if (x == nullptr) r.error(n["repo_group"], "repo_group: not defined");
            key = {perm_object::repo_group, x ? x->id : 0, false, 0};
        } else if (n["user_group"]) {
            user_group const* x = s.find_user_group_by_name(r.str(n, "user_group"));
            if (x == nullptr) r.error(n["user_group"], "user_group: not defined");
            key = {perm_object::user_group, x ? x->id : 0, false, 0};
        } else {
            r.error(n, "permission: one of repo, repo_group, user_group is required");
        }
        if (n["group"]) {
            user_group const* g = s.find_user_group_by_name(r.str(n, "group"));
            if (g == nullptr) r.error(n["group"], "group: no such user group");
            key.to_user_group = true;
            key.principal = g ? g->id : 0;
        } else {
            key.principal = r.user_ref(s, n, "user", 0);
            if (!n["user"]) r.error(n, "permission: one of user, group is required");
        }
        std::string const perm = r.str(n, "perm");
        if (permission_weight(perm) < 0) r.error(n["perm"] ? n["perm"] : n, fmt::format("perm: unknown permission '{}'", perm));
        set_perm(s, key, perm);
    }
}

void load_pull_requests(reader& r, store& s, YAML::Node const& list) {
    for (auto const& n : list) {
        if (!r.mapping(n, "pull_request", {"title", "description", "owner", "from", "to", "reviewers", "status"})) continue;
        repository const* from = s.find_repo_by_name(r.str(n, "from"));
        repository const* to = s.find_repo_by_name(r.str(n, "to"));
        if (from == nullptr || to == nullptr || from->history.empty() || to->history.empty()) {
            r.error(n, "pull_request: from and to must name repositories with changesets");
            continue;
        }
        pull_request pr;
        pr.title = r.str(n, "title", "pull request");
        pr.description = r.str(n, "description");
        pr.owner_id = r.user_ref(s, n, "owner", defaults::admin_id);
        pr.org_repo_id = from->id;
        pr.other_repo_id = to->id;
        pr.org_ref = fmt::format("branch:{}:{}", main_branch(*from), from->history.back().raw_id);
        pr.other_ref = fmt::format("branch:{}:{}", main_branch(*to), to->history.back().raw_id);
        pr.revisions.push_back(from->history.back().raw_id);
        pr.status = r.str(n, "status", "new");
        pr.created_on = pr.updated_on = s.options().base_time;
        for (auto const& name : r.list(n, "reviewers")) {
            if (user const* u = s.find_user_by_name(name)) pr.reviewers.push_back(u->user_id);
            else r.error(n["reviewers"], fmt::format("reviewers: no user '{}'", name));
        }
        add_pull_request(s, std::move(pr));
    }
}

void load_gists(reader& r, store& s, YAML::Node const& list) {
    for (auto const& n : list) {
        if (!r.mapping(n, "gist", {"type", "owner", "description", "lifetime", "files"})) continue;
        gist g;
        g.type = r.str(n, "type", "public");
        g.owner_id = r.user_ref(s, n, "owner", defaults::admin_id);
        g.description = r.str(n, "description");
        g.created_on = s.options().base_time;
        double const minutes = r.scalar<double>(n, "lifetime", "a number").value_or(-1);
        g.expires = minutes == -1 ? -1.0 : g.created_on + minutes * 60;
        YAML::Node files = n["files"];
        if (!files || !files.IsMap() || files.size() == 0) r.error(n, "gist: files must be a non-empty mapping name -> content");
        else for (auto const& kv : files) g.files.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>(""));
        add_gist(s, std::move(g));
    }
}

void load_options(reader& r, YAML::Node const& doc, store_options& opts) {
    if (auto clock = r.scalar<double>(doc, "clock", "Unix seconds")) {
        auto const t = std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::duration<double>(*clock)));
        opts.clock = [t] { return t; };
    }
    if (auto base = r.scalar<double>(doc, "base_time", "Unix seconds")) opts.base_time = *base;
    opts.canonical_url = r.str(doc, "canonical_url", opts.canonical_url);
    opts.seed_defaults = r.flag(doc, "defaults", true);
}

// An empty store still needs the built-in default user: it holds the global permissions (§B.1).
void ensure_default_user(store& s, std::vector<std::string> const& global) {
    if (s.find_user(defaults::default_user_id) != nullptr) return;
    user def = store::default_user_record();
    if (!global.empty()) def.global_permissions = {global.begin(), global.end()};
    s.insert_user(std::move(def));
}

} // namespace

state_load load_state_text(std::string const& text, std::string const& name, store_options opts) {
    reader r{name, {}};
    YAML::Node doc;
    try {
        doc = YAML::Load(text);
    } catch (YAML::ParserException const& e) {
        return {std::nullopt, {fmt::format("{}:{}:{}: {}", name, e.mark.line + 1, e.mark.column + 1, e.msg)}};
    }
    if (!doc.IsMap() && !doc.IsNull()) return {std::nullopt, {fmt::format("{}:1:1: expected a mapping", name)}};
    if (doc.IsNull()) doc = YAML::Node(YAML::NodeType::Map);
    r.mapping(doc, "state", {"clock", "base_time", "canonical_url", "defaults", "global_permissions", "users",
                             "user_groups", "repo_groups", "repos", "permissions", "pull_requests", "gists",
                             "unregistered"});
    load_options(r, doc, opts);
    store s(opts);
    auto const global = r.list(doc, "global_permissions");
    ensure_default_user(s, global);
    if (!global.empty()) s.edit_user(defaults::default_user_id)->global_permissions = {global.begin(), global.end()};
    auto section = [&](char const* key, auto load) {
        if (YAML::Node n = doc[key]) {
            if (n.IsSequence()) load(r, s, n);
            else r.error(n, fmt::format("{}: expected a list", key));
        }
    };
    section("users", load_users);
    section("user_groups", load_user_groups);
    section("repo_groups", load_repo_groups);
    section("repos", load_repos);
    section("permissions", load_permissions);
    section("pull_requests", load_pull_requests);
    section("gists", load_gists);
    for (auto const& path : r.list(doc, "unregistered")) s.db().unregistered.push_back(path);
    if (!r.errors.empty()) return {std::nullopt, std::move(r.errors)};
    return {std::move(s), {}};
}

state_load load_state_file(std::string const& path, store_options opts) {
    std::ifstream in(path);
    if (!in) return {std::nullopt, {fmt::format("{}:1:1: cannot read the file", path)}};
    std::stringstream text;
    text << in.rdbuf();
    return load_state_text(text.str(), path, std::move(opts));
}

} // namespace kconform::server
