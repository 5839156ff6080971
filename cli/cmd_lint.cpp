// `kconform lint`: load and validate the specs, print every problem as file:line:col, exit 2 if any.
#include "cli/commands.hpp"
#include "harness/case/check_case.hpp"
#include "harness/spec/loader.hpp"

#include <fmt/format.h>

namespace kconform::cli {
namespace {

struct lint_options {
    std::string specs_dir;
};

int lint_command(lint_options const& o) {
    auto dir = o.specs_dir.empty() ? std::string(KCONFORM_DEFAULT_SPECS) : o.specs_dir;
    auto loaded = spec::load_specs(dir);
    for (auto const& e : loaded.errors) fmt::print("{}\n", e.str());
    if (!loaded.errors.empty()) {
        fmt::print("kconform lint: {} error(s)\n", loaded.errors.size());
        return exit_error;
    }
    fmt::print("kconform lint: {} methods, {} shapes, {} envelope checks, {} checks in all: OK\n",
               loaded.specs.methods.size(), loaded.specs.shapes.size(), loaded.specs.envelope.checks.size(),
               harness::generate(loaded.specs).size());
    return exit_ok;
}

} // namespace

void setup_lint(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<lint_options>();
    auto* sub = app.add_subcommand("lint", "Validate the specs; print every problem with file:line:col");
    sub->add_option("--specs", o->specs_dir, "Specs directory")->check(CLI::ExistingDirectory);
    sub->footer("Exit codes: 0 no problems, 2 problems found");
    sub->callback([o, &exit_code] { exit_code = lint_command(*o); });
}

} // namespace kconform::cli
