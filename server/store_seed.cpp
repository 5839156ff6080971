// The default state's entities besides users (server/README.md lists them): two user groups, nested repository
// groups, hg and git repositories with generated histories, a fork with an open pull request, reviews,
// comments and gists. Everything is dated from store_options::base_time, so the state is the same on every run.
#include "server/history.hpp"
#include "server/store.hpp"
#include "server/store_ops.hpp"

#include <fmt/format.h>

namespace kconform::server {
namespace {

constexpr double day = 86400;

void seed_groups(store& s) {
    using namespace defaults;
    add_user_group(s, {0, "developers", "Core developers", true, admin_id, {user_id, user2_id}, {}});
    add_user_group(s, {0, "reviewers", "Inactive review team", false, user_id, {user2_id}, {}});
    add_repo_group(s, {0, "projects", std::nullopt, "Projects", admin_id});
    add_repo_group(s, {0, "libs", 1, "Libraries", admin_id});
    // developers may create repositories in "projects" (§B.3 user-group inheritance).
    set_perm(s, {perm_object::repo_group, 1, true, 1}, "group.write");
}

repository make_repo(store const& s, std::string name, std::string type, int changesets, double age_days) {
    repository r;
    r.name = std::move(name);
    r.type = std::move(type);
    r.description = fmt::format("{} test repository", r.type);
    r.owner_id = defaults::admin_id;
    r.created_on = s.options().base_time - age_days * day;
    r.landing_rev = r.type == "git" ? std::pair<std::string, std::string>{"branch", "master"}
                                    : std::pair<std::string, std::string>{"rev", "tip"};
    synthesize_history(r, {changesets, r.name, r.created_on, "", "v1.0"});
    return r;
}

void seed_repos(store& s) {
    using namespace defaults;
    repository hg = make_repo(s, "vcs_test_hg", "hg", 24, 60);
    hg.enable_statistics = true;
    hg.enable_downloads = true;
    hg.followers = {admin_id, user_id};
    add_repository(s, std::move(hg));

    repository git = make_repo(s, "vcs_test_git", "git", 22, 50);
    git.clone_uri = "https://code.example.com/upstream/vcs_test_git";
    git.remote_seed = "upstream/vcs_test_git";
    add_repository(s, std::move(git));
    set_perm(s, {perm_object::repo, 2, true, 1}, "repository.write");  // developers

    // The fork shares the parent's first 24 changesets and adds two of its own on the main branch.
    repository fork = make_repo(s, "vcs_test_hg_fork", "hg", 24, 40);
    synthesize_history(fork, {24, "vcs_test_hg", s.db().repos.at(1).created_on, "", "v1.0"});
    extend_history(fork, 2, "vcs_test_hg_fork");
    fork.description = "fork of vcs_test_hg";
    fork.owner_id = user_id;
    fork.fork_of = 1;
    fork.created_on = s.options().base_time - 40 * day;
    add_repository(s, std::move(fork));

    repository lib = make_repo(s, "private_lib", "hg", 6, 30);
    lib.group_id = 2;
    lib.is_private = true;
    add_repository(s, std::move(lib));
    set_perm(s, {perm_object::repo, 4, false, user2_id}, "repository.read");

    s.db().unregistered.emplace_back(std::string_view("imported_on_disk"));  // GCC 12: no -Warray-bounds false positive
}

void seed_reviews(store& s) {
    using namespace defaults;
    repository const& hg = s.db().repos.at(1);
    repository const& fork = s.db().repos.at(3);
    double const t = s.options().base_time - 10 * day;
    std::string const& reviewed = hg.history.at(hg.history.size() - 2).raw_id;
    add_comment(s, {0, admin_id, t, "Nice change", 1, reviewed, std::nullopt, std::nullopt, std::nullopt});
    add_comment(s, {0, user_id, t + 60, "Typo here", 1, reviewed, std::nullopt, "README.rst", "n3"});
    add_review(s, {0, admin_id, 1, reviewed, std::nullopt, "approved", t + 120, 0});

    pull_request pr;
    pr.title = "Fork work: two more steps";
    pr.description = "Brings the fork's two changesets to vcs_test_hg.";
    pr.owner_id = user_id;
    pr.org_repo_id = 3;
    pr.org_ref = "branch:default:" + fork.history.back().raw_id;
    pr.other_repo_id = 1;
    pr.other_ref = "branch:default:" + hg.history.back().raw_id;
    // push_back, not an initializer list of strings: GCC 12 reports a false -Warray-bounds on the latter.
    pr.revisions.push_back(fork.history.back().raw_id);
    pr.revisions.push_back(fork.history.at(fork.history.size() - 2).raw_id);
    pr.created_on = pr.updated_on = t + 3600;
    pr.reviewers = {user2_id};
    auto const pr_id = add_pull_request(s, std::move(pr)).id;
    add_comment(s, {0, user2_id, t + 7200, "Looks good so far", 3, std::nullopt, pr_id, std::nullopt, std::nullopt});
    for (auto const& rev : s.db().pull_requests.at(pr_id).revisions) {
        add_review(s, {0, user2_id, 3, rev, pr_id, "under_review", t + 7200, 0});
    }
}

void seed_gists(store& s) {
    using namespace defaults;
    double const t = s.options().base_time;
    add_gist(s, {0, "", "public", "hello world", admin_id, -1, t - 5 * day, {{"hello.py", "print('hello')\n"}}});
    add_gist(s, {0, "", "private", "notes", user_id, -1, t - 4 * day, {{"notes.txt", "private notes\n"}}});
    add_gist(s, {0, "", "public", "expired snippet", user_id, t - 3 * day + 3600, t - 3 * day,
                 {{"old.sh", "echo old\n"}}});
}

} // namespace

void seed_default_entities(store& s) {
    seed_groups(s);
    seed_repos(s);
    seed_reviews(s);
    seed_gists(s);
}

} // namespace kconform::server
