// Small rule objects over a decoded response, built from a directive name by a factory (style rule 8):
// equal, present, absent, type, one_of, prefix, matches, unordered, contains. Each appends a failure with evidence when broken.
#pragma once
#include "harness/check/failure.hpp"
#include "harness/spec/model.hpp"

#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>

namespace kconform::check {

/** Follows a dotted path ("result.user.0.name": object keys, array indexes) from root; nullopt when absent. */
std::optional<simdjson::dom::element> resolve(simdjson::dom::element root, std::string_view path);

/** Whether a value is of a spec type ("integer" accepts only integral numbers, "number" any number). */
bool has_type(simdjson::dom::element e, spec::jtype t) noexcept;

/** "integer", "string or null", "boolean, integer or string" */
std::string types_text(std::vector<spec::jtype> const& types);

/** A single check on the value at a path. */
class rule {
public:
    explicit rule(std::string path) : path_(std::move(path)) {}
    virtual ~rule() = default;
    /** The directive this rule was built from. */
    virtual std::string_view directive() const noexcept = 0;
    /** Appends a failure to `out` when the rule is broken for this response. */
    virtual void check(simdjson::dom::element root, failures& out) const = 0;
    std::string const& path() const noexcept { return path_; }

protected:
    void fail(failures& out, std::string expected, std::string actual) const;

private:
    std::string path_;
};

/**
 * Builds the rule for `directive` at `path` with argument `arg` (the value to compare with, a type name or list of
 * them, a list of allowed values, a prefix, or a regular expression). Returns nullptr and sets `error` for an
 * unknown directive or an argument of the wrong kind.
 */
std::unique_ptr<rule> make_rule(std::string_view directive, std::string path, boost::json::value const& arg,
                                std::string* error = nullptr);

} // namespace kconform::check
