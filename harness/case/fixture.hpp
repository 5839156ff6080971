// Entities made by setup calls, and the ledger that undoes them, last first, with the admin key: the runner's
// clean-up of each unit and the setup/teardown that load profiles run around a whole load run (load/setup.hpp).
#pragma once
#include "core/http_client.hpp"
#include "harness/case/session.hpp"
#include "harness/spec/model.hpp"

#include <boost/json/value.hpp>
#include <optional>
#include <simdjson.h>
#include <string>
#include <vector>

namespace kconform::harness {

/** A call that undoes one entity's creation, its arguments already expanded. */
struct undo_call {
    std::string method;
    boost::json::object args;
};

/**
 * Whether an undo's answer leaves nothing behind: success, or "… does not exist" for an entity the undo names (it is
 * already gone) — but not when the arguments still hold a ${variable} (the entity was never named: a real leak).
 * `rpc_error` is the answer's error member ("" = null, nullopt = no JSON-RPC answer).
 */
bool undo_done(std::optional<std::string> const& rpc_error, boost::json::object const& args);

/** The error member of a parsed JSON-RPC answer: nullopt when it has none, "" when it is null. */
std::optional<std::string> error_member(simdjson::dom::element root);

/** The error member of a JSON-RPC answer: nullopt when the body is no envelope (or not HTTP 200), "" when null. */
std::optional<std::string> answer_error(simdjson::dom::parser& parser, http_response const& res);

/** "kc" and 6 random hex digits: the prefix of every entity name one run (of checks or of a load) creates. */
std::string generate_run_prefix();

/** Setup calls on one connection and their ledger. Not thread-safe. */
class fixture {
public:
    fixture(http_client& client, role_keys keys) : client_(client), keys_(std::move(keys)) {}

    /**
     * Makes one setup call with ${…} from `vars`; on success `vars` gains the step's saved values and its undo is
     * recorded. The failure as a message ("create_user {…}: user `x` already exist") otherwise.
     */
    std::optional<std::string> run_step(spec::step const& s, variables& vars);

    /** Records the undo of an entity made by another call (a conformance check's own request). */
    void record(undo_call u) { ledger_.push_back(std::move(u)); }

    /** Undoes every recorded entity, last first; one message per entity left on the target. Empties the ledger. */
    std::vector<std::string> undo_all();

    /** Entities recorded and not yet undone. */
    std::size_t size() const noexcept { return ledger_.size(); }

private:
    http_client& client_;
    role_keys keys_;
    std::vector<undo_call> ledger_;
    simdjson::dom::parser parser_;
};

} // namespace kconform::harness
