// Profile YAML → load_profile, with every problem reported as file:line:col (yaml_reader of harness/spec), and
// the small parsers for durations and thresholds shared with the CLI.
#include "load/profile.hpp"

#include "harness/spec/yaml_reader.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace kconform::load {

namespace {
using namespace std::chrono_literals;

std::optional<double> parse_number(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

// Splits "12.5ms" into 12.5 and "ms".
std::pair<std::optional<double>, std::string_view> number_and_unit(std::string_view s) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    std::size_t i = s.size();
    while (i > 0 && (std::isalpha(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '%')) --i;
    return {parse_number(s.substr(0, i)), s.substr(i)};
}

bool is_method_name(std::string_view s) {
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    return !s.empty() && std::all_of(s.begin(), s.end(), word);
}

std::optional<threshold::metric> parse_metric(std::string_view m) {
    using enum threshold::metric;
    static constexpr std::pair<std::string_view, threshold::metric> names[] = {
        {"p50", p50}, {"p90", p90}, {"p99", p99}, {"p99.9", p999}, {"p99.99", p9999}, {"max", max},
        {"mean", mean}, {"error_rate", error_rate}, {"rps", rps}};
    for (auto const& [name, value] : names)
        if (name == m) return value;
    return std::nullopt;
}
} // namespace

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
    auto [n, unit] = number_and_unit(text);
    if (!n || *n < 0) return std::nullopt;
    double scale = unit == "ns" ? 1 : unit == "us" || unit == "µs" ? 1e3 : unit == "ms" ? 1e6
                 : unit == "s" || unit.empty() ? 1e9 : unit == "m" ? 60e9 : unit == "h" ? 3600e9 : -1;
    if (scale < 0) return std::nullopt;
    return std::chrono::nanoseconds(static_cast<std::int64_t>(*n * scale));
}

std::optional<threshold> parse_threshold(std::string_view text, std::string* why) {
    auto fail = [&](std::string msg) { if (why) *why = std::move(msg); return std::nullopt; };
    auto op = text.find_first_of("<>");
    if (op == std::string_view::npos) return fail("expected '[method.]metric < value' or '[method.]metric > value'");
    std::string_view name = text.substr(0, op);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    // "p99.9" is a metric; "get_user.p99.9" is a method (API method names have no dot) and a metric.
    std::string_view method;
    if (auto dot = name.find('.'); !parse_metric(name) && dot != std::string_view::npos) {
        method = name.substr(0, dot);
        name.remove_prefix(dot + 1);
        if (!is_method_name(method)) return fail(fmt::format("'{}' is not a method name", method));
    }
    auto metric = parse_metric(name);
    if (!metric) return fail(fmt::format("unknown metric '{}' (p50 p90 p99 p99.9 p99.99 max mean error_rate rps)", name));
    threshold t{*metric, text[op] == '<', 0, std::string(text), std::string(method)};
    std::string_view value = text.substr(op + 1);
    using enum threshold::metric;
    if (t.what == error_rate) {
        auto [n, unit] = number_and_unit(value);
        if (!n || (unit != "%" && !unit.empty())) return fail("error_rate wants a fraction or a percentage");
        t.limit = unit == "%" ? *n / 100 : *n;
    } else if (t.what == rps) {
        auto n = parse_number(value);
        if (!n) return fail("rps wants a number of requests per second");
        t.limit = *n;
    } else {
        auto [n, unit] = number_and_unit(value);
        auto d = unit.empty() ? std::nullopt : parse_duration(value);
        if (!n || !d) return fail("a latency wants a duration with a unit, e.g. 20ms");
        t.limit = static_cast<double>(d->count());
    }
    return t;
}

std::optional<std::string> setup_pick(boost::json::object const& o) {
    if (o.size() != 1 || !o.contains("$pick_setup")) return std::nullopt;
    auto const& name = o.at("$pick_setup");
    return name.is_string() ? std::string(name.get_string()) : std::string();
}

std::vector<std::string> setup_picks(boost::json::value const& args) {
    std::vector<std::string> out;
    if (args.is_array())
        for (auto const& item : args.get_array()) {
            auto inner = setup_picks(item);
            out.insert(out.end(), inner.begin(), inner.end());
        }
    if (!args.is_object()) return out;
    if (auto name = setup_pick(args.get_object())) return {*name};
    for (auto const& [k, item] : args.get_object()) {
        auto inner = setup_picks(item);
        out.insert(out.end(), inner.begin(), inner.end());
    }
    return out;
}

std::chrono::nanoseconds load_profile::main_duration() const noexcept {
    if (!is_rate_mode()) return duration;
    std::chrono::nanoseconds total{0};
    for (auto const& s : stages) total += s.duration;
    return total;
}

std::optional<std::string> threshold_problem(threshold const& t, load_profile const& p) {
    if (t.method.empty()) return std::nullopt;
    auto sends = [&](mix_entry const& m) { return m.method == t.method; };
    if (std::any_of(p.mix.begin(), p.mix.end(), sends)) return std::nullopt;
    return fmt::format("the mix does not send {}", t.method);
}

std::vector<std::string> validate_profile(load_profile const& p, spec::spec_set const* specs) {
    std::vector<std::string> errors;
    if (p.mix.empty()) errors.push_back("the mix names no method");
    if (p.connections == 0) errors.push_back("connections must be at least 1");
    if (p.threads == 0) errors.push_back("threads must be at least 1");
    if (p.threads > p.connections) errors.push_back("threads must not exceed connections (each worker needs one)");
    if (p.main_duration() <= 0ns) errors.push_back("the main phase has no duration");
    for (auto const& s : p.stages)
        if (s.rate < 0 || (s.rate == 0 && s.end_rate() == 0)) errors.push_back("a stage has no positive rate");
    for (auto const& m : p.mix) {
        if (m.weight <= 0) errors.push_back(fmt::format("{}: weight must be positive", m.method));
        if (specs && !specs->find(m.method)) errors.push_back(fmt::format("{}: no such method in the specs", m.method));
        if (m.as != "admin" && m.as != "user" && m.as != "user2")
            errors.push_back(fmt::format("{}: as must be admin, user or user2", m.method));
    }
    return errors;
}

namespace {
std::chrono::nanoseconds duration_at(spec::yaml_reader const& r, YAML::Node const& map, char const* key,
                                     std::chrono::nanoseconds fallback) {
    auto n = map[key];
    if (!n) return fallback;
    auto d = n.IsScalar() ? parse_duration(n.Scalar()) : std::nullopt;
    if (!d) r.error(n, fmt::format("{}: expected a duration like 2s or 500ms", key));
    return d.value_or(fallback);
}

double number_at(spec::yaml_reader const& r, YAML::Node const& map, char const* key, double fallback) {
    auto n = map[key];
    if (!n) return fallback;
    auto v = n.IsScalar() ? parse_number(n.Scalar()) : std::nullopt;
    if (!v) r.error(n, fmt::format("{}: expected a number", key));
    return v.value_or(fallback);
}

void read_schedule(spec::yaml_reader const& r, YAML::Node const& n, load_profile& p) {
    if (!n.IsSequence()) return r.error(n, "schedule: expected a list of {rate, duration} or {ramp_to, duration}");
    double previous = 0;
    for (auto const& item : n) {
        if (!r.expect_map(item, "schedule entry")) continue;
        r.check_keys(item, {"rate", "ramp_to", "duration"}, "schedule entry");
        stage s;
        s.rate = number_at(r, item, "rate", previous);
        s.ramp_to = number_at(r, item, "ramp_to", -1);
        s.duration = duration_at(r, item, "duration", 0ns);
        if (!item["duration"]) r.error(item, "schedule entry: missing key 'duration'");
        previous = s.end_rate();
        p.stages.push_back(s);
    }
}

boost::json::object args_at(spec::yaml_reader const& r, YAML::Node const& map) {
    auto a = map["args"];
    if (!a) return {};
    auto v = r.to_json(a);
    if (v.is_object()) return v.get_object();
    r.error(a, "args: expected a mapping");
    return {};
}

// {$pick_setup: NAME} needs a setup and a name; whether a setup step records NAME is known once undo and save
// come from the specs (resolve_setup).
void check_picks(spec::yaml_reader const& r, YAML::Node const& item, mix_entry const& m, load_profile const& p) {
    for (auto const& name : setup_picks(boost::json::value(m.args))) {
        if (name.empty()) r.error(item["args"], "$pick_setup: expected the name of a setup argument or saved value");
        else if (p.setup.empty()) r.error(item["args"], fmt::format("$pick_setup: {}: the profile has no setup", name));
    }
}

void read_mix(spec::yaml_reader const& r, YAML::Node const& n, load_profile& p) {
    if (!n.IsSequence()) return r.error(n, "mix: expected a list of methods");
    for (auto const& item : n) {
        if (!r.expect_map(item, "mix entry")) continue;
        r.check_keys(item, {"method", "weight", "args", "as", "expect_error"}, "mix entry");
        mix_entry m;
        m.loc = r.where(item);
        m.method = r.string_at(item, "method", true, "mix entry");
        m.weight = number_at(r, item, "weight", 1);
        m.as = item["as"] ? r.string_at(item, "as", false, "mix entry") : "admin";
        m.args = args_at(r, item);
        check_picks(r, item, m, p);
        if (auto e = item["expect_error"]) {
            m.expect_error = true;
            m.error = e.IsScalar() && e.Scalar() != "true" ? e.Scalar() : "";
        }
        p.mix.push_back(std::move(m));
    }
}

// Entity names carry the run prefix, so that the load only ever removes what it made; repeated calls need ${i}
// to name distinct entities.
void check_names(spec::yaml_reader const& r, YAML::Node const& item, setup_step const& s) {
    auto args = boost::json::serialize(s.call.args);
    if (args.find("${run}") == std::string::npos)
        r.error(item, fmt::format("setup {}: no argument holds ${{run}}: every entity name must carry the run prefix",
                                  s.call.method));
    if (s.count > 1 && args.find("${i}") == std::string::npos)
        r.error(item, fmt::format("setup {}: count {} needs ${{i}} in an argument to name distinct entities",
                                  s.call.method, s.count));
}

void read_setup(spec::yaml_reader const& r, YAML::Node const& n, load_profile& p) {
    if (!n.IsSequence()) return r.error(n, "setup: expected a list of {call, args, count, save, undo}");
    for (auto const& item : n) {
        // The harness's step (call, as, args, save, undo as in specs/ and cases/) and its count.
        static constexpr std::string_view count_key[] = {"count"};
        if (!r.expect_map(item, "setup step")) continue;
        setup_step s;
        s.call = spec::parse_step(r, item, "setup step", count_key);
        using spec::key_kind;
        if (s.call.key != key_kind::admin && s.call.key != key_kind::user && s.call.key != key_kind::user2)
            r.error(item["as"], "setup step.as: a load run has keys for admin, user and user2 only");
        double count = number_at(r, item, "count", 1);
        if (count < 1 || count != std::floor(count) || count > 1e6)
            r.error(item["count"], "count: expected a whole number from 1 to 1000000");
        else s.count = static_cast<unsigned>(count);
        check_names(r, item, s);
        p.setup.push_back(std::move(s));
    }
}

void read_thresholds(spec::yaml_reader const& r, YAML::Node const& n, load_profile& p) {
    if (!n.IsSequence()) return r.error(n, "thresholds: expected a list like [\"p99 < 20ms\"]");
    for (auto const& item : n) {
        std::string why;
        auto t = item.IsScalar() ? parse_threshold(item.Scalar(), &why) : std::nullopt;
        if (t) why = threshold_problem(*t, p).value_or("");  // the mix is read first
        if (t && why.empty()) p.thresholds.push_back(*t);
        else r.error(item, fmt::format("threshold: {}", why.empty() ? "expected a string" : why));
    }
}
} // namespace

profile_result load_profile_file(std::filesystem::path const& file) {
    profile_result out;
    spec::yaml_reader r(spec::display_path(file), out.errors);
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (YAML::Exception const& e) {
        out.errors.push_back({{r.file(), e.mark.line + 1, e.mark.column + 1}, e.msg});
        return out;
    }
    if (!r.expect_map(root, "profile")) return out;
    r.check_keys(root, {"name", "schedule", "duration", "warmup", "timeout", "connections", "threads", "validate",
                        "seed", "setup", "mix", "thresholds"}, "profile");
    auto& p = out.profile;
    p.name = root["name"] ? r.string_at(root, "name", false, "profile") : file.stem().string();
    if (auto s = root["schedule"]) read_schedule(r, s, p);
    p.duration = duration_at(r, root, "duration", p.duration);
    p.warmup = duration_at(r, root, "warmup", p.warmup);
    p.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(duration_at(r, root, "timeout", p.timeout));
    p.connections = static_cast<unsigned>(number_at(r, root, "connections", p.connections));
    p.threads = static_cast<unsigned>(number_at(r, root, "threads", p.threads));
    p.seed = static_cast<std::uint64_t>(number_at(r, root, "seed", static_cast<double>(p.seed)));
    if (auto v = root["validate"]) {
        auto s = r.string_at(root, "validate", false, "profile");
        if (s == "full") p.validate = validation::full;
        else if (s == "envelope") p.validate = validation::envelope;
        else if (s == "none") p.validate = validation::none;
        else r.error(v, "validate: expected full, envelope or none");
    }
    if (auto s = root["setup"]) read_setup(r, s, p);  // before the mix, which may pick what it makes
    if (auto m = root["mix"]) read_mix(r, m, p);
    else r.error(root, "profile: missing key 'mix'");
    if (auto t = root["thresholds"]) read_thresholds(r, t, p);
    for (auto const& e : validate_profile(p, nullptr)) r.error(root, e);
    return out;
}

} // namespace kconform::load
