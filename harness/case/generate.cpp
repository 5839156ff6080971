// Generation of checks from method specs (issue: happy path, each missing required argument, an unknown argument,
// a bad api key, each role's expected outcome) and from the envelope spec.
#include "harness/case/check_case.hpp"

#include "harness/case/loader.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace kconform::harness {
using spec::expect_spec;
using spec::key_kind;

namespace {

expect_spec error_expect(std::string key, spec::location loc) {
    expect_spec e;
    e.kind = expect_spec::outcome::error;
    e.error = std::move(key);
    e.loc = std::move(loc);
    return e;
}

// The roles implied by the access rule when the spec does not list them (§B.5 style 1: decorator refusal).
std::vector<std::pair<std::string, expect_spec>> roles_of(spec::method_spec const& m) {
    if (!m.roles.empty() || m.access != "admin") return m.roles;
    expect_spec ok;
    expect_spec denied;
    ok.loc = denied.loc = m.loc;
    denied.kind = expect_spec::outcome::denied;
    return {{"admin", ok}, {"user", denied}, {"user2", denied}};
}

// One check per matrix cell: the subject is created and the role arranged by the subject's steps (as admin), then
// the `user` key calls the method on ${subject}.
void add_matrix_checks(spec::method_spec const& m, spec::spec_set const& specs, std::vector<check_case>& out) {
    if (!m.matrix) return;
    auto subject = specs.subjects.find(m.matrix->on);
    if (subject == specs.subjects.end()) return;
    for (auto const& [role, outcome] : m.matrix->cells) {
        auto steps = std::find_if(subject->second.roles.begin(), subject->second.roles.end(),
                                  [&](auto const& r) { return r.first == role; });
        if (steps == subject->second.roles.end()) continue;
        spec::request_spec req;
        req.key = key_kind::user;
        req.method = boost::json::string(m.name);
        req.args = boost::json::value(m.matrix->args);
        req.loc = m.matrix->loc;
        check_case c{fmt::format("{}/{}/matrix-{}", m.area, m.name, role),
                     fmt::format("§B: what {} answers a user whose role on the {} is {}.", m.name, m.matrix->on, role),
                     outcome.loc, m.name, steps->second, req, outcome, {}, {{"subject", subject->second.subject}}, {}, {}, {}};
        out.push_back(std::move(c));
    }
}

void add_method_checks(spec::method_spec const& m, std::vector<check_case>& out) {
    auto prefix = fmt::format("{}/{}/", m.area, m.name);
    for (auto const& ex : m.examples)
        out.push_back({prefix + ex.id, ex.requirement.empty() ? m.requirement : ex.requirement, ex.loc, m.name,
                       ex.setup, ex.request, ex.expect, ex.undo, {}, ex.save, {}, ex.intrusive});
    auto base = std::find_if(m.examples.begin(), m.examples.end(),
                             [](auto const& ex) { return ex.expect.kind == expect_spec::outcome::ok; });
    if (base == m.examples.end()) return;
    auto derived = [&](std::string name, std::string requirement) {
        // Derived checks inherit the base's intrusiveness; those expecting a refusal are marked below as harmless.
        check_case c{prefix + name, std::move(requirement), base->loc, m.name, base->setup, base->request, {}, base->undo, {}, base->save, {},
                     base->intrusive};
        return c;
    };
    for (auto const& a : m.args) {
        if (!a.required) continue;
        auto c = derived("missing-" + a.name, "A required argument that is absent from args is reported (§A.2 step 10).");
        if (c.request.args && c.request.args->is_object()) c.request.args->get_object().erase(a.name);
        c.expect = error_expect("missing_arg", a.loc);
        c.vars["arg"] = a.name;
        out.push_back(std::move(c));
    }
    {
        auto c = derived("unknown-arg", "Argument names the method does not accept are reported (§A.2 step 11).");
        if (c.request.args && c.request.args->is_object()) c.request.args->get_object()["kconform_unknown"] = 1;
        c.expect = error_expect("unknown_arg", m.loc);
        c.vars["arg"] = "kconform_unknown";
        out.push_back(std::move(c));
    }
    {
        auto c = derived("bad-key", "An API key no user has is refused before the method runs (§A.2 step 8).");
        c.request.key = key_kind::unknown;
        c.expect = error_expect("invalid_key", m.loc);
        out.push_back(std::move(c));
    }
    {
        auto c = derived("default-key", "The built-in default user's key is refused (§A.3).");
        c.request.key = key_kind::default_user;
        c.expect = error_expect("invalid_key", m.loc);
        out.push_back(std::move(c));
    }
    {
        // args that is not an object counts as {} (§A.2): then the last required argument is the one reported.
        auto c = derived("args-not-object", "args that is not an object is treated as {} (§A.2).");
        c.request.args = boost::json::array{};
        auto last = std::find_if(m.args.rbegin(), m.args.rend(), [](auto const& a) { return a.required; });
        if (last != m.args.rend()) {
            c.expect = error_expect("missing_arg", last->loc);
            c.vars["arg"] = last->name;
        } else {
            c.expect = base->expect;
            c.expect.equal.clear();
            c.expect.rules.clear();
        }
        out.push_back(std::move(c));
    }
    for (auto const& a : m.args) {
        if (!a.required) continue;
        // Only presence is checked (§A.2 step 10): an explicit null satisfies a required argument. What the method
        // then answers is its own business; it must not be the missing-argument error.
        auto c = derived("null-" + a.name, "An explicit null satisfies a required argument (§A.2 step 10).");
        if (c.request.args && c.request.args->is_object()) c.request.args->get_object()[a.name] = nullptr;
        c.expect = spec::expect_spec{};
        c.expect.kind = expect_spec::outcome::any;
        c.expect.loc = a.loc;
        c.expect.rules.push_back({"error", "differs", boost::json::string(fmt::format("Missing non optional `{}` arg in JSON DATA", a.name)), a.loc});
        out.push_back(std::move(c));
    }
    for (auto const& [role, outcome] : roles_of(m)) {
        auto c = derived("role-" + role, fmt::format("Who may call {}: {} (§B).", m.name, m.access));
        c.request.key = *spec::parse_key_kind(role);
        c.expect = outcome;
        if (outcome.kind == expect_spec::outcome::ok) {
            // Same shape as the base example; its value comparisons may depend on the caller, so they are dropped.
            c.expect.result = base->expect.result;
            c.expect.equal.clear();
            c.expect.rules.clear();
        }
        out.push_back(std::move(c));
    }
}

} // namespace

std::vector<check_case> generate(spec::spec_set const& specs) {
    std::vector<check_case> out;
    for (auto const& m : specs.methods) {
        add_method_checks(m, out);
        add_matrix_checks(m, specs, out);
    }
    for (auto const& ex : specs.envelope.checks)
        out.push_back({"envelope/" + ex.id, ex.requirement, ex.loc, "", ex.setup, ex.request, ex.expect, ex.undo, {}, ex.save, {}, ex.intrusive});
    // A check expecting a refusal changes nothing on a correct server: only successes (and setups) are intrusive.
    for (auto& c : out)
        if (c.expect.kind != expect_spec::outcome::ok && c.expect.kind != expect_spec::outcome::any && c.setup.empty()) c.intrusive.clear();
    return out;
}

std::vector<check_case> generate(spec::spec_set const& specs, case_set const& cases) {
    auto out = generate(specs);
    for (auto const& s : cases.scenarios) {
        for (auto const& step : s.steps) {
            std::string method = step.request.method && step.request.method->is_string()
                                     ? std::string(step.request.method->get_string()) : std::string();
            out.push_back({s.id + "/" + step.id, step.requirement.empty() ? s.requirement : step.requirement, step.loc,
                           method, step.setup, step.request, step.expect, step.undo, {}, step.save, s.id, step.intrusive});
        }
    }
    return out;
}

std::vector<std::string> duplicate_ids(std::vector<check_case> const& checks) {
    std::vector<std::string> ids;
    for (auto const& c : checks) ids.push_back(c.id);
    std::sort(ids.begin(), ids.end());
    std::vector<std::string> out;
    for (std::size_t i = 1; i < ids.size(); ++i)
        if (ids[i] == ids[i - 1] && (out.empty() || out.back() != ids[i])) out.push_back(ids[i]);
    return out;
}

bool glob_match(std::string_view p, std::string_view s) {
    // Iterative wildcard matching with one backtrack point: linear in practice, no recursion.
    std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
            ++pi;
            ++si;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

} // namespace kconform::harness
