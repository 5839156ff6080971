// specs/ → spec_set. Each parse_* function reads one construct of the schema documented in specs/README.md and
// reports problems through the yaml_reader; link() then checks cross-references (shapes, error keys, roles).
#include "harness/spec/loader.hpp"

#include "harness/spec/yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <fmt/format.h>

namespace kconform::spec {
namespace fs = std::filesystem;

std::string load_error::str() const { return fmt::format("{}: {}", loc.str(), message); }

namespace {

std::vector<jtype> parse_types(yaml_reader const& r, YAML::Node const& n, std::string_view what) {
    std::vector<jtype> out;
    auto add = [&](YAML::Node const& item, std::string const& text) {
        if (auto t = parse_jtype(text)) out.push_back(*t);
        else r.error(item, fmt::format("{}: unknown type '{}' (null, boolean, integer, number, string, array, "
                                       "object, any)", what, text));
    };
    if (n.IsScalar()) add(n, n.Scalar());
    else if (n.IsSequence())
        for (auto const& item : n) add(item, item.Scalar());
    else r.error(n, fmt::format("{}: expected a type name or a list of them", what));
    return out;
}

// "integer", "string|null", "User", "User|null", or a mapping (see specs/README.md).
schema parse_schema(yaml_reader const& r, YAML::Node const& n, std::string const& what) {
    schema s;
    s.loc = r.where(n);
    if (n.IsScalar() || n.IsSequence()) {
        std::vector<std::string> parts;
        if (n.IsScalar()) {
            std::string text = n.Scalar();
            for (std::size_t start = 0;;) {
                auto bar = text.find('|', start);
                parts.push_back(text.substr(start, bar - start));
                if (bar == std::string::npos) break;
                start = bar + 1;
            }
        } else {
            for (auto const& item : n) parts.push_back(item.Scalar());
        }
        for (auto const& p : parts) {
            if (!p.empty() && std::isupper(static_cast<unsigned char>(p[0]))) {
                if (!s.ref.empty()) r.error(n, fmt::format("{}: at most one shape name per schema", what));
                s.ref = p;
            } else if (auto t = parse_jtype(p)) {
                s.types.push_back(*t);
            } else {
                r.error(n, fmt::format("{}: unknown type '{}'", what, p));
            }
        }
        return s;
    }
    if (!r.expect_map(n, what)) return s;
    r.check_keys(n, {"type", "shape", "fields", "optional", "exact", "items", "values", "one_of"}, what);
    if (auto t = n["type"]) s.types = parse_types(r, t, what + ".type");
    s.ref = r.string_at(n, "shape", false, what);
    if (auto f = n["fields"]) {
        if (r.expect_map(f, what + ".fields"))
            for (auto const& kv : f)
                s.fields.emplace_back(kv.first.Scalar(), parse_schema(r, kv.second, what + "." + kv.first.Scalar()));
        if (s.types.empty()) s.types.push_back(jtype::object);
    }
    s.optional_fields = r.strings_at(n, "optional");
    for (auto const& o : s.optional_fields)
        if (std::none_of(s.fields.begin(), s.fields.end(), [&](auto const& f) { return f.first == o; }))
            r.error(n["optional"], fmt::format("{}.optional: '{}' is not one of the fields", what, o));
    s.exact = r.bool_at(n, "exact", true);
    if (auto i = n["items"]) {
        s.items.push_back(parse_schema(r, i, what + "[]"));
        if (s.types.empty()) s.types.push_back(jtype::array);
    }
    if (auto v = n["values"]) {
        s.values.push_back(parse_schema(r, v, what + "{}"));
        if (s.types.empty()) s.types.push_back(jtype::object);
    }
    if (auto o = n["one_of"]) {
        auto v = r.to_json(o);
        if (!v.is_array()) r.error(o, fmt::format("{}.one_of: expected a list", what));
        else s.one_of.assign(v.get_array().begin(), v.get_array().end());
    }
    if (s.types.empty() && s.ref.empty()) r.error(n, fmt::format("{}: needs a type or a shape", what));
    return s;
}

key_kind parse_key(yaml_reader const& r, YAML::Node const& map, std::string_view what) {
    auto text = r.string_at(map, "as", false, what);
    if (text.empty()) return key_kind::admin;
    if (auto k = parse_key_kind(text)) return *k;
    r.error(map["as"], fmt::format("{}.as: unknown key '{}' (admin, user, user2, none, unknown, short, non-alnum, "
                                   "number, default)", what, text));
    return key_kind::admin;
}

// {path: result.x, <directive>: value}: exactly one directive besides path.
rule_spec parse_rule(yaml_reader const& r, YAML::Node const& n, std::string const& what) {
    rule_spec rs;
    rs.loc = r.where(n);
    if (!r.expect_map(n, what)) return rs;
    rs.path = r.string_at(n, "path", true, what);
    for (auto const& kv : n) {
        auto key = kv.first.Scalar();
        if (key == "path") continue;
        if (std::find(std::begin(rule_directives), std::end(rule_directives), key) == std::end(rule_directives)) {
            r.error(kv.first, fmt::format("{}: unknown directive '{}' (equal, present, absent, type, one_of, prefix, "
                                          "matches, unordered, contains, excludes, differs)", what, key));
        } else if (!rs.directive.empty()) {
            r.error(kv.first, fmt::format("{}: one directive per rule ('{}' and '{}')", what, rs.directive, key));
        } else {
            rs.directive = key;
            rs.value = r.to_json(kv.second);
        }
    }
    if (rs.directive.empty()) r.error(n, what + ": needs a directive");
    return rs;
}

expect_spec parse_expect(yaml_reader const& r, YAML::Node const& n, std::string const& what) {
    expect_spec e;
    e.loc = r.where(n);
    if (n.IsScalar()) {
        if (n.Scalar() == "ok") e.kind = expect_spec::outcome::ok;
        else if (n.Scalar() == "denied") e.kind = expect_spec::outcome::denied;
        else if (n.Scalar() == "any") e.kind = expect_spec::outcome::any;
        else r.error(n, fmt::format("{}: expected ok, denied, any or a mapping", what));
        return e;
    }
    if (!r.expect_map(n, what)) return e;
    r.check_keys(n, {"error", "prefix", "status", "id", "result", "equal", "check"}, what);
    if (n["error"]) {
        e.kind = expect_spec::outcome::error;
        e.error = r.string_at(n, "error", true, what);
    }
    e.error_is_prefix = r.bool_at(n, "prefix", false);
    if (auto s = n["status"]) {
        auto v = r.to_json(s);
        if (!v.is_int64() || v.get_int64() < 100 || v.get_int64() > 599) r.error(s, what + ".status: expected 100..599");
        else e.status = static_cast<unsigned>(v.get_int64());
        if (e.status != 200) e.kind = expect_spec::outcome::http;
    }
    if (auto id = n["id"]) {
        if (!r.to_json(id).is_null()) r.error(id, what + ".id: only `id: null` is supported (default: echoed)");
        e.id_null = true;
    }
    if (auto res = n["result"]) e.result = parse_schema(r, res, what + ".result");
    if (auto rules = n["check"]) {
        if (!rules.IsSequence()) r.error(rules, what + ".check: expected a list of {path: P, <directive>: value}");
        else
            for (std::size_t i = 0; i < rules.size(); ++i) e.rules.push_back(parse_rule(r, rules[i], fmt::format("{}.check[{}]", what, i)));
    }
    if (auto eq = n["equal"]) {
        if (r.expect_map(eq, what + ".equal"))
            for (auto const& kv : eq) e.equal.emplace_back(kv.first.Scalar(), r.to_json(kv.second));
    }
    return e;
}

boost::json::object args_of(yaml_reader const& r, YAML::Node const& n, std::string const& what) {
    auto v = r.to_json(n);
    if (v.is_object()) return v.get_object();
    if (n) r.error(n, what + ": expected a mapping of argument names to values");
    return {};
}

// {variable: path, ...}: values to keep from a response.
std::vector<std::pair<std::string, std::string>> parse_save(yaml_reader const& r, YAML::Node const& n, std::string const& what) {
    std::vector<std::pair<std::string, std::string>> out;
    if (auto sv = n["save"]; sv && r.expect_map(sv, what + ".save"))
        for (auto const& kv : sv) out.emplace_back(kv.first.Scalar(), kv.second.Scalar());
    return out;
}

// {call: METHOD, args: {...}}: a call that undoes an entity's creation.
std::optional<std::pair<std::string, boost::json::object>> parse_undo(yaml_reader const& r, YAML::Node const& n,
                                                                        std::string const& what) {
    auto u = n["undo"];
    if (!u || !r.expect_map(u, what + ".undo")) return std::nullopt;
    r.check_keys(u, {"call", "args"}, what + ".undo");
    return std::pair{r.string_at(u, "call", true, what + ".undo"), args_of(r, u["args"], what + ".undo.args")};
}

} // namespace

step parse_step(yaml_reader const& r, YAML::Node const& n, std::string const& what,
                std::span<std::string_view const> extra_keys) {
    step s;
    s.loc = r.where(n);
    if (!r.expect_map(n, what)) return s;
    std::vector<std::string_view> keys{"call", "as", "args", "save", "undo"};
    keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
    r.check_keys(n, keys, what);
    s.method = r.string_at(n, "call", true, what);
    s.key = parse_key(r, n, what);
    s.args = args_of(r, n["args"], what + ".args");
    s.save = parse_save(r, n, what);
    s.undo = parse_undo(r, n, what);
    return s;
}

namespace {

request_spec parse_request(yaml_reader const& r, YAML::Node const& n, std::string const& what,
                           std::string const& default_method) {
    request_spec q;
    q.loc = r.where(n);
    q.key = parse_key(r, n, what);
    if (!default_method.empty()) q.method = boost::json::value(default_method);
    if (auto m = n["method"]) q.method = r.to_json(m);
    if (auto a = n["args"]) q.args = r.to_json(a);
    if (auto id = n["id"]) q.id = r.to_json(id);
    for (auto const& o : r.strings_at(n, "omit")) {
        if (o == "id") q.id.reset();
        else if (o == "args") q.args.reset();
        else if (o == "method") q.method.reset();
        else if (o == "api_key") q.key = key_kind::none;
        else r.error(n["omit"], fmt::format("{}.omit: '{}' is not id, args, method or api_key", what, o));
    }
    if (!q.method && default_method.empty() && !n["omit"] && !n["body"])
        r.error(n, what + ": needs a method");
    if (auto h = n["http_method"]) q.http_method = h.Scalar();
    q.query = r.string_at(n, "query", false, what);
    if (n["body"]) q.body_text = r.string_at(n, "body", false, what);
    q.content_length = !r.bool_at(n, "chunked", false);
    return q;
}

example parse_example(yaml_reader const& r, YAML::Node const& n, std::string const& what,
                      std::string const& default_method) {
    example ex;
    ex.loc = r.where(n);
    if (!r.expect_map(n, what)) return ex;
    r.check_keys(n, {"id", "requirement", "setup", "as", "call", "method", "args", "omit", "http_method", "query",
                     "body", "chunked", "expect", "undo", "save", "intrusive"}, what);
    ex.id = r.string_at(n, "id", true, what);
    ex.requirement = r.string_at(n, "requirement", false, what);
    if (auto s = n["setup"]) {
        if (!s.IsSequence()) r.error(s, what + ".setup: expected a list of calls");
        else
            for (std::size_t i = 0; i < s.size(); ++i)
                ex.setup.push_back(parse_step(r, s[i], fmt::format("{}.setup[{}]", what, i)));
    }
    // Scenario steps name their method with `call:` like setup steps; spec examples inherit the spec's method.
    ex.request = parse_request(r, n, what, n["call"] ? r.string_at(n, "call", false, what) : default_method);
    ex.undo = parse_undo(r, n, what);
    ex.save = parse_save(r, n, what);
    ex.intrusive = r.string_at(n, "intrusive", false, what);
    if (auto e = n["expect"]) ex.expect = parse_expect(r, e, what + ".expect");
    else r.error(n, what + ": missing required key 'expect'");
    return ex;
}

} // namespace

std::vector<example> parse_examples(yaml_reader const& r, YAML::Node const& n, std::string const& what,
                                    std::string const& method) {
    std::vector<example> out;
    if (!n || !n.IsSequence()) {
        r.error(n ? n : YAML::Node(), what + ": expected a list");
        return out;
    }
    for (std::size_t i = 0; i < n.size(); ++i) {
        out.push_back(parse_example(r, n[i], fmt::format("{}[{}]", what, i), method));
        for (std::size_t j = 0; j + 1 < out.size(); ++j)
            if (out[j].id == out.back().id)
                r.error(n[i].IsMap() ? n[i]["id"] : n[i], fmt::format("{}: duplicate id '{}'", what, out[j].id));
    }
    return out;
}

namespace {

arg_spec parse_arg(yaml_reader const& r, YAML::Node const& n, std::string const& what) {
    arg_spec a;
    a.loc = r.where(n);
    if (!r.expect_map(n, what)) return a;
    r.check_keys(n, {"name", "type", "required", "default", "doc"}, what);
    a.name = r.string_at(n, "name", true, what);
    if (auto t = n["type"]) a.types = parse_types(r, t, what + ".type");
    a.required = r.bool_at(n, "required", false);
    if (auto d = n["default"]) a.default_value = r.to_json(d);
    a.doc = r.string_at(n, "doc", false, what);
    return a;
}

std::map<std::string, std::string> parse_catalog(yaml_reader const& r, YAML::Node const& n, std::string const& what) {
    std::map<std::string, std::string> out;
    if (!n) return out;
    if (!r.expect_map(n, what)) return out;
    for (auto const& kv : n) {
        if (!kv.second.IsScalar()) r.error(kv.second, fmt::format("{}.{}: expected a string", what, kv.first.Scalar()));
        else out[kv.first.Scalar()] = kv.second.Scalar();
    }
    return out;
}

method_spec parse_method(yaml_reader const& r, YAML::Node const& root, std::string const& area) {
    method_spec m;
    m.loc = r.where(root);
    if (!r.expect_map(root, "spec")) return m;
    r.check_keys(root, {"method", "area", "requirement", "notes", "access", "args", "result", "errors", "examples",
                        "roles", "matrix"}, "spec");
    m.name = r.string_at(root, "method", true, "spec");
    m.area = root["area"] ? r.string_at(root, "area", false, "spec") : area;
    m.requirement = r.string_at(root, "requirement", true, "spec");
    m.notes = r.strings_at(root, "notes");
    m.access = r.string_at(root, "access", true, "spec");
    if (!m.access.empty() && m.access != "admin" && m.access != "any" && m.access.rfind("perm:", 0) != 0)
        r.error(root["access"], fmt::format("access: '{}' is not admin, any or perm:<global permission>", m.access));
    if (auto args = root["args"]) {
        if (!args.IsSequence()) r.error(args, "args: expected a list (parameter order matters)");
        else
            for (std::size_t i = 0; i < args.size(); ++i) m.args.push_back(parse_arg(r, args[i], fmt::format("args[{}]", i)));
    }
    if (auto res = root["result"]) m.result = parse_schema(r, res, "result");
    else r.error(root, "spec: missing required key 'result'");
    m.errors = parse_catalog(r, root["errors"], "errors");
    m.examples = parse_examples(r, root["examples"], "examples", m.name);
    if (auto roles = root["roles"]; roles && r.expect_map(roles, "roles")) {
        for (auto const& kv : roles) {
            auto role = kv.first.Scalar();
            auto k = parse_key_kind(role);
            if (!k || (*k != key_kind::admin && *k != key_kind::user && *k != key_kind::user2))
                r.error(kv.first, fmt::format("roles: unknown role '{}' (admin, user, user2)", role));
            m.roles.emplace_back(role, parse_expect(r, kv.second, "roles." + role));
        }
    }
    if (auto mx = root["matrix"]; mx && r.expect_map(mx, "matrix")) {
        r.check_keys(mx, {"on", "args", "cells"}, "matrix");
        matrix_spec ms;
        ms.loc = r.where(mx);
        ms.on = r.string_at(mx, "on", true, "matrix");
        ms.args = args_of(r, mx["args"], "matrix.args");
        if (auto cells = mx["cells"]; cells && r.expect_map(cells, "matrix.cells"))
            for (auto const& kv : cells) ms.cells.emplace_back(kv.first.Scalar(), parse_expect(r, kv.second, "matrix.cells." + kv.first.Scalar()));
        m.matrix = std::move(ms);
    }
    return m;
}

std::vector<step> parse_steps(yaml_reader const& r, YAML::Node const& n, std::string const& what) {
    std::vector<step> out;
    if (!n || !n.IsSequence()) {
        r.error(n ? n : YAML::Node(), what + ": expected a list of calls");
        return out;
    }
    for (std::size_t i = 0; i < n.size(); ++i) out.push_back(parse_step(r, n[i], fmt::format("{}[{}]", what, i)));
    return out;
}

void parse_subjects(yaml_reader const& r, YAML::Node const& root, std::map<std::string, matrix_subject>& out) {
    if (!r.expect_map(root, "matrix file")) return;
    r.check_keys(root, {"subjects"}, "matrix file");
    auto subjects = root["subjects"];
    if (!subjects || !r.expect_map(subjects, "subjects")) return;
    for (auto const& kv : subjects) {
        auto what = "subjects." + kv.first.Scalar();
        matrix_subject s;
        s.loc = r.where(kv.second);
        if (!r.expect_map(kv.second, what)) continue;
        r.check_keys(kv.second, {"subject", "roles"}, what);
        s.subject = r.string_at(kv.second, "subject", true, what);
        if (auto roles = kv.second["roles"]; roles && r.expect_map(roles, what + ".roles"))
            for (auto const& role : roles) s.roles.emplace_back(role.first.Scalar(), parse_steps(r, role.second, what + ".roles." + role.first.Scalar()));
        out[kv.first.Scalar()] = std::move(s);
    }
}

// Parses a document, turning yaml-cpp exceptions (syntax errors) into errors located in `file`.
std::optional<YAML::Node> parse_yaml(std::string_view text, std::string const& file, std::vector<load_error>& errors) {
    try {
        return YAML::Load(std::string(text));
    } catch (YAML::Exception const& e) {
        errors.push_back({{file, e.mark.line + 1, e.mark.column + 1}, e.msg});
    }
    return std::nullopt;
}

std::optional<YAML::Node> read_yaml(fs::path const& file, std::vector<load_error>& errors) {
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) {
        errors.push_back({{display_path(file), 0, 0}, "cannot read the file"});
        return std::nullopt;
    }
    return parse_yaml(text, display_path(file), errors);
}

// One parsed document of a specs directory, by its path `rel` below it (its kind: shapes, matrix, envelope or a
// method spec in <area>/).
void add_document(yaml_reader const& r, YAML::Node const& root, std::string const& rel, spec_set& specs) {
    if (rel == "shapes.yaml") {
        if (!r.expect_map(root, "shapes file")) return;
        r.check_keys(root, {"shapes"}, "shapes file");
        if (auto s = root["shapes"]; s && r.expect_map(s, "shapes"))
            for (auto const& kv : s) specs.shapes[kv.first.Scalar()] = parse_schema(r, kv.second, kv.first.Scalar());
    } else if (rel == "matrix.yaml") {
        parse_subjects(r, root, specs.subjects);
    } else if (rel == "envelope.yaml") {
        if (!r.expect_map(root, "envelope file")) return;
        r.check_keys(root, {"errors", "checks"}, "envelope file");
        specs.envelope.errors = parse_catalog(r, root["errors"], "errors");
        specs.envelope.checks = parse_examples(r, root["checks"], "checks", "");
    } else if (auto slash = rel.rfind('/'); slash != std::string::npos) {
        auto area = fs::path(rel.substr(0, slash)).filename().string();
        specs.methods.push_back(parse_method(r, root, area));
    } else {
        r.error(r.where(root), "unexpected file: method specs live in specs/<area>/<method>.yaml");
    }
}

void check_error_key(yaml_reader const& r, expect_spec const& e, method_spec const& m, envelope_spec const& env) {
    if (e.kind != expect_spec::outcome::error || e.error.empty()) return;
    bool is_key = e.error.find_first_of(" `'") == std::string::npos;
    if (is_key && !m.errors.count(e.error) && !env.errors.count(e.error))
        r.error(e.loc, fmt::format("error '{}' is not in the method's or the envelope's catalog", e.error));
}

void check_schema_refs(yaml_reader const& r, schema const& s, spec_set const& set) {
    if (!s.ref.empty() && !set.shapes.count(s.ref)) r.error(s.loc, fmt::format("unknown shape '{}'", s.ref));
    for (auto const& f : s.fields) check_schema_refs(r, f.second, set);
    for (auto const& i : s.items) check_schema_refs(r, i, set);
    for (auto const& v : s.values) check_schema_refs(r, v, set);
}

// Cross-file checks once everything is read.
void link(spec_set const& set, std::vector<load_error>& errors) {
    for (auto const& [name, shape] : set.shapes) check_schema_refs(yaml_reader(shape.loc.file, errors), shape, set);
    for (auto const& m : set.methods) {
        yaml_reader r(m.loc.file, errors);
        check_schema_refs(r, m.result, set);
        for (auto const& ex : m.examples) {
            if (ex.expect.result) check_schema_refs(r, *ex.expect.result, set);
            check_error_key(r, ex.expect, m, set.envelope);
        }
        for (auto const& [role, e] : m.roles) check_error_key(r, e, m, set.envelope);
        if (m.matrix) {
            auto subject = set.subjects.find(m.matrix->on);
            if (subject == set.subjects.end()) {
                r.error(m.matrix->loc, fmt::format("matrix.on: no subject '{}' in specs/matrix.yaml", m.matrix->on));
            } else {
                for (auto const& [role, e] : m.matrix->cells) {
                    check_error_key(r, e, m, set.envelope);
                    auto const& roles = subject->second.roles;
                    if (std::none_of(roles.begin(), roles.end(), [&role = role](auto const& x) { return x.first == role; }))
                        r.error(e.loc, fmt::format("matrix.cells: subject '{}' has no role '{}'", m.matrix->on, role));
                }
            }
        }
        if (!m.roles.empty() && std::none_of(m.examples.begin(), m.examples.end(), [](auto const& ex) {
                return ex.expect.kind == expect_spec::outcome::ok;
            }))
            r.error(m.loc, "roles: needs an example that expects ok to run the roles with");
        auto count = std::count_if(set.methods.begin(), set.methods.end(), [&](auto const& o) { return o.name == m.name; });
        if (count > 1) r.error(m.loc, fmt::format("method '{}' is specified more than once", m.name));
    }
}

} // namespace

void lint_examples(spec_set const& set, std::vector<example> const& examples, std::vector<load_error>& errors) {
    for (auto const& ex : examples) {
        yaml_reader r(ex.loc.file, errors);
        if (!ex.request.method || !ex.request.method->is_string()) continue;
        std::string_view name = ex.request.method->get_string();
        auto const* m = set.find(name);
        if (!m) {
            r.error(ex.request.loc, fmt::format("no spec for method '{}'", name));
            continue;
        }
        check_error_key(r, ex.expect, *m, set.envelope);
        if (ex.expect.result) check_schema_refs(r, *ex.expect.result, set);
    }
}

load_result load_spec_text(std::string_view text, std::string const& rel) {
    load_result out;
    if (auto root = parse_yaml(text, rel, out.errors)) add_document(yaml_reader(rel, out.errors), *root, rel, out.specs);
    link(out.specs, out.errors);
    return out;
}

load_result load_method_file(fs::path const& file) {
    load_result out;
    auto root = read_yaml(file, out.errors);
    if (root) {
        yaml_reader r(display_path(file), out.errors);
        out.specs.methods.push_back(parse_method(r, *root, file.parent_path().filename().string()));
    }
    return out;
}

namespace {
// Every .yaml file under dir; of the method files only those of `methods` when given.
load_result load_directory(fs::path const& dir, std::set<std::string> const* methods) {
    load_result out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        out.errors.push_back({{dir.string(), 0, 0}, "not a directory"});
        return out;
    }
    std::vector<fs::path> files;
    for (auto const& entry : fs::recursive_directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
            bool shared = !entry.path().lexically_relative(dir).has_parent_path();  // shapes, envelope, matrix
            if (methods && !shared && !methods->count(entry.path().stem().string())) continue;
            files.push_back(entry.path());
        }
    std::sort(files.begin(), files.end());  // deterministic order of methods and errors
    for (auto const& file : files) {
        auto parsed = read_yaml(file, out.errors);
        if (!parsed) continue;
        add_document(yaml_reader(display_path(file), out.errors), *parsed, fs::relative(file, dir).generic_string(),
                     out.specs);
    }
    link(out.specs, out.errors);
    return out;
}
} // namespace

load_result load_specs(fs::path const& dir) { return load_directory(dir, nullptr); }

load_result load_specs(fs::path const& dir, std::set<std::string> const& methods) {
    return load_directory(dir, &methods);
}

} // namespace kconform::spec
