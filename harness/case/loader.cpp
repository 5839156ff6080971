// cases/ → scenarios and expected failures. Steps use the same grammar as spec examples (harness/spec), with
// `call:` naming each step's method.
#include "harness/case/loader.hpp"

#include "harness/spec/yaml_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace kconform::harness {
namespace fs = std::filesystem;
using spec::yaml_reader;

namespace {

void load_expected(yaml_reader const& r, YAML::Node const& root, std::vector<expected_failure>& out) {
    r.check_keys(root, {"expected_failures"}, "expected failures file");
    auto list = root["expected_failures"];
    if (!list || list.IsNull()) return;
    if (!list.IsSequence()) return r.error(list, "expected_failures: expected a list of {id, reason, since}");
    for (auto const& n : list) {
        if (!r.expect_map(n, "expected_failures[]")) continue;
        r.check_keys(n, {"id", "reason", "since"}, "expected_failures[]");
        expected_failure e{r.string_at(n, "id", true, "expected_failures[]"), r.string_at(n, "reason", true, "expected_failures[]"),
                           r.string_at(n, "since", true, "expected_failures[]"), r.where(n)};
        out.push_back(std::move(e));
    }
}

scenario load_scenario(yaml_reader const& r, YAML::Node const& root, std::string id) {
    scenario s;
    s.id = std::move(id);
    s.loc = r.where(root);
    if (!r.expect_map(root, "scenario")) return s;
    r.check_keys(root, {"requirement", "steps"}, "scenario");
    s.requirement = r.string_at(root, "requirement", true, "scenario");
    s.steps = spec::parse_examples(r, root["steps"], "steps", "");
    return s;
}

} // namespace

case_load_result load_cases(fs::path const& dir) {
    case_load_result out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    std::vector<fs::path> files;
    for (auto const& entry : fs::recursive_directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (auto const& file : files) {
        yaml_reader r(spec::display_path(file), out.errors);
        YAML::Node root;
        try {
            root = YAML::LoadFile(file.string());
        } catch (YAML::Exception const& e) {
            r.error(spec::location{spec::display_path(file), e.mark.line + 1, e.mark.column + 1}, e.msg);
            continue;
        }
        auto rel = fs::relative(file, dir);
        if (rel == "expected_failures.yaml") load_expected(r, root, out.cases.expected_failures);
        else if (rel.has_parent_path()) out.cases.scenarios.push_back(load_scenario(r, root, rel.replace_extension().generic_string()));
        else r.error(r.where(root), "unexpected file: scenarios live in cases/<area>/<name>.yaml");
    }
    return out;
}

} // namespace kconform::harness
