// Messages for kconform::errc.
#include "core/error.hpp"

namespace kconform {
namespace {

class category final : public boost::system::error_category {
public:
    char const* name() const noexcept override { return "kconform"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::ok: return "success";
        case errc::bad_target_url: return "bad target URL";
        case errc::connect_failed: return "connection failed";
        case errc::timeout: return "timed out";
        case errc::connection_closed: return "connection closed before a complete response";
        case errc::body_too_large: return "response body exceeds the body limit";
        case errc::malformed_http: return "malformed HTTP response";
        case errc::malformed_json: return "response body is not valid JSON";
        case errc::not_an_object: return "response body is not a JSON object";
        case errc::missing_key: return "response envelope lacks a key";
        case errc::unexpected_key: return "response envelope has an unexpected key";
        }
        return "unknown kconform error";
    }
};

} // namespace

boost::system::error_category const& kconform_category() noexcept {
    static category const instance;
    return instance;
}

} // namespace kconform
