// The in-process reference server: one io_context on N background threads (1 by default). The listener binds
// before start() returns, so the port is known and connections are queued even before the threads run.
#include "server/embedded.hpp"

#include "server/listener.hpp"

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>
#include <algorithm>
#include <thread>
#include <vector>

namespace kconform::server {
namespace net = boost::asio;  // from <boost/asio.hpp>
namespace {

class embedded_server final : public embedded {
public:
    explicit embedded_server(store initial, unsigned threads)
        : ioc_(static_cast<int>(std::max(1u, threads))), threads_(std::max(1u, threads)),
          state_(std::make_shared<app_state>(std::move(initial))) {
        keys_ = {std::string(defaults::admin_key), std::string(defaults::user_key), std::string(defaults::user2_key),
                 std::string(defaults::default_user_key)};
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
        for (unsigned i = 0; i < threads_; ++i) threads_running_.emplace_back([this] { ioc_.run(); });
        return {};
    }

    std::uint16_t port() const noexcept override { return listener_->port(); }

    std::string url() const override {
        bool const v6 = address_.find(':') != std::string::npos;
        return v6 ? fmt::format("http://[{}]:{}", address_, port()) : fmt::format("http://{}:{}", address_, port());
    }

    default_keys const& keys() const noexcept override { return keys_; }

    void stop() noexcept override {
        if (threads_running_.empty()) return;
        // Closing the acceptor and every connection leaves the io_context without work, so run() returns.
        listener_->stop();
        for (auto& t : threads_running_) t.join();
        threads_running_.clear();
    }

    void with_store(std::function<void(store&)> const& fn) override {
        state_->with_store([&](store& s) { fn(s); });
    }

    void set_handler(handler h) override { state_->set_handler(std::move(h)); }

private:
    net::io_context ioc_;
    unsigned threads_;
    std::shared_ptr<app_state> state_;
    std::shared_ptr<listener> listener_;
    std::vector<std::thread> threads_running_;
    std::string address_;
    default_keys keys_;
};

} // namespace

result<std::unique_ptr<embedded>> embedded::start(embedded_options const& opts) { return start(opts, store{}); }

result<std::unique_ptr<embedded>> embedded::start(embedded_options const& opts, store initial) {
    auto server = std::make_unique<embedded_server>(std::move(initial), opts.threads);
    if (auto ec = server->start(opts)) return ec;
    return std::unique_ptr<embedded>(std::move(server));
}

} // namespace kconform::server
