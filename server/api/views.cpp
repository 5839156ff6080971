// Entity -> JSON in Kallithea's key order (get_api_data, _cached_perms_data, __json__ of the vcs changesets).
#include "server/api/views.hpp"

#include "server/permissions.hpp"

#include <boost/json/array.hpp>
#include <cmath>
#include <ctime>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

std::string user_name(store const& s, std::int64_t id) {
    user const* u = s.find_user(id);
    return u == nullptr ? std::string() : u->username;
}

json::value nullable(std::optional<std::string> const& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array strings(std::vector<std::string> const& v) { return json::array(v.begin(), v.end()); }

// Kallithea's urlreadable(): runs of characters outside [-a-zA-Z0-9./] become one '_'.
std::string urlreadable(std::string_view s) {
    std::string out;
    bool run = false;
    for (char c : s) {
        bool const keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '/';
        if (keep) out += c;
        else if (!run) out += '_';
        run = !keep;
    }
    return out;
}

std::string ref_name(std::string const& ref) {
    auto const a = ref.find(':');
    auto const b = ref.find(':', a + 1);
    return a == std::string::npos ? ref : ref.substr(a + 1, b - a - 1);
}

json::array ref_parts(std::string const& ref) {
    json::array out;
    std::size_t start = 0;
    for (int i = 0; i < 3; ++i) {
        auto const end = i == 2 ? std::string::npos : ref.find(':', start);
        out.emplace_back(ref.substr(start, end == std::string::npos ? std::string::npos : end - start));
        start = end == std::string::npos ? ref.size() : end + 1;
    }
    return out;
}

} // namespace

std::string iso_datetime(double t) {
    auto const secs = static_cast<std::time_t>(std::floor(t));
    auto const millis = static_cast<int>(std::floor((t - std::floor(t)) * 1000));
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (millis != 0) out += fmt::format(".{:03}", millis);
    return out;
}

json::object user_json(user const& u) {
    json::value email = nullptr;
    if (u.email) email = json::string(*u.email);
    json::array emails{email};
    for (auto const& e : u.extra_emails) emails.emplace_back(e);
    return json::object{
        {"user_id", u.user_id}, {"username", u.username}, {"firstname", u.firstname}, {"lastname", u.lastname},
        {"email", email},       {"emails", emails},       {"active", u.active},       {"admin", u.admin},
    };
}

json::object permissions_json(store const& s, user const& u) {
    json::array global;
    for (auto const& p : effective_global_permissions(s, u)) global.emplace_back(p);
    json::object repos, groups, user_groups;
    for (auto const& [id, r] : s.db().repos) {
        if (auto level = repo_level(s, u, r)) repos[s.repo_name(r)] = *level;
    }
    for (auto const& [id, g] : s.db().repo_groups) {
        if (auto level = repo_group_level(s, u, g)) groups[s.group_path(id)] = *level;
    }
    for (auto const& [id, g] : s.db().user_groups) {
        if (auto level = user_group_level(s, u, g)) user_groups[g.name] = *level;
    }
    return json::object{
        {"repositories", std::move(repos)},
        {"repositories_groups", std::move(groups)},
        {"user_groups", std::move(user_groups)},
        {"global", global},
    };
}

json::object user_group_json(store const& s, user_group const& g) {
    json::array members;
    for (auto id : g.members) {
        if (user const* u = s.find_user(id)) members.push_back(user_json(*u));
    }
    return json::object{{"users_group_id", g.id},         {"group_name", g.name},
                        {"group_description", nullable(g.description)}, {"active", g.active},
                        {"owner", user_name(s, g.owner_id)},           {"members", std::move(members)}};
}

json::object changeset_summary_json(changeset const& cs, bool with_files) {
    json::object out{{"short_id", cs.raw_id.substr(0, 12)}, {"raw_id", cs.raw_id}, {"revision", cs.revision},
                     {"message", cs.message},               {"date", iso_datetime(cs.date)}, {"author", cs.author}};
    if (with_files) {
        out["added"] = strings(cs.added);
        out["changed"] = strings(cs.changed);
        out["removed"] = strings(cs.removed);
    }
    return out;
}

json::object changeset_detail_json(changeset const& cs) {
    auto const lt = cs.author.find(" <");
    std::string const name = cs.author.substr(0, lt);
    std::string const email = lt == std::string::npos ? "" : cs.author.substr(lt + 2, cs.author.size() - lt - 3);
    return json::object{{"raw_id", cs.raw_id},
                        {"short_id", cs.raw_id.substr(0, 12)},
                        {"revision", cs.revision},
                        {"date", iso_datetime(cs.date)},
                        {"message", cs.message},
                        {"author", json::object{{"name", name}, {"email", email}}},
                        {"added", strings(cs.added)},
                        {"changed", strings(cs.changed)},
                        {"removed", strings(cs.removed)}};
}

json::object repo_json(store const& s, repository const& r) {
    json::object last;
    if (r.history.empty()) {
        last = {{"short_id", std::string(12, '0')}, {"raw_id", std::string(40, '0')}, {"revision", -1},
                {"message", ""}, {"date", iso_datetime(0)}, {"author", ""}};
    } else {
        last = changeset_summary_json(r.history.back(), false);
    }
    json::value fork = nullptr;
    if (r.fork_of) {
        if (auto it = s.db().repos.find(*r.fork_of); it != s.db().repos.end()) fork = s.repo_name(it->second);
    }
    return json::object{{"repo_id", r.id},
                        {"repo_name", s.repo_name(r)},
                        {"repo_type", r.type},
                        {"clone_uri", nullable(r.clone_uri)},
                        {"private", r.is_private},
                        {"created_on", iso_datetime(r.created_on)},
                        {"description", r.description},
                        {"landing_rev", json::array{r.landing_rev.first, r.landing_rev.second}},
                        {"owner", user_name(s, r.owner_id)},
                        {"fork_of", fork},
                        {"enable_statistics", r.enable_statistics},
                        {"enable_downloads", r.enable_downloads},
                        {"last_changeset", std::move(last)}};
}

json::array members_json(store const& s, perm_object kind, std::int64_t id) {
    json::array users, groups;
    for (auto const& [key, perm] : s.db().perms) {
        if (key.object != kind || key.object_id != id) continue;
        if (key.to_user_group) {
            auto it = s.db().user_groups.find(key.principal);
            if (it == s.db().user_groups.end()) continue;
            groups.push_back(json::object{{"name", it->second.name}, {"type", "user_group"}, {"permission", perm}});
        } else {
            users.push_back(json::object{{"name", user_name(s, key.principal)}, {"type", "user"}, {"permission", perm}});
        }
    }
    for (auto& g : groups) users.push_back(std::move(g));
    return users;
}

json::object repo_group_json(store const& s, repo_group const& g) {
    json::array repos;
    for (auto const& [id, r] : s.db().repos) {
        if (r.group_id == g.id) repos.emplace_back(s.repo_name(r));
    }
    json::value parent = nullptr;
    if (g.parent_id) parent = s.group_path(*g.parent_id);
    return json::object{{"group_id", g.id},          {"group_name", s.group_path(g.id)},
                        {"group_description", g.description}, {"parent_group", parent},
                        {"repositories", std::move(repos)},   {"owner", user_name(s, g.owner_id)}};
}

json::object gist_json(store const& s, gist const& g) {
    return json::object{{"gist_id", g.id},
                        {"type", g.type},
                        {"access_id", g.access_id},
                        {"description", g.description},
                        {"url", s.options().canonical_url + "/_admin/gists/" + g.access_id},
                        {"expires", g.expires},
                        {"created_on", iso_datetime(g.created_on)}};
}

json::object comment_json(store const& s, comment const& c) {
    return json::object{{"comment_id", c.id},
                        {"username", user_name(s, c.user_id)},
                        {"created_on", iso_datetime(std::floor(c.created_on))},
                        {"text", c.text}};
}

json::object review_json(store const& s, review const& r) {
    return json::object{{"status", r.status},
                        {"modified_at", iso_datetime(std::floor(r.modified_at))},
                        {"reviewer", user_name(s, r.user_id)}};
}

json::object pull_request_json(store const& s, pull_request const& pr) {
    std::string const org = ref_name(pr.org_ref);
    std::string const slug = org != ref_name(pr.other_ref) ? org : pr.title;
    repository const* other = s.db().repos.count(pr.other_repo_id) ? &s.db().repos.at(pr.other_repo_id) : nullptr;
    repository const* source = s.db().repos.count(pr.org_repo_id) ? &s.db().repos.at(pr.org_repo_id) : nullptr;
    json::array reviewers, comments, statuses;
    for (auto id : pr.reviewers) reviewers.push_back(json::object{{"username", user_name(s, id)}});
    for (auto const& [id, c] : s.db().comments) {
        if (c.pull_request_id == pr.id) comments.push_back(comment_json(s, c));
    }
    for (auto const& [id, r] : s.db().reviews) {
        if (r.pull_request_id == pr.id) statuses.push_back(review_json(s, r));
    }
    return json::object{
        {"pull_request_id", pr.id},
        {"url", fmt::format("/{}/pull-request/{}/_/{}", other ? s.repo_name(*other) : "", pr.id, urlreadable(slug))},
        {"reviewers", std::move(reviewers)},
        {"revisions", strings(pr.revisions)},
        {"owner", user_name(s, pr.owner_id)},
        {"title", pr.title},
        {"description", pr.description},
        {"org_repo_url", s.options().canonical_url + "/" + (source ? s.repo_name(*source) : "")},
        {"org_ref_parts", ref_parts(pr.org_ref)},
        {"other_ref_parts", ref_parts(pr.other_ref)},
        {"status", pr.status},
        {"comments", std::move(comments)},
        {"statuses", std::move(statuses)},
        {"created_on", iso_datetime(std::floor(pr.created_on))},
        {"updated_on", iso_datetime(std::floor(pr.updated_on))}};
}

} // namespace kconform::server::api
