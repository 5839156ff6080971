// Synthetic repository histories. Each changeset's files follow a fixed five-step cycle (add a page, change the
// core module, add a helper, change the README and remove an old page, change setup.py), so every revision adds,
// changes or removes something and the trees have nested directories for get_repo_nodes.
#include "server/history.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace kconform::server {
namespace {

std::uint64_t mix(std::uint64_t z) noexcept {  // splitmix64's finaliser
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t fnv1a(std::string_view s) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return h;
}

std::string raw_id_for(std::string_view seed, int revision) {
    std::uint64_t const base = fnv1a(seed) + static_cast<std::uint64_t>(revision) * 0x9e3779b97f4a7c15ULL;
    return fmt::format("{:016x}{:016x}{:08x}", mix(base), mix(base + 1), mix(base + 2) >> 32);
}

constexpr std::string_view authors[] = {
    "Test Admin <test_admin@example.com>",
    "Test Regular <test_regular@example.com>",
    "Ada Lovelace <ada@example.com>",
};

// Fills in message and files of changeset `i` given the files that exist before it.
void plan_files(changeset& cs, int i, std::set<std::string> const& before) {
    auto touch = [&](std::string path) {
        (before.count(path) ? cs.changed : cs.added).push_back(std::move(path));
    };
    if (i == 0) {
        cs.added = {"README.rst", "setup.py", "src/pkg/__init__.py"};
        cs.message = "Initial import";
        return;
    }
    switch (i % 5) {
    case 1: touch(fmt::format("docs/page{:02}.rst", i)); cs.message = fmt::format("docs: add page {}", i); break;
    case 2: touch("src/pkg/core.py"); cs.message = fmt::format("core: step {}", i); break;
    case 3: touch(fmt::format("src/pkg/util/helper{:02}.py", i)); cs.message = fmt::format("util: helper {}", i); break;
    case 4:
        touch("README.rst");
        if (before.count(fmt::format("docs/page{:02}.rst", i - 3))) {
            cs.removed.push_back(fmt::format("docs/page{:02}.rst", i - 3));
        }
        cs.message = fmt::format("readme: update, drop page {}", i - 3);
        break;
    default: touch("setup.py"); cs.message = fmt::format("release: bump to 0.{}", i / 5); break;
    }
}

changeset make_changeset(std::string_view seed, int i, double base, std::set<std::string>& files) {
    changeset cs;
    cs.revision = i;
    cs.raw_id = raw_id_for(seed, i);
    cs.author = std::string(authors[static_cast<std::size_t>(i) % std::size(authors)]);
    cs.date = base + i * 3617.0;
    plan_files(cs, i, files);
    for (auto const& p : cs.added) files.insert(p);
    for (auto const& p : cs.removed) files.erase(p);
    return cs;
}

bool is_hex(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

std::string_view main_branch(repository const& r) noexcept { return r.type == "git" ? "master" : "default"; }

void synthesize_history(repository& r, history_spec const& spec) {
    r.history.clear();
    r.tags.clear();
    r.bookmarks.clear();
    std::string const side = !spec.side_branch.empty() ? spec.side_branch : (r.type == "git" ? "feature" : "stable");
    std::set<std::string> files;
    int const n = spec.changesets;
    for (int i = 0; i < n; ++i) {
        changeset cs = make_changeset(spec.seed, i, spec.base_time, files);
        // The two changesets before the tip are on the side branch, so the main branch's head is the tip.
        cs.branch = (n >= 4 && (i == n - 3 || i == n - 2)) ? side : std::string(main_branch(r));
        r.history.push_back(std::move(cs));
    }
    if (n == 0) return;
    if (!spec.tag.empty()) r.tags[spec.tag] = r.history[static_cast<std::size_t>(n / 2)].raw_id;
    if (r.type == "hg") {
        r.tags["tip"] = r.history.back().raw_id;
        if (n >= 2) r.bookmarks["feature-bookmark"] = r.history[static_cast<std::size_t>(n - 2)].raw_id;
    }
}

void extend_history(repository& r, int count, std::string_view seed) {
    std::set<std::string> files = r.history.empty() ? std::set<std::string>{} : files_at(r, r.history.back().revision);
    double const base = r.history.empty() ? 0 : r.history.front().date;
    for (int k = 0; k < count; ++k) {
        int const i = static_cast<int>(r.history.size());
        changeset cs = make_changeset(seed, i, base, files);
        cs.branch = std::string(main_branch(r));
        r.history.push_back(std::move(cs));
    }
    if (r.type == "hg" && !r.history.empty()) r.tags["tip"] = r.history.back().raw_id;
}

std::optional<int> resolve_revision(repository const& r, std::string_view spec) {
    if (r.history.empty()) return std::nullopt;
    int const last = static_cast<int>(r.history.size()) - 1;
    if (spec.empty() || spec == "tip" || (r.type == "git" && spec == "HEAD")) return last;
    int number = 0;
    auto [ptr, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), number);
    if (ec == std::errc{} && ptr == spec.data() + spec.size() && spec.size() < 12) {
        if (number >= 0 && number <= last) return number;
        return std::nullopt;
    }
    auto by_raw = [&](std::string_view raw) -> std::optional<int> {
        for (auto const& cs : r.history) {
            if (cs.raw_id == raw) return cs.revision;
        }
        return std::nullopt;
    };
    if (auto it = r.tags.find(std::string(spec)); it != r.tags.end()) return by_raw(it->second);
    auto heads = branch_heads(r);
    if (auto it = heads.find(std::string(spec)); it != heads.end()) return by_raw(it->second);
    if (auto it = r.bookmarks.find(std::string(spec)); it != r.bookmarks.end()) return by_raw(it->second);
    if (spec.size() < 4 || spec.size() > 40 || !is_hex(spec)) return std::nullopt;
    std::optional<int> found;
    for (auto const& cs : r.history) {
        if (!cs.raw_id.starts_with(spec)) continue;
        if (found) return std::nullopt;  // ambiguous prefix
        found = cs.revision;
    }
    return found;
}

std::map<std::string, std::string> branch_heads(repository const& r) {
    std::map<std::string, std::string> heads;
    for (auto const& cs : r.history) heads[cs.branch] = cs.raw_id;
    return heads;
}

std::set<std::string> files_at(repository const& r, int revision) {
    std::set<std::string> files;
    for (auto const& cs : r.history) {
        if (cs.revision > revision) break;
        for (auto const& p : cs.added) files.insert(p);
        for (auto const& p : cs.removed) files.erase(p);
    }
    return files;
}

} // namespace kconform::server
