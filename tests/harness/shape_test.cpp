// Shape validation: types, required/optional members, exact key sets, items, map values, named shapes.
#include "harness/check/shape.hpp"

#include "harness/spec/loader.hpp"

#include <gtest/gtest.h>

namespace kconform::check {
namespace {

class ShapeCheck : public testing::Test {
protected:
    void SetUp() override {
        auto r = spec::load_specs(KCONFORM_SPECS_DIR);
        ASSERT_TRUE(r.errors.empty());
        specs_ = std::move(r.specs);
    }
    failures run(std::string const& shape, std::string const& json) {
        simdjson::dom::element e;
        EXPECT_EQ(parser_.parse(json).get(e), simdjson::SUCCESS);
        failures out;
        check_shape(e, specs_.shapes.at(shape), specs_.shapes, "result", out);
        return out;
    }
    spec::spec_set specs_;
    simdjson::dom::parser parser_;
};

constexpr char good_user[] = R"({"user_id": 3, "username": "u", "firstname": "", "lastname": "", "email": null,
  "emails": [], "active": true, "admin": false})";

TEST_F(ShapeCheck, AcceptsAConformingUser) { EXPECT_TRUE(run("User", good_user).empty()); }

TEST_F(ShapeCheck, NamesTheWrongTypeWithPathAndValue) {
    auto out = run("User", R"({"user_id": 3, "username": "u", "firstname": "", "lastname": "", "email": null,
      "emails": [], "active": "true", "admin": false})");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].str(), "result.active: type: expected boolean, got string \"true\"");
}

TEST_F(ShapeCheck, ReportsMissingAndExtraMembers) {
    auto out = run("User", R"({"user_id": 3, "username": "u", "firstname": "", "lastname": "", "email": null,
      "emails": [], "active": true, "api_key": "x"})");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].path, "result.admin");
    EXPECT_EQ(out[0].rule, "present");
    EXPECT_EQ(out[1].path, "result.api_key");
    EXPECT_EQ(out[1].rule, "exact-keys");
}

TEST_F(ShapeCheck, ChecksArrayItemsAndMapValues) {
    auto out = run("UserWithPermissions", R"({"user_id": 3, "username": "u", "firstname": "", "lastname": "",
      "email": "a@b", "emails": ["a@b", 7], "active": true, "admin": false,
      "permissions": {"global": [], "repositories": {"r": 1}, "repositories_groups": {}, "user_groups": {}}})");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].path, "result.emails.1");
    EXPECT_EQ(out[1].path, "result.permissions.repositories.r");
}

TEST_F(ShapeCheck, RejectsANonObjectAtTheTop) {
    auto out = run("User", "[1]");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].rule, "type");
    EXPECT_EQ(out[0].expected, "object");
}

TEST_F(ShapeCheck, BoundsTheNumberOfFailures) {
    std::string many = "[";
    for (int i = 0; i < 100; ++i) many += std::string(i ? "," : "") + "1";
    many += "]";
    simdjson::dom::element e;
    ASSERT_EQ(parser_.parse(many).get(e), simdjson::SUCCESS);
    spec::schema s;
    s.types = {spec::jtype::array};
    s.items.push_back(specs_.shapes.at("User"));
    failures out;
    check_shape(e, s, specs_.shapes, "result", out, 20);
    EXPECT_EQ(out.size(), 20u);
}

} // namespace
} // namespace kconform::check
