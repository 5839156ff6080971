// The in-process reference server: one io_context on one background thread. The listener binds before start()
// returns, so the port is known and connections are queued even before the thread runs.
#include "server/embedded.hpp"

#include "server/listener.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>
#include <thread>

namespace kconform::server {
namespace net = boost::asio;  // from <boost/asio.hpp>
namespace {

class embedded_server final : public embedded {
public:
    embedded_server() : state_(std::make_shared<app_state>()) {
        keys_ = {std::string(defaults::admin_key), std::string(defaults::user_key), std::string(defaults::user2_key)};
    }

    ~embedded_server() override { stop(); }

    boost::system::error_code start(embedded_options const& opts) {
        listener_options lo;
        lo.address = opts.address;
        lo.port = opts.port;
        auto l = listener::open(ioc_, lo, state_);
        if (!l) return l.error();
        listener_ = *l;
        address_ = opts.address;
        listener_->run();
        thread_ = std::thread([this] { ioc_.run(); });
        return {};
    }

    std::uint16_t port() const noexcept override { return listener_->port(); }

    std::string url() const override {
        bool const v6 = address_.find(':') != std::string::npos;
        return v6 ? fmt::format("http://[{}]:{}", address_, port()) : fmt::format("http://{}:{}", address_, port());
    }

    default_keys const& keys() const noexcept override { return keys_; }

    void stop() noexcept override {
        if (!thread_.joinable()) return;
        // Closing the acceptor and every connection leaves the io_context without work, so run() returns.
        listener_->stop();
        thread_.join();
    }

    void with_store(std::function<void(store&)> const& fn) override {
        state_->with_store([&](store& s) { fn(s); });
    }

    void set_handler(handler h) override { state_->set_handler(std::move(h)); }

private:
    net::io_context ioc_{1};
    std::shared_ptr<app_state> state_;
    std::shared_ptr<listener> listener_;
    std::thread thread_;
    std::string address_;
    default_keys keys_;
};

} // namespace

result<std::unique_ptr<embedded>> embedded::start(embedded_options const& opts) {
    auto server = std::make_unique<embedded_server>();
    if (auto ec = server->start(opts)) return ec;
    return std::unique_ptr<embedded>(std::move(server));
}

} // namespace kconform::server
