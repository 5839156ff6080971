// Loads specs/ into a spec_set, collecting every error with file:line:col instead of stopping at the first
// (Proxy Verifier's Errata idea, style rule 5).
#pragma once
#include "harness/spec/model.hpp"

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kconform::spec {

/** A problem found in a spec file. */
struct load_error {
    location loc;
    std::string message;
    /** "file:line:col: message" */
    std::string str() const;
};

/** The loaded specs and every problem found; the specs are usable only when `errors` is empty. */
struct load_result {
    spec_set specs;
    std::vector<load_error> errors;
};

/**
 * Loads a specs directory: shapes.yaml, envelope.yaml and one <area>/<method>.yaml per method. Unknown keys,
 * wrong types, bad enum values, unknown shape references and duplicate methods are all reported.
 */
load_result load_specs(std::filesystem::path const& dir);

/**
 * As load_specs, reading of the method files only <area>/<method>.yaml of the given methods (shapes, envelope and
 * matrix always): what `kconform load` needs at start-up. A method whose file is named otherwise is not loaded.
 */
load_result load_specs(std::filesystem::path const& dir, std::set<std::string> const& methods);

/**
 * Cross-checks examples written outside the method specs (scenario steps) against the specs: the method exists,
 * error keys are in its catalog or the envelope's, shapes exist.
 */
void lint_examples(spec_set const& set, std::vector<example> const& examples, std::vector<load_error>& errors);

/**
 * Loads one document given as text as if it were the file `rel` of a specs directory ("shapes.yaml",
 * "matrix.yaml", "envelope.yaml" or "<area>/<method>.yaml"), with the cross-file checks: the same parsing as
 * load_specs, for tests and fuzzing. `rel` also names the document in errors.
 */
load_result load_spec_text(std::string_view text, std::string const& rel);

/** Loads one method spec file (for tests and `kconform lint FILE`); shapes are not resolved. */
load_result load_method_file(std::filesystem::path const& file);

} // namespace kconform::spec
