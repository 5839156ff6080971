// The load client's HTTP response parser: Beast's basic_parser keeping only what classify() reads (status,
// Content-Type, keep-alive, body) in buffers the session reuses. http::response_parser<string_body> allocates every
// header field and a new body per response; at wrk's rates those allocations cost more than the validation.
#pragma once
#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace kconform::load {

/** What one response leaves behind; owned by the session and reused, so steady state allocates nothing. */
struct lean_response {
    unsigned status = 0;
    std::string content_type;  // "" when absent
    std::string body;
};

/** Parses one response into a lean_response (cleared on construction). Make a new one per response. */
class lean_parser : public boost::beast::http::basic_parser<false> {
public:
    explicit lean_parser(lean_response& out) : out_(out) {
        out_.status = 0;
        out_.content_type.clear();
        out_.body.clear();
    }

private:
    using error_code = boost::beast::error_code;
    using string_view = boost::beast::string_view;

    void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
    void on_response_impl(int code, string_view, int, error_code&) override { out_.status = static_cast<unsigned>(code); }
    void on_field_impl(boost::beast::http::field name, string_view, string_view value, error_code&) override {
        if (name == boost::beast::http::field::content_type) out_.content_type.assign(value.data(), value.size());
    }
    void on_header_impl(error_code&) override {}
    void on_body_init_impl(boost::optional<std::uint64_t> const& length, error_code&) override {
        if (length) out_.body.reserve(static_cast<std::size_t>(*length));  // bounded by body_limit() already
    }
    std::size_t on_body_impl(string_view s, error_code&) override {
        out_.body.append(s.data(), s.size());
        return s.size();
    }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view s, error_code&) override {
        out_.body.append(s.data(), s.size());
        return s.size();
    }
    void on_finish_impl(error_code&) override {}

    lean_response& out_;
};

} // namespace kconform::load
