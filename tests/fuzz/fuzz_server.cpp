// Fuzz target: the reference server's web front and JSON-RPC handling (server::handle_http) on a fresh copy of the
// default state. The bytes are read as a plain HTTP request, so seeds are real requests:
//   METHOD TARGET            e.g. "POST /_admin/api?api_key=..."
//   Name: value              Content-Type, Authorization, Transfer-Encoding: chunked, X-Remote-Addr
//   (empty line)
//   body
#include "server/handle.hpp"
#include "server/store.hpp"

#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {
using namespace kconform::server;

// Cuts the next line (without its "\n" or "\r\n") off the front of `data`.
std::string_view next_line(std::string_view& data) {
    auto const nl = data.find('\n');
    auto line = data.substr(0, nl);
    data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    return line;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

http_input to_input(std::string_view data) {
    http_input in;
    auto const request_line = next_line(data);
    auto const space = request_line.find(' ');
    in.method = request_line.substr(0, space);
    in.target = space == std::string_view::npos ? "" : request_line.substr(space + 1);
    for (auto line = next_line(data); !line.empty(); line = next_line(data)) {
        auto const colon = line.find(':');
        auto const name = lower(line.substr(0, colon));
        auto value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
        while (value.starts_with(' ')) value.remove_prefix(1);
        if (name == "content-type") in.content_type = value;
        else if (name == "authorization") in.authorization = value;
        else if (name == "transfer-encoding") in.has_content_length = lower(value) != "chunked";
        else if (name == "x-remote-addr") in.remote_addr = value;
    }
    in.body = data;
    return in;
}

// The default state with a fixed clock, so that an input always meets the same store.
store const& default_state() {
    static store const s{[] {
        store_options o;
        o.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1672628645)); };
        return o;
    }()};
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    store s = default_state();  // a fresh copy: methods create, change and delete
    auto const out = handle_http(to_input(std::string_view(reinterpret_cast<char const*>(data), size)), s);
    (void)out;
    return 0;
}
