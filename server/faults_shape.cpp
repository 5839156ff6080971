// Table-generated shape faults: for each field of the §D objects (specs/shapes.yaml) that the suite reads, the
// field dropped, given a value of another JSON type, or null where the schema does not allow null. An object is
// recognised by its id key, so one row names the object kind, its marker and the field. Fields the suite does not
// read yet are left out (pull_request_id: no check reads it; issue 7).
#include "server/faults.hpp"

#include "server/detail/fault_kit.hpp"

#include <fmt/format.h>

namespace kconform::server::detail {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

struct field_row {
    char const* kind;    // §D object, for names: "user", "repo"...
    char const* marker;  // key that identifies the object
    char const* field;   // the field to break
    bool nullable;       // the schema allows null (no "null" fault then)
};

field_row const field_rows[] = {
    {"user", "user_id", "user_id", false},          {"user", "user_id", "username", false},
    {"user", "user_id", "firstname", false},        {"user", "user_id", "lastname", false},
    {"user", "user_id", "email", true},             {"user", "user_id", "emails", false},
    {"user", "user_id", "active", false},           {"user", "user_id", "admin", false},
    {"user-group", "users_group_id", "users_group_id", false},
    {"user-group", "users_group_id", "group_name", false},
    {"user-group", "users_group_id", "active", false},
    {"user-group", "users_group_id", "owner", false},
    {"user-group", "users_group_id", "members", false},
    {"repo", "repo_id", "repo_id", false},          {"repo", "repo_id", "repo_name", false},
    {"repo", "repo_id", "repo_type", false},        {"repo", "repo_id", "private", false},
    {"repo", "repo_id", "owner", false},            {"repo", "repo_id", "fork_of", true},
    {"repo", "repo_id", "landing_rev", false},      {"repo", "repo_id", "description", false},
    {"repo-group", "group_id", "group_id", false},  {"repo-group", "group_id", "group_name", false},
    {"repo-group", "group_id", "parent_group", true},
    {"repo-group", "group_id", "repositories", false},
    {"repo-group", "group_id", "owner", false},
    {"gist", "gist_id", "gist_id", false},          {"gist", "gist_id", "type", false},
    {"gist", "gist_id", "access_id", false},        {"gist", "gist_id", "expires", false},
    {"pull-request", "pull_request_id", "title", false},
    {"pull-request", "pull_request_id", "reviewers", false},
    {"changeset", "raw_id", "raw_id", false},       {"changeset", "raw_id", "revision", false},
    {"changeset", "raw_id", "message", false},
};

// A value of another JSON type than `v` (number ↔ string, boolean → number, array ↔ object, null → number).
json::value retyped(json::value const& v) {
    switch (v.kind()) {
    case json::kind::string: return 42;
    case json::kind::int64: return json::value(json::string(fmt::format("{}", v.get_int64())));
    case json::kind::uint64: return json::value(json::string(fmt::format("{}", v.get_uint64())));
    case json::kind::double_: return json::value(json::string(fmt::format("{}", v.get_double())));
    case json::kind::bool_: return v.get_bool() ? 1 : 0;
    case json::kind::array: return json::object{};
    case json::kind::object: return json::array{};
    case json::kind::null: return 0;
    }
    return nullptr;
}

enum class breakage { drop, retype, null };

handler break_field(handler inner, std::string marker, std::string field, breakage how) {
    return edit_answer(std::move(inner), [marker, field, how](http_input const&, json::object& a) {
        auto* result = a.if_contains("result");
        if (result == nullptr) return;
        each_object(*result, [&](json::object& o) {
            if (!o.contains(marker) || !o.contains(field)) return;
            switch (how) {
            case breakage::drop: o.erase(field); break;
            case breakage::retype: o[field] = retyped(o[field]); break;
            case breakage::null: o[field] = nullptr; break;
            }
        });
    });
}

} // namespace

void add_shape_faults(std::vector<fault>& out) {
    for (auto const& r : field_rows) {
        std::string const field_label = [&] {
            std::string s = r.field;
            for (char& c : s) c = c == '_' ? '-' : c;
            return s;
        }();
        auto add = [&](breakage how, char const* verb, std::string description) {
            out.push_back({fmt::format("{}-{}-{}", r.kind, field_label, verb), "shape", std::move(description),
                           [marker = std::string(r.marker), field = std::string(r.field), how](handler inner) {
                               return break_field(std::move(inner), marker, field, how);
                           }});
        };
        add(breakage::drop, "missing", fmt::format("{} objects lack \"{}\"", r.kind, r.field));
        add(breakage::retype, "wrong-type", fmt::format("{} objects carry \"{}\" with another JSON type", r.kind, r.field));
        if (!r.nullable) add(breakage::null, "null", fmt::format("{} objects carry \"{}\" as null", r.kind, r.field));
    }
}

} // namespace kconform::server::detail
