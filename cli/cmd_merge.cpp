// `kconform merge A.json B.json …`: shards of one run (kconform load --shard i/N) merged exactly: counts add up,
// histograms add bucket by bucket; run i of each file becomes run i of the result. The thresholds the shards
// carry (and those of --profile and --threshold) are then decided on the merged result.
#include "cli/commands.hpp"
#include "core/clock.hpp"
#include "reports/baseline.hpp"

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <fmt/format.h>
#include <fstream>
#include <memory>

namespace kconform::cli {

namespace {

struct merge_options {
    std::vector<std::string> files;       // shard reports
    std::string output;                   // -o FILE; "" = stdout
    std::string profile;                  // --profile FILE: its thresholds are decided too
    std::vector<std::string> thresholds;  // --threshold, further gates
};

// Thresholds of --profile and --threshold; problems are appended to `errors`.
std::vector<load::threshold> extra_thresholds(merge_options const& o, std::vector<std::string>& errors) {
    std::vector<load::threshold> out;
    if (!o.profile.empty()) {
        auto loaded = load::load_profile_file(o.profile);
        for (auto const& e : loaded.errors) errors.push_back(e.str());
        out = loaded.profile.thresholds;
    }
    for (auto const& text : o.thresholds) {
        std::string why;
        if (auto t = load::parse_threshold(text, &why)) load::add_thresholds(out, {*t});
        else errors.push_back(fmt::format("--threshold '{}': {}", text, why));
    }
    return out;
}

int merge_command(merge_options const& o) {
    std::vector<std::string> errors;
    auto extra = extra_thresholds(o, errors);
    std::vector<std::vector<load::load_summary>> files;
    for (auto const& f : o.files) {
        std::string why;
        auto runs = load::read_runs_file(f, &why);
        if (runs) files.push_back(std::move(*runs));
        else errors.push_back(fmt::format("{}: {}", f, why));
    }
    for (auto const& e : errors) fmt::print(stderr, "kconform: {}\n", e);
    if (!errors.empty()) return exit_error;
    std::string why;
    auto merged = reports::merge_shards(files, &why);
    if (!merged) return fmt::print(stderr, "kconform: {}\n", why), exit_error;

    for (auto& s : *merged) load::add_thresholds(s.thresholds, extra);  // the merged report carries every gate
    auto text = boost::json::serialize(load::runs_to_json(*merged));
    if (o.output.empty()) {
        fmt::print("{}\n", text);
    } else {
        std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
        out << text << '\n';
        if (!out) return fmt::print(stderr, "kconform: cannot write {}\n", o.output), exit_error;
    }
    // The verdict goes where it does not mix with the JSON: stdout when the report went to a file.
    std::FILE* console = o.output.empty() ? stderr : stdout;
    int rc = exit_ok;
    for (auto const& s : *merged) {
        fmt::print(console, "merged {} shard(s): {} requests, {:.1f} req/s, p99 {}, {} threshold(s)\n", s.shards,
                   s.total.total(), s.rps(), format_duration(s.total.corrected.quantile(0.99)), s.thresholds.size());
        for (auto const& line : load::gate(s, s.thresholds)) fmt::print(console, "{}\n", line), rc = exit_failed;
    }
    return rc;
}

} // namespace

void setup_merge(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<merge_options>();
    auto* sub = app.add_subcommand("merge", "Merge the load reports of one run's shards exactly; decide its thresholds");
    sub->add_option("files", o->files, "Shard reports (kconform load --shard i/N --report json:FILE)")->required()
        ->check(CLI::ExistingFile);
    sub->add_option("-o,--output", o->output, "Write the merged report here instead of stdout");
    sub->add_option("--profile", o->profile, "Also decide this profile's thresholds")->check(CLI::ExistingFile);
    sub->add_option("--threshold", o->thresholds, "Further gate, e.g. 'p99 < 20ms' or 'get_user.p99 < 10ms'");
    sub->footer("Thresholds: those kept in the shard reports (kconform load writes its profile's), plus --profile's "
                "and --threshold's, decided on the merged result.\nExit codes: 0 merged and every threshold holds, "
                "1 a threshold was breached or a response broke the contract, 2 unreadable reports or different run "
                "counts");
    sub->callback([o, &exit_code] { exit_code = merge_command(*o); });
}

} // namespace kconform::cli
