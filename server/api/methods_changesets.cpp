// Changeset methods of reference §C.5: get_changesets (ranges, dates, branch, limit, reverse, file lists) and
// get_changeset (with reviews, comments, inline comments). The read check uses the computed level only, so it is
// explicit ("Access denied to repo <name>") and admins pass it through §B.2, not by a bypass.
#include "server/api/access.hpp"
#include "server/api/args.hpp"
#include "server/api/views.hpp"
#include "server/history.hpp"

#include <ctime>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

// A repository the caller may read, or the explicit refusal.
lookup<repository> readable_repo(call_context const& ctx) {
    auto r = get_repo_or_error(ctx.data, ctx.arg("repoid"));
    if (r.found == nullptr) return r;
    if (!computed_at_least(ctx, *r.found, "repository.read")) {
        return {nullptr, fail("Access denied to repo " + ctx.data.repo_name(*r.found))};
    }
    return r;
}

// _get_revision for a start/end value: nullopt = no bound; -1 = the vcs layer raises (Internal server error).
std::optional<int> bound(repository const& r, json::value const& v) {
    if (v.is_null()) return std::nullopt;
    std::optional<int> rev;
    if (v.is_int64()) rev = resolve_revision(r, std::to_string(v.get_int64()));
    else if (v.is_string()) rev = resolve_revision(r, v.get_string());
    return rev.value_or(-1);
}

// datetime.strptime(value, "%Y-%m-%dT%H:%M:%S") as UTC seconds; nullopt when it would raise.
std::optional<double> parse_date(json::value const& v) {
    if (!v.is_string()) return std::nullopt;
    std::string const text(v.get_string());
    std::tm tm{};
    char const* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (end == nullptr || *end != '\0' || text.size() != 19) return std::nullopt;
    return static_cast<double>(timegm(&tm));
}

struct range_query {
    std::optional<int> start, end;
    std::optional<double> start_date, end_date;
    std::string branch;
    std::int64_t limit = 0;
};

// Reads the arguments; false when the vcs layer would raise.
bool read_query(call_context const& ctx, repository const& r, range_query& q) {
    q.start = bound(r, ctx.arg("start"));
    q.end = bound(r, ctx.arg("end"));
    if (q.start == -1 || q.end == -1 || (q.start && q.end && *q.start > *q.end)) return false;
    for (auto [arg, into] : {std::pair{"start_date", &q.start_date}, std::pair{"end_date", &q.end_date}}) {
        if (!truthy(ctx.arg(arg))) continue;
        *into = parse_date(ctx.arg(arg));
        if (!*into) return false;
    }
    if (json::value const& b = ctx.arg("branch_name"); truthy(b)) {
        if (!b.is_string() || !branch_heads(r).count(std::string(b.get_string()))) return false;
        q.branch = b.get_string();
    }
    if (json::value const& m = ctx.arg("max_revisions"); truthy(m)) {
        if (!m.is_int64() || m.get_int64() < 0) return false;
        q.limit = m.get_int64();
    }
    return true;
}

outcome get_changesets(call_context& ctx) {
    auto r = readable_repo(ctx);
    if (r.found == nullptr) return r.error;
    repository const& repo = *r.found;
    if (repo.history.empty()) return fail("Repository is empty");
    range_query q;
    if (!read_query(ctx, repo, q)) return internal_error();
    std::vector<changeset const*> picked;
    for (auto const& cs : repo.history) {
        if (!q.branch.empty() && cs.branch != q.branch) continue;
        if (q.start_date && cs.date < *q.start_date) continue;
        if (q.end_date && cs.date > *q.end_date) continue;
        if (q.limit > 0 && static_cast<std::int64_t>(picked.size()) == q.limit) break;
        picked.push_back(&cs);
    }
    // The vcs layer slices the filtered list with the positions of start and end in the unfiltered one.
    auto const from = static_cast<std::size_t>(std::min<int>(q.start.value_or(0), static_cast<int>(picked.size())));
    auto const to = q.end ? std::min<std::size_t>(static_cast<std::size_t>(*q.end) + 1, picked.size()) : picked.size();
    std::vector<changeset const*> slice;
    if (from < to) slice.assign(picked.begin() + static_cast<std::ptrdiff_t>(from), picked.begin() + static_cast<std::ptrdiff_t>(to));
    if (truthy(ctx.arg("reverse"))) std::reverse(slice.begin(), slice.end());
    bool const files = truthy(ctx.arg("with_file_list"));
    json::array out;
    for (auto const* cs : slice) out.push_back(changeset_summary_json(*cs, files));
    return ok(std::move(out));
}

json::array current_reviews(store const& s, repository const& r, std::string const& raw_id) {
    json::array out;
    for (auto const& [id, rv] : s.db().reviews) {
        if (rv.repo_id == r.id && rv.revision == raw_id && rv.version == 0) out.push_back(review_json(s, rv));
    }
    return out;
}

json::array inline_comments(store const& s, repository const& r, std::string const& raw_id) {
    std::map<std::string, std::map<std::string, json::array>> by_path;
    for (auto const& [id, c] : s.db().comments) {
        if (c.repo_id == r.id && c.revision == raw_id && c.f_path) {
            by_path[*c.f_path][c.line_no.value_or("")].push_back(comment_json(s, c));
        }
    }
    json::array out;
    for (auto& [path, lines] : by_path) {
        json::object per_line;
        for (auto& [line, comments] : lines) per_line[line] = std::move(comments);
        out.push_back(json::array{json::value(path), std::move(per_line)});
    }
    return out;
}

outcome get_changeset(call_context& ctx) {
    auto r = readable_repo(ctx);
    if (r.found == nullptr) return r.error;
    json::value const& raw = ctx.arg("raw_id");
    if (!hashable(raw)) return internal_error();
    std::optional<int> rev;
    if (raw.is_null()) rev = resolve_revision(*r.found, "");
    else if (raw.is_int64()) rev = resolve_revision(*r.found, std::to_string(raw.get_int64()));
    else if (raw.is_bool()) rev = resolve_revision(*r.found, raw.get_bool() ? "1" : "0");
    else if (raw.is_string()) rev = resolve_revision(*r.found, raw.get_string());
    if (!rev) return fail(fmt::format("Changeset {} does not exist", pystr(raw)));
    changeset const& cs = r.found->history.at(static_cast<std::size_t>(*rev));
    json::object info = changeset_detail_json(cs);
    if (truthy(ctx.arg("with_reviews"))) info["reviews"] = current_reviews(ctx.data, *r.found, cs.raw_id);
    if (truthy(ctx.arg("with_comments"))) {
        json::array comments;
        for (auto const& [id, c] : ctx.data.db().comments) {
            if (c.repo_id == r.found->id && c.revision == cs.raw_id && !c.f_path) comments.push_back(comment_json(ctx.data, c));
        }
        info["comments"] = std::move(comments);
    }
    if (truthy(ctx.arg("with_inline_comments"))) info["inline_comments"] = inline_comments(ctx.data, *r.found, cs.raw_id);
    return ok(std::move(info));
}

} // namespace

void add_changeset_methods(std::vector<method>& table) {
    table.push_back({"get_changesets",
                     {req("repoid"), opt("start"), opt("end"), opt("start_date"), opt("end_date"), opt("branch_name"),
                      opt("reverse", false), opt("with_file_list", false), opt("max_revisions")},
                     {}, &get_changesets});
    table.push_back({"get_changeset",
                     {req("repoid"), req("raw_id"), opt("with_reviews", false), opt("with_comments", false),
                      opt("with_inline_comments", false)},
                     {}, &get_changeset});
}

} // namespace kconform::server::api
