// Repository, changeset and repository permission methods (reference §C.1 pull/rescan/invalidate, §C.4, §C.5)
// through handle_http on the default state: happy paths, each error in its documented order, and the three
// refusal styles of §B.5.
#include "server/api/dispatch.hpp"

#include "api_case.hpp"
#include "server/store_ops.hpp"

namespace kconform::server {
namespace {

namespace json = boost::json;
using testing::admin_key;
using testing::api_case;
using testing::user2_key;
using testing::user_key;

// The default user's global permissions without hg.create.repository / hg.fork.repository (§B.1).
void no_create(store& s) {
    auto& g = s.edit_user(1)->global_permissions;
    g.erase("hg.create.repository");
    g.insert("hg.create.none");
}
void no_fork(store& s) {
    auto& g = s.edit_user(1)->global_permissions;
    g.erase("hg.fork.repository");
    g.insert("hg.fork.none");
}

class Repos : public ::testing::TestWithParam<api_case> {};
TEST_P(Repos, AnswerPerReference) { testing::run_api_case(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    GetRepo, Repos,
    ::testing::Values(
        api_case{"AdminReadsRepoWithMembersAndFollowers", admin_key, "get_repo", {{"repoid", "vcs_test_hg"}}, "",
                 {{"repo_id", 1}, {"repo_type", "hg"}, {"landing_rev", json::array{"rev", "tip"}}, {"fork_of", nullptr},
                  {"members", json::array{{{"name", "default"}, {"type", "user"}, {"permission", "repository.read"}}}},
                  {"#followers", 2}, {"last_changeset/revision", 23}}},
        api_case{"RevisionNamesOnRequest", admin_key, "get_repo", {{"repoid", 2}, {"with_revision_names", true}}, "",
                 {{"#tags", 1}, {"#branches", 2}, {"bookmarks", json::object{}}}},
        api_case{"PullRequestsTargetingTheRepo", admin_key, "get_repo", {{"repoid", 1}, {"with_pullrequests", 1}}, "",
                 {{"#pull_requests", 1}, {"pull_requests/0/pull_request_id", 1}}},
        api_case{"UserGroupRowsFollowUserRows", admin_key, "get_repo", {{"repoid", "vcs_test_git"}}, "",
                 {{"members/1", {{"name", "developers"}, {"type", "user_group"}, {"permission", "repository.write"}}},
                  {"clone_uri", "https://code.example.com/upstream/vcs_test_git"}}},
        api_case{"PrivateRepoHiddenFromNonReader", user_key, "get_repo", {{"repoid", "projects/libs/private_lib"}},
                 "repository `projects/libs/private_lib` does not exist"},
        api_case{"ExplicitReadShowsPrivateRepo", user2_key, "get_repo", {{"repoid", 4}}, "", {{"private", true}}},
        api_case{"ForkNamesItsParent", user_key, "get_repo", {{"repoid", "3"}}, "",
                 {{"fork_of", "vcs_test_hg"}, {"owner", "test_regular"}}},
        api_case{"UnknownRepo", admin_key, "get_repo", {{"repoid", "nope"}}, "repository `nope` does not exist"},
        api_case{"AdminSeesAllRepos", admin_key, "get_repos", json::object{}, "", {{"#", 4}}},
        api_case{"RegularUserSeesReadableRepos", user_key, "get_repos", json::object{}, "", {{"#", 3}}}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    GetRepoNodes, Repos,
    ::testing::Values(
        api_case{"DirsRecursiveTopDown", admin_key, "get_repo_nodes",
                 {{"repoid", 1}, {"revision", "tip"}, {"root_path", "/"}, {"ret_type", "dirs"}}, "",
                 {{"", json::array{{{"name", "docs"}, {"type", "dir"}}, {{"name", "src"}, {"type", "dir"}},
                                   {{"name", "src/pkg"}, {"type", "dir"}}, {{"name", "src/pkg/util"}, {"type", "dir"}}}}}},
        api_case{"FilesOfTheFirstRevision", admin_key, "get_repo_nodes",
                 {{"repoid", 1}, {"revision", 0}, {"root_path", ""}, {"ret_type", "files"}}, "",
                 {{"", json::array{{{"name", "README.rst"}, {"type", "file"}}, {{"name", "setup.py"}, {"type", "file"}},
                                   {{"name", "src/pkg/__init__.py"}, {"type", "file"}}}}}},
        api_case{"AllIsDirsThenFiles", admin_key, "get_repo_nodes",
                 {{"repoid", 1}, {"revision", 0}, {"root_path", "src"}}, "",
                 {{"", json::array{{{"name", "src/pkg"}, {"type", "dir"}},
                                   {{"name", "src/pkg/__init__.py"}, {"type", "file"}}}}}},
        api_case{"BadRevision", admin_key, "get_repo_nodes", {{"repoid", 1}, {"revision", "zzz"}, {"root_path", "/"}},
                 "failed to get repo: `vcs_test_hg` nodes"},
        api_case{"MissingPath", admin_key, "get_repo_nodes", {{"repoid", 1}, {"revision", "tip"}, {"root_path", "nope"}},
                 "failed to get repo: `vcs_test_hg` nodes"},
        api_case{"BadRetType", admin_key, "get_repo_nodes",
                 {{"repoid", 1}, {"revision", "tip"}, {"root_path", "/"}, {"ret_type", "x"}},
                 "ret_type must be one of all,dirs,files"},
        api_case{"NullRetTypeIsNotTheDefault", admin_key, "get_repo_nodes",
                 {{"repoid", 1}, {"revision", "tip"}, {"root_path", "/"}, {"ret_type", nullptr}},
                 "ret_type must be one of all,dirs,files"},
        api_case{"BadRevisionWinsOverRetType", admin_key, "get_repo_nodes",
                 {{"repoid", 1}, {"revision", "zzz"}, {"root_path", "/"}, {"ret_type", "x"}},
                 "failed to get repo: `vcs_test_hg` nodes"},
        api_case{"LastMissingArgumentReported", admin_key, "get_repo_nodes", json::object{},
                 "Missing non optional `root_path` arg in JSON DATA"},
        api_case{"HiddenWithoutRead", user_key, "get_repo_nodes",
                 {{"repoid", 4}, {"revision", "tip"}, {"root_path", "/"}}, "repository `4` does not exist"}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    CreateRepo, Repos,
    ::testing::Values(
        api_case{"RegularUserCreatesTopLevel", user_key, "create_repo", {{"repo_name", "mine"}}, "",
                 {{"msg", "Created new repository `mine`"}, {"success", true}}},
        api_case{"InGroupWithWriteThroughUserGroup", user_key, "create_repo", {{"repo_name", "projects/mine"}}, "",
                 {{"msg", "Created new repository `projects/mine`"}}},
        api_case{"UnknownGroup", admin_key, "create_repo", {{"repo_name", "nogroup/x"}}, "repo group `nogroup` not found"},
        api_case{"SlashAloneIsAnEmptyGroup", admin_key, "create_repo", {{"repo_name", "/"}}, "repo group `` not found"},
        api_case{"NoWriteOnGroup", user_key, "create_repo", {{"repo_name", "projects/libs/x"}},
                 "no permission to create repo in projects/libs"},
        api_case{"NoTopLevelCreatePermission", user_key, "create_repo", {{"repo_name", "x"}},
                 "no permission to create top level repo", {}, no_create},
        api_case{"OwnerOnlyForAdmins", user_key, "create_repo", {{"repo_name", "x"}, {"owner", "test_regular"}},
                 "Only Kallithea admin can specify `owner` param"},
        api_case{"UnknownOwner", admin_key, "create_repo", {{"repo_name", "x"}, {"owner", "ghost"}},
                 "user `ghost` does not exist"},
        api_case{"AlreadyExists", admin_key, "create_repo", {{"repo_name", "vcs_test_hg"}},
                 "repo `vcs_test_hg` already exist"},
        api_case{"InvalidName", admin_key, "create_repo", {{"repo_name", "bad name"}},
                 "failed to create repository `bad name`"},
        api_case{"LandingRevWithoutColon", admin_key, "create_repo", {{"repo_name", "x"}, {"landing_rev", "tip"}},
                 "failed to create repository `x`"},
        api_case{"LocalCloneUriRefused", admin_key, "create_repo", {{"repo_name", "x"}, {"clone_uri", "/srv/repo"}},
                 "failed to create repository `x`"},
        api_case{"NonStringNameIsInternal", admin_key, "create_repo", {{"repo_name", 5}}, "Internal server error"}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    UpdateRepo, Repos,
    ::testing::Values(
        api_case{"AdminUpdatesDescription", admin_key, "update_repo", {{"repoid", 1}, {"description", "d"}}, "",
                 {{"msg", "updated repo ID:1 vcs_test_hg"}, {"repository/description", "d"}}},
        api_case{"OwnerUpdatesOwnTopLevelRepo", user_key, "update_repo", {{"repoid", 3}, {"enable_downloads", true}}, "",
                 {{"repository/enable_downloads", true}}},
        api_case{"OmittedNameCountsAsRename", user_key, "update_repo", {{"repoid", 3}, {"description", "d"}},
                 "no permission to create (or move) top level repositories", {}, no_create},
        api_case{"SameNamePassesTheRenameRule", user_key, "update_repo",
                 {{"repoid", 3}, {"name", "vcs_test_hg_fork"}, {"description", "d"}}, "", {{"repository/description", "d"}},
                 no_create},
        api_case{"OwnerParamRefusedForNonAdmin", user_key, "update_repo", {{"repoid", 3}, {"owner", "test_regular"}},
                 "Only Kallithea admin can specify `owner` param"},
        api_case{"HiddenWithoutAdminLevel", user_key, "update_repo", {{"repoid", "vcs_test_hg"}},
                 "repository `vcs_test_hg` does not exist"},
        api_case{"UnknownGroup", admin_key, "update_repo", {{"repoid", 1}, {"group", "nogrp"}},
                 "repository group `nogrp` does not exist"},
        api_case{"NoWriteOnTargetGroup", user_key, "update_repo", {{"repoid", 3}, {"group", "projects/libs"}},
                 "no permission to create (or move) repo in projects/libs"},
        api_case{"MoveIntoGroup", admin_key, "update_repo", {{"repoid", 2}, {"group", "projects"}}, "",
                 {{"msg", "updated repo ID:2 projects/vcs_test_git"}}},
        api_case{"NumericOwnerFails", admin_key, "update_repo", {{"repoid", 1}, {"owner", 3}},
                 "failed to update repo `1`"},
        api_case{"NameClashFails", admin_key, "update_repo", {{"repoid", 1}, {"name", "vcs_test_git"}},
                 "failed to update repo `1`"},
        api_case{"EmptyCloneUriClears", admin_key, "update_repo", {{"repoid", 2}, {"clone_uri", ""}}, "",
                 {{"repository/clone_uri", ""}}}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    ForkAndDelete, Repos,
    ::testing::Values(
        api_case{"AdminForks", admin_key, "fork_repo", {{"repoid", 1}, {"fork_name", "f2"}}, "",
                 {{"msg", "Created fork of `vcs_test_hg` as `f2`"}, {"success", true}}},
        api_case{"ExistingForkName", admin_key, "fork_repo", {{"repoid", 1}, {"fork_name", "vcs_test_hg_fork"}},
                 "fork `vcs_test_hg_fork` already exist"},
        api_case{"ExistingRepoName", admin_key, "fork_repo", {{"repoid", 1}, {"fork_name", "vcs_test_git"}},
                 "repo `vcs_test_git` already exist"},
        api_case{"UnknownSource", admin_key, "fork_repo", {{"repoid", 99}, {"fork_name", "x"}},
                 "repository `99` does not exist"},
        api_case{"SourceHiddenAfterLocationCheck", user_key, "fork_repo", {{"repoid", 4}, {"fork_name", "x"}},
                 "repository `4` does not exist"},
        api_case{"LocationBeforeSourceRead", user_key, "fork_repo", {{"repoid", 4}, {"fork_name", "projects/libs/x"}},
                 "no permission to create repo in projects/libs"},
        api_case{"OwnerRefusedForNonAdmin", user_key, "fork_repo", {{"repoid", 1}, {"fork_name", "x"}, {"owner", 3}},
                 "Only Kallithea admin can specify `owner` param"},
        api_case{"DecoratorWithoutForkPermission", user_key, "fork_repo", {{"repoid", 1}, {"fork_name", "x"}},
                 "Internal server error", {}, no_fork},
        api_case{"AttachedForksBlockDelete", admin_key, "delete_repo", {{"repoid", 1}},
                 "Cannot delete `vcs_test_hg` it still contains attached forks"},
        api_case{"DetachForks", admin_key, "delete_repo", {{"repoid", 1}, {"forks", "detach"}}, "",
                 {{"msg", "Deleted repository `vcs_test_hg` Detached 1 forks"}}},
        api_case{"DeleteForks", admin_key, "delete_repo", {{"repoid", 1}, {"forks", "delete"}}, "",
                 {{"msg", "Deleted repository `vcs_test_hg` Deleted 1 forks"}}},
        api_case{"SuffixEvenWithoutForks", admin_key, "delete_repo", {{"repoid", 2}, {"forks", "delete"}}, "",
                 {{"msg", "Deleted repository `vcs_test_git` Deleted 0 forks"}}},
        api_case{"OwnerDeletesOwnRepo", user_key, "delete_repo", {{"repoid", "vcs_test_hg_fork"}}, "",
                 {{"msg", "Deleted repository `vcs_test_hg_fork`"}}},
        api_case{"DeleteHiddenWithoutAdmin", user_key, "delete_repo", {{"repoid", 2}}, "repository `2` does not exist"}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    RepoUtilities, Repos,
    ::testing::Values(
        api_case{"PullForkFromParent", admin_key, "pull", {{"repoid", "vcs_test_hg_fork"}}, "",
                 {{"msg", "Pulled from `vcs_test_hg_fork`"}, {"repository", "vcs_test_hg_fork"}}},
        api_case{"PullWithoutSource", admin_key, "pull", {{"repoid", 1}}, "Unable to pull changes from `vcs_test_hg`"},
        api_case{"PullFromGivenUri", admin_key, "pull", {{"repoid", 1}, {"clone_uri", "https://h/x"}}, "",
                 {{"repository", "vcs_test_hg"}}},
        api_case{"PullUnknownRepo", admin_key, "pull", {{"repoid", "x"}}, "repository `x` does not exist"},
        api_case{"PullIsAdminOnly", user_key, "pull", {{"repoid", 3}}, "Internal server error"},
        api_case{"RescanRegistersDiskRepos", admin_key, "rescan_repos", json::object{}, "",
                 {{"added", json::array{"imported_on_disk"}}, {"removed", json::array{}}}},
        api_case{"RescanListsMissingEvenWithoutRemoval", admin_key, "rescan_repos", json::object{}, "",
                 {{"removed", json::array{"vcs_test_git"}}},
                 [](store& s) { s.db().repos.at(2).on_disk = false; }},
        api_case{"RescanIsAdminOnly", user_key, "rescan_repos", json::object{}, "Internal server error"},
        api_case{"InvalidateQuotesIdAsSent", admin_key, "invalidate_cache", {{"repoid", 1}}, "",
                 {{"msg", "Cache for repository `1` was invalidated"}, {"repository", "vcs_test_hg"}}},
        api_case{"InvalidateNeedsWrite", user_key, "invalidate_cache", {{"repoid", 1}}, "repository `1` does not exist"},
        api_case{"InvalidateWithGroupWrite", user2_key, "invalidate_cache", {{"repoid", "vcs_test_git"}}, "",
                 {{"repository", "vcs_test_git"}}}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    RepoPermissions, Repos,
    ::testing::Values(
        api_case{"GrantUser", admin_key, "grant_user_permission",
                 {{"repoid", 1}, {"userid", "test_regular"}, {"perm", "repository.write"}}, "",
                 {{"msg", "Granted perm: `repository.write` for user: `test_regular` in repo: `vcs_test_hg`"},
                  {"success", true}}},
        api_case{"GrantOrderRepoFirst", admin_key, "grant_user_permission",
                 {{"repoid", "x"}, {"userid", "ghost"}, {"perm", "bogus"}}, "repository `x` does not exist"},
        api_case{"GrantOrderUserBeforePerm", admin_key, "grant_user_permission",
                 {{"repoid", 1}, {"userid", "ghost"}, {"perm", "bogus"}}, "user `ghost` does not exist"},
        api_case{"GrantUnknownPerm", admin_key, "grant_user_permission",
                 {{"repoid", 1}, {"userid", 3}, {"perm", "repository.bogus"}},
                 "permission `repository.bogus` does not exist"},
        api_case{"GrantUserIsAdminOnly", user_key, "grant_user_permission",
                 {{"repoid", 3}, {"userid", 4}, {"perm", "repository.read"}}, "Internal server error"},
        api_case{"RevokeUserEvenWithoutRow", admin_key, "revoke_user_permission", {{"repoid", 1}, {"userid", 3}}, "",
                 {{"msg", "Revoked perm for user: `test_regular` in repo: `vcs_test_hg`"}}},
        api_case{"RepoAdminGrantsReadableGroup", user_key, "grant_user_group_permission",
                 {{"repoid", 3}, {"usergroupid", "developers"}, {"perm", "repository.write"}}, "",
                 {{"msg", "Granted perm: `repository.write` for user group: `developers` in repo: `vcs_test_hg_fork`"}}},
        api_case{"GroupGrantPermBeforeGroup", admin_key, "grant_user_group_permission",
                 {{"repoid", 1}, {"usergroupid", "nope"}, {"perm", "bogus"}}, "permission `bogus` does not exist"},
        api_case{"GroupGrantHidesRepo", user_key, "grant_user_group_permission",
                 {{"repoid", 1}, {"usergroupid", 1}, {"perm", "repository.read"}}, "repository `1` does not exist"},
        api_case{"GroupGrantHidesUnreadableGroup", user_key, "grant_user_group_permission",
                 {{"repoid", 3}, {"usergroupid", "developers"}, {"perm", "repository.read"}},
                 "user group `developers` does not exist", {},
                 [](store& s) { set_perm(s, {perm_object::user_group, 1, false, 1}, "usergroup.none"); }},
        api_case{"RevokeGroup", admin_key, "revoke_user_group_permission", {{"repoid", 2}, {"usergroupid", 1}}, "",
                 {{"msg", "Revoked perm for user group: `developers` in repo: `vcs_test_git`"}}},
        api_case{"GrantOnRepoGroupRecursive", admin_key, "grant_user_permission_to_repo_group",
                 {{"repogroupid", "projects"}, {"userid", 4}, {"perm", "group.admin"}, {"apply_to_children", "all"}}, "",
                 {{"msg", "Granted perm: `group.admin` (recursive:all) for user: `test_regular2` in repo group: "
                          "`projects`"}}},
        api_case{"RepoGroupPermNeedsGroupPrefix", admin_key, "grant_user_permission_to_repo_group",
                 {{"repogroupid", 1}, {"userid", 4}, {"perm", "repository.read"}},
                 "permission `repository.read` is invalid, should start with group."},
        api_case{"RepoGroupHiddenWithoutAdmin", user_key, "grant_user_permission_to_repo_group",
                 {{"repogroupid", "projects"}, {"userid", 4}, {"perm", "group.read"}},
                 "repository group `projects` does not exist"},
        api_case{"RepoGroupUserChecked", admin_key, "revoke_user_permission_from_repo_group",
                 {{"repogroupid", 2}, {"userid", "ghost"}}, "user `ghost` does not exist"},
        api_case{"RevokeFromRepoGroup", admin_key, "revoke_user_permission_from_repo_group",
                 {{"repogroupid", "projects/libs"}, {"userid", 4}}, "",
                 {{"msg", "Revoked perm (recursive:none) for user: `test_regular2` in repo group: `libs`"}}},
        api_case{"GrantGroupOnRepoGroup", admin_key, "grant_user_group_permission_to_repo_group",
                 {{"repogroupid", 1}, {"usergroupid", "reviewers"}, {"perm", "group.read"}, {"apply_to_children", "repos"}},
                 "", {{"msg", "Granted perm: `group.read` (recursive:repos) for user group: `reviewers` in repo group: "
                              "`projects`"}}},
        api_case{"RevokeGroupFromRepoGroup", admin_key, "revoke_user_group_permission_from_repo_group",
                 {{"repogroupid", 1}, {"usergroupid", 1}}, "",
                 {{"msg", "Revoked perm (recursive:none) for user group: `developers` in repo group: `projects`"}}}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    Changesets, Repos,
    ::testing::Values(
        api_case{"AllChangesets", admin_key, "get_changesets", {{"repoid", 1}}, "", {{"#", 24}, {"0/revision", 0}}},
        api_case{"InclusiveRange", admin_key, "get_changesets", {{"repoid", 1}, {"start", 2}, {"end", "5"}}, "",
                 {{"#", 4}, {"0/revision", 2}, {"3/revision", 5}}},
        api_case{"ByBranch", admin_key, "get_changesets", {{"repoid", 1}, {"branch_name", "stable"}}, "",
                 {{"#", 2}, {"0/revision", 21}}},
        api_case{"ReverseAfterLimit", admin_key, "get_changesets",
                 {{"repoid", 2}, {"max_revisions", 3}, {"reverse", true}}, "", {{"#", 3}, {"0/revision", 2}}},
        api_case{"WithFileList", admin_key, "get_changesets",
                 {{"repoid", 1}, {"start", 0}, {"end", 0}, {"with_file_list", true}}, "",
                 {{"0/added", json::array{"README.rst", "setup.py", "src/pkg/__init__.py"}},
                  {"0/removed", json::array{}}, {"0/author", "Test Admin <test_admin@example.com>"}}},
        api_case{"DateRange", admin_key, "get_changesets",
                 {{"repoid", 1}, {"start_date", "2022-11-03T00:00:00"}, {"end_date", "2022-11-03T06:00:00"}}, "",
                 {{"#", 3}}},
        api_case{"UnknownBranchIsInternal", admin_key, "get_changesets", {{"repoid", 1}, {"branch_name", "x"}},
                 "Internal server error"},
        api_case{"MalformedDateIsInternal", admin_key, "get_changesets", {{"repoid", 1}, {"start_date", "2022-11-03"}},
                 "Internal server error"},
        api_case{"StartAfterEndIsInternal", admin_key, "get_changesets", {{"repoid", 1}, {"start", 5}, {"end", 2}},
                 "Internal server error"},
        api_case{"ExplicitRefusal", user_key, "get_changesets", {{"repoid", 4}},
                 "Access denied to repo projects/libs/private_lib"},
        api_case{"EmptyRepository", admin_key, "get_changesets", {{"repoid", "empty"}}, "Repository is empty", {},
                 [](store& s) {
                     repository r;
                     r.name = "empty";
                     r.owner_id = 2;
                     add_repository(s, std::move(r));
                 }},
        api_case{"ChangesetWithEverything", admin_key, "get_changeset",
                 {{"repoid", 1}, {"raw_id", 22}, {"with_reviews", true}, {"with_comments", true},
                  {"with_inline_comments", true}},
                 "",
                 {{"revision", 22}, {"author/name", "Test Regular"}, {"#reviews", 1}, {"reviews/0/status", "approved"},
                  {"comments/0/text", "Nice change"}, {"inline_comments/0/0", "README.rst"},
                  {"inline_comments/0/1/n3/0/text", "Typo here"}}},
        api_case{"ChangesetByTag", admin_key, "get_changeset", {{"repoid", 1}, {"raw_id", "v1.0"}}, "",
                 {{"revision", 12}, {"#added", 0}}},
        api_case{"NullRawIdIsTip", admin_key, "get_changeset", {{"repoid", 2}, {"raw_id", nullptr}}, "",
                 {{"revision", 21}}},
        api_case{"UnknownChangeset", admin_key, "get_changeset", {{"repoid", 1}, {"raw_id", "deadbeef"}},
                 "Changeset deadbeef does not exist"},
        api_case{"ChangesetExplicitRefusal", user_key, "get_changeset", {{"repoid", 4}, {"raw_id", "tip"}},
                 "Access denied to repo projects/libs/private_lib"}),
    testing::api_case_name{});

TEST(RepoSequence, PrivateFlagResetsTheDefaultRowAndHidesTheRepo) {
    store s;
    auto out = testing::call(s, admin_key, "update_repo", {{"repoid", 1}, {"private", true}});
    ASSERT_TRUE(out.at("error").is_null()) << out;
    EXPECT_EQ(*s.find_perm({perm_object::repo, 1, false, 1}), "repository.none");
    EXPECT_EQ(testing::call_error(s, user_key, "get_repo", {{"repoid", 1}}), "repository `1` does not exist");
}

TEST(RepoSequence, PullBringsTheParentsNewChangesetsIntoTheFork) {
    store s;
    testing::call(s, admin_key, "pull", {{"repoid", "vcs_test_hg"}, {"clone_uri", "https://up/x"}});
    ASSERT_EQ(s.db().repos.at(1).history.size(), 25u);
    testing::call(s, admin_key, "pull", {{"repoid", 3}});
    EXPECT_EQ(s.db().repos.at(3).history.size(), 27u);
    EXPECT_EQ(s.db().repos.at(3).history.back().raw_id, s.db().repos.at(1).history.back().raw_id);
}

TEST(RepoSequence, CreatedRepoIsEmptyAndFollowedByItsOwner) {
    store s;
    testing::call(s, user_key, "create_repo", {{"repo_name", "mine"}, {"repo_type", "git"}});
    auto repo = testing::call_result(s, user_key, "get_repo", {{"repoid", "mine"}});
    EXPECT_EQ(repo.at("repo_type"), json::value("git"));
    EXPECT_EQ(repo.at("last_changeset").at("revision"), json::value(-1));
    EXPECT_EQ(repo.at("last_changeset").at("raw_id"), json::value(std::string(40, '0')));
    EXPECT_EQ(repo.at("followers").at(0).at("username"), json::value("test_regular"));
    EXPECT_EQ(repo.at("description"), json::value("mine"));
}

} // namespace
} // namespace kconform::server
