// Check generation: which checks a spec yields, with stable IDs; and ID globbing.
#include "harness/case/check_case.hpp"

#include "harness/spec/loader.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace kconform::harness {
namespace {

std::vector<std::string> ids(std::vector<check_case> const& checks) {
    std::vector<std::string> out;
    for (auto const& c : checks) out.push_back(c.id);
    return out;
}

TEST(Generate, DerivesMissingUnknownBadKeyAndRoleChecks) {
    auto r = spec::load_specs(KCONFORM_TEST_DATA "/specs_good");
    ASSERT_TRUE(r.errors.empty());
    auto checks = generate(r.specs);
    EXPECT_EQ(ids(checks), (std::vector<std::string>{
                               "users/get_thing/gets", "users/get_thing/missing", "users/get_thing/missing-a",
                               "users/get_thing/missing-b", "users/get_thing/unknown-arg", "users/get_thing/bad-key",
                               "users/get_thing/role-admin", "users/get_thing/role-user", "users/get_thing/role-user2",
                               "envelope/missing-id"}));
    auto const& missing_a = checks[2];
    EXPECT_FALSE(missing_a.request.args->as_object().contains("a"));
    EXPECT_TRUE(missing_a.request.args->as_object().contains("b"));
    EXPECT_EQ(missing_a.vars.at("arg"), "a");
    EXPECT_EQ(checks[7].expect.kind, spec::expect_spec::outcome::denied);
    EXPECT_EQ(checks[5].request.key, spec::key_kind::unknown);
}

TEST(Generate, ShippedSpecsHaveUniqueIds) {
    auto r = spec::load_specs(KCONFORM_SPECS_DIR);
    ASSERT_TRUE(r.errors.empty());
    auto all = ids(generate(r.specs));
    auto sorted = all;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
    EXPECT_GT(all.size(), 50u);
}

struct glob_case {
    char const* pattern;
    char const* id;
    bool match;
};

class GlobMatch : public testing::TestWithParam<glob_case> {};

TEST_P(GlobMatch, MatchesIds) { EXPECT_EQ(glob_match(GetParam().pattern, GetParam().id), GetParam().match); }

INSTANTIATE_TEST_SUITE_P(Table, GlobMatch,
    testing::Values(glob_case{"*", "users/get_user/x", true}, glob_case{"users/*", "users/get_user/x", true},
                    glob_case{"users/*", "envelope/x", false}, glob_case{"*/missing-*", "users/get_user/missing-a", true},
                    glob_case{"users/get_use?/x", "users/get_user/x", true}, glob_case{"users/get_user", "users/get_user/x", false},
                    glob_case{"", "", true}, glob_case{"a*b*c", "aXbYc", true}, glob_case{"a*b*c", "aXbY", false}),
    [](testing::TestParamInfo<glob_case> const& info) { return "Case" + std::to_string(info.index); });

} // namespace
} // namespace kconform::harness
