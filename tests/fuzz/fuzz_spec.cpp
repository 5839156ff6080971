// Fuzz target: a spec document as the loader reads it (spec::load_spec_text, the parsing behind load_specs). An
// optional first line "#<path>" names the document's place in specs/ ("shapes.yaml", "envelope.yaml",
// "matrix.yaml", "users/get_user.yaml"; a YAML comment, so seeds stay real spec files); without it the bytes are a
// method spec. Whatever the bytes, problems must come back as load errors, never as a crash or an exception.
#include "harness/spec/loader.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view text(reinterpret_cast<char const*>(data), size);
    std::string rel = "fuzz/method.yaml";
    if (text.starts_with('#')) rel = std::string(text.substr(1, std::min<std::size_t>(text.find('\n'), 65) - 1));
    auto const loaded = kconform::spec::load_spec_text(text, rel);
    for (auto const& e : loaded.errors) (void)e.str();
    std::vector<kconform::spec::load_error> errors;
    for (auto const& m : loaded.specs.methods) kconform::spec::lint_examples(loaded.specs, m.examples, errors);
    return 0;
}
