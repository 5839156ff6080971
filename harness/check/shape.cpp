// Recursive schema validation over simdjson elements.
#include "harness/check/shape.hpp"

#include "core/json_util.hpp"
#include "harness/check/rules.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <cstdint>
#include <vector>

namespace kconform::check {
namespace dom = simdjson::dom;
using spec::jtype;

namespace {

std::string expected_types(spec::schema const& s) {
    auto out = types_text(s.types);
    if (!s.ref.empty()) out += (out.empty() ? "" : " or ") + s.ref;
    return out;
}

// Where the walker is, as a chain of stack frames: the dotted path string is built only when a rule fails, since
// the load engine validates every response and almost all of them pass (fmt per member was most of the cost).
struct where {
    explicit where(std::string const& path) : root(&path) {}
    where(where const* up, std::string_view member, std::size_t item = 0) : parent(up), key(member), index(item) {}

    where const* parent = nullptr;
    std::string_view key;          // member name, or "" for an array index
    std::size_t index = 0;         // array index when key is ""
    std::string const* root = nullptr;  // the caller's path, at the bottom frame only

    std::string str() const {
        if (parent == nullptr) return root ? *root : std::string();
        std::string const up = parent->str();
        std::string const self = key.empty() ? std::to_string(index) : std::string(key);
        return up.empty() ? self : fmt::format("{}.{}", up, self);
    }
};

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// The field called `key`. Servers usually send members in spec order, so the one after the last match is tried
// first; the scan that follows keeps other orders correct.
std::size_t find_field(spec::schema const& s, std::string_view key, std::size_t hint) {
    if (hint < s.fields.size() && s.fields[hint].first == key) return hint;
    for (std::size_t i = 0; i < s.fields.size(); ++i)
        if (s.fields[i].first == key) return i;
    return npos;
}

// Which fields an object has shown; no allocation up to 64 fields (every Kallithea shape), a vector beyond.
class seen_set {
public:
    explicit seen_set(std::size_t n) : more_(n > 64 ? n : 0) {}
    bool operator[](std::size_t i) const { return more_.empty() ? (bits_ >> i) & 1u : more_[i]; }
    void set(std::size_t i) {
        if (more_.empty()) bits_ |= std::uint64_t{1} << i;
        else more_[i] = true;
    }

private:
    std::uint64_t bits_ = 0;
    std::vector<bool> more_;
};

struct walker {
    shape_table const& shapes;
    failures& out;
    std::size_t limit;
    int depth = 0;

    bool full() const { return out.size() >= limit; }
    void fail(where const& at, std::string rule, std::string expected, std::string actual) {
        if (!full()) out.push_back({at.str(), std::move(rule), std::move(expected), std::move(actual)});
    }

    // One pass over the members (matching each to its field), then the fields that never came, then (rare) the
    // members no field names.
    void object_members(dom::object obj, spec::schema const& s, where const& at) {
        if (!s.fields.empty()) {
            seen_set seen(s.fields.size());
            std::size_t hint = 0;
            bool unknown = false;
            for (auto member : obj) {
                std::size_t const i = find_field(s, member.key, hint);
                if (i == npos) {
                    unknown = true;
                    continue;
                }
                if (!seen[i]) walk(member.value, s.fields[i].second, where{&at, member.key});  // duplicates: first counts
                seen.set(i);
                hint = i + 1;
            }
            for (std::size_t i = 0; i < s.fields.size(); ++i) {
                auto const& [name, field] = s.fields[i];
                if (!seen[i] && std::find(s.optional_fields.begin(), s.optional_fields.end(), name) == s.optional_fields.end())
                    fail(where{&at, name}, "present", expected_types(field), "nothing (absent)");
            }
            if (s.exact && unknown) {
                for (auto member : obj) {
                    if (find_field(s, member.key, 0) == npos)
                        fail(where{&at, member.key}, "exact-keys", "no such member", json::describe(member.value, 60));
                }
            }
        }
        if (!s.values.empty())
            for (auto member : obj) walk(member.value, s.values.front(), where{&at, member.key});
    }

    void walk(dom::element e, spec::schema const& s, where const& at) {
        if (full()) return;
        if (++depth > 64) {  // shapes are not that deep; a cycle of shape references must not recurse forever
            fail(at, "shape", "a shape at most 64 levels deep", "deeper nesting");
            --depth;
            return;
        }
        if (!s.ref.empty() && !(e.is_null() && std::count(s.types.begin(), s.types.end(), jtype::null))) {
            auto it = shapes.find(s.ref);
            if (it == shapes.end()) fail(at, "shape", fmt::format("shape {}", s.ref), "no such shape in the specs");
            else walk(e, it->second, at);
            --depth;
            return;
        }
        if (!s.types.empty() && std::none_of(s.types.begin(), s.types.end(), [&](jtype t) { return has_type(e, t); })) {
            fail(at, "type", expected_types(s), json::describe(e, 60));
        } else if (!s.one_of.empty() &&
                   std::none_of(s.one_of.begin(), s.one_of.end(), [&](auto const& v) { return json::equal(e, v); })) {
            fail(at, "one_of", "one of " + boost::json::serialize(boost::json::array(s.one_of.begin(), s.one_of.end())),
                 json::describe(e, 60));
        } else if (dom::object obj; e.get(obj) == simdjson::SUCCESS) {
            object_members(obj, s, at);
        } else if (dom::array arr; e.get(arr) == simdjson::SUCCESS && !s.items.empty()) {
            std::size_t i = 0;
            for (auto item : arr) walk(item, s.items.front(), where{&at, {}, i++});
        }
        --depth;
    }
};

} // namespace

void check_shape(dom::element value, spec::schema const& s, shape_table const& shapes, std::string const& path,
                 failures& out, std::size_t limit) {
    walker w{shapes, out, out.size() + limit};
    w.walk(value, s, where(path));
}

} // namespace kconform::check
