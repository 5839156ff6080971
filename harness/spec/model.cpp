// Small lookups over the spec model.
#include "harness/spec/model.hpp"

#include <fmt/format.h>

namespace kconform::spec {

std::string location::str() const { return fmt::format("{}:{}:{}", file, line, col); }

namespace {
constexpr std::pair<std::string_view, jtype> jtypes[] = {
    {"null", jtype::null},     {"boolean", jtype::boolean}, {"integer", jtype::integer}, {"number", jtype::number},
    {"string", jtype::string}, {"array", jtype::array},     {"object", jtype::object},   {"any", jtype::any}};
constexpr std::pair<std::string_view, key_kind> keys[] = {
    {"admin", key_kind::admin},         {"user", key_kind::user},       {"user2", key_kind::user2},
    {"none", key_kind::none},           {"unknown", key_kind::unknown}, {"short", key_kind::short_key},
    {"non-alnum", key_kind::non_alnum}, {"number", key_kind::number}, {"default", key_kind::default_user}};
} // namespace

std::optional<jtype> parse_jtype(std::string_view name) {
    for (auto [n, t] : jtypes)
        if (n == name) return t;
    return std::nullopt;
}

std::string_view name_of(jtype t) {
    for (auto [n, v] : jtypes)
        if (v == t) return n;
    return "?";
}

std::optional<key_kind> parse_key_kind(std::string_view name) {
    for (auto [n, k] : keys)
        if (n == name) return k;
    return std::nullopt;
}

std::string_view name_of(key_kind k) {
    for (auto [n, v] : keys)
        if (v == k) return n;
    return "?";
}

method_spec const* spec_set::find(std::string_view method) const {
    for (auto const& m : methods)
        if (m.name == method) return &m;
    return nullptr;
}

} // namespace kconform::spec
