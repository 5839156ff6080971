// The reference server's tables and their deterministic default state. Nothing here reads the OS for randomness:
// API keys of new users come from a seeded splitmix64 generator.
#include "server/store.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace kconform::server {
namespace {

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
    return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The factory defaults of the default user's global permissions (reference §B.1).
std::set<std::string> factory_global_permissions() {
    return {"repository.read",   "group.read",         "usergroup.read",             "hg.create.repository",
            "hg.fork.repository", "hg.register.manual_activate", "hg.extern_activate.auto"};
}

// Kallithea's own test database gives every test user these names (kallithea/lib/db_manage.py create_user).
user test_user(std::int64_t id, std::string_view name, std::string_view key, bool admin) {
    user u;
    u.user_id = id;
    u.username = name;
    u.firstname = "Kallithea";
    u.lastname = "Admin";
    u.email = fmt::format("{}@example.com", name);
    u.admin = admin;
    u.api_key = key;
    u.password_hash = store::hash_password("test12");
    return u;
}

constexpr std::string_view alnum = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

} // namespace

store::store(store_options opts) : opts_(std::move(opts)), key_state_(opts_.key_seed) {
    if (opts_.seed_defaults) seed_default_state();
}

user store::default_user_record() {
    user def;
    def.user_id = defaults::default_user_id;
    def.username = defaults::default_user_name;
    def.firstname = "Anonymous";
    def.lastname = "User";
    def.email = "anonymous@kallithea-scm.org";
    def.api_key = defaults::default_user_key;
    def.password_hash = hash_password("default-user-has-no-login");
    def.global_permissions = factory_global_permissions();
    return def;
}

void store::seed_default_state() {
    insert_user(default_user_record());
    insert_user(test_user(defaults::admin_id, defaults::admin_name, defaults::admin_key, true));
    insert_user(test_user(defaults::user_id, defaults::user_name, defaults::user_key, false));
    insert_user(test_user(defaults::user2_id, defaults::user2_name, defaults::user2_key, false));
    seed_default_entities(*this);
}

user& store::insert_user(user u) {
    next_user_id_ = std::max(next_user_id_, u.user_id + 1);
    auto const id = u.user_id;
    return users_.insert_or_assign(id, std::move(u)).first->second;
}

double store::now() const {
    auto const t = opts_.clock ? opts_.clock() : std::chrono::system_clock::now();
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

user const* store::find_user(std::int64_t id) const {
    auto it = users_.find(id);
    return it == users_.end() ? nullptr : &it->second;
}

user const* store::find_user_by_name(std::string_view username) const {
    for (auto const& [id, u] : users_) {
        if (u.username == username) return &u;
    }
    return nullptr;
}

user const* store::find_user_by_name_ci(std::string_view username) const {
    for (auto const& [id, u] : users_) {
        if (iequals(u.username, username)) return &u;
    }
    return nullptr;
}

user const* store::find_user_by_email(std::string_view email) const {
    for (auto const& [id, u] : users_) {
        if (u.email && iequals(*u.email, email)) return &u;
    }
    for (auto const& [id, u] : users_) {
        for (auto const& e : u.extra_emails) {
            if (iequals(e, email)) return &u;
        }
    }
    return nullptr;
}

user const* store::find_user_by_api_key(std::string_view key) const {
    for (auto const& [id, u] : users_) {
        if (u.api_key == key) return &u;
    }
    double const t = now();
    for (auto const& [id, u] : users_) {
        for (auto const& k : u.extra_api_keys) {
            if (k.key == key && (k.expires == -1 || t <= k.expires)) return &u;
        }
    }
    return nullptr;
}

user const& store::default_user() const { return users_.at(defaults::default_user_id); }

bool store::is_default(user const& u) noexcept { return u.username == defaults::default_user_name; }

std::vector<user const*> store::users_by_name() const {
    std::vector<user const*> out;
    for (auto const& [id, u] : users_) {
        if (!is_default(u)) out.push_back(&u);
    }
    std::sort(out.begin(), out.end(), [](user const* a, user const* b) { return a->username < b->username; });
    return out;
}

user& store::add_user(new_user const& f) {
    user u;
    u.user_id = next_user_id_;
    u.username = f.username;
    u.firstname = f.firstname;
    u.lastname = f.lastname;
    if (f.email) u.email = normalize_email(*f.email);
    u.active = f.active;
    u.admin = f.admin;
    u.api_key = next_api_key();
    u.password_hash = hash_password(f.password);
    u.extern_type = f.extern_type.value_or("");
    u.extern_name = f.extern_name.value_or("");
    return insert_user(std::move(u));
}

user* store::edit_user(std::int64_t id) {
    auto it = users_.find(id);
    return it == users_.end() ? nullptr : &it->second;
}

bool store::remove_user(std::int64_t id) { return users_.erase(id) == 1; }

bool store::add_extra_api_key(std::int64_t id, extra_api_key key) {
    user* u = edit_user(id);
    if (u == nullptr) return false;
    u->extra_api_keys.push_back(std::move(key));
    return true;
}

bool store::add_ip(std::int64_t id, std::string entry) {
    user* u = edit_user(id);
    if (u == nullptr) return false;
    u->ip_whitelist.push_back(std::move(entry));
    return true;
}

bool store::add_extra_email(std::int64_t id, std::string email) {
    user* u = edit_user(id);
    if (u == nullptr) return false;
    u->extra_emails.push_back(lower(email));
    return true;
}

std::optional<std::string> store::normalize_email(std::string_view email) {
    if (email.empty()) return std::nullopt;
    return lower(email);
}

std::string store::hash_password(std::string_view password) {
    if (password.empty()) return {};
    // FNV-1a, twice with different offsets: a stand-in for bcrypt that never leaves the server.
    std::uint64_t a = 0xcbf29ce484222325ULL;
    std::uint64_t b = 0x84222325cbf29ce4ULL;
    for (char c : password) {
        a = (a ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
        b = (b ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    return fmt::format("fnv1a${:016x}{:016x}", a, b);
}

std::string store::next_api_key() {
    std::string key;
    while (key.size() < 40) key += fmt::format("{:016x}", splitmix64(key_state_));
    key.resize(40);
    return key;
}

std::string store::next_access_id() {
    std::string id;
    while (id.size() < 20) id += alnum[splitmix64(key_state_) % alnum.size()];
    return id;
}

std::string store::group_path(std::int64_t group_id) const {
    std::string path;
    // Parent links form a tree (the store never creates a cycle); the depth bound guards a corrupted state file.
    for (int depth = 0; depth < 256; ++depth) {
        auto it = db_.repo_groups.find(group_id);
        if (it == db_.repo_groups.end()) break;
        path = path.empty() ? it->second.name : it->second.name + "/" + path;
        if (!it->second.parent_id) break;
        group_id = *it->second.parent_id;
    }
    return path;
}

std::string store::repo_name(repository const& r) const {
    return r.group_id ? group_path(*r.group_id) + "/" + r.name : r.name;
}

repository const* store::find_repo_by_name(std::string_view full_name) const {
    for (auto const& [id, r] : db_.repos) {
        if (repo_name(r) == full_name) return &r;
    }
    return nullptr;
}

repo_group const* store::find_repo_group_by_path(std::string_view path) const {
    if (path.ends_with('/')) path.remove_suffix(1);
    for (auto const& [id, g] : db_.repo_groups) {
        if (group_path(id) == path) return &g;
    }
    return nullptr;
}

user_group const* store::find_user_group_by_name(std::string_view name) const {
    for (auto const& [id, g] : db_.user_groups) {
        if (g.name == name) return &g;
    }
    return nullptr;
}

std::string const* store::find_perm(perm_key const& key) const {
    auto it = db_.perms.find(key);
    return it == db_.perms.end() ? nullptr : &it->second;
}

} // namespace kconform::server
