// Pull request methods of reference §C.6: get_pullrequest, comment_pullrequest (comment, vote, close) and
// edit_reviewers. Their refusals are explicit (§B.5 style 3) and use the computed levels only.
#include "server/api/access.hpp"
#include "server/api/args.hpp"
#include "server/api/views.hpp"
#include "server/permissions.hpp"
#include "server/store_ops.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

bool can_read(call_context const& ctx, std::int64_t repo_id) {
    auto it = ctx.data.db().repos.find(repo_id);
    return it != ctx.data.db().repos.end() && computed_at_least(ctx, it->second, "repository.read");
}

outcome get_pullrequest(call_context& ctx) {
    auto pr = get_pull_request_or_error(ctx.data, ctx.arg("pullrequest_id"));
    if (pr.found == nullptr) return pr.error;
    if (!can_read(ctx, pr.found->org_repo_id)) return fail("not allowed");
    return ok(pull_request_json(ctx.data, *pr.found));
}

outcome comment_pullrequest(call_context& ctx) {
    auto found = get_pull_request_or_error(ctx.data, ctx.arg("pull_request_id"));
    if (found.found == nullptr) return found.error;
    pull_request& pr = ctx.data.db().pull_requests.at(found.found->id);
    if (!can_read(ctx, pr.org_repo_id)) {
        return fail("No permission to add comment. User needs at least reading permissions to the source repository.");
    }
    bool const owner = ctx.caller.user_id == pr.owner_id;
    bool const reviewer = std::find(pr.reviewers.begin(), pr.reviewers.end(), ctx.caller.user_id) != pr.reviewers.end();
    bool const close = truthy(ctx.arg("close_pr"));
    json::value const& status = ctx.arg("status");
    if (close && !(ctx.caller.admin || owner)) {
        return fail("No permission to close pull request. User needs to be admin or owner.");
    }
    if (truthy(status) && !(ctx.caller.admin || owner || reviewer)) {
        return fail("No permission to change pull request status. User needs to be admin, owner or reviewer.");
    }
    if (pr.status == "closed") return fail("pull request is already closed");
    json::value const& text = ctx.arg("comment_msg");
    // The comment's text column is NOT NULL and a status label lookup needs a hashable value.
    if (!text.is_string() || !hashable(status) || (truthy(status) && !status.is_string())) return internal_error();
    double const now = ctx.data.now();
    add_comment(ctx.data, {0, ctx.caller.user_id, now, std::string(text.get_string()), pr.org_repo_id, std::nullopt,
                           pr.id, std::nullopt, std::nullopt});
    if (truthy(status)) {
        for (auto const& rev : pr.revisions) {
            add_review(ctx.data, {0, ctx.caller.user_id, pr.org_repo_id, rev, pr.id, std::string(status.get_string()),
                                  now, 0});
        }
    }
    if (close) pr.status = "closed";
    pr.updated_on = now;
    return ok(true);
}

// edit_reviewers' add/remove: one user or a list of them; every one must exist (nothing changes otherwise).
bool users_of(call_context const& ctx, json::value const& v, std::vector<user const*>& out, outcome& error) {
    json::array const single{v};
    json::array const& items = v.is_array() ? v.get_array() : single;
    for (auto const& item : items) {
        if (item.is_null()) continue;
        auto u = get_user_or_error(ctx.data, item);
        if (u.found == nullptr) {
            error = u.error;
            return false;
        }
        if (std::find(out.begin(), out.end(), u.found) == out.end()) out.push_back(u.found);
    }
    return true;
}

json::array usernames(std::vector<user const*> users) {
    std::sort(users.begin(), users.end(), [](user const* a, user const* b) { return a->username < b->username; });
    json::array out;
    for (auto const* u : users) out.emplace_back(u->username);
    return out;
}

outcome edit_reviewers(call_context& ctx) {
    json::value const& add = ctx.arg("add");
    json::value const& remove = ctx.arg("remove");
    if (add.is_null() && remove.is_null()) return fail("Invalid request. Neither 'add' nor 'remove' is specified.");
    auto found = get_pull_request_or_error(ctx.data, ctx.arg("pull_request_id"));
    if (found.found == nullptr) return found.error;
    pull_request& pr = ctx.data.db().pull_requests.at(found.found->id);
    auto target = ctx.data.db().repos.find(pr.other_repo_id);
    bool const repo_admin = target != ctx.data.db().repos.end() && computed_at_least(ctx, target->second, "repository.admin");
    if (!(ctx.caller.admin || repo_admin || ctx.caller.user_id == pr.owner_id)) {
        return fail("No permission to edit reviewers of this pull request. User needs to be admin or pull request owner.");
    }
    if (pr.status == "closed") return fail("Cannot edit reviewers of a closed pull request.");
    std::vector<user const*> to_add, to_remove;
    outcome error;
    if (!users_of(ctx, add, to_add, error) || !users_of(ctx, remove, to_remove, error)) return error;
    // PullRequestModel.add_reviewers asserts the default user is never a reviewer.
    if (std::any_of(to_add.begin(), to_add.end(), [](user const* u) { return store::is_default(*u); })) {
        return internal_error();
    }
    std::vector<user const*> added, present;
    for (auto const* u : to_add) {
        bool const already = std::find(pr.reviewers.begin(), pr.reviewers.end(), u->user_id) != pr.reviewers.end();
        (already ? present : added).push_back(u);
        if (!already) pr.reviewers.push_back(u->user_id);
    }
    for (auto const* u : to_remove) std::erase(pr.reviewers, u->user_id);
    return ok(json::object{{"added", usernames(added)},
                           {"already_present", usernames(present)},
                           {"removed", usernames(to_remove)}});
}

} // namespace

void add_pull_request_methods(std::vector<method>& table) {
    table.push_back({"get_pullrequest", {req("pullrequest_id")}, {}, &get_pullrequest});
    table.push_back({"comment_pullrequest",
                     {req("pull_request_id"), opt("comment_msg", ""), opt("status"), opt("close_pr", false)}, {},
                     &comment_pullrequest});
    table.push_back({"edit_reviewers", {req("pull_request_id"), opt("add"), opt("remove")}, {}, &edit_reviewers});
}

} // namespace kconform::server::api
