// Setup before a load run and its undo afterwards (see setup.hpp). The calls, saves and undo ledger are the
// harness's (harness/case/fixture.hpp); what is added here is repetition (count, ${i}), undo taken from specs/, and
// turning {$pick_setup: NAME} into the worker's plain {$pick: [...]} so the request path does not change.
#include "load/setup.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <set>

namespace kconform::load {
namespace bj = boost::json;

namespace {

// Every setup step written in specs/: in method examples, envelope checks and permission-matrix subjects.
template <class Fn> void for_each_spec_step(spec::spec_set const& specs, Fn fn) {
    for (auto const& m : specs.methods)
        for (auto const& ex : m.examples)
            for (auto const& s : ex.setup) fn(s);
    for (auto const& ex : specs.envelope.checks)
        for (auto const& s : ex.setup) fn(s);
    for (auto const& [name, subject] : specs.subjects)
        for (auto const& [role, steps] : subject.roles)
            for (auto const& s : steps) fn(s);
}

// An undo that needs only what its own step saves (delete_user ${uid} after save uid), not names of one example.
bool self_contained_undo(spec::step const& s) {
    if (!s.undo) return false;
    harness::variables saved;
    for (auto const& [var, path] : s.save) saved[var] = nullptr;
    return bj::serialize(harness::expand(bj::value(s.undo->second), saved)).find("${") == std::string::npos;
}

// Gives `st` the undo of the first self-contained setup step of the same call in specs/, and the saves it uses.
void learn_undo(spec::step& st, spec::spec_set const& specs) {
    for_each_spec_step(specs, [&](spec::step const& known) {
        if (st.undo || known.method != st.method || !self_contained_undo(known)) return;
        st.undo = known.undo;
        for (auto const& [var, path] : known.save) {
            auto same = [&var = var](auto const& s) { return s.first == var; };
            if (std::none_of(st.save.begin(), st.save.end(), same)) st.save.emplace_back(var, path);
        }
    });
}

bj::value bind_picks(bj::value const& v, setup_values const& made, harness::variables const& run) {
    if (v.is_string()) return harness::expand(v, run);
    if (v.is_array()) {
        bj::array out;
        for (auto const& item : v.get_array()) out.push_back(bind_picks(item, made, run));
        return out;
    }
    if (!v.is_object()) return v;
    if (auto name = setup_pick(v.get_object())) {
        bj::array pool;
        for (auto const& entity : made)
            if (auto it = entity.find(*name); it != entity.end()) pool.push_back(it->second);
        return bj::object{{"$pick", std::move(pool)}};
    }
    bj::object out;
    for (auto const& [k, item] : v.get_object()) out[k] = bind_picks(item, made, run);
    return out;
}

} // namespace

std::vector<spec::load_error> resolve_setup(load_profile& p, spec::spec_set const& specs) {
    std::vector<spec::load_error> errors;
    std::set<std::string> recorded;  // what {$pick_setup: NAME} may name
    for (auto& s : p.setup) {
        auto& st = s.call;
        if (!specs.find(st.method)) errors.push_back({st.loc, fmt::format("setup: no method {} in the specs", st.method)});
        if (!st.undo) learn_undo(st, specs);
        if (!st.undo)
            errors.push_back({st.loc, fmt::format("setup: {} has no undo and specs/ undo it nowhere; write "
                                                  "undo: {{call: METHOD, args: {{...}}}}", st.method)});
        else if (!specs.find(st.undo->first))
            errors.push_back({st.loc, fmt::format("setup: undo calls {}, no method in the specs", st.undo->first)});
        for (auto const& [name, value] : st.args) recorded.insert(std::string(name));
        for (auto const& [var, path] : st.save) recorded.insert(var);
    }
    for (auto const& m : p.mix)
        for (auto const& name : setup_picks(bj::value(m.args)))
            if (!name.empty() && !p.setup.empty() && !recorded.count(name))  // no setup: reported by the loader
                errors.push_back({m.loc, fmt::format("mix {}: $pick_setup: no setup step records '{}' (an argument "
                                                     "name or a save: name)", m.method, name)});
    return errors;
}

std::optional<std::string> run_setup(load_profile const& p, harness::fixture& f, std::string const& run_prefix,
                                     setup_values& made, std::atomic<bool> const* stop) {
    for (auto const& s : p.setup) {
        for (unsigned i = 0; i < s.count; ++i) {
            if (stop && stop->load()) return std::string("setup interrupted");
            harness::variables vars{{"run", bj::string(run_prefix)}, {"i", i}};
            auto sent = harness::expand(bj::value(s.call.args), vars);
            if (auto failure = f.run_step(s.call, vars))
                return fmt::format("{}: setup call {} of {}: {}", s.call.loc.str(), i + 1, s.count, *failure);
            for (auto const& [name, value] : sent.get_object()) vars.emplace(name, value);  // saves win
            made.push_back(std::move(vars));
        }
    }
    return std::nullopt;
}

load_profile bind_setup(load_profile p, setup_values const& made, std::string const& run_prefix) {
    harness::variables run{{"run", bj::string(run_prefix)}};
    for (auto& m : p.mix) m.args = bind_picks(bj::value(m.args), made, run).get_object();
    return p;
}

} // namespace kconform::load
