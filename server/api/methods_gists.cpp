// Gist methods of reference §C.8: get_gist, get_gists (own, unexpired, newest first), create_gist and
// delete_gist. Only admins and owners see a gist; others are told it does not exist (§B.5 style 2).
#include "server/api/args.hpp"
#include "server/api/lookup.hpp"
#include "server/api/views.hpp"
#include "server/store_ops.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace kconform::server::api {
namespace json = boost::json;  // from <boost/json.hpp>
namespace {

lookup<gist> own_gist(call_context const& ctx) {
    json::value const& id = ctx.arg("gistid");
    auto g = get_gist_or_error(ctx.data, id);
    if (g.found == nullptr || ctx.caller.admin || g.found->owner_id == ctx.caller.user_id) return g;
    return {nullptr, fail(fmt::format("gist `{}` does not exist", pystr(id)))};
}

outcome get_gist(call_context& ctx) {
    auto g = own_gist(ctx);
    if (g.found == nullptr) return g.error;
    return ok(gist_json(ctx.data, *g.found));
}

outcome get_gists(call_context& ctx) {
    json::value const& userid = ctx.arg("userid");
    if (!ctx.caller.admin && !userid.is_null() && !python_equals_id(userid, ctx.caller.user_id)) {
        return fail("userid is not the same as your user");
    }
    user_lookup target = userid.is_null() ? user_lookup{&ctx.caller, {}} : get_user_or_error(ctx.data, userid);
    if (target.found == nullptr) return target.error;
    double const now = ctx.data.now();
    std::vector<gist const*> mine;
    for (auto const& [id, g] : ctx.data.db().gists) {
        if (g.owner_id == target.found->user_id && (g.expires == -1 || g.expires > now)) mine.push_back(&g);
    }
    std::stable_sort(mine.begin(), mine.end(), [](gist const* a, gist const* b) { return a->created_on > b->created_on; });
    json::array out;
    for (auto const* g : mine) out.push_back(gist_json(ctx.data, *g));
    return ok(std::move(out));
}

// GistModel.create's gist_mapping: {"name": {"content": "..."}}, plain file names only.
std::optional<std::vector<std::pair<std::string, std::string>>> gist_files(json::value const& files) {
    if (!files.is_object() || files.get_object().empty()) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> out;
    for (auto const& kv : files.get_object()) {
        std::string_view const name = kv.key();
        auto const* info = kv.value().if_object();
        auto const* content = info ? info->if_contains("content") : nullptr;
        if (name.empty() || name.find('/') != std::string_view::npos || content == nullptr || !content->is_string()) {
            return std::nullopt;
        }
        out.emplace_back(std::string(name), std::string(content->get_string()));
    }
    return out;
}

outcome create_gist(call_context& ctx) {
    json::value const& owner_id = ctx.arg("owner");
    user_lookup owner = owner_id.is_null() ? user_lookup{&ctx.caller, {}} : get_user_or_error(ctx.data, owner_id);
    if (owner.found == nullptr) return owner.error;
    auto files = gist_files(ctx.arg("files"));
    json::value const& type = ctx.arg("gist_type");
    json::value const& lifetime = ctx.arg("lifetime");
    json::value const& description = ctx.arg("description");
    if (!files || !type.is_string() || !(lifetime.is_number() || lifetime.is_bool()) || !description.is_string()) {
        return fail("failed to create gist");
    }
    double const minutes = lifetime.is_bool() ? (lifetime.get_bool() ? 1 : 0) : lifetime.to_number<double>();
    double const now = ctx.data.now();
    gist g{0, "", std::string(type.get_string()), std::string(description.get_string()), owner.found->user_id,
           minutes == -1 ? -1.0 : now + minutes * 60, now, std::move(*files)};
    gist const& created = add_gist(ctx.data, std::move(g));
    return ok(json::object{{"msg", "created new gist"}, {"gist", gist_json(ctx.data, created)}});
}

outcome delete_gist(call_context& ctx) {
    auto g = own_gist(ctx);
    if (g.found == nullptr) return g.error;
    std::string const access = g.found->access_id;
    ctx.data.db().gists.erase(g.found->id);
    return ok(json::object{{"msg", "deleted gist ID:" + access}, {"gist", nullptr}});
}

} // namespace

void add_gist_methods(std::vector<method>& table) {
    table.push_back({"get_gist", {req("gistid")}, {}, &get_gist});
    table.push_back({"get_gists", {opt("userid")}, {}, &get_gists});
    table.push_back({"create_gist",
                     {req("files"), opt("owner"), opt("gist_type", "public"), opt("lifetime", -1),
                      opt("description", "")},
                     {}, &create_gist});
    table.push_back({"delete_gist", {req("gistid")}, {}, &delete_gist});
}

} // namespace kconform::server::api
