// Faults and benign variants of the wire itself: the handler's answer is right, the listener delivers it wrongly
// (reset, silent close, a truncated body, a stall past any client timeout) or differently but correctly
// (Connection: close, HTTP/1.0, another Server header). Faults hit one method's requests so that a check of that
// method, not the tool's start-up, has to notice.
#include "server/faults.hpp"

#include "server/detail/fault_kit.hpp"

#include <fmt/format.h>

namespace kconform::server::detail {
namespace {

using namespace std::chrono_literals;

// Applies `edit(out.wire)` to the successful answers of requests for `method` (successes only, so that a stall
// costs a client timeout for a few checks, not for every error check of the method).
handler on_method(handler inner, std::string method, void (*edit)(delivery&)) {
    return [inner = std::move(inner), method = std::move(method), edit](http_input const& in, store& s) {
        http_output out = inner(in, s);
        if (request_method(in) != method || out.status != 200) return out;
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(out.body, ec);
        if (!ec && v.is_object() && error_text(v.as_object()) == nullptr) edit(out.wire);
        return out;
    };
}

struct wire_row {
    char const* how;          // fault name prefix
    char const* method;       // whose answers it breaks
    char const* description;  // for --list-faults (after the method name)
    void (*edit)(delivery&);
};

wire_row const wire_rows[] = {
    {"reset", "get_users", "answers are a TCP reset", [](delivery& w) { w.how = delivery::mode::reset; }},
    {"close", "get_repos", "connections close without an answer",
     [](delivery& w) { w.how = delivery::mode::close_silently; }},
    {"truncated", "get_user_groups", "answers stop half-way through the body the Content-Length announces",
     [](delivery& w) { w.how = delivery::mode::truncate; }},
    {"stall", "get_server_info", "answers never come (the connection is held for 10 minutes)",
     [](delivery& w) {
         w.how = delivery::mode::stall;
         w.stall_for = 600s;
     }},
};

struct variant_row {
    char const* name;
    char const* description;
    void (*edit)(delivery&);
};

variant_row const variant_rows[] = {
    {"connection-close", "every answer says Connection: close and the server closes the connection",
     [](delivery& w) { w.close = true; }},
    {"http-1.0", "answers are HTTP/1.0 without keep-alive (as paste's httpserver sends them)",
     [](delivery& w) {
         w.version = 10;
         w.close = true;
     }},
    {"server-apache", "Server: Apache/2.4.62 (Debian) mod_wsgi/4.9.4 Python/3.11",
     [](delivery& w) { w.server = "Apache/2.4.62 (Debian) mod_wsgi/4.9.4 Python/3.11"; }},
    {"no-server-header", "answers carry no Server header", [](delivery& w) { w.server.clear(); }},
};

} // namespace

void add_wire_faults(std::vector<fault>& out) {
    for (auto const& r : wire_rows) {
        out.push_back({fmt::format("wire-{}-{}", r.how, r.method), "transport",
                       fmt::format("{}: {}", r.method, r.description),
                       [method = std::string(r.method), edit = r.edit](handler inner) {
                           return on_method(std::move(inner), method, edit);
                       }});
    }
}

void add_wire_variants(std::vector<fault>& out) {
    for (auto const& r : variant_rows) {
        out.push_back({r.name, "benign", r.description, [edit = r.edit](handler inner) {
                           return edit_output(std::move(inner), [edit](http_output& o) { edit(o.wire); });
                       }});
    }
}

} // namespace kconform::server::detail
