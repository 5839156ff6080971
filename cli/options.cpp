// Target, keys and specs options, and the KEY=VALUE keys file reader.
#include "cli/options.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <fstream>

namespace kconform::cli {

void add_target_options(CLI::App& sub, target_options& o) {
    sub.add_option("--target", o.target, "Server URL (http://host:port[/_admin/api]); default: $KCONFORM_TARGET, "
                                         "else the embedded reference server on 127.0.0.1");
    sub.add_option("--keys-file", o.keys_file,
                   "File of KCONFORM_ADMIN_KEY=, KCONFORM_USER_KEY=, KCONFORM_USER2_KEY= (optional KCONFORM_DEFAULT_KEY=, "
                   "KCONFORM_TARGET=) lines")
        ->check(CLI::ExistingFile);
    sub.add_option("--specs", o.specs_dir, "Specs directory")->check(CLI::ExistingDirectory);
    sub.add_option("--cases", o.cases_dir, "Scenarios and expected failures directory")->check(CLI::ExistingDirectory);
}

contract load_contract(target_options const& o) {
    contract c;
    auto specs = spec::load_specs(o.specs_dir.empty() ? std::string(KCONFORM_DEFAULT_SPECS) : o.specs_dir);
    auto cases = harness::load_cases(o.cases_dir.empty() ? std::string(KCONFORM_DEFAULT_CASES) : o.cases_dir);
    for (auto const& s : cases.cases.scenarios) spec::lint_examples(specs.specs, s.steps, cases.errors);
    for (auto const& e : specs.errors) c.errors.push_back(e.str());
    for (auto const& e : cases.errors) c.errors.push_back(e.str());
    c.specs = std::move(specs.specs);
    c.cases = std::move(cases.cases);
    c.checks = harness::generate(c.specs, c.cases);
    for (auto const& id : harness::duplicate_ids(c.checks))
        c.errors.push_back(fmt::format("check ID '{}' is generated more than once (a scenario named like a method?)", id));
    return c;
}

namespace {

std::string env(char const* name) {
    char const* v = std::getenv(name);
    return v ? v : "";
}

// Reads shell-style assignments; tolerates "export ", comments and quotes, as `source` would.
bool read_keys_file(std::string const& path, std::map<std::string, std::string>& out, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = fmt::format("{}: cannot read the keys file", path);
        return false;
    }
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.empty() || line[0] == '#') continue;
        if (line.rfind("export ", 0) == 0) line.erase(0, 7);
        auto eq = line.find('=');
        if (eq == std::string::npos) {
            error = fmt::format("{}:{}: expected NAME=VALUE", path, n);
            return false;
        }
        auto value = line.substr(eq + 1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        out[line.substr(0, eq)] = value;
    }
    return true;
}

} // namespace

std::optional<harness::role_keys> resolve_keys(target_options& o, std::string& error) {
    std::map<std::string, std::string> vars;
    for (char const* name : {"KCONFORM_TARGET", "KCONFORM_ADMIN_KEY", "KCONFORM_USER_KEY", "KCONFORM_USER2_KEY", "KCONFORM_DEFAULT_KEY"})
        vars[name] = env(name);
    if (!o.keys_file.empty() && !read_keys_file(o.keys_file, vars, error)) return std::nullopt;
    if (o.target.empty()) o.target = vars["KCONFORM_TARGET"];
    return harness::role_keys{vars["KCONFORM_ADMIN_KEY"], vars["KCONFORM_USER_KEY"], vars["KCONFORM_USER2_KEY"],
                              vars["KCONFORM_DEFAULT_KEY"]};
}

} // namespace kconform::cli
