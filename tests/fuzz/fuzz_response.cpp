// Fuzz target: a server's answer as kconform reads it. The bytes go through the envelope decoder and every kind of
// expectation the runner judges with (check::evaluate), once as a response body and once as a raw HTTP response
// (core's parse_response, the client's parser off the wire). Anything the server sends must become failures,
// never a crash.
#include "core/http_client.hpp"
#include "core/jsonrpc.hpp"
#include "harness/check/evaluate.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {
using namespace kconform;
using spec::jtype;
using kind = check::expected_response::kind;

spec::schema of(std::vector<jtype> types) {
    spec::schema s;
    s.types = std::move(types);
    return s;
}

spec::schema ref(std::string name) {
    spec::schema s;
    s.ref = std::move(name);
    return s;
}

// A shape in the style of specs/shapes.yaml (§D.1 User, abridged).
check::shape_table const& shapes() {
    static check::shape_table const table = [] {
        auto user = of({jtype::object});
        auto emails = of({jtype::array});
        emails.items.push_back(of({jtype::string}));
        user.fields = {{"user_id", of({jtype::integer})}, {"username", of({jtype::string})},
                       {"email", of({jtype::string, jtype::null})}, {"emails", emails},
                       {"active", of({jtype::boolean})}, {"created_on", of({jtype::string})}};
        user.optional_fields = {"created_on"};
        return check::shape_table{{"User", user}};
    }();
    return table;
}

// One expectation of each kind, with the rules the specs use (the date pattern is the specs' own).
std::vector<check::expected_response> const& expectations() {
    static spec::schema const user = ref("User");
    static spec::schema const users = [] {
        auto s = of({jtype::array});
        s.items.push_back(ref("User"));
        return s;
    }();
    static std::vector<check::expected_response> const list = [] {
        std::vector<check::expected_response> out(6);
        out[0].id = 1;
        out[0].result = &user;
        out[0].equal = {{"result.username", "test_admin"}};
        out[0].rules = {{"result.created_on", "matches", R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?$)", {}},
                        {"result.emails", "unordered", boost::json::array{"a@example.com"}, {}},
                        {"result.username", "one_of", boost::json::array{"test_admin", "test_regular"}, {}}};
        out[1].result = &users;
        out[1].rules = {{"result", "contains", boost::json::array{1}, {}}, {"result.0.user_id", "differs", 2, {}}};
        out[2].outcome = kind::error;
        out[2].error = "userid is not given";
        out[3].outcome = kind::error;
        out[3].error = "failed to get user";
        out[3].error_prefix = true;
        out[4].outcome = kind::any;
        out[4].rules = {{"error", "type", boost::json::array{"string", "null"}, {}}, {"result", "absent", nullptr, {}},
                        {"error", "excludes", "Traceback", {}}, {"result.x.1", "prefix", "ab", {}}};
        out[5].outcome = kind::http;
        out[5].status = 404;
        return out;
    }();
    return list;
}

void judge(http_response const& res, simdjson::dom::parser& parser) {
    for (auto const& exp : expectations()) {
        check::failures out;
        check::evaluate(res, exp, shapes(), parser, out);
        for (auto const& f : out) (void)f.str();
    }
    // The load engine's path: the envelope's members read with the error-code API.
    if (auto body = jsonrpc::parse(parser, res.body)) {
        std::string key;
        if (auto env = jsonrpc::split(body->root, &key)) {
            std::int64_t id = 0;
            std::string_view text;
            if (env->id.get(id) == simdjson::SUCCESS && env->error.get(text) == simdjson::SUCCESS) key = text;
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    static simdjson::dom::parser parser;  // reused, as by the runner and the load workers
    std::string_view const bytes(reinterpret_cast<char const*>(data), size);
    judge(http_response{200, "application/json", std::string(bytes)}, parser);
    client_options opts;
    opts.body_limit = 64 * 1024;
    if (auto res = parse_response(bytes, opts)) judge(*res, parser);
    return 0;
}
