// Two-stage interrupts for the commands that create entities on a target (run, load with setup): the first
// SIGINT/SIGTERM asks the command to stop and clean up; a second exits at once (130), naming the prefix of what
// may be left.
#pragma once
#include <atomic>
#include <string_view>

namespace kconform::cli {

/** Installs the handlers; `prefix` is the run prefix named by the second signal's message. */
void arm_interrupts(std::string_view prefix);
/** Restores the default handlers. */
void disarm_interrupts();
/** Set by the first signal; commands poll it (and pass it to the harness or the load engine). */
std::atomic<bool>& interrupt_requested();

} // namespace kconform::cli
