// A profile's setup and teardown: the `setup:` calls run through the harness's fixture before the load, each
// `count` times with ${run} and ${i}; the mix picks among what they made ({$pick_setup: NAME}); the fixture's
// ledger undoes everything afterwards, last first — also when setup fails or the load is interrupted.
#pragma once
#include "harness/case/fixture.hpp"
#include "harness/spec/loader.hpp"
#include "load/profile.hpp"

#include <atomic>
#include <string>
#include <vector>

namespace kconform::load {

/**
 * Completes and checks the setup against the specs, every problem at the step's or mix entry's file:line:col: each
 * call and undo method exists; a step without `undo:` takes the undo (and the save it needs) of a setup step of the
 * same call in specs/, where the harness declares how each entity is removed; every {$pick_setup: NAME} of the mix
 * names an argument or a saved value of some setup step.
 */
std::vector<spec::load_error> resolve_setup(load_profile& p, spec::spec_set const& specs);

/** What setup made: per created entity, its arguments as sent and its saved values. */
using setup_values = std::vector<harness::variables>;

/**
 * Runs the setup steps in order, step k `count` times with ${run} = `run_prefix` and ${i} = 0 … count-1, through
 * `f` (which records each undo). Stops at the first failure, returned as a message, or when *stop is set.
 */
std::optional<std::string> run_setup(load_profile const& p, harness::fixture& f, std::string const& run_prefix,
                                     setup_values& made, std::atomic<bool> const* stop);

/** The profile with each {$pick_setup: NAME} of the mix turned into {$pick: [NAME of every entity]} and ${run} expanded. */
load_profile bind_setup(load_profile p, setup_values const& made, std::string const& run_prefix);

} // namespace kconform::load
