// Self-proof through the real binary: `kconform run` fails against the reference server decorated with the first
// fault of each family and names a failed check, and passes against each benign variant. The whole catalogue is
// proven in-process by `kconform selftest` (the ctest `selftest`); the clean server passes (RunCommand tests).
#include "server/embedded.hpp"
#include "tests/integration/shell.hpp"
#include "server/faults.hpp"

#include <array>
#include <ostream>
#include <cstdio>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <string_view>
#include <vector>
#include <sys/wait.h>

namespace kconform::server {
// Names the fault in test output instead of dumping the struct's bytes.
void PrintTo(fault const& f, std::ostream* os) { *os << f.name; }
} // namespace kconform::server

namespace kconform {
namespace {

using testing_shell::outcome;

outcome run(std::string const& command) { return testing_shell::run_command(command); }

class FaultIsCaught : public testing::TestWithParam<server::fault> {};

// `kconform run` against the embedded server decorated with the named fault or variant.
outcome run_against(std::string_view name) {
    auto s = server::embedded::start();
    if (!s) return {};
    auto h = server::with_fault(name);
    if (!h) return {};
    (*s)->set_handler(*h);
    auto const& k = (*s)->keys();
    return run(fmt::format("env KCONFORM_ADMIN_KEY={} KCONFORM_USER_KEY={} KCONFORM_USER2_KEY={} KCONFORM_DEFAULT_KEY={} "
                           "{} run -j 2 --target {}",
                           k.admin, k.user, k.user2, k.default_user, KCONFORM_BIN, (*s)->url()));
}

std::string tail(std::string const& s) { return s.substr(s.size() > 3000 ? s.size() - 3000 : 0); }

TEST_P(FaultIsCaught, RunExitsOneNamingAFailedCheck) {
    auto const o = run_against(GetParam().name);
    // A fault that breaks the answer to the keys' own lookup (get_user without args) stops the run before it
    // starts: exit 2 with the reason. Only answer-level faults can do that; permission, state and error-text faults
    // must be caught by a failed check.
    std::string_view const family = GetParam().family;
    bool const may_stop_early = family == "transport" || family == "envelope" || family == "shape";
    ASSERT_TRUE(o.code == 1 || (may_stop_early && o.code == 2)) << "exit " << o.code << "\n" << tail(o.output);
    if (o.code == 1) EXPECT_NE(o.output.find("\nFAIL "), std::string::npos) << o.output.substr(0, 2000);
    else EXPECT_NE(o.output.find("kconform: "), std::string::npos) << o.output;
}

class BenignIsAccepted : public testing::TestWithParam<server::fault> {};

TEST_P(BenignIsAccepted, RunPasses) {
    auto const o = run_against(GetParam().name);
    EXPECT_EQ(o.code, 0) << tail(o.output);
}

std::string param_name(testing::TestParamInfo<server::fault> const& info) {
    std::string name;
    for (char c : info.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return name;
}

// The first fault of each family, in catalogue order.
std::vector<server::fault> one_per_family() {
    std::vector<server::fault> out;
    std::set<std::string_view> seen;
    for (auto const& f : server::fault_catalog()) {
        if (seen.insert(f.family).second) out.push_back(f);
    }
    return out;
}

INSTANTIATE_TEST_SUITE_P(Catalog, FaultIsCaught, testing::ValuesIn(one_per_family()), param_name);
INSTANTIATE_TEST_SUITE_P(Benign, BenignIsAccepted, testing::ValuesIn(server::benign_catalog()), param_name);

} // namespace
} // namespace kconform
