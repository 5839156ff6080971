// One table row of the API method tests: who calls what with which arguments (after an optional store edit), and
// either the exact error text or a few facts about the result ("path" = value, "#path" = array length).
#pragma once
#include "rpc_helpers.hpp"

#include <boost/json/serialize.hpp>
#include <functional>
#include <gtest/gtest.h>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace kconform::server::testing {

/** Keys of the default state's callers. */
inline std::string const admin_key{defaults::admin_key};
inline std::string const user_key{defaults::user_key};
inline std::string const user2_key{defaults::user2_key};

/** A fact about the result: a '/'-separated path ("" = the result) and its value; a leading '#' compares sizes. */
using fact = std::pair<std::string, boost::json::value>;

struct api_case {
    std::string name;                    // CamelCase behaviour, the test's name
    std::string key;                     // caller's API key
    std::string method;
    boost::json::value args;
    std::string error;                   // expected error text; "" = success expected
    std::vector<fact> facts{};           // checked on success
    std::function<void(store&)> setup{};
};

inline void PrintTo(api_case const& c, std::ostream* os) { *os << c.name; }

/** The value at `path` inside `v`, or nullptr when a step is missing. */
inline boost::json::value const* at_path(boost::json::value const& v, std::string_view path) {
    boost::json::value const* cur = &v;
    while (!path.empty() && cur != nullptr) {
        auto const slash = path.find('/');
        std::string const step(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (auto const* o = cur->if_object()) {
            cur = o->if_contains(step);
        } else if (auto const* a = cur->if_array()) {
            std::size_t const i = std::stoul(step);
            cur = i < a->size() ? &(*a)[i] : nullptr;
        } else {
            cur = nullptr;
        }
    }
    return cur;
}

/** Runs one case against a fresh default store with a fixed clock and checks it. */
inline void run_api_case(api_case const& c) {
    store_options opts;
    opts.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)); };
    store s(opts);
    if (c.setup) c.setup(s);
    auto const answer = call(s, c.key, c.method, c.args);
    ASSERT_TRUE(answer.is_object()) << answer;
    auto const& o = answer.get_object();
    if (!c.error.empty()) {
        EXPECT_EQ(o.at("error"), boost::json::value(c.error)) << boost::json::serialize(answer);
        EXPECT_TRUE(o.at("result").is_null());
        return;
    }
    ASSERT_TRUE(o.at("error").is_null()) << boost::json::serialize(answer);
    for (auto const& [path, expected] : c.facts) {
        bool const size = path.starts_with('#');
        auto const* v = at_path(o.at("result"), size ? std::string_view(path).substr(1) : std::string_view(path));
        ASSERT_NE(v, nullptr) << "no " << path << " in " << boost::json::serialize(o.at("result"));
        if (size) {
            std::size_t const n = v->is_array() ? v->get_array().size() : v->is_object() ? v->get_object().size() : 0;
            EXPECT_EQ(boost::json::value(n), expected) << path << " in " << boost::json::serialize(*v);
        } else {
            EXPECT_EQ(*v, expected) << path;
        }
    }
}

/** GoogleTest name generator for api_case tables. */
struct api_case_name {
    std::string operator()(::testing::TestParamInfo<api_case> const& info) const { return info.param.name; }
};

} // namespace kconform::server::testing
