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
                               "users/get_thing/default-key", "users/get_thing/args-not-object", "users/get_thing/null-a",
                               "users/get_thing/null-b", "users/get_thing/role-admin", "users/get_thing/role-user",
                               "users/get_thing/role-user2", "envelope/missing-id"}));
    auto const& missing_a = checks[2];
    EXPECT_FALSE(missing_a.request.args->as_object().contains("a"));
    EXPECT_TRUE(missing_a.request.args->as_object().contains("b"));
    EXPECT_EQ(missing_a.vars.at("arg"), "a");
    EXPECT_EQ(checks[11].expect.kind, spec::expect_spec::outcome::denied);
    EXPECT_EQ(checks[5].request.key, spec::key_kind::unknown);
    EXPECT_EQ(checks[6].request.key, spec::key_kind::default_user);
    EXPECT_TRUE(checks[7].request.args->is_array());
    EXPECT_EQ(checks[7].vars.at("arg"), "b");  // the last required argument is the one reported
    EXPECT_TRUE(checks[8].request.args->as_object().at("a").is_null());
    EXPECT_EQ(checks[8].expect.kind, spec::expect_spec::outcome::any);
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

// Per method: its examples; with an ok example, two checks per required argument (missing, null), four generic ones
// (unknown-arg, bad-key, default-key, args-not-object) and one per role; plus one per matrix cell.
TEST(Generate, CountsPerMethodFollowTheSpec) {
    auto r = spec::load_specs(KCONFORM_SPECS_DIR);
    ASSERT_TRUE(r.errors.empty());
    auto checks = generate(r.specs);
    for (auto const& m : r.specs.methods) {
        auto prefix = m.area + "/" + m.name + "/";
        auto actual = std::count_if(checks.begin(), checks.end(), [&](auto const& c) { return c.id.starts_with(prefix); });
        bool has_ok = std::any_of(m.examples.begin(), m.examples.end(),
                                  [](auto const& e) { return e.expect.kind == spec::expect_spec::outcome::ok; });
        auto required = std::count_if(m.args.begin(), m.args.end(), [](auto const& a) { return a.required; });
        std::size_t roles = !m.roles.empty() ? m.roles.size() : m.access == "admin" ? 3 : 0;
        std::size_t expected = m.examples.size() + (has_ok ? 2 * required + 4 + roles : 0) + (m.matrix ? m.matrix->cells.size() : 0);
        EXPECT_EQ(static_cast<std::size_t>(actual), expected) << m.name;
    }
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
