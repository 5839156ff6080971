// Recursive schema validation over simdjson elements.
#include "harness/check/shape.hpp"

#include "core/json_util.hpp"
#include "harness/check/rules.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace kconform::check {
namespace dom = simdjson::dom;
using spec::jtype;

namespace {

std::string expected_types(spec::schema const& s) {
    auto out = types_text(s.types);
    if (!s.ref.empty()) out += (out.empty() ? "" : " or ") + s.ref;
    return out;
}

std::string child(std::string const& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

struct walker {
    shape_table const& shapes;
    failures& out;
    std::size_t limit;
    int depth = 0;

    bool full() const { return out.size() >= limit; }
    void fail(std::string path, std::string rule, std::string expected, std::string actual) {
        if (!full()) out.push_back({std::move(path), std::move(rule), std::move(expected), std::move(actual)});
    }

    void object_members(dom::object obj, spec::schema const& s, std::string const& path) {
        for (auto const& [name, field] : s.fields) {
            dom::element v;
            if (obj.at_key(name).get(v) == simdjson::SUCCESS) walk(v, field, child(path, name));
            else if (std::find(s.optional_fields.begin(), s.optional_fields.end(), name) == s.optional_fields.end())
                fail(child(path, name), "present", expected_types(field), "nothing (absent)");
        }
        if (s.exact && !s.fields.empty()) {
            for (auto member : obj) {
                bool known = std::any_of(s.fields.begin(), s.fields.end(), [&](auto const& f) { return f.first == member.key; });
                if (!known) fail(child(path, member.key), "exact-keys", "no such member", json::describe(member.value, 60));
            }
        }
        if (!s.values.empty())
            for (auto member : obj) walk(member.value, s.values.front(), child(path, member.key));
    }

    void walk(dom::element e, spec::schema const& s, std::string const& path) {
        if (full()) return;
        if (++depth > 64) {  // shapes are not that deep; a cycle of shape references must not recurse forever
            fail(path, "shape", "a shape at most 64 levels deep", "deeper nesting");
            --depth;
            return;
        }
        if (!s.ref.empty() && !(e.is_null() && std::count(s.types.begin(), s.types.end(), jtype::null))) {
            auto it = shapes.find(s.ref);
            if (it == shapes.end()) fail(path, "shape", fmt::format("shape {}", s.ref), "no such shape in the specs");
            else walk(e, it->second, path);
            --depth;
            return;
        }
        if (!s.types.empty() && std::none_of(s.types.begin(), s.types.end(), [&](jtype t) { return has_type(e, t); })) {
            fail(path, "type", expected_types(s), json::describe(e, 60));
        } else if (!s.one_of.empty() &&
                   std::none_of(s.one_of.begin(), s.one_of.end(), [&](auto const& v) { return json::equal(e, v); })) {
            fail(path, "one_of", "one of " + boost::json::serialize(boost::json::array(s.one_of.begin(), s.one_of.end())),
                 json::describe(e, 60));
        } else if (dom::object obj; e.get(obj) == simdjson::SUCCESS) {
            object_members(obj, s, path);
        } else if (dom::array arr; e.get(arr) == simdjson::SUCCESS && !s.items.empty()) {
            std::size_t i = 0;
            for (auto item : arr) walk(item, s.items.front(), child(path, std::to_string(i++)));
        }
        --depth;
    }
};

} // namespace

void check_shape(dom::element value, spec::schema const& s, shape_table const& shapes, std::string const& path,
                 failures& out, std::size_t limit) {
    walker w{shapes, out, out.size() + limit};
    w.walk(value, s, path);
}

} // namespace kconform::check
