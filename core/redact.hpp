// Secret redaction used by every writer and logger: api keys never appear in output unredacted.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kconform {

/**
 * Replaces known secrets by a label (e.g. the key "abc…" by "$KCONFORM_ADMIN_KEY", so a redacted request is still a
 * usable shell snippet) and, as a safety net, the value of any JSON "api_key" member or api_key= query parameter
 * by "<redacted>".
 */
class redactor {
public:
    /** Registers a secret with the label that replaces it. Empty secrets are ignored. */
    void add(std::string secret, std::string label);

    /** The text with every secret replaced. */
    std::string apply(std::string_view text) const;

private:
    std::vector<std::pair<std::string, std::string>> secrets_;  // (secret, label), longest first
};

} // namespace kconform
