// Response classification for the load engine: envelope (§A.1: id, result, error; exactly one non-null), then
// the outcome class, then with full validation the result's shape through check::check_shape.
#include "load/validate.hpp"

#include "core/jsonrpc.hpp"
#include "harness/check/evaluate.hpp"

namespace kconform::load {

outcome classify(expectation const& exp, validation depth, unsigned status, std::string_view content_type,
                 std::string_view body, check::shape_table const& shapes, simdjson::dom::parser& parser) {
    if (status != 200) return outcome::invalid_response;  // Kallithea answers every call, even errors, with 200
    if (depth == validation::none) return outcome::ok;
    if (depth == validation::full && !check::is_json_content_type(content_type)) return outcome::invalid_response;
    auto root = jsonrpc::parse_in_place(parser, body);
    if (!root) return outcome::invalid_response;
    auto env = jsonrpc::split(*root);
    if (!env) return outcome::invalid_response;
    std::int64_t id = 0;
    if (env->id.get(id) != simdjson::SUCCESS || id != exp.id) return outcome::invalid_response;
    bool has_error = !env->error.is_null();
    if (has_error == !env->result.is_null()) return outcome::invalid_response;  // exactly one of them is null
    if (has_error) {
        std::string_view text;
        if (env->error.get(text) != simdjson::SUCCESS) return outcome::invalid_response;
        bool expected = exp.expect_error && (exp.error.empty() || text == exp.error);
        return expected ? outcome::expected_error : outcome::unexpected_error;
    }
    if (exp.expect_error) return outcome::invalid_response;  // a result where the contract promises an error
    if (depth == validation::full && exp.result) {
        check::failures failures;
        check::check_shape(env->result, *exp.result, shapes, "result", failures, 1);
        if (!failures.empty()) return outcome::invalid_response;
    }
    return outcome::ok;
}

} // namespace kconform::load
