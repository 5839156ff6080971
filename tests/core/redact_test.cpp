// Redaction: known keys become their labels, unknown api_key values are masked.
#include "core/redact.hpp"

#include <gtest/gtest.h>

namespace kconform {
namespace {

TEST(Redactor, ReplacesKnownSecretsWithLabels) {
    redactor r;
    r.add("0123456789abcdef0123456789abcdef01234567", "$KCONFORM_ADMIN_KEY");
    auto out = r.apply(R"({"api_key": "0123456789abcdef0123456789abcdef01234567", "x": "0123456789abcdef0123456789abcdef01234567"})");
    EXPECT_EQ(out.find("0123456789abcdef"), std::string::npos);
    EXPECT_NE(out.find(R"("api_key": "$KCONFORM_ADMIN_KEY")"), std::string::npos);
}

TEST(Redactor, MasksUnknownApiKeyMembers) {
    redactor r;
    auto out = r.apply(R"({"id":1,"api_key" : "someotherkey","method":"x"})");
    EXPECT_EQ(out.find("someotherkey"), std::string::npos);
    EXPECT_NE(out.find("<redacted>"), std::string::npos);
}

TEST(Redactor, MasksQueryParameters) {
    redactor r;
    auto out = r.apply("POST /_admin/api?api_key=abcdef123&x=1");
    EXPECT_EQ(out, "POST /_admin/api?api_key=<redacted>&x=1");
}

TEST(Redactor, LeavesOtherTextAlone) {
    redactor r;
    r.add("secret", "$S");
    EXPECT_EQ(r.apply("nothing to see"), "nothing to see");
    EXPECT_EQ(r.apply("a secret b secret"), "a $S b $S");
}

TEST(Redactor, HandlesTruncatedJson) {
    redactor r;
    EXPECT_EQ(r.apply(R"({"api_key": "abc)"), R"({"api_key": "<redacted>)");
}

} // namespace
} // namespace kconform
