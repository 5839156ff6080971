// The fault catalogue. Each fault rewrites the request or the answer around an unchanged handler, so the
// reference behaviour stays in one place and every fault is a few lines that can be reviewed on their own.
#include "server/faults.hpp"

#include "server/store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace kconform::server {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// Applies `edit` to the parsed JSON answer of every 200 JSON response; other answers pass unchanged.
template <class Edit> handler edit_answer(handler inner, Edit edit) {
    return [inner = std::move(inner), edit](http_input const& in, store& s) {
        http_output out = inner(in, s);
        if (out.status != 200 || out.content_type != "application/json") return out;
        boost::system::error_code ec;
        json::value v = json::parse(out.body, ec);
        if (ec || !v.is_object()) return out;
        edit(in, v.as_object());
        out.body = json::serialize(v);
        return out;
    };
}

// Visits every object inside a value (depth first).
template <class Fn> void each_object(json::value& v, Fn const& fn) {
    if (auto* o = v.if_object()) {
        fn(*o);
        for (auto& kv : *o) each_object(kv.value(), fn);
    } else if (auto* a = v.if_array()) {
        for (auto& x : *a) each_object(x, fn);
    }
}

handler user_active_as_string(handler inner) {
    return edit_answer(std::move(inner), [](http_input const&, json::object& a) {
        each_object(a["result"], [](json::object& o) {
            if (o.contains("user_id") && o.contains("active") && o["active"].is_bool()) {
                o["active"] = o["active"].get_bool() ? "true" : "false";
            }
        });
    });
}

handler missing_error_key(handler inner) {
    return edit_answer(std::move(inner), [](http_input const&, json::object& a) { a.erase("error"); });
}

handler id_not_echoed(handler inner) {
    return edit_answer(std::move(inner), [](http_input const&, json::object& a) {
        if (a.contains("id") && !a["id"].is_null()) a["id"] = 0;
    });
}

handler wrong_error_text(handler inner) {
    return edit_answer(std::move(inner), [](http_input const&, json::object& a) {
        if (auto* e = a.if_contains("error"); e && e->is_string()) *e = std::string(e->get_string()) + ".";
    });
}

handler repo_name_missing(handler inner) {
    return edit_answer(std::move(inner), [](http_input const&, json::object& a) {
        each_object(a["result"], [](json::object& o) {
            if (o.contains("repo_id")) o.erase("repo_name");
        });
    });
}

// The decorator check skipped: the request runs as the first admin whatever key it carries (a valid key is
// still required, so authentication checks keep passing).
handler admin_check_skipped(handler inner) {
    return [inner = std::move(inner)](http_input const& in, store& s) {
        boost::system::error_code ec;
        json::value body = json::parse(in.body, ec);
        auto* o = body.if_object();
        auto* key = o ? o->if_contains("api_key") : nullptr;
        if (ec || key == nullptr || !key->is_string()) return inner(in, s);
        user const* caller = s.find_user_by_api_key(key->get_string());
        user const* admin = s.find_user(defaults::admin_id);
        if (caller == nullptr || caller->admin || !caller->active || admin == nullptr) return inner(in, s);
        http_input as_admin = in;
        (*o)["api_key"] = admin->api_key;
        as_admin.body = json::serialize(body);
        return inner(as_admin, s);
    };
}

// delete_* answers success but the store is left as it was.
handler delete_not_applied(handler inner) {
    return [inner = std::move(inner)](http_input const& in, store& s) {
        bool const is_delete = in.body.find("\"delete_") != std::string::npos;
        if (!is_delete) return inner(in, s);
        store copy = s;
        http_output out = inner(in, s);
        s = std::move(copy);
        return out;
    };
}

handler http_500(handler inner) {
    return [inner = std::move(inner)](http_input const& in, store& s) {
        http_output out = inner(in, s);
        out.status = 500;
        return out;
    };
}

handler text_html(handler inner) {
    return [inner = std::move(inner)](http_input const& in, store& s) {
        http_output out = inner(in, s);
        if (out.content_type == "application/json") out.content_type = "text/html; charset=utf-8";
        return out;
    };
}

handler both_null(handler inner) {
    return edit_answer(std::move(inner), [](http_input const&, json::object& a) {
        if (auto* e = a.if_contains("error"); e && e->is_string()) *e = nullptr;
    });
}

} // namespace

std::vector<fault> const& fault_catalog() {
    static std::vector<fault> const catalog{
        {"user-active-as-string", "shape", "User objects carry \"active\" as a string", &user_active_as_string},
        {"repo-name-missing", "shape", "Repo objects lack repo_name", &repo_name_missing},
        {"missing-error-key", "envelope", "answers have no \"error\" member", &missing_error_key},
        {"id-not-echoed", "envelope", "the request id comes back as 0", &id_not_echoed},
        {"error-null-on-failure", "envelope", "failed calls answer result null and error null", &both_null},
        {"wrong-error-text", "error", "every error text gets a trailing '.'", &wrong_error_text},
        {"admin-check-skipped", "permission", "any valid key runs as test_admin (decorators pass)",
         &admin_check_skipped},
        {"delete-not-applied", "state", "delete_* report success but change nothing", &delete_not_applied},
        {"http-500", "transport", "every answer has HTTP status 500", &http_500},
        {"content-type-html", "transport", "JSON answers are labelled text/html", &text_html},
    };
    return catalog;
}

fault const* find_fault(std::string_view name) {
    for (auto const& f : fault_catalog()) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

std::optional<handler> with_fault(std::string_view name, handler inner) {
    fault const* f = find_fault(name);
    if (f == nullptr) return std::nullopt;
    return f->wrap(std::move(inner));
}

} // namespace kconform::server
