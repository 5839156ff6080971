// The fault catalogue. Each fault rewrites the request or the answer around an unchanged handler, so the
// reference behaviour stays in one place and every fault is a few lines that can be reviewed on their own. The
// hand-written faults live here; the table-generated families are in faults_*.cpp.
#include "server/faults.hpp"

#include "server/detail/fault_kit.hpp"
#include "server/store.hpp"

namespace kconform::server {
namespace json = boost::json;  // from <boost/json.hpp>

namespace detail {

http_input with_key(http_input const& in, std::string const& key) {
    json::value body = request_json(in);
    if (!body.is_object() || !body.as_object().contains("api_key")) return in;
    http_input out = in;
    body.as_object()["api_key"] = key;
    out.body = json::serialize(body);
    return out;
}

std::string admin_key_for_non_admin(http_input const& in, store const& s) {
    json::value body = request_json(in);
    auto const* key = body.is_object() ? body.as_object().if_contains("api_key") : nullptr;
    if (key == nullptr || !key->is_string()) return {};
    user const* caller = s.find_user_by_api_key(key->get_string());
    user const* admin = s.find_user(defaults::admin_id);
    if (caller == nullptr || caller->admin || !caller->active || admin == nullptr) return {};
    return admin->api_key;
}

} // namespace detail

namespace {
using detail::each_object;
using detail::edit_answer;

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
        if (auto* e = detail::error_text(a)) *e = std::string(*e) + ".";
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
        std::string const admin = detail::admin_key_for_non_admin(in, s);
        return inner(admin.empty() ? in : detail::with_key(in, admin), s);
    };
}

// delete_* answers success but the store is left as it was.
handler delete_not_applied(handler inner) {
    return [inner = std::move(inner)](http_input const& in, store& s) {
        if (!detail::request_method(in).starts_with("delete_")) return inner(in, s);
        store copy = s;
        http_output out = inner(in, s);
        s = std::move(copy);
        return out;
    };
}

handler http_500(handler inner) {
    return detail::edit_output(std::move(inner), [](http_output& out) { out.status = 500; });
}

handler text_html(handler inner) {
    return detail::edit_output(std::move(inner), [](http_output& out) {
        if (out.content_type == "application/json") out.content_type = "text/html; charset=utf-8";
    });
}

handler both_null(handler inner) {
    return edit_answer(std::move(inner), [](http_input const&, json::object& a) {
        if (detail::error_text(a) != nullptr) a["error"] = nullptr;
    });
}

std::vector<fault> build_catalog() {
    std::vector<fault> c{
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
    detail::add_answer_faults(c);
    detail::add_shape_faults(c);
    detail::add_access_faults(c);
    detail::add_wire_faults(c);
    return c;
}

} // namespace

std::vector<fault> const& fault_catalog() {
    static std::vector<fault> const catalog = build_catalog();
    return catalog;
}

std::vector<fault> const& benign_catalog() {
    static std::vector<fault> const catalog = [] {
        std::vector<fault> c;
        detail::add_benign_variants(c);
        detail::add_wire_variants(c);
        return c;
    }();
    return catalog;
}

fault const* find_fault(std::string_view name) {
    for (auto const* list : {&fault_catalog(), &benign_catalog()}) {
        for (auto const& f : *list) {
            if (f.name == name) return &f;
        }
    }
    return nullptr;
}

std::optional<handler> with_fault(std::string_view name, handler inner) {
    fault const* f = find_fault(name);
    if (f == nullptr) return std::nullopt;
    return f->wrap(std::move(inner));
}

} // namespace kconform::server
