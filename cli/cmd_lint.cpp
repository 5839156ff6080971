// `kconform lint`: load and validate the specs and cases, print every problem as file:line:col, exit 2 if any.
#include "cli/commands.hpp"
#include "cli/options.hpp"

#include <fmt/format.h>

namespace kconform::cli {
namespace {

int lint_command(target_options const& o) {
    auto loaded = load_contract(o);
    for (auto const& e : loaded.errors) fmt::print("{}\n", e);
    if (!loaded.errors.empty()) {
        fmt::print("kconform lint: {} error(s)\n", loaded.errors.size());
        return exit_error;
    }
    fmt::print("kconform lint: {} methods, {} shapes, {} envelope checks, {} scenarios, {} expected failures, "
               "{} checks in all: OK\n",
               loaded.specs.methods.size(), loaded.specs.shapes.size(), loaded.specs.envelope.checks.size(),
               loaded.cases.scenarios.size(), loaded.cases.expected_failures.size(), loaded.checks.size());
    return exit_ok;
}

} // namespace

void setup_lint(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<target_options>();
    auto* sub = app.add_subcommand("lint", "Validate the specs and cases; print every problem with file:line:col");
    sub->add_option("--specs", o->specs_dir, "Specs directory")->check(CLI::ExistingDirectory);
    sub->add_option("--cases", o->cases_dir, "Cases directory")->check(CLI::ExistingDirectory);
    sub->footer("Exit codes: 0 no problems, 2 problems found");
    sub->callback([o, &exit_code] { exit_code = lint_command(*o); });
}

} // namespace kconform::cli
