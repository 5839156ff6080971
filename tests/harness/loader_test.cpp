// Spec loader: a good spec set loads into typed structs; a bad one yields every error with file:line:col.
#include "harness/spec/loader.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace kconform::spec {
namespace {

std::string const data = KCONFORM_TEST_DATA;

bool has_error(load_result const& r, std::string const& file_suffix, int line, std::string const& text) {
    return std::any_of(r.errors.begin(), r.errors.end(), [&](load_error const& e) {
        return e.loc.file.ends_with(file_suffix) && e.loc.line == line && e.message.find(text) != std::string::npos;
    });
}

std::string all_errors(load_result const& r) {
    std::string s;
    for (auto const& e : r.errors) s += e.str() + "\n";
    return s;
}

TEST(SpecLoader, LoadsAGoodSpecSet) {
    auto r = load_specs(data + "/specs_good");
    ASSERT_TRUE(r.errors.empty()) << all_errors(r);
    ASSERT_EQ(r.specs.methods.size(), 1u);
    auto const& m = r.specs.methods[0];
    EXPECT_EQ(m.name, "get_thing");
    EXPECT_EQ(m.area, "users");
    ASSERT_EQ(m.args.size(), 3u);
    EXPECT_TRUE(m.args[0].required);
    EXPECT_FALSE(m.args[2].required);
    EXPECT_EQ(m.result.ref, "Thing");
    ASSERT_EQ(m.examples.size(), 2u);
    EXPECT_EQ(m.examples[1].expect.kind, expect_spec::outcome::error);
    EXPECT_EQ(m.examples[1].loc.line, 15);
    EXPECT_EQ(r.specs.shapes.at("Thing").optional_fields, std::vector<std::string>{"b"});
    ASSERT_EQ(r.specs.envelope.checks.size(), 1u);
    EXPECT_FALSE(r.specs.envelope.checks[0].request.id.has_value());
}

TEST(SpecLoader, ASubsetReadsOnlyTheNamedMethodsAndTheSharedFiles) {
    auto r = load_specs(data + "/specs_good/", std::set<std::string>{"get_thing"});  // trailing slash on purpose
    ASSERT_TRUE(r.errors.empty()) << all_errors(r);
    ASSERT_EQ(r.specs.methods.size(), 1u);
    EXPECT_EQ(r.specs.shapes.count("Thing"), 1u);
    EXPECT_EQ(r.specs.envelope.checks.size(), 1u);

    auto none = load_specs(data + "/specs_good", std::set<std::string>{"get_other"});
    EXPECT_TRUE(none.errors.empty()) << all_errors(none);
    EXPECT_TRUE(none.specs.methods.empty());
    EXPECT_EQ(none.specs.shapes.count("Thing"), 1u);  // shared files are always read

    // A broken method file outside the subset is not read (kconform run and lint still report it).
    auto bad = load_specs(data + "/specs_bad", std::set<std::string>{"no_such_method"});
    EXPECT_FALSE(has_error(bad, "users/broken.yaml", 4, "unknown key 'colour'")) << all_errors(bad);
}

TEST(SpecLoader, RejectsUnknownKeyWithLineAndColumn) {
    auto r = load_specs(data + "/specs_bad");
    auto it = std::find_if(r.errors.begin(), r.errors.end(),
                           [](auto const& e) { return e.message.find("unknown key 'colour'") != std::string::npos; });
    ASSERT_NE(it, r.errors.end()) << all_errors(r);
    EXPECT_TRUE(it->loc.file.ends_with("users/broken.yaml"));
    EXPECT_EQ(it->loc.line, 4);
    EXPECT_EQ(it->loc.col, 1);
}

TEST(SpecLoader, ReportsEveryProblemInOnePass) {
    auto r = load_specs(data + "/specs_bad");
    std::string all = all_errors(r);
    EXPECT_TRUE(has_error(r, "users/broken.yaml", 3, "access: 'sometimes'")) << all;
    EXPECT_TRUE(has_error(r, "users/broken.yaml", 6, "required: expected true or false")) << all;
    EXPECT_TRUE(has_error(r, "users/broken.yaml", 10, "unknown key 'superuser'")) << all;
    EXPECT_TRUE(has_error(r, "users/broken.yaml", 11, "'no_such_key' is not in the method's or the envelope's catalog")) << all;
    EXPECT_TRUE(has_error(r, "users/broken.yaml", 12, "duplicate id 'one'")) << all;
    EXPECT_TRUE(has_error(r, "shapes.yaml", 4, "unknown type 'integr'")) << all;
    EXPECT_TRUE(has_error(r, "shapes.yaml", 5, "unknown shape 'Missing'")) << all;
}

TEST(SpecLoader, ReportsYamlSyntaxErrorsWithLocation) {
    auto r = load_specs(data + "/specs_bad");
    auto it = std::find_if(r.errors.begin(), r.errors.end(), [](auto const& e) { return e.loc.file.ends_with("syntax.yaml"); });
    ASSERT_NE(it, r.errors.end()) << all_errors(r);
    EXPECT_GT(it->loc.line, 1);
    EXPECT_FALSE(it->message.empty());
}

TEST(SpecLoader, ReportsAMissingDirectory) {
    auto r = load_specs(data + "/no_such_dir");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].message, "not a directory");
}

TEST(SpecLoader, ShippedSpecsAreClean) {
    auto r = load_specs(KCONFORM_SPECS_DIR);
    EXPECT_TRUE(r.errors.empty()) << all_errors(r);
    EXPECT_NE(r.specs.find("get_user"), nullptr);
}

// Found by fuzz_spec: absent members and documents that are not mappings threw yaml-cpp exceptions out of the loader.
TEST(SpecLoader, ReportsOddDocumentsAsErrors) {
    auto steps = load_spec_text("subjects:\n  repo:\n    subject: x\n    roles:\n      none:\n        - {call: create_repo}\n",
                                "matrix.yaml");
    EXPECT_TRUE(steps.errors.empty()) << steps.errors.front().str();
    ASSERT_EQ(steps.specs.subjects.count("repo"), 1u);
    EXPECT_TRUE(steps.specs.subjects.at("repo").roles.at(0).second.at(0).args.empty());
    for (auto rel : {"shapes.yaml", "envelope.yaml", "matrix.yaml", "users/x.yaml"}) {
        auto scalar = load_spec_text("just a scalar", rel);
        ASSERT_FALSE(scalar.errors.empty()) << rel;
        EXPECT_NE(scalar.errors.front().str().find(std::string(rel) + ":1:1: "), std::string::npos) << scalar.errors.front().str();
    }
}

} // namespace
} // namespace kconform::spec

