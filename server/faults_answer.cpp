// Table-generated faults of the answer itself: the JSON-RPC envelope (reference §A.2), the wording of error texts,
// and the HTTP status, Content-Type and body framing a client sees. Each row is one reviewed, named fault.
#include "server/faults.hpp"

#include "server/detail/fault_kit.hpp"

#include <fmt/format.h>

namespace kconform::server::detail {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

using answer_edit = void (*)(json::object& answer);

struct envelope_row {
    char const* name;
    char const* description;
    answer_edit edit;
};

bool failed(json::object const& a) { return a.contains("error") && a.at("error").is_string(); }

// §A.2: the answer is exactly {id, result, error}, with one of result/error null.
envelope_row const envelope_rows[] = {
    {"missing-result-key", "answers have no \"result\" member", [](json::object& a) { a.erase("result"); }},
    {"missing-id-key", "answers have no \"id\" member", [](json::object& a) { a.erase("id"); }},
    {"id-as-string", "the request id comes back as a string",
     [](json::object& a) {
         if (auto* id = a.if_contains("id"); id && id->is_int64()) *id = fmt::format("{}", id->get_int64());
     }},
    {"id-off-by-one", "the request id comes back incremented",
     [](json::object& a) {
         if (auto* id = a.if_contains("id"); id && id->is_int64()) *id = id->get_int64() + 1;
     }},
    {"error-on-success", "successful calls carry an error text as well as the result",
     [](json::object& a) {
         if (!failed(a)) a["error"] = "unexpected";
     }},
    {"result-on-failure", "failed calls carry a result object as well as the error",
     [](json::object& a) {
         if (failed(a)) a["result"] = json::object{};
     }},
    {"extra-envelope-key", "answers carry an extra \"jsonrpc\" member", [](json::object& a) { a["jsonrpc"] = "2.0"; }},
    {"error-as-object", "error texts come wrapped in {\"message\": ...}",
     [](json::object& a) {
         if (auto* e = error_text(a)) a["error"] = json::object{{"message", *e}};
     }},
    {"error-as-empty-string", "failed calls answer an empty error text",
     [](json::object& a) {
         if (auto* e = error_text(a)) *e = "";
     }},
    {"result-wrapped", "successful results come wrapped in {\"data\": ...}",
     [](json::object& a) {
         if (!failed(a)) a["result"] = json::object{{"data", a["result"]}};
     }},
    {"success-result-null", "successful calls answer result null",
     [](json::object& a) {
         if (!failed(a)) a["result"] = nullptr;
     }},
};

// Error texts are part of the contract (reference §A.3): one wording change each.
struct wording_row {
    char const* name;
    char const* from;  // substring of the reference text
    char const* to;    // what the faulty server says instead
};

wording_row const wording_rows[] = {
    {"err-does-not-exist-wording", "does not exist", "doesn't exist"},
    {"err-already-exist-wording", "already exist", "already exists"},
    {"err-missing-arg-wording", "Missing non optional", "Missing required"},
    {"err-invalid-key-wording", "Invalid API key", "Invalid api key"},
    {"err-incorrect-query-wording", "Incorrect JSON query", "Invalid JSON query"},
    {"err-backticks-as-quotes", "`", "'"},
    {"err-permission-invalid-wording", "is invalid, should start with", "is not valid, must start with"},
    {"err-changeset-wording", "Changeset ", "Revision "},
    {"err-repository-wording", "repository `", "repo `"},
    {"err-user-group-wording", "user group `", "usergroup `"},
    {"err-json-data-wording", "in JSON DATA", "in JSON data"},
};

handler reword(handler inner, std::string from, std::string to) {
    return edit_answer(std::move(inner), [from, to](http_input const&, json::object& a) {
        json::string* e = error_text(a);
        if (e == nullptr) return;
        std::string text(*e);
        for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
            text.replace(pos, from.size(), to);
        }
        *e = text;
    });
}

// What a client sees of HTTP: status codes and Content-Types other than Kallithea's 200 application/json.
unsigned const statuses[] = {201, 202, 400, 403, 404, 502, 503};
char const* const content_types[] = {"text/plain", "application/xml", "text/javascript", ""};

struct body_row {
    char const* name;
    char const* description;
    void (*edit)(std::string& body);
};

body_row const body_rows[] = {
    {"body-truncated", "JSON answers are cut in half", [](std::string& b) { b.resize(b.size() / 2); }},
    {"body-empty", "answers have an empty body", [](std::string& b) { b.clear(); }},
    {"body-html", "answers are an HTML page", [](std::string& b) { b = "<html><body>Internal error</body></html>"; }},
    {"body-trailing-garbage", "JSON answers are followed by stray bytes", [](std::string& b) { b += "}x"; }},
    {"body-two-documents", "each answer is sent twice in one body", [](std::string& b) { b += b; }},
    {"body-array-wrapped", "the envelope comes wrapped in a JSON array", [](std::string& b) { b = "[" + b + "]"; }},
    {"body-invalid-utf8", "answers carry a byte that is not UTF-8 inside a string",
     [](std::string& b) {
         if (auto pos = b.find("\":\""); pos != std::string::npos) b.insert(pos + 3, "\xff");
     }},
};

} // namespace

void add_answer_faults(std::vector<fault>& out) {
    for (auto const& r : envelope_rows) {
        out.push_back({r.name, "envelope", r.description, [edit = r.edit](handler inner) {
                           return edit_answer(std::move(inner), [edit](http_input const&, json::object& a) { edit(a); });
                       }});
    }
    for (auto const& r : wording_rows) {
        out.push_back({r.name, "error", fmt::format("error texts say \"{}\" instead of \"{}\"", r.to, r.from),
                       [from = std::string(r.from), to = std::string(r.to)](handler inner) {
                           return reword(std::move(inner), from, to);
                       }});
    }
    for (unsigned st : statuses) {
        out.push_back({fmt::format("http-{}", st), "transport", fmt::format("every answer has HTTP status {}", st),
                       [st](handler inner) {
                           return edit_output(std::move(inner), [st](http_output& o) { o.status = st; });
                       }});
    }
    for (std::string ct : content_types) {
        std::string const label = ct.empty() ? std::string("empty") : ct.substr(ct.find('/') + 1);
        out.push_back({fmt::format("content-type-{}", label), "transport",
                       fmt::format("JSON answers are labelled \"{}\"", ct), [ct](handler inner) {
                           return edit_output(std::move(inner), [ct](http_output& o) {
                               if (o.content_type == "application/json") o.content_type = ct;
                           });
                       }});
    }
    for (auto const& r : body_rows) {
        out.push_back({r.name, "transport", r.description, [edit = r.edit](handler inner) {
                           return edit_output(std::move(inner), [edit](http_output& o) {
                               if (o.content_type == "application/json") edit(o.body);
                           });
                       }});
    }
}

} // namespace kconform::server::detail
