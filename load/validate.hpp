// Classifies one load response into an outcome with the harness's own pieces: core's envelope decoder and the
// check module's shape rules (the same rule objects as `kconform run`), at the depth --validate asks for.
#pragma once
#include "harness/check/shape.hpp"
#include "load/profile.hpp"
#include "load/summary.hpp"

#include <simdjson.h>
#include <string_view>

namespace kconform::load {

/** What a response of one mix entry must look like; built once per entry before the run. */
struct expectation {
    spec::schema const* result = nullptr;     // shape of an ok result; nullptr = not checked
    bool expect_error = false;                // an error answer is the expected outcome
    std::string error;                        // expected error text when expect_error; "" = any text
    std::int64_t id = 1;                      // the id every load request carries
};

/**
 * The outcome of a response with HTTP `status`, `content_type` and `body`. `parser` is the worker's reused
 * simdjson parser; `shapes` resolves named shapes. Never throws: a malformed body is invalid_response.
 */
outcome classify(expectation const& exp, validation depth, unsigned status, std::string_view content_type,
                 std::string_view body, check::shape_table const& shapes, simdjson::dom::parser& parser);

} // namespace kconform::load
