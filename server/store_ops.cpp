// Consistent multi-table edits of the store. Default permission rows follow RepoModel/RepoGroupModel/
// UserGroupModel.create: the default user gets the configured default level, private repositories none.
#include "server/store_ops.hpp"

#include "server/permissions.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace kconform::server {

void set_perm(store& s, perm_key key, std::string perm) { s.db().perms[key] = std::move(perm); }

bool remove_perm(store& s, perm_key const& key) { return s.db().perms.erase(key) == 1; }

repository& add_repository(store& s, repository r) {
    tables& t = s.db();
    if (r.id == 0) r.id = t.next_repo_id;
    t.next_repo_id = std::max(t.next_repo_id, r.id + 1);
    auto const id = r.id;
    set_perm(s, {perm_object::repo, id, false, defaults::default_user_id},
             r.is_private ? "repository.none" : default_level(s, "repository"));
    if (std::find(r.followers.begin(), r.followers.end(), r.owner_id) == r.followers.end()) {
        r.followers.insert(r.followers.begin(), r.owner_id);
    }
    return t.repos.insert_or_assign(id, std::move(r)).first->second;
}

repo_group& add_repo_group(store& s, repo_group g) {
    tables& t = s.db();
    if (g.id == 0) g.id = t.next_repo_group_id;
    t.next_repo_group_id = std::max(t.next_repo_group_id, g.id + 1);
    auto const id = g.id;
    set_perm(s, {perm_object::repo_group, id, false, defaults::default_user_id}, default_level(s, "group"));
    if (user const* owner = s.find_user(g.owner_id); owner != nullptr && !owner->admin) {
        set_perm(s, {perm_object::repo_group, id, false, g.owner_id}, "group.admin");
    }
    return t.repo_groups.insert_or_assign(id, std::move(g)).first->second;
}

user_group& add_user_group(store& s, user_group g) {
    tables& t = s.db();
    if (g.id == 0) g.id = t.next_user_group_id;
    t.next_user_group_id = std::max(t.next_user_group_id, g.id + 1);
    auto const id = g.id;
    set_perm(s, {perm_object::user_group, id, false, defaults::default_user_id}, default_level(s, "usergroup"));
    set_perm(s, {perm_object::user_group, id, false, g.owner_id}, "usergroup.admin");
    return t.user_groups.insert_or_assign(id, std::move(g)).first->second;
}

pull_request& add_pull_request(store& s, pull_request pr) {
    tables& t = s.db();
    if (pr.id == 0) pr.id = t.next_pull_request_id;
    t.next_pull_request_id = std::max(t.next_pull_request_id, pr.id + 1);
    auto const id = pr.id;
    return t.pull_requests.insert_or_assign(id, std::move(pr)).first->second;
}

comment& add_comment(store& s, comment c) {
    tables& t = s.db();
    if (c.id == 0) c.id = t.next_comment_id;
    t.next_comment_id = std::max(t.next_comment_id, c.id + 1);
    auto const id = c.id;
    return t.comments.insert_or_assign(id, std::move(c)).first->second;
}

review& add_review(store& s, review r) {
    tables& t = s.db();
    for (auto& [id, old] : t.reviews) {
        if (old.user_id == r.user_id && old.repo_id == r.repo_id && old.revision == r.revision) ++old.version;
    }
    if (r.id == 0) r.id = t.next_review_id;
    t.next_review_id = std::max(t.next_review_id, r.id + 1);
    auto const id = r.id;
    return t.reviews.insert_or_assign(id, std::move(r)).first->second;
}

gist& add_gist(store& s, gist g) {
    tables& t = s.db();
    if (g.id == 0) g.id = t.next_gist_id;
    t.next_gist_id = std::max(t.next_gist_id, g.id + 1);
    if (g.access_id.empty()) g.access_id = g.type == "private" ? s.next_access_id() : fmt::format("{}", g.id);
    auto const id = g.id;
    return t.gists.insert_or_assign(id, std::move(g)).first->second;
}

void remove_object_perms(store& s, perm_object kind, std::int64_t id) {
    std::erase_if(s.db().perms, [&](auto const& kv) { return kv.first.object == kind && kv.first.object_id == id; });
}

void remove_repository(store& s, std::int64_t id) {
    tables& t = s.db();
    remove_object_perms(s, perm_object::repo, id);
    std::erase_if(t.pull_requests,
                  [&](auto const& kv) { return kv.second.org_repo_id == id || kv.second.other_repo_id == id; });
    std::erase_if(t.comments, [&](auto const& kv) {
        return kv.second.repo_id == id ||
               (kv.second.pull_request_id && !t.pull_requests.count(*kv.second.pull_request_id));
    });
    std::erase_if(t.reviews, [&](auto const& kv) { return kv.second.repo_id == id; });
    t.repos.erase(id);
}

std::vector<std::int64_t> forks_of(store const& s, std::int64_t id) {
    std::vector<std::int64_t> out;
    for (auto const& [rid, r] : s.db().repos) {
        if (r.fork_of == id) out.push_back(rid);
    }
    return out;
}

std::vector<std::int64_t> groups_below(store const& s, std::int64_t group_id) {
    std::vector<std::int64_t> out;
    for (auto const& [gid, g] : s.db().repo_groups) {
        if (g.parent_id != group_id) continue;
        out.push_back(gid);
        auto deeper = groups_below(s, gid);
        out.insert(out.end(), deeper.begin(), deeper.end());
    }
    return out;
}

std::vector<std::int64_t> repos_below(store const& s, std::int64_t group_id) {
    auto groups = groups_below(s, group_id);
    groups.push_back(group_id);
    std::vector<std::int64_t> out;
    for (auto const& [rid, r] : s.db().repos) {
        if (r.group_id && std::find(groups.begin(), groups.end(), *r.group_id) != groups.end()) out.push_back(rid);
    }
    return out;
}

bool is_slug(std::string_view name) noexcept {
    if (name.empty() || name == "." || name == "..") return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

} // namespace kconform::server
