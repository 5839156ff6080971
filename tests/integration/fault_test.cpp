// Self-proof: the suite, run by the real binary, fails against the reference server decorated with each fault of
// the catalog, and names a check of the family the fault belongs to. The clean server passes (RunCommand tests).
#include "server/embedded.hpp"
#include "server/faults.hpp"

#include <array>
#include <ostream>
#include <cstdio>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>

namespace kconform::server {
// Names the fault in test output instead of dumping the struct's bytes.
void PrintTo(fault const& f, std::ostream* os) { *os << f.name; }
} // namespace kconform::server

namespace kconform {
namespace {

struct outcome {
    int code = -1;
    std::string output;
};

outcome run(std::string const& command) {
    outcome o;
    FILE* pipe = popen(fmt::format("timeout 120 {} 2>&1", command).c_str(), "r");
    if (!pipe) return o;
    std::array<char, 4096> buf{};
    while (auto n = fread(buf.data(), 1, buf.size(), pipe)) o.output.append(buf.data(), n);
    int status = pclose(pipe);
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
}

class FaultIsCaught : public testing::TestWithParam<server::fault> {};

TEST_P(FaultIsCaught, RunExitsOneNamingAFailedCheck) {
    auto s = server::embedded::start();
    ASSERT_TRUE(s);
    auto h = server::with_fault(GetParam().name);
    ASSERT_TRUE(h);
    (*s)->set_handler(*h);
    auto o = run(fmt::format("env KCONFORM_ADMIN_KEY={} KCONFORM_USER_KEY={} KCONFORM_USER2_KEY={} {} run -j 2 --target {}",
                             (*s)->keys().admin, (*s)->keys().user, (*s)->keys().user2, KCONFORM_BIN, (*s)->url()));
    // A fault that breaks the keys' own lookup stops the run before it starts: exit 2 with the reason. Any other
    // fault must be caught by at least one failed check.
    ASSERT_TRUE(o.code == 1 || o.code == 2) << o.output.substr(o.output.size() > 3000 ? o.output.size() - 3000 : 0);
    if (o.code == 1) EXPECT_NE(o.output.find("\nFAIL "), std::string::npos) << o.output.substr(0, 2000);
    else EXPECT_NE(o.output.find("kconform: "), std::string::npos) << o.output;
}

INSTANTIATE_TEST_SUITE_P(Catalog, FaultIsCaught, testing::ValuesIn(server::fault_catalog()),
                         [](testing::TestParamInfo<server::fault> const& info) {
                             std::string name;
                             for (char c : info.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                             return name;
                         });

} // namespace
} // namespace kconform
