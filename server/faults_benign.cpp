// Benign variants: answers that differ from the reference server's bytes but not from the contract (JSON key
// order, whitespace, a charset parameter). A correct tool accepts each; `kconform selftest` proves it does.
#include "server/faults.hpp"

#include "server/detail/fault_kit.hpp"

namespace kconform::server::detail {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// Every object's members in reverse order, recursively.
json::value reversed(json::value const& v) {
    if (auto const* o = v.if_object()) {
        json::object r;
        for (auto it = o->end(); it != o->begin();) {
            --it;
            r[it->key()] = reversed(it->value());
        }
        return r;
    }
    if (auto const* a = v.if_array()) {
        json::array r;
        for (auto const& x : *a) r.push_back(reversed(x));
        return r;
    }
    return v;
}

// Indented JSON with spaces around separators (as Python's json.dumps(indent=2) writes it).
void pretty(json::value const& v, std::string& out, int depth) {
    std::string const pad(static_cast<std::size_t>(depth + 1) * 2, ' ');
    std::string const close_pad(static_cast<std::size_t>(depth) * 2, ' ');
    if (auto const* o = v.if_object()) {
        out += "{\n";
        bool first = true;
        for (auto const& kv : *o) {
            if (!first) out += ",\n";
            first = false;
            out += pad + json::serialize(json::value(kv.key())) + " : ";
            pretty(kv.value(), out, depth + 1);
        }
        out += "\n" + close_pad + "}";
    } else if (auto const* a = v.if_array()) {
        out += "[ ";
        bool first = true;
        for (auto const& x : *a) {
            if (!first) out += " ,\t";
            first = false;
            pretty(x, out, depth + 1);
        }
        out += " ]";
    } else {
        out += json::serialize(v);
    }
}

template <class Rewrite> handler rewrite_json(handler inner, Rewrite rewrite) {
    return edit_output(std::move(inner), [rewrite](http_output& o) {
        if (o.content_type != "application/json") return;
        boost::system::error_code ec;
        json::value v = json::parse(o.body, ec);
        if (!ec) o.body = rewrite(v);
    });
}

} // namespace

void add_benign_variants(std::vector<fault>& out) {
    out.push_back({"key-order-reversed", "benign", "every JSON object lists its members in reverse order",
                   [](handler inner) {
                       return rewrite_json(std::move(inner), [](json::value const& v) { return json::serialize(reversed(v)); });
                   }});
    out.push_back({"whitespace", "benign", "JSON answers are indented, with spaces and tabs around separators",
                   [](handler inner) {
                       return rewrite_json(std::move(inner), [](json::value const& v) {
                           std::string s = "\n ";
                           pretty(v, s, 0);
                           return s + "\r\n";
                       });
                   }});
    out.push_back({"charset-utf8", "benign", "Content-Type: application/json; charset=utf-8", [](handler inner) {
                       return edit_output(std::move(inner), [](http_output& o) {
                           if (o.content_type == "application/json") o.content_type = "application/json; charset=utf-8";
                       });
                   }});
    out.push_back({"charset-upper", "benign", "Content-Type: Application/JSON;charset=UTF-8", [](handler inner) {
                       return edit_output(std::move(inner), [](http_output& o) {
                           if (o.content_type == "application/json") o.content_type = "Application/JSON;charset=UTF-8";
                       });
                   }});
}

} // namespace kconform::server::detail
