// `kconform merge A.json B.json …`: shards of one run (kconform load --shard i/N) merged exactly: counts add up,
// histograms add bucket by bucket; run i of each file becomes run i of the result.
#include "cli/commands.hpp"
#include "reports/baseline.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <fstream>
#include <memory>

namespace kconform::cli {

namespace {

struct merge_options {
    std::vector<std::string> files;  // shard reports
    std::string output;              // -o FILE; "" = stdout
};

int merge_command(merge_options const& o) {
    std::vector<std::vector<load::load_summary>> files;
    std::string why;
    for (auto const& f : o.files) {
        auto runs = load::read_runs_file(f, &why);
        if (!runs) return fmt::print(stderr, "kconform: {}: {}\n", f, why), exit_error;
        files.push_back(std::move(*runs));
    }
    auto merged = reports::merge_shards(files, &why);
    if (!merged) return fmt::print(stderr, "kconform: {}\n", why), exit_error;
    auto text = boost::json::serialize(load::runs_to_json(*merged));
    if (o.output.empty()) return fmt::print("{}\n", text), exit_ok;
    std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
    out << text << '\n';
    if (!out) return fmt::print(stderr, "kconform: cannot write {}\n", o.output), exit_error;
    for (auto const& s : *merged)
        fmt::print("merged {} shard(s): {} requests, {:.1f} req/s, p99 {} ns\n", s.shards, s.total.total(), s.rps(),
                   s.total.corrected.quantile(0.99).count());
    return exit_ok;
}

} // namespace

void setup_merge(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<merge_options>();
    auto* sub = app.add_subcommand("merge", "Merge load reports of the shards of one run, exactly");
    sub->add_option("files", o->files, "Shard reports (kconform load --shard i/N --report json:FILE)")->required()
        ->check(CLI::ExistingFile);
    sub->add_option("-o,--output", o->output, "Write the merged report here instead of stdout");
    sub->footer("Exit codes: 0 merged, 2 unreadable reports or different run counts");
    sub->callback([o, &exit_code] { exit_code = merge_command(*o); });
}

} // namespace kconform::cli
