// The fault decorators: each changes what the reference answer would have been, and the catalogue is complete.
#include "server/faults.hpp"

#include "rpc_helpers.hpp"

#include <gtest/gtest.h>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace kconform::server {
// Names the fault in test output instead of dumping the struct's bytes.
void PrintTo(fault const& f, std::ostream* os) { *os << f.name; }

namespace {

namespace json = boost::json;

// A request that touches what the fault breaks.
std::string probe_for(std::string_view name) {
    std::string_view method = "get_user";
    json::value args = json::object{};
    std::string key{defaults::admin_key};
    if (name == "repo-name-missing") method = "get_repos";
    if (name == "wrong-error-text" || name == "error-null-on-failure") args = {{"userid", "ghost"}};
    if (name == "admin-check-skipped") {
        method = "get_users";
        key = defaults::user_key;
    }
    if (name == "delete-not-applied") {
        method = "delete_gist";
        args = {{"gistid", 1}};
    }
    return testing::call_body(key, method, args, 5);
}

class Fault : public ::testing::TestWithParam<fault> {};

TEST_P(Fault, ChangesTheAnswerOrTheState) {
    fault const& f = GetParam();
    store clean, faulty;
    http_input const in = testing::post(probe_for(f.name));
    http_output const expected = handle_http(in, clean);
    http_output const actual = f.wrap(handle_http)(in, faulty);
    bool const differs = expected.status != actual.status || expected.content_type != actual.content_type ||
                         expected.body != actual.body || clean.db().gists.size() != faulty.db().gists.size();
    EXPECT_TRUE(differs) << f.name << ": " << actual.body;
}

// The hand-written faults the probes above reach; every fault of the catalogue (the generated families too) is
// proven against the whole suite by tests/integration/fault_test.cpp.
std::vector<fault> probed_faults() {
    std::vector<fault> out;
    for (auto const& f : fault_catalog()) {
        if (out.size() < 10) out.push_back(f);
    }
    return out;
}

INSTANTIATE_TEST_SUITE_P(Catalog, Fault, ::testing::ValuesIn(probed_faults()),
                         [](auto const& info) { return testing::test_name(info.param.name); });

// Wire faults ("wire-<how>-<method>") keep the answer and change only how the listener delivers a success of their
// method; errors and other methods are delivered normally.
TEST(WireFaults, ChangeOnlyTheDeliveryOfTheirMethodsSuccesses) {
    std::size_t seen = 0;
    for (auto const& f : fault_catalog()) {
        if (!f.name.starts_with("wire-")) continue;
        ++seen;
        std::string const method = f.name.substr(f.name.find('-', 5) + 1);
        store clean, faulty;
        auto const wrapped = f.wrap(handle_http);
        http_input const ok = testing::post(testing::call_body(defaults::admin_key, method, json::object{}, 5));
        http_output const expected = handle_http(ok, clean);
        http_output const actual = wrapped(ok, faulty);
        EXPECT_EQ(actual.body, expected.body) << f.name;
        EXPECT_NE(actual.wire.how, delivery::mode::answer) << f.name;
        http_input const refused = testing::post(testing::call_body("bad-key", method, json::object{}, 5));
        EXPECT_EQ(wrapped(refused, faulty).wire.how, delivery::mode::answer) << f.name << ": an error answer";
        http_input const other = testing::post(testing::call_body(defaults::admin_key, "get_ip", json::object{}, 5));
        EXPECT_EQ(wrapped(other, faulty).wire.how, delivery::mode::answer) << f.name << ": another method";
    }
    EXPECT_GE(seen, 4u);
}

TEST(FaultCatalog, HasAHundredUniquelyNamedFaultsAcrossSixFamilies) {
    std::set<std::string_view> families;
    std::set<std::string> names;
    for (auto const& f : fault_catalog()) {
        families.insert(f.family);
        EXPECT_TRUE(names.insert(f.name).second) << "duplicate fault name " << f.name;
        EXPECT_FALSE(f.description.empty()) << f.name;
    }
    for (auto const& f : benign_catalog()) EXPECT_TRUE(names.insert(f.name).second) << "duplicate name " << f.name;
    EXPECT_GE(fault_catalog().size(), 100u);
    EXPECT_EQ(families.size(), 6u);
    EXPECT_NE(with_fault("http-500"), std::nullopt);
    EXPECT_EQ(with_fault("no-such-fault"), std::nullopt);
}

} // namespace
} // namespace kconform::server
