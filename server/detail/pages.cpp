// WebOb-like HTML error pages.
#include "server/detail/pages.hpp"

#include <fmt/format.h>

namespace kconform::server::detail {
namespace {

std::string_view reason(unsigned status) noexcept {
    switch (status) {
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Request Entity Too Large";
    case 431: return "Request Header Fields Too Large";
    default: return "Internal Server Error";
    }
}

} // namespace

http_output html_error(unsigned status, std::string_view explanation) {
    http_output out;
    out.status = status;
    out.content_type = "text/html; charset=UTF-8";
    // Explanations are fixed texts or an HTTP method token (which cannot contain markup characters).
    out.body = fmt::format("<html>\n <head>\n  <title>{0} {1}</title>\n </head>\n <body>\n  <h1>{0} {1}</h1>\n"
                           "  {2}<br /><br />\n\n </body>\n</html>",
                           status, reason(status), explanation);
    return out;
}

} // namespace kconform::server::detail
