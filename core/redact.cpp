// Secret redaction. Written by hand: no Debian package offers a redaction helper, and the rules are ours.
#include "core/redact.hpp"

#include <algorithm>
#include <cctype>

namespace kconform {

void redactor::add(std::string secret, std::string label) {
    if (secret.empty()) return;
    secrets_.emplace_back(std::move(secret), std::move(label));
    std::stable_sort(secrets_.begin(), secrets_.end(),
                     [](auto const& a, auto const& b) { return a.first.size() > b.first.size(); });
}

namespace {

void replace_all(std::string& s, std::string_view what, std::string_view with) {
    for (std::size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + with.size()))
        s.replace(pos, what.size(), with);
}

// "api_key" <ws> : <ws> "value"  →  value replaced, unless it already is a label ($NAME) or <redacted>.
void redact_json_members(std::string& s) {
    constexpr std::string_view key = "\"api_key\"";
    for (std::size_t pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + 1)) {
        std::size_t i = pos + key.size();
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
        if (i >= s.size() || s[i] != ':') continue;
        ++i;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
        if (i >= s.size() || s[i] != '"') continue;
        std::size_t start = i + 1, end = start;
        while (end < s.size() && s[end] != '"') end += (s[end] == '\\') ? 2 : 1;
        if (end > s.size()) end = s.size();
        std::string_view value(s.data() + start, end - start);
        if (value.empty() || value.front() == '$' || value == "<redacted>") continue;
        s.replace(start, end - start, "<redacted>");
    }
}

// api_key=value in URLs and form bodies.
void redact_query_params(std::string& s) {
    constexpr std::string_view key = "api_key=";
    for (std::size_t pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + 1)) {
        std::size_t start = pos + key.size(), end = start;
        while (end < s.size() && std::isalnum(static_cast<unsigned char>(s[end]))) ++end;
        if (end > start) s.replace(start, end - start, "<redacted>");
    }
}

} // namespace

std::string redactor::apply(std::string_view text) const {
    std::string out(text);
    for (auto const& [secret, label] : secrets_) replace_all(out, secret, label);
    redact_json_members(out);
    redact_query_params(out);
    return out;
}

} // namespace kconform
