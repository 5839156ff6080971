// The rule factory and the rules. Every rule reads the response through simdjson's error-code API, so a value of
// an unexpected type is a failure, never an exception.
#include "harness/check/rules.hpp"

#include "core/json_util.hpp"
#include "harness/spec/model.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <fmt/format.h>
#include <regex>

namespace kconform::check {
namespace dom = simdjson::dom;
namespace bj = boost::json;

std::string failure::str() const {
    return fmt::format("{}: {}: expected {}, got {}", path, rule, expected, actual);
}

std::optional<dom::element> resolve(dom::element root, std::string_view path) {
    dom::element cur = root;
    while (!path.empty()) {
        auto dot = path.find('.');
        auto seg = path.substr(0, dot);
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
        dom::object obj;
        dom::array arr;
        if (cur.get(obj) == simdjson::SUCCESS) {
            if (obj.at_key(seg).get(cur) != simdjson::SUCCESS) return std::nullopt;
        } else if (cur.get(arr) == simdjson::SUCCESS) {
            std::size_t index = 0;
            auto [p, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), index);
            if (ec != std::errc() || p != seg.data() + seg.size()) return std::nullopt;
            if (arr.at(index).get(cur) != simdjson::SUCCESS) return std::nullopt;
        } else {
            return std::nullopt;
        }
    }
    return cur;
}

void rule::fail(failures& out, std::string expected, std::string actual) const {
    out.push_back({path_, std::string(directive()), std::move(expected), std::move(actual)});
}

namespace {

class equal_rule final : public rule {
public:
    equal_rule(std::string path, bj::value v) : rule(std::move(path)), value_(std::move(v)) {}
    std::string_view directive() const noexcept override { return "equal"; }
    void check(dom::element root, failures& out) const override {
        auto e = resolve(root, path());
        if (!e) return fail(out, json::describe(value_, 200), "nothing (absent)");
        if (!json::equal(*e, value_)) fail(out, json::describe(value_, 200), json::describe(*e, 200));
    }

private:
    bj::value value_;
};

class present_rule final : public rule {
public:
    using rule::rule;
    std::string_view directive() const noexcept override { return "present"; }
    void check(dom::element root, failures& out) const override {
        if (!resolve(root, path())) fail(out, "a value", "nothing (absent)");
    }
};

class absent_rule final : public rule {
public:
    using rule::rule;
    std::string_view directive() const noexcept override { return "absent"; }
    void check(dom::element root, failures& out) const override {
        if (auto e = resolve(root, path())) fail(out, "no value", json::describe(*e));
    }
};

} // namespace

bool has_type(dom::element e, spec::jtype t) noexcept {
    using spec::jtype;
    switch (t) {
    case jtype::any: return true;
    case jtype::null: return e.is_null();
    case jtype::boolean: return e.is_bool();
    case jtype::integer: return e.is_int64() || e.is_uint64();
    case jtype::number: return e.is_number();
    case jtype::string: return e.is_string();
    case jtype::array: return e.is_array();
    case jtype::object: return e.is_object();
    }
    return false;
}

std::string types_text(std::vector<spec::jtype> const& types) {
    std::string s;
    for (std::size_t i = 0; i < types.size(); ++i)
        s += fmt::format("{}{}", i == 0 ? "" : i + 1 == types.size() ? " or " : ", ", spec::name_of(types[i]));
    return s;
}

namespace {

class type_rule final : public rule {
public:
    type_rule(std::string path, std::vector<spec::jtype> types) : rule(std::move(path)), types_(std::move(types)) {}
    std::string_view directive() const noexcept override { return "type"; }
    void check(dom::element root, failures& out) const override {
        auto e = resolve(root, path());
        if (!e) return fail(out, types_text(types_), "nothing (absent)");
        for (auto t : types_)
            if (has_type(*e, t)) return;
        fail(out, types_text(types_), json::describe(*e));
    }

private:
    std::vector<spec::jtype> types_;
};

class one_of_rule final : public rule {
public:
    one_of_rule(std::string path, bj::array values) : rule(std::move(path)), values_(std::move(values)) {}
    std::string_view directive() const noexcept override { return "one_of"; }
    void check(dom::element root, failures& out) const override {
        auto e = resolve(root, path());
        std::string expected = "one of " + bj::serialize(values_);
        if (!e) return fail(out, expected, "nothing (absent)");
        for (auto const& v : values_)
            if (json::equal(*e, v)) return;
        fail(out, expected, json::describe(*e));
    }

private:
    bj::array values_;
};

class prefix_rule final : public rule {
public:
    prefix_rule(std::string path, std::string prefix) : rule(std::move(path)), prefix_(std::move(prefix)) {}
    std::string_view directive() const noexcept override { return "prefix"; }
    void check(dom::element root, failures& out) const override {
        auto e = resolve(root, path());
        std::string expected = fmt::format("a string starting with \"{}\"", prefix_);
        std::string_view s;
        if (!e) return fail(out, expected, "nothing (absent)");
        if (e->get(s) != simdjson::SUCCESS || s.substr(0, prefix_.size()) != prefix_) fail(out, expected, json::describe(*e));
    }

private:
    std::string prefix_;
};

// libstdc++'s std::regex recurses once per character, so a long string from a hostile server would overflow the
// stack (a 100 000-digit access_id against ^[0-9]+$ does): longer strings fail the rule without being matched.
inline constexpr std::size_t max_match_length = 4096;

class matches_rule final : public rule {
public:
    matches_rule(std::string path, std::string pattern, std::regex re)
        : rule(std::move(path)), pattern_(std::move(pattern)), re_(std::move(re)) {}
    std::string_view directive() const noexcept override { return "matches"; }
    void check(dom::element root, failures& out) const override {
        auto e = resolve(root, path());
        std::string expected = fmt::format("a string matching /{}/", pattern_);
        std::string_view s;
        if (!e) return fail(out, expected, "nothing (absent)");
        if (e->get(s) == simdjson::SUCCESS && s.size() > max_match_length)
            return fail(out, fmt::format("{} of at most {} characters", expected, max_match_length), json::describe(*e));
        if (e->get(s) != simdjson::SUCCESS || !std::regex_search(s.begin(), s.end(), re_)) fail(out, expected, json::describe(*e));
    }

private:
    std::string pattern_;
    std::regex re_;
};

// Same multiset of items, order ignored (Python sets and lists whose order the reference leaves unspecified).
class unordered_rule final : public rule {
public:
    unordered_rule(std::string path, bj::array values) : rule(std::move(path)), values_(std::move(values)) {}
    std::string_view directive() const noexcept override { return "unordered"; }
    void check(dom::element root, failures& out) const override {
        auto e = resolve(root, path());
        std::string expected = "in any order " + bj::serialize(values_);
        dom::array arr;
        if (!e) return fail(out, expected, "nothing (absent)");
        if (e->get(arr) != simdjson::SUCCESS || arr.size() != values_.size()) return fail(out, expected, json::describe(*e, 200));
        std::vector<bool> used(values_.size(), false);
        for (dom::element item : arr) {
            bool found = false;
            for (std::size_t i = 0; i < values_.size() && !found; ++i)
                if (!used[i] && json::equal(item, values_[i])) used[i] = found = true;
            if (!found) return fail(out, expected, json::describe(*e, 200));
        }
    }

private:
    bj::array values_;
};

// contains: an array holding every given item (in any order), or a string holding the given text.
// excludes: an array holding none of the given items, or a string without the given text.
class membership_rule final : public rule {
public:
    membership_rule(std::string path, bj::value v, bool negated) : rule(std::move(path)), value_(std::move(v)), negated_(negated) {}
    std::string_view directive() const noexcept override { return negated_ ? "excludes" : "contains"; }
    void check(dom::element root, failures& out) const override {
        auto e = resolve(root, path());
        std::string expected = (negated_ ? "something without " : "something containing ") + bj::serialize(value_);
        if (!e) return fail(out, expected, "nothing (absent)");
        std::string_view s;
        dom::array arr;
        if (value_.is_string() && e->get(s) == simdjson::SUCCESS) {
            if ((s.find(std::string_view(value_.get_string())) != std::string_view::npos) == negated_)
                fail(out, expected, json::describe(*e, 200));
            return;
        }
        if (!value_.is_array() || e->get(arr) != simdjson::SUCCESS) return fail(out, expected, json::describe(*e, 200));
        for (auto const& item_wanted : value_.get_array()) {
            bool found = false;
            for (dom::element item : arr) found = found || json::equal(item, item_wanted);
            if (found == negated_) return fail(out, expected, json::describe(*e, 200));
        }
    }

private:
    bj::value value_;
    bool negated_;  // excludes instead of contains
};

// Anything but the given value (also absence): "this must not be the missing-argument error".
class differs_rule final : public rule {
public:
    differs_rule(std::string path, bj::value v) : rule(std::move(path)), value_(std::move(v)) {}
    std::string_view directive() const noexcept override { return "differs"; }
    void check(dom::element root, failures& out) const override {
        auto e = resolve(root, path());
        if (e && json::equal(*e, value_)) fail(out, "anything but " + json::describe(value_, 200), json::describe(*e, 200));
    }

private:
    bj::value value_;
};

std::unique_ptr<rule> make_type_rule(std::string path, bj::value const& arg, std::string* error) {
    std::vector<spec::jtype> types;
    auto add = [&](bj::value const& v) {
        auto t = v.is_string() ? spec::parse_jtype(v.get_string()) : std::nullopt;
        if (t) types.push_back(*t);
        return t.has_value();
    };
    bool ok = arg.is_array() ? std::all_of(arg.get_array().begin(), arg.get_array().end(), add) : add(arg);
    if (!ok || types.empty()) {
        if (error) *error = "type: expected a type name or a list of type names";
        return nullptr;
    }
    return std::make_unique<type_rule>(std::move(path), std::move(types));
}

} // namespace

std::unique_ptr<rule> make_rule(std::string_view directive, std::string path, bj::value const& arg, std::string* error) {
    auto bad = [&](std::string_view what) -> std::unique_ptr<rule> {
        if (error) *error = fmt::format("{}: {}", directive, what);
        return nullptr;
    };
    if (directive == "equal") return std::make_unique<equal_rule>(std::move(path), arg);
    if (directive == "present") return std::make_unique<present_rule>(std::move(path));
    if (directive == "absent") return std::make_unique<absent_rule>(std::move(path));
    if (directive == "type") return make_type_rule(std::move(path), arg, error);
    if (directive == "one_of") {
        if (!arg.is_array()) return bad("expected a list of values");
        return std::make_unique<one_of_rule>(std::move(path), arg.get_array());
    }
    if (directive == "unordered") {
        if (!arg.is_array()) return bad("expected a list of values");
        return std::make_unique<unordered_rule>(std::move(path), arg.get_array());
    }
    if (directive == "contains") {
        if (!arg.is_array() && !arg.is_string()) return bad("expected a list of items or a string");
        return std::make_unique<membership_rule>(std::move(path), arg, false);
    }
    if (directive == "differs") return std::make_unique<differs_rule>(std::move(path), arg);
    if (directive == "excludes") {
        if (!arg.is_array() && !arg.is_string()) return bad("expected a list of items or a string");
        return std::make_unique<membership_rule>(std::move(path), arg, true);
    }
    if (directive == "prefix") {
        if (!arg.is_string()) return bad("expected a string");
        return std::make_unique<prefix_rule>(std::move(path), std::string(arg.get_string()));
    }
    if (directive == "matches") {
        if (!arg.is_string()) return bad("expected a regular expression string");
        try {
            std::string pattern(arg.get_string());
            std::regex re(pattern, std::regex::ECMAScript);
            return std::make_unique<matches_rule>(std::move(path), pattern, std::move(re));
        } catch (std::regex_error const& e) {
            return bad(fmt::format("invalid regular expression: {}", e.what()));
        }
    }
    return bad("unknown directive (equal, present, absent, type, one_of, prefix, matches, unordered, contains, excludes, "
               "differs)");
}

} // namespace kconform::check
