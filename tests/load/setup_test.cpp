// Profile setup and teardown: the setup syntax is linted with file:line:col (also what needs the specs: undo taken
// from specs/, $pick_setup names); and end to end against the embedded server, setup makes N users, the load uses
// them, and afterwards none is left — also when setup fails half-way or the load is stopped.
#include "load/setup.hpp"

#include "core/clock.hpp"
#include "core/http_client.hpp"
#include "load/engine.hpp"
#include "server/embedded.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>

namespace kconform::load {
namespace {
using namespace std::chrono_literals;
namespace bj = boost::json;

std::filesystem::path write_temp(std::string const& name, std::string const& text) {
    auto p = std::filesystem::temp_directory_path() / name;
    std::ofstream(p) << text;
    return p;
}

spec::load_result const& shipped_specs() {
    static auto const* specs = new spec::load_result(spec::load_specs(KCONFORM_DEFAULT_SPECS));
    return *specs;
}

// Every message of loading `yaml` and resolving its setup against the shipped specs.
std::vector<std::string> problems(std::string const& yaml, load_profile* out = nullptr) {
    auto f = write_temp("kconform_setup_profile.yaml", yaml);
    auto r = load_profile_file(f);
    std::filesystem::remove(f);
    auto resolved = resolve_setup(r.profile, shipped_specs().specs);
    r.errors.insert(r.errors.end(), resolved.begin(), resolved.end());
    std::vector<std::string> msgs;
    for (auto const& e : r.errors) msgs.push_back(e.str());
    if (out) *out = std::move(r.profile);
    return msgs;
}

bool has(std::vector<std::string> const& msgs, std::string const& needle) {
    return std::any_of(msgs.begin(), msgs.end(), [&](auto const& m) { return m.find(needle) != std::string::npos; });
}

constexpr char const* tail = "schedule: [{rate: 10, duration: 1s}]\n";

TEST(SetupLint, ShippedUserChurnTakesItsUndoFromTheSpecs) {
    auto r = load_profile_file(KCONFORM_PROFILES_DIR "/user-churn.yaml");
    ASSERT_TRUE(r.errors.empty());
    auto& p = r.profile;
    ASSERT_EQ(p.setup.size(), 1u);
    EXPECT_EQ(p.setup[0].count, 100u);
    EXPECT_FALSE(p.setup[0].call.undo);
    auto errors = resolve_setup(p, shipped_specs().specs);
    for (auto const& e : errors) ADD_FAILURE() << e.str();
    ASSERT_TRUE(p.setup[0].call.undo);
    EXPECT_EQ(p.setup[0].call.undo->first, "delete_user");
    EXPECT_EQ(bj::serialize(p.setup[0].call.undo->second), R"({"userid":"${uid}"})");
}

TEST(SetupLint, ReportsEveryProblemWithLineAndColumn) {
    auto msgs = problems(std::string(tail) +
                         "setup:\n"
                         "  - call: create_user\n"                                      // 3: no ${run}
                         "    args: {username: fixed, email: fixed@example.com}\n"
                         "  - {call: create_user, count: 3, args: {username: \"${run}_x\"}}\n"  // 5: no ${i}
                         "  - {call: create_user, count: 0, args: {username: \"${run}\"}}\n"    // 6: count
                         "  - {call: create_user, as: root, colour: blue, args: {username: \"${run}\"}}\n"  // 7
                         "  - {call: create_repo, args: {repo_name: \"${run}_r\"}}\n"   // 8: no known undo
                         "  - {call: make_coffee, args: {name: \"${run}\"}, undo: {call: drink}}\n"  // 9
                         "mix:\n"
                         "  - {method: get_user, args: {userid: {$pick_setup: repo_id}}}\n"  // 11: not recorded
                         "  - {method: get_user, args: {userid: {$pick_setup: 5}}}\n"); // 12: not a name
    EXPECT_TRUE(has(msgs, "kconform_setup_profile.yaml:3:5: setup create_user: no argument holds ${run}"))
        << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":5:5: setup create_user: count 3 needs ${i}")) << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":6:32: count: expected a whole number")) << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":7:29: setup step.as: unknown key 'root'")) << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":7:35: setup step: unknown key 'colour'")) << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":8:5: setup: create_repo has no undo and specs/ undo it nowhere"))
        << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":9:5: setup: no method make_coffee in the specs")) << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":9:5: setup: undo calls drink, no method in the specs")) << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":11:5: mix get_user: $pick_setup: no setup step records 'repo_id'"))
        << testing::PrintToString(msgs);
    EXPECT_TRUE(has(msgs, ":12:30: $pick_setup: expected the name of a setup argument or saved value"))
        << testing::PrintToString(msgs);
}

TEST(SetupLint, StepsReadLikeTheHarnesssAndTakeOnlyTheRolesALoadHasKeysFor) {
    load_profile p;
    auto msgs = problems(std::string(tail) +
                         "setup:\n"
                         "  - {call: create_user, as: none, args: {username: \"${run}\"}}\n"  // 3: no key for none
                         "  - call: create_user\n"                                              // 4
                         "    as: user\n"
                         "    args: {username: \"${run}_u\"}\n"
                         "    save: {uid: result.user.user_id}\n"
                         "    undo: {call: delete_user, args: {userid: \"${uid}\"}}\n"
                         "mix: [{method: get_server_info}]\n",
                         &p);
    EXPECT_TRUE(has(msgs, ":3:29: setup step.as: a load run has keys for admin, user and user2 only"))
        << testing::PrintToString(msgs);
    EXPECT_EQ(msgs.size(), 1u) << testing::PrintToString(msgs);
    ASSERT_EQ(p.setup.size(), 2u);
    auto const& st = p.setup[1].call;
    EXPECT_EQ(st.loc.line, 4);
    EXPECT_EQ(st.method, "create_user");
    EXPECT_EQ(st.key, spec::key_kind::user);
    ASSERT_EQ(st.save.size(), 1u);
    EXPECT_EQ(st.save[0], (std::pair<std::string, std::string>{"uid", "result.user.user_id"}));
    ASSERT_TRUE(st.undo);
    EXPECT_EQ(st.undo->first, "delete_user");
    EXPECT_EQ(bj::serialize(st.undo->second), R"({"userid":"${uid}"})");
}

TEST(SetupLint, PickSetupWithoutSetupIsAnError) {
    auto msgs = problems(std::string(tail) + "mix:\n  - {method: get_user, args: {userid: {$pick_setup: uid}}}\n");
    EXPECT_TRUE(has(msgs, ":3:30: $pick_setup: uid: the profile has no setup")) << testing::PrintToString(msgs);
    EXPECT_EQ(msgs.size(), 1u) << testing::PrintToString(msgs);
}

TEST(SetupLint, AWrittenUndoAndArgumentNamesNeedNoSpecKnowledge) {
    load_profile p;
    auto msgs = problems(std::string(tail) +
                         "setup:\n"
                         "  - call: create_repo\n"
                         "    args: {repo_name: \"${run}_r\"}\n"
                         "    undo: {call: delete_repo, args: {repoid: \"${run}_r\"}}\n"
                         "mix:\n  - {method: get_repo, args: {repoid: {$pick_setup: repo_name}}}\n", &p);
    EXPECT_TRUE(msgs.empty()) << testing::PrintToString(msgs);
    ASSERT_EQ(p.setup.size(), 1u);
    EXPECT_TRUE(p.setup[0].call.save.empty());  // nothing learnt: the written undo stands
}

TEST(BindSetup, PickSetupBecomesAPickOverWhatSetupMadeAndRunIsExpanded) {
    load_profile p;
    p.mix.push_back({"get_user", 1, bj::object{{"userid", bj::object{{"$pick_setup", "uid"}}}, {"note", "${run}-${seq}"}},
                     "admin", false, "", {}});
    setup_values made{{{"uid", 7}, {"username", "a"}}, {{"uid", 9}}, {{"username", "b"}}};
    auto bound = bind_setup(p, made, "kcabc123");
    EXPECT_EQ(bj::serialize(bound.mix[0].args), R"({"userid":{"$pick":[7,9]},"note":"kcabc123-${seq}"})");
}

// End to end against the embedded reference server.
class LoadSetup : public testing::Test {
protected:
    void SetUp() override {
        auto started = server::embedded::start();
        ASSERT_TRUE(started);
        server_ = std::move(*started);
        target_ = *parse_target(server_->url());
        client_ = std::make_unique<http_client>(target_);
        auto const& k = server_->keys();
        fixture_ = std::make_unique<harness::fixture>(*client_, harness::role_keys{k.admin, k.user, k.user2, ""});
    }

    load_profile profile(std::string const& yaml) {
        load_profile p;
        auto msgs = problems(yaml, &p);
        for (auto const& m : msgs) ADD_FAILURE() << m;
        return p;
    }

    engine_options options(std::atomic<bool> const* stop = nullptr) {
        auto const& k = server_->keys();
        return {target_, {k.admin, k.user, k.user2}, &shipped_specs().specs, {}, {}, stop};
    }

    // Users of the store whose name starts with `prefix`, with their first names.
    std::map<std::string, std::string> users_named(std::string const& prefix) {
        std::map<std::string, std::string> out;
        server_->with_store([&](server::store& s) {
            for (auto const* u : s.users_by_name())
                if (u->username.rfind(prefix, 0) == 0) out[u->username] = u->firstname;
        });
        return out;
    }

    std::unique_ptr<server::embedded> server_;
    target target_;
    std::unique_ptr<http_client> client_;
    std::unique_ptr<harness::fixture> fixture_;
};

constexpr char const* churn =
    "schedule: [{rate: 400, duration: 500ms}]\n"
    "connections: 4\n"
    "setup:\n"
    "  - call: create_user\n"
    "    count: 20\n"
    "    args: {username: \"${run}_u${i}\", email: \"${run}_u${i}@example.com\"}\n"
    "    save: {uid: result.user.user_id}\n"
    "mix:\n"
    "  - {method: get_user, weight: 2, args: {userid: {$pick_setup: uid}}}\n"
    "  - {method: get_user, weight: 1, args: {userid: {$pick_setup: username}}}\n"
    "  - {method: update_user, weight: 1, args: {userid: {$pick_setup: uid}, firstname: \"churn${seq}\"}}\n";

TEST_F(LoadSetup, SetupMakesTheUsersTheLoadUsesThemAndTeardownRemovesThemAll) {
    auto p = profile(churn);
    setup_values made;
    ASSERT_FALSE(run_setup(p, *fixture_, "kcsetup1", made, nullptr));
    EXPECT_EQ(made.size(), 20u);
    EXPECT_EQ(fixture_->size(), 20u);
    EXPECT_EQ(users_named("kcsetup1_u").size(), 20u);

    auto s = run_load(bind_setup(p, made, "kcsetup1"), options());
    ASSERT_TRUE(s);
    EXPECT_EQ(s->total.total(), 200u);
    EXPECT_EQ(s->total.counts[static_cast<std::size_t>(outcome::ok)], 200u);  // every picked user existed
    auto after = users_named("kcsetup1_u");
    auto churned = std::count_if(after.begin(), after.end(), [](auto const& u) { return u.second.starts_with("churn"); });
    EXPECT_GE(churned, 10) << "update_user reached only " << churned << " of the 20 users";

    EXPECT_TRUE(fixture_->undo_all().empty());
    EXPECT_TRUE(users_named("kcsetup1").empty());
    EXPECT_EQ(users_named("test_admin").size(), 1u);  // only what setup made is removed
}

TEST_F(LoadSetup, AFailedSetupIsReportedAndWhatItMadeIsUndone) {
    auto p = profile(churn);
    setup_step dup = p.setup[0];
    dup.count = 1;
    dup.call.args["username"] = "${run}_u3";  // exists already: create_user refuses it
    p.setup.push_back(dup);
    setup_values made;
    auto failure = run_setup(p, *fixture_, "kcsetup2", made, nullptr);
    ASSERT_TRUE(failure);
    EXPECT_NE(failure->find("setup call 1 of 1: create_user"), std::string::npos) << *failure;
    EXPECT_NE(failure->find("already exist"), std::string::npos) << *failure;
    EXPECT_EQ(users_named("kcsetup2").size(), 20u);
    EXPECT_TRUE(fixture_->undo_all().empty());
    EXPECT_TRUE(users_named("kcsetup2").empty());
}

TEST_F(LoadSetup, AStoppedLoadEndsEarlyAndTeardownStillRemovesEverything) {
    auto p = profile(churn);
    p.stages = {stage{200, -1, 10s}};
    setup_values made;
    ASSERT_FALSE(run_setup(p, *fixture_, "kcsetup3", made, nullptr));
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
        std::this_thread::sleep_for(300ms);
        stop = true;
    });
    auto begun = steady::now();
    auto s = run_load(bind_setup(p, made, "kcsetup3"), options(&stop));
    stopper.join();
    ASSERT_TRUE(s);
    EXPECT_LT(steady::now() - begun, 2s);
    EXPECT_LT(s->duration, 1s);  // the summary covers the main phase up to the stop
    EXPECT_GT(s->total.total(), 20u);
    EXPECT_LT(s->total.total(), 200u);
    EXPECT_TRUE(fixture_->undo_all().empty());
    EXPECT_TRUE(users_named("kcsetup3").empty());
}

TEST_F(LoadSetup, SetupStopsWhenAskedAndKeepsItsLedger) {
    auto p = profile(churn);
    std::atomic<bool> stop{true};
    setup_values made;
    auto failure = run_setup(p, *fixture_, "kcsetup4", made, &stop);
    ASSERT_TRUE(failure);
    EXPECT_EQ(*failure, "setup interrupted");
    EXPECT_EQ(fixture_->size(), 0u);
}

} // namespace
} // namespace kconform::load
