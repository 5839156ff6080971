#include "cli/interrupt.hpp"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace kconform::cli {
namespace {

std::atomic<bool> requested{false};
char prefix_text[64] = "";  // written before the handlers are installed; read by the handler only

// Async-signal-safe: write(2) and _exit only.
extern "C" void on_signal(int) {
    if (!requested.exchange(true)) return;
    char const msg[] = "\nkconform: interrupted twice, exiting without cleanup; entities named ";
    (void)!write(2, msg, sizeof msg - 1);
    (void)!write(2, prefix_text, std::strlen(prefix_text));
    char const tail[] = "* may be left on the target\n";
    (void)!write(2, tail, sizeof tail - 1);
    _exit(130);
}

} // namespace

void arm_interrupts(std::string_view prefix) {
    std::snprintf(prefix_text, sizeof prefix_text, "%.*s", static_cast<int>(prefix.size()), prefix.data());
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
}

void disarm_interrupts() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

std::atomic<bool>& interrupt_requested() { return requested; }

} // namespace kconform::cli
