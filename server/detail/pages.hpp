// The HTML error pages of the web front (405, 404, 403) and of unhandled exceptions (500), shaped like WebOb's
// HTTPException pages: clients must only see "not JSON" here, so the wording is informative, not exact.
#pragma once
#include "server/handle.hpp"

#include <string_view>

namespace kconform::server::detail {

/** A text/html error page for `status` (403, 404, 405, 413, 500...) with one explanatory sentence. */
http_output html_error(unsigned status, std::string_view explanation);

} // namespace kconform::server::detail
