// In-memory state of the reference server: users, user groups, repositories, repository groups, gists,
// changesets and pull requests, each in its own table keyed by an id from its own counter. Deterministic:
// the default state, ids, generated API keys and access ids are the same on every run.
#pragma once
#include "server/model.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kconform::server {

/** A user's additional API key (Kallithea's user_api_keys). */
struct extra_api_key {
    std::string key;          // 40 alphanumeric characters
    std::string description;  // free text
    double expires = -1;      // Unix time in seconds after which the key is refused; -1 = never
};

/** One user (Kallithea's users table plus the per-user tables hanging off it). */
struct user {
    std::int64_t user_id = 0;
    std::string username;                     // unique, exact case
    std::string firstname;                    // may be ""
    std::string lastname;                     // may be ""
    std::optional<std::string> email;         // stored lower-cased; nullopt when set to "" or null
    std::vector<std::string> extra_emails;    // additional addresses, lower-cased
    bool active = true;
    bool admin = false;
    std::string api_key;                      // main key: 40 alphanumeric characters
    std::vector<extra_api_key> extra_api_keys;
    std::vector<std::string> ip_whitelist;    // "addr/mask" entries as stored, e.g. "10.0.0.0/8", "::1/128"
    std::string password_hash;                // "" = no password login; never returned by the API
    std::string extern_type = "internal";     // authentication module name
    std::string extern_name;                  // name in the external system
    std::set<std::string> global_permissions; // explicit global permissions; the default user's are the global ones
};

/** Fields of a new user (create_user's arguments after validation). */
struct new_user {
    std::string username{};
    std::string password{};                // plain text; hashed by the store, "" stays ""
    std::optional<std::string> email{};    // lower-cased by the store; "" becomes nullopt
    std::string firstname{};
    std::string lastname{};
    bool active = true;
    bool admin = false;
    std::optional<std::string> extern_type = "internal";
    std::optional<std::string> extern_name = "";
};

/** Wall clock the store reads (expiry of extra API keys; later, creation stamps). */
using wall_clock = std::function<std::chrono::system_clock::time_point()>;

/** Construction parameters; the defaults give the documented default state (server/README.md). */
struct store_options {
    std::uint64_t key_seed = 0x6b636f6e666f726dULL;  // seed of the API key and gist access id generator
    wall_clock clock{};                               // empty = std::chrono::system_clock::now
    double base_time = 1672628645;                    // Unix seconds (2023-01-02T03:04:05Z): dates of seeded data
    std::string canonical_url = "http://127.0.0.1:5000";  // base of gist URLs and clone URLs
    bool seed_defaults = true;                        // false: start empty (a state file fills the store)
};

/** Ids and keys of the default state (server/README.md). */
namespace defaults {
inline constexpr std::int64_t default_user_id = 1;
inline constexpr std::int64_t admin_id = 2;
inline constexpr std::int64_t user_id = 3;
inline constexpr std::int64_t user2_id = 4;
inline constexpr std::string_view default_user_name = "default";
inline constexpr std::string_view admin_name = "test_admin";
inline constexpr std::string_view user_name = "test_regular";
inline constexpr std::string_view user2_name = "test_regular2";
inline constexpr std::string_view default_user_key = "d000000000000000000000000000000000000001";
inline constexpr std::string_view admin_key = "a000000000000000000000000000000000000002";
inline constexpr std::string_view user_key = "b000000000000000000000000000000000000003";
inline constexpr std::string_view user2_key = "c000000000000000000000000000000000000004";
} // namespace defaults

/**
 * The whole server state. Thread-compatible: callers serialise access (the listener holds one mutex around each
 * request). Pointers returned by find_* stay valid until that user is deleted.
 */
class store {
public:
    /** The default state: default (id 1), test_admin (2, admin), test_regular (3), test_regular2 (4). */
    explicit store(store_options opts = {});

    /** Current wall-clock time as Unix seconds (Python's time.time()). */
    double now() const;

    // --- users -------------------------------------------------------------------------------------------
    /** By primary key. */
    user const* find_user(std::int64_t id) const;
    /** By username, exact case (User.get_by_username). */
    user const* find_user_by_name(std::string_view username) const;
    /** By username, ignoring ASCII case (User.get_by_username(case_insensitive=True)). */
    user const* find_user_by_name_ci(std::string_view username) const;
    /** By main or additional e-mail, ignoring case (User.get_by_email). */
    user const* find_user_by_email(std::string_view email) const;
    /** Owner of a main key or of an unexpired additional key; no active/default/IP checks (see auth.hpp). */
    user const* find_user_by_api_key(std::string_view key) const;
    /** The built-in default user, holder of the global permissions and the global IP whitelist. */
    user const& default_user() const;
    /** All users except the default user, ordered by username (byte order). */
    std::vector<user const*> users_by_name() const;
    /** Whether `u` is the built-in default user (Kallithea decides by the name "default"). */
    static bool is_default(user const& u) noexcept;

    /** Adds a user with the next id and a generated API key. The caller has checked uniqueness. */
    user& add_user(new_user const& fields);
    /** Mutable access for updates; nullptr when absent. */
    user* edit_user(std::int64_t id);
    /** Removes a user and everything hanging off it; false when absent. */
    bool remove_user(std::int64_t id);

    /** Adds an additional API key to a user; false when the user is absent. */
    bool add_extra_api_key(std::int64_t id, extra_api_key key);
    /** Adds an IP whitelist entry ("addr/mask") to a user; id 1 edits the global whitelist. */
    bool add_ip(std::int64_t id, std::string entry);
    /** Adds an additional e-mail address to a user (stored lower-cased). */
    bool add_extra_email(std::int64_t id, std::string email);

    /** The User.email setter: lower-cased (ASCII), and "" stored as null. */
    static std::optional<std::string> normalize_email(std::string_view email);
    /** Kallithea's password hash stand-in: "" for "", otherwise a deterministic, non-reversible digest. */
    static std::string hash_password(std::string_view password);
    /** The built-in `default` user as a fresh installation has it (id 1, factory global permissions, §B.1). */
    static user default_user_record();
    /** Next generated API key: 40 lower-case hex digits from the seeded generator. */
    std::string next_api_key();
    /** Next private gist access id: 20 alphanumeric characters from the same generator. */
    std::string next_access_id();
    /** Inserts a fully specified user (state files, seeding); replaces one with the same id. */
    user& insert_user(user u);

    // --- other entities (model.hpp) ---------------------------------------------------------------------
    /** The tables besides users, for the method handlers and seeding. */
    tables& db() noexcept { return db_; }
    tables const& db() const noexcept { return db_; }
    /** The options the store was built with (base time, canonical URL). */
    store_options const& options() const noexcept { return opts_; }

    /** Full path of a repository group ("a/b/c"). */
    std::string group_path(std::int64_t group_id) const;
    /** Full name of a repository including its groups. */
    std::string repo_name(repository const& r) const;
    /** Repository by full name (exact case); nullptr when absent. */
    repository const* find_repo_by_name(std::string_view full_name) const;
    /** Repository group by full path, a trailing '/' ignored; nullptr when absent. */
    repo_group const* find_repo_group_by_path(std::string_view path) const;
    /** User group by name (exact case). */
    user_group const* find_user_group_by_name(std::string_view name) const;
    /** The permission name of a row, or nullptr. */
    std::string const* find_perm(perm_key const& key) const;

private:
    void seed_default_state();

    store_options opts_;
    std::uint64_t key_state_;             // splitmix64 state of the key generator
    std::int64_t next_user_id_ = 1;       // id counter of the users table
    std::map<std::int64_t, user> users_;  // by user_id
    tables db_;
};

/** Adds the default state's groups, repositories, permissions, pull request and gists (store_seed.cpp). */
void seed_default_entities(store& s);

} // namespace kconform::server
