// yaml_reader: typed access to yaml-cpp nodes with collected, located errors.
#include "harness/spec/yaml_reader.hpp"

#include "harness/spec/loader.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace kconform::spec {

std::string display_path(std::filesystem::path const& file) {
    std::error_code ec;
    auto rel = std::filesystem::relative(file, std::filesystem::current_path(ec), ec);
    if (ec || rel.empty() || *rel.begin() == "..") return file.string();
    return rel.string();
}

location yaml_reader::where(YAML::Node const& n) const {
    if (!n) return {file_, 0, 0};  // an absent member has no mark (yaml-cpp throws InvalidNode)
    auto m = n.Mark();             // yaml-cpp marks are 0-based
    if (m.line < 0) return {file_, 0, 0};
    return {file_, m.line + 1, m.column + 1};
}

void yaml_reader::error(YAML::Node const& n, std::string message) const { error(where(n), std::move(message)); }

void yaml_reader::error(location loc, std::string message) const {
    errors_->push_back({std::move(loc), std::move(message)});
}

bool yaml_reader::expect_map(YAML::Node const& n, std::string_view what) const {
    if (n && n.IsMap()) return true;
    error(n, fmt::format("{}: expected a mapping", what));
    return false;
}

void yaml_reader::check_keys(YAML::Node const& n, std::span<std::string_view const> allowed,
                             std::string_view what) const {
    if (!n || !n.IsMap()) return;
    for (auto const& kv : n) {
        auto key = kv.first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            error(kv.first, fmt::format("{}: unknown key '{}' (allowed: {})", what, key, list));
        }
    }
}

std::string yaml_reader::string_at(YAML::Node const& map, std::string_view key, bool required,
                                   std::string_view what) const {
    auto n = map[std::string(key)];
    if (!n) {
        if (required) error(map, fmt::format("{}: missing required key '{}'", what, key));
        return {};
    }
    if (!n.IsScalar()) {
        error(n, fmt::format("{}.{}: expected a string", what, key));
        return {};
    }
    return n.Scalar();
}

bool yaml_reader::bool_at(YAML::Node const& map, std::string_view key, bool fallback) const {
    auto n = map[std::string(key)];
    if (!n) return fallback;
    auto v = to_json(n);
    if (!v.is_bool()) {
        error(n, fmt::format("{}: expected true or false", key));
        return fallback;
    }
    return v.get_bool();
}

std::vector<std::string> yaml_reader::strings_at(YAML::Node const& map, std::string_view key) const {
    std::vector<std::string> out;
    auto n = map[std::string(key)];
    if (!n) return out;
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence()) {
        error(n, fmt::format("{}: expected a string or a list of strings", key));
        return out;
    }
    for (auto const& item : n) {
        if (item.IsScalar()) out.push_back(item.Scalar());
        else error(item, fmt::format("{}: expected a string", key));
    }
    return out;
}

namespace {

boost::json::value plain_scalar(std::string const& s) {
    if (s.empty() || s == "~" || s == "null") return nullptr;
    if (s == "true") return true;
    if (s == "false") return false;
    int64_t i = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
    if (ec == std::errc() && p == s.data() + s.size()) return i;
    double d = 0;
    auto [pd, ecd] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ecd == std::errc() && pd == s.data() + s.size()) return d;
    return boost::json::string(s);
}

} // namespace

boost::json::value yaml_reader::to_json(YAML::Node const& n) const {
    if (!n) return nullptr;  // an absent member (Type() would throw InvalidNode)
    switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar:
        // yaml-cpp tags quoted scalars "!" and plain ones "?": only plain ones are typed.
        if (n.Tag() == "!") return boost::json::string(n.Scalar());
        return plain_scalar(n.Scalar());
    case YAML::NodeType::Sequence: {
        boost::json::array a;
        for (auto const& item : n) a.push_back(to_json(item));
        return a;
    }
    case YAML::NodeType::Map: {
        boost::json::object o;
        for (auto const& kv : n) o[kv.first.Scalar()] = to_json(kv.second);
        return o;
    }
    }
    return nullptr;
}

} // namespace kconform::spec
