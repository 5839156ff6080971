// Validates a JSON value against a spec schema: types, required and optional members, exact key sets, array
// items, map values and allowed values; named shapes are looked up in the spec set's table.
#pragma once
#include "harness/check/failure.hpp"
#include "harness/spec/model.hpp"

#include <map>
#include <simdjson.h>
#include <string>

namespace kconform::check {

using shape_table = std::map<std::string, spec::schema>;

/** Appends one failure per broken rule (bounded by `limit` in total) found under `path`. */
void check_shape(simdjson::dom::element value, spec::schema const& s, shape_table const& shapes, std::string const& path,
                 failures& out, std::size_t limit = 20);

} // namespace kconform::check
