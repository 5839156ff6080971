// The contract as typed, immutable structs: method specs, shared shapes and the envelope checks, loaded once from
// specs/ (style rule 5). Nothing here refers to YAML; every element remembers where in which file it was written.
#pragma once
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kconform::spec {

/** file:line:col, 1-based, of a spec element. */
struct location {
    std::string file;  // path as given to the loader
    int line = 0;      // 1-based line
    int col = 0;       // 1-based column
    /** "file:line:col" */
    std::string str() const;
};

/** JSON types a spec can name. */
enum class jtype { null, boolean, integer, number, string, array, object, any };

/** Parses "integer", "string"...; nullopt for an unknown name. */
std::optional<jtype> parse_jtype(std::string_view name);
std::string_view name_of(jtype t);

/** The expected shape of a JSON value. */
struct schema {
    std::vector<jtype> types;        // accepted types; empty when `ref` names a shape
    std::string ref;                 // name of a shape in spec_set::shapes, "" when inline
    std::vector<std::pair<std::string, schema>> fields;  // object members, in spec order
    std::vector<std::string> optional_fields;            // members that may be absent
    bool exact = true;               // object: no members other than `fields`
    std::vector<schema> items;       // array: 0 or 1 element, the schema of every item
    std::vector<schema> values;      // object used as a map: 0 or 1 element, the schema of every value
    std::vector<boost::json::value> one_of;  // allowed values, empty = any
    location loc;
    // Declared so that clang instantiates the members' constructors only once schema is complete (it rejects the
    // implicit one: `fields` holds pairs of the still incomplete schema).
    schema() = default;
};

/** How a call authenticates. */
enum class key_kind {
    admin, user, user2,    // the configured keys of those roles
    none,                  // no api_key member at all
    unknown,               // 40 alphanumerics no server knows
    short_key,             // too short
    non_alnum,             // 40 characters, not all alphanumeric
    number,                // a JSON number instead of a string
    default_user,          // the built-in default user's key (KCONFORM_DEFAULT_KEY), always refused (§A.3)
};
std::optional<key_kind> parse_key_kind(std::string_view name);
std::string_view name_of(key_kind k);

/** One request to send. Strings may hold ${var} references, expanded at run time. */
struct request_spec {
    key_kind key = key_kind::admin;
    std::optional<boost::json::value> method;  // usually the spec's method; nullopt = member omitted
    std::optional<boost::json::value> args = boost::json::value(boost::json::object{});  // nullopt = omitted
    std::optional<boost::json::value> id = boost::json::value(1);  // nullopt = omitted
    std::string http_method = "POST";       // HTTP method
    std::string query;                      // appended to the endpoint path, e.g. "?api_key=x"
    std::optional<std::string> body_text;   // sent verbatim instead of the encoded request
    bool content_length = true;             // false: send the body chunked, without Content-Length
    location loc;
};

/** A rule directive on a path, e.g. {path: result.added, unordered: [a, b]} (see check/rules.hpp). */
struct rule_spec {
    std::string path;           // dotted path from the response root
    std::string directive;      // equal, present, absent, type, one_of, prefix, matches, unordered, contains, excludes
    boost::json::value value;   // the directive's argument
    location loc;
};

/** The rule directives a spec may use. */
inline constexpr std::string_view rule_directives[] = {"equal",   "present", "absent",    "type",    "one_of",
                                                       "prefix",  "matches", "unordered", "contains",
                                                       "excludes", "differs"};

/** What must come back. */
struct expect_spec {
    enum class outcome { ok, error, denied, http, any } kind = outcome::ok;  // any: a well-formed answer, rules only
    std::string error;                 // kind error: catalog key or literal text (may hold ${arg} placeholders)
    bool error_is_prefix = false;      // compare only the start of the error text
    unsigned status = 200;             // expected HTTP status
    bool id_null = false;              // the id must come back null instead of echoed
    std::optional<schema> result;      // kind ok: override of the method's result shape
    std::vector<std::pair<std::string, boost::json::value>> equal;  // path → value, paths like "result.user.admin"
    std::vector<rule_spec> rules;      // further rules on paths (unordered arrays, prefixes, absence...)
    location loc;
};

/** An entity-creating call made before a check; undone after it. */
struct step {
    std::string method;
    key_kind key = key_kind::admin;
    boost::json::object args;
    std::vector<std::pair<std::string, std::string>> save;  // variable ← path in the response
    std::optional<std::pair<std::string, boost::json::object>> undo;  // method + args, run at cleanup
    location loc;
};

/** A named scenario: setup, one request, its expectation. */
struct example {
    std::string id;                // last component of the check ID
    std::string requirement;       // the sentence of the contract it enforces
    std::vector<step> setup;
    request_spec request;
    expect_spec expect;
    std::optional<std::pair<std::string, boost::json::object>> undo;  // undoes a successful request at cleanup
    std::vector<std::pair<std::string, std::string>> save;  // variable ← path in the response (scenario steps)
    std::string intrusive;         // why a success changes state the suite did not create; "" = not intrusive
    location loc;
};

/** A method's argument. */
struct arg_spec {
    std::string name;
    std::vector<jtype> types;      // accepted JSON types (documentation; not checked by the envelope)
    bool required = false;
    boost::json::value default_value;  // informational
    std::string doc;
    location loc;
};

/** specs/matrix.yaml: how the suite creates a subject of one kind and gives the `user` key each role on it. */
struct matrix_subject {
    std::string subject;                                          // name template of the subject, e.g. "${run}_mx"
    std::vector<std::pair<std::string, std::vector<step>>> roles;  // role → setup steps (create + grants), in order
    location loc;
};

/** A method's permission matrix: what `user` gets on a subject for each role (reference §B). */
struct matrix_spec {
    std::string on;                       // subject kind: a key of spec_set::subjects
    boost::json::object args;             // the request's arguments; ${subject} names the subject
    std::vector<std::pair<std::string, expect_spec>> cells;  // role → outcome
    location loc;
};

/** One API method (specs/<area>/<method>.yaml). */
struct method_spec {
    std::string name;
    std::string area;
    std::string requirement;
    std::vector<std::string> notes;              // doc discrepancies and remarks
    std::string access;                          // "admin" (decorator hg.admin), "any", or "perm:<global perm>"
    std::vector<arg_spec> args;                  // in the method's parameter order
    schema result;                               // shape of a successful result
    std::map<std::string, std::string> errors;   // catalog: key → text with ${placeholders}
    std::vector<example> examples;
    std::vector<std::pair<std::string, expect_spec>> roles;  // role name → outcome for the first ok example
    std::optional<matrix_spec> matrix;           // permission matrix cells, when the method acts on a subject
    location loc;
};

/** specs/envelope.yaml: generic checks of §A.2 and the texts of envelope errors. */
struct envelope_spec {
    std::map<std::string, std::string> errors;
    std::vector<example> checks;
};

/** Everything under specs/. */
struct spec_set {
    std::map<std::string, schema> shapes;
    std::map<std::string, matrix_subject> subjects;   // specs/matrix.yaml
    std::vector<method_spec> methods;
    envelope_spec envelope;
    method_spec const* find(std::string_view method) const;
};

} // namespace kconform::spec
