// Typed reading of yaml-cpp nodes with error collection: each accessor reports wrong types, missing keys and
// unknown keys with the node's file:line:col and carries on, so one lint pass shows every problem.
#pragma once
#include "harness/spec/model.hpp"

#include <boost/json/value.hpp>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace kconform::spec {

struct load_error;

/** Reads nodes of one file, appending problems to an error list. */
class yaml_reader {
public:
    yaml_reader(std::string file, std::vector<load_error>& errors) : file_(std::move(file)), errors_(&errors) {}

    location where(YAML::Node const& n) const;
    void error(YAML::Node const& n, std::string message) const;
    void error(location loc, std::string message) const;

    /** True if n is a map; otherwise reports "<what>: expected a mapping". */
    bool expect_map(YAML::Node const& n, std::string_view what) const;
    /** Reports each key of map n that is not in `allowed`. */
    void check_keys(YAML::Node const& n, std::initializer_list<std::string_view> allowed, std::string_view what) const {
        check_keys(n, std::span<std::string_view const>(allowed.begin(), allowed.size()), what);
    }
    void check_keys(YAML::Node const& n, std::span<std::string_view const> allowed, std::string_view what) const;

    /** A scalar string member; reports absence when required. */
    std::string string_at(YAML::Node const& map, std::string_view key, bool required, std::string_view what) const;
    bool bool_at(YAML::Node const& map, std::string_view key, bool fallback) const;
    /** A list of strings (a lone scalar counts as a list of one). */
    std::vector<std::string> strings_at(YAML::Node const& map, std::string_view key) const;

    /**
     * Any YAML node as JSON: plain scalars become null/bool/number when they look so; quoted ones stay strings. An
     * absent member (`map["missing"]`) is null.
     */
    boost::json::value to_json(YAML::Node const& n) const;

    std::string const& file() const noexcept { return file_; }

private:
    std::string file_;
    std::vector<load_error>* errors_;
};

/** How a file is named in messages: relative to the working directory when below it, else as found. */
std::string display_path(std::filesystem::path const& file);

/**
 * Reads a list of examples (spec examples, envelope checks, scenario steps); `method` is the default method name,
 * "" when each entry must name its own (`method:` or `call:`).
 */
std::vector<example> parse_examples(yaml_reader const& r, YAML::Node const& n, std::string const& what,
                                    std::string const& method);

/**
 * Reads one harness step {call, as, args, save, undo}: setup steps of specs and scenarios, and of load profiles,
 * which allow `extra_keys` besides (a load setup step's count) and read them themselves.
 */
step parse_step(yaml_reader const& r, YAML::Node const& n, std::string const& what,
                std::span<std::string_view const> extra_keys = {});

} // namespace kconform::spec
