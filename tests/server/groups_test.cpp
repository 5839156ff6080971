// User group, repository group, pull request and gist methods (reference §C.3, §C.6, §C.7, §C.8) through
// handle_http on the default state: happy paths, each error in its documented order, and the refusal styles.
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

void developers_unreadable(store& s) { set_perm(s, {perm_object::user_group, 1, false, 1}, "usergroup.none"); }
void fork_private(store& s) {
    s.db().repos.at(3).is_private = true;
    set_perm(s, {perm_object::repo, 3, false, 1}, "repository.none");
}
void pr_closed(store& s) { s.db().pull_requests.at(1).status = "closed"; }

class Groups : public ::testing::TestWithParam<api_case> {};
TEST_P(Groups, AnswerPerReference) { testing::run_api_case(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    UserGroups, Groups,
    ::testing::Values(
        api_case{"GetWithMembers", user_key, "get_user_group", {{"usergroupid", "developers"}}, "",
                 {{"users_group_id", 1}, {"owner", "test_admin"}, {"#members", 2}, {"members/0/username", "test_regular"},
                  {"group_description", "Core developers"}, {"active", true}}},
        api_case{"HiddenWithoutRead", user_key, "get_user_group", {{"usergroupid", "developers"}},
                 "user group `developers` does not exist", {}, developers_unreadable},
        api_case{"Unknown", admin_key, "get_user_group", {{"usergroupid", 9}}, "user group `9` does not exist"},
        api_case{"ListFilteredByRead", user_key, "get_user_groups", json::object{}, "",
                 {{"#", 1}, {"0/group_name", "reviewers"}}, developers_unreadable},
        api_case{"CreateIsDecorated", user_key, "create_user_group", {{"group_name", "g"}}, "Internal server error"},
        api_case{"CreateWithGlobalPermission", user_key, "create_user_group", {{"group_name", "g"}}, "",
                 {{"msg", "created new user group `g`"}, {"user_group/owner", "test_regular"},
                  {"user_group/group_description", ""}},
                 [](store& s) { s.edit_user(3)->global_permissions.insert("hg.usergroup.create.true"); }},
        api_case{"CreateDuplicate", admin_key, "create_user_group", {{"group_name", "developers"}, {"owner", "ghost"}},
                 "user group `developers` already exist"},
        api_case{"CreateUnknownOwner", admin_key, "create_user_group", {{"group_name", "g"}, {"owner", "ghost"}},
                 "user `ghost` does not exist"},
        api_case{"CreateBadActive", admin_key, "create_user_group", {{"group_name", "g"}, {"active", "yes"}},
                 "failed to create group `g`"},
        api_case{"UpdateRenamesBeforeTheMessage", admin_key, "update_user_group",
                 {{"usergroupid", 1}, {"group_name", "devs"}, {"active", false}}, "",
                 {{"msg", "updated user group ID:1 devs"}, {"user_group/active", false}}},
        api_case{"UpdateHiddenWithoutAdmin", user_key, "update_user_group", {{"usergroupid", 1}},
                 "user group `1` does not exist"},
        api_case{"OwnerMayUpdate", user_key, "update_user_group", {{"usergroupid", "reviewers"}, {"description", "d"}},
                 "", {{"user_group/group_description", "d"}}},
        api_case{"UpdateUnknownOwner", admin_key, "update_user_group", {{"usergroupid", 1}, {"owner", "ghost"}},
                 "user `ghost` does not exist"},
        api_case{"UpdateNameClash", admin_key, "update_user_group", {{"usergroupid", 1}, {"group_name", "reviewers"}},
                 "failed to update user group `1`"},
        api_case{"DeleteAssignedGroup", admin_key, "delete_user_group", {{"usergroupid", 1}},
                 "User Group assigned to vcs_test_git"},
        api_case{"DeleteByOwner", user_key, "delete_user_group", {{"usergroupid", "reviewers"}}, "",
                 {{"msg", "deleted user group ID:2 reviewers"}, {"user_group", nullptr}}},
        api_case{"AddMember", admin_key, "add_user_to_user_group", {{"usergroupid", 1}, {"userid", "test_admin"}}, "",
                 {{"success", true}, {"msg", "added member `test_admin` to user group `developers`"}}},
        api_case{"AddExistingMember", admin_key, "add_user_to_user_group", {{"usergroupid", 1}, {"userid", 3}}, "",
                 {{"success", false}, {"msg", "User is already in that group"}}},
        api_case{"AddChecksUserFirst", admin_key, "add_user_to_user_group", {{"usergroupid", "x"}, {"userid", "ghost"}},
                 "user `ghost` does not exist"},
        api_case{"AddHiddenWithoutAdmin", user_key, "add_user_to_user_group", {{"usergroupid", 1}, {"userid", 2}},
                 "user group `1` does not exist"},
        api_case{"RemoveMember", user_key, "remove_user_from_user_group", {{"usergroupid", 2}, {"userid", 4}}, "",
                 {{"success", true}, {"msg", "removed member `test_regular2` from user group `reviewers`"}}},
        api_case{"RemoveNonMember", admin_key, "remove_user_from_user_group", {{"usergroupid", 2}, {"userid", 2}}, "",
                 {{"success", false}, {"msg", "User wasn't in group"}}}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    RepoGroups, Groups,
    ::testing::Values(
        api_case{"GetNested", admin_key, "get_repo_group", {{"repogroupid", "projects/libs/"}}, "",
                 {{"group_name", "projects/libs"}, {"parent_group", "projects"},
                  {"repositories", json::array{"projects/libs/private_lib"}}, {"owner", "test_admin"},
                  {"members/0", {{"name", "default"}, {"type", "user"}, {"permission", "group.read"}}}}},
        api_case{"GetUnknown", admin_key, "get_repo_group", {{"repogroupid", "nope"}},
                 "repository group `nope` does not exist"},
        api_case{"GetIsAdminOnly", user_key, "get_repo_group", {{"repogroupid", 1}}, "Internal server error"},
        api_case{"ListAll", admin_key, "get_repo_groups", json::object{}, "", {{"#", 2}, {"0/parent_group", nullptr}}},
        api_case{"CreateNested", admin_key, "create_repo_group", {{"group_name", "sub"}, {"parent", "projects"}}, "",
                 {{"msg", "created new repo group `sub`"}, {"repo_group/group_name", "projects/sub"},
                  {"repo_group/group_description", "sub"}}},
        api_case{"CreateExistingTopLevel", admin_key, "create_repo_group", {{"group_name", "projects"}, {"parent", "x"}},
                 "repo group `projects` already exist"},
        api_case{"CreateUnknownParent", admin_key, "create_repo_group", {{"group_name", "sub"}, {"parent", "x"}},
                 "repository group `x` does not exist"},
        api_case{"CreateNestedClash", admin_key, "create_repo_group", {{"group_name", "libs"}, {"parent", 1}},
                 "failed to create repo group `libs`"},
        api_case{"CreateUnknownOwnerFails", admin_key, "create_repo_group", {{"group_name", "g"}, {"owner", "ghost"}},
                 "failed to create repo group `g`"},
        api_case{"CreateIsAdminOnly", user_key, "create_repo_group", {{"group_name", "g"}}, "Internal server error"},
        api_case{"UpdateRename", admin_key, "update_repo_group", {{"repogroupid", 2}, {"group_name", "lib2"}}, "",
                 {{"msg", "updated repository group ID:2 projects/lib2"}, {"repo_group/repositories",
                                                                            json::array{"projects/lib2/private_lib"}}}},
        api_case{"UpdateIntoOwnChild", admin_key, "update_repo_group", {{"repogroupid", 1}, {"parent", 2}},
                 "failed to update repository group `1`"},
        api_case{"UpdateUnknownParent", admin_key, "update_repo_group", {{"repogroupid", 1}, {"parent", 7}},
                 "repository group `7` does not exist"},
        api_case{"DeleteNonEmpty", admin_key, "delete_repo_group", {{"repogroupid", 1}},
                 "failed to delete repo group ID:1 projects"},
        api_case{"DeleteEmpty", admin_key, "delete_repo_group", {{"repogroupid", "projects"}}, "",
                 {{"msg", "deleted repo group ID:1 projects"}, {"repo_group", nullptr}},
                 [](store& s) {
                     remove_repository(s, 4);
                     s.db().repo_groups.erase(2);
                 }}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    PullRequests, Groups,
    ::testing::Values(
        api_case{"GetPullRequest", user2_key, "get_pullrequest", {{"pullrequest_id", 1}}, "",
                 {{"status", "new"}, {"owner", "test_regular"}, {"reviewers", json::array{{{"username", "test_regular2"}}}},
                  {"#revisions", 2}, {"#comments", 1}, {"statuses/0/status", "under_review"},
                  {"org_ref_parts/0", "branch"}, {"url", "/vcs_test_hg/pull-request/1/_/Fork_work_two_more_steps"},
                  {"org_repo_url", "http://127.0.0.1:5000/vcs_test_hg_fork"}}},
        api_case{"GetUnknown", admin_key, "get_pullrequest", {{"pullrequest_id", "99"}}, "pull request `99` does not exist"},
        api_case{"GetNotAllowed", user2_key, "get_pullrequest", {{"pullrequest_id", 1}}, "not allowed", {}, fork_private},
        api_case{"ReviewerVotes", user2_key, "comment_pullrequest",
                 {{"pull_request_id", 1}, {"comment_msg", "ok"}, {"status", "approved"}}, "", {{"", true}}},
        api_case{"CommentNeedsSourceRead", user2_key, "comment_pullrequest", {{"pull_request_id", 1}},
                 "No permission to add comment. User needs at least reading permissions to the source repository.", {},
                 fork_private},
        api_case{"CloseNeedsOwner", user2_key, "comment_pullrequest", {{"pull_request_id", 1}, {"close_pr", true}},
                 "No permission to close pull request. User needs to be admin or owner."},
        api_case{"StatusNeedsReviewer", user2_key, "comment_pullrequest", {{"pull_request_id", 1}, {"status", "approved"}},
                 "No permission to change pull request status. User needs to be admin, owner or reviewer.", {},
                 [](store& s) { s.db().pull_requests.at(1).reviewers.clear(); }},
        api_case{"AlreadyClosed", user_key, "comment_pullrequest", {{"pull_request_id", 1}},
                 "pull request is already closed", {}, pr_closed},
        api_case{"EditNeitherAddNorRemove", admin_key, "edit_reviewers", {{"pull_request_id", 99}},
                 "Invalid request. Neither 'add' nor 'remove' is specified."},
        api_case{"EditUnknownPullRequest", admin_key, "edit_reviewers", {{"pull_request_id", 99}, {"add", 2}},
                 "pull request `99` does not exist"},
        api_case{"OwnerAddsReviewers", user_key, "edit_reviewers",
                 {{"pull_request_id", 1}, {"add", json::array{"test_admin", 4}}, {"remove", "test_regular"}}, "",
                 {{"added", json::array{"test_admin"}}, {"already_present", json::array{"test_regular2"}},
                  {"removed", json::array{"test_regular"}}}},
        api_case{"EditNeedsOwnerOrRepoAdmin", user2_key, "edit_reviewers", {{"pull_request_id", 1}, {"add", 2}},
                 "No permission to edit reviewers of this pull request. User needs to be admin or pull request owner."},
        api_case{"EditClosed", admin_key, "edit_reviewers", {{"pull_request_id", 1}, {"add", 2}},
                 "Cannot edit reviewers of a closed pull request.", {}, pr_closed},
        api_case{"EditUnknownUser", admin_key, "edit_reviewers", {{"pull_request_id", 1}, {"add", json::array{2, 999}}},
                 "user `999` does not exist"},
        api_case{"EditAddingDefaultIsInternal", admin_key, "edit_reviewers", {{"pull_request_id", 1}, {"add", "default"}},
                 "Internal server error"}),
    testing::api_case_name{});

INSTANTIATE_TEST_SUITE_P(
    Gists, Groups,
    ::testing::Values(
        api_case{"GetPublicByAccessId", admin_key, "get_gist", {{"gistid", "1"}}, "",
                 {{"gist_id", 1}, {"type", "public"}, {"access_id", "1"}, {"expires", -1.0},
                  {"url", "http://127.0.0.1:5000/_admin/gists/1"}}},
        api_case{"OthersGistHidden", user_key, "get_gist", {{"gistid", 1}}, "gist `1` does not exist"},
        api_case{"PrivateGistByNumericId", admin_key, "get_gist", {{"gistid", 2}}, "", {{"type", "private"}}},
        api_case{"ExpiredGistStillReturned", user_key, "get_gist", {{"gistid", "3"}}, "", {{"description", "expired snippet"}}},
        api_case{"OwnUnexpiredGists", user_key, "get_gists", json::object{}, "", {{"#", 1}, {"0/type", "private"}}},
        api_case{"OtherUsersGistsRefused", user_key, "get_gists", {{"userid", 2}}, "userid is not the same as your user"},
        api_case{"AdminListsForAnyone", admin_key, "get_gists", {{"userid", "test_regular"}}, "", {{"#", 1}}},
        api_case{"AdminUnknownUser", admin_key, "get_gists", {{"userid", "ghost"}}, "user `ghost` does not exist"},
        api_case{"CreatePrivateWithLifetime", user_key, "create_gist",
                 {{"files", {{"a.txt", {{"content", "x"}}}}}, {"gist_type", "private"}, {"lifetime", 10}}, "",
                 {{"msg", "created new gist"}, {"gist/type", "private"}, {"gist/expires", 1700000600.0},
                  {"gist/created_on", "2023-11-14T22:13:20"}}},
        api_case{"CreateForAnotherOwner", user_key, "create_gist", {{"files", {{"a", {{"content", ""}}}}}, {"owner", 4}},
                 "", {{"gist/access_id", "4"}}},
        api_case{"CreateUnknownOwner", user_key, "create_gist", {{"files", {{"a", {{"content", ""}}}}}, {"owner", "ghost"}},
                 "user `ghost` does not exist"},
        api_case{"CreateDirectoryInName", user_key, "create_gist", {{"files", {{"d/a", {{"content", ""}}}}}},
                 "failed to create gist"},
        api_case{"CreateWithoutContent", user_key, "create_gist", {{"files", {{"a", json::object{}}}}},
                 "failed to create gist"},
        api_case{"DeleteOthersHidden", user_key, "delete_gist", {{"gistid", "1"}}, "gist `1` does not exist"},
        api_case{"AdminDeletes", admin_key, "delete_gist", {{"gistid", 1}}, "",
                 {{"msg", "deleted gist ID:1"}, {"gist", nullptr}}}),
    testing::api_case_name{});

TEST(GistSequence, PrivateGistIsReachableByItsAccessIdAndItsId) {
    store s;
    auto created = testing::call_result(s, user_key, "create_gist",
                                        {{"files", {{"a", {{"content", "x"}}}}}, {"gist_type", "private"}});
    std::string const access(created.at("gist").at("access_id").as_string());
    EXPECT_EQ(access.size(), 20u);
    EXPECT_EQ(testing::call_result(s, user_key, "get_gist", {{"gistid", access}}).at("gist_id"), json::value(4));
    EXPECT_EQ(testing::call_result(s, user_key, "get_gist", {{"gistid", "4"}}).at("access_id"), json::value(access));
    auto del = testing::call_result(s, user_key, "delete_gist", {{"gistid", access}});
    EXPECT_EQ(del.at("msg"), json::value("deleted gist ID:" + access));
}

TEST(UserSequence, OwnersOfObjectsCannotBeDeleted) {
    store s;
    EXPECT_EQ(testing::call_error(s, admin_key, "delete_user", {{"userid", 3}}), "failed to delete user ID:3 test_regular");
    EXPECT_EQ(testing::call_error(s, admin_key, "delete_user", {{"userid", 4}}), "");
}

TEST(MethodTable, ServesAll47MethodsAndTheAlias) {
    EXPECT_EQ(api::method_table().size(), 48u);
    for (auto const& m : api::method_table()) EXPECT_NE(m.handler, nullptr) << m.name;
}

} // namespace
} // namespace kconform::server
