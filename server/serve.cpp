// The foreground server: parse --listen, bind, announce (stdout and env file), serve until a signal. Exit codes
// follow the CLI's convention (0 ok, 2 usage or start-up error).
#include "server/serve.hpp"

#include "server/faults.hpp"
#include "server/listener.hpp"
#include "server/state_file.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fmt/format.h>
#include <ostream>
#include <thread>
#include <unistd.h>
#include <vector>

namespace kconform::server {
namespace net = boost::asio;  // from <boost/asio.hpp>
using boost::system::error_code;

namespace {

error_code invalid() { return make_error_code(boost::system::errc::invalid_argument); }

error_code last_errno() { return {errno, boost::system::system_category()}; }

error_code write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t const n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return last_errno();
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

} // namespace

result<listen_address> parse_listen(std::string_view text) {
    auto const colon = text.rfind(':');
    if (colon == std::string_view::npos) return invalid();
    std::string_view host = text.substr(0, colon);
    std::string_view const port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    listen_address out;
    out.host = host == "localhost" ? "127.0.0.1" : std::string(host);
    auto r = std::from_chars(port_text.data(), port_text.data() + port_text.size(), out.port);
    if (port_text.empty() || r.ec != std::errc{} || r.ptr != port_text.data() + port_text.size()) return invalid();
    error_code ec;
    net::ip::make_address(out.host, ec);
    if (ec) return invalid();
    return out;
}

std::string base_url(std::string_view host, std::uint16_t port) {
    if (host.find(':') != std::string_view::npos) return fmt::format("http://[{}]:{}", host, port);
    return fmt::format("http://{}:{}", host, port);
}

error_code write_env_file(std::string const& path, std::string_view url, default_keys const& keys) {
    std::string const content = fmt::format("KCONFORM_TARGET={}\nKCONFORM_ADMIN_KEY={}\nKCONFORM_USER_KEY={}\n"
                                            "KCONFORM_USER2_KEY={}\nKCONFORM_DEFAULT_KEY={}\n",
                                            url, keys.admin, keys.user, keys.user2, keys.default_user);
    std::string const tmp = fmt::format("{}.tmp.{}", path, ::getpid());
    ::unlink(tmp.c_str());
    int const fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return last_errno();
    error_code ec = write_all(fd, content);
    if (!ec && ::fsync(fd) != 0) ec = last_errno();
    if (::close(fd) != 0 && !ec) ec = last_errno();
    if (!ec && ::rename(tmp.c_str(), path.c_str()) != 0) ec = last_errno();
    if (ec) ::unlink(tmp.c_str());
    return ec;
}

namespace {

// Faults first, then the benign variants (family "benign"), one per line: name, family, description.
void list_faults(std::ostream& out) {
    for (auto const* list : {&fault_catalog(), &benign_catalog()}) {
        for (auto const& f : *list) out << fmt::format("{:<30} {:<11} {}\n", f.name, f.family, f.description);
    }
}

// The state to serve and the handler, or nullptr after reporting why not.
std::shared_ptr<app_state> make_state(serve_options const& opts, std::ostream& err) {
    std::optional<store> initial;
    if (opts.state_file.empty()) {
        initial.emplace();
    } else {
        state_load loaded = load_state_file(opts.state_file);
        for (auto const& e : loaded.errors) err << e << "\n";
        if (!loaded.loaded) return nullptr;
        initial = std::move(loaded.loaded);
    }
    auto state = std::make_shared<app_state>(std::move(*initial));
    if (!opts.fault.empty()) {
        auto h = with_fault(opts.fault);
        if (!h) {
            err << fmt::format("kconform serve: unknown fault '{}' (see --list-faults)\n", opts.fault);
            return nullptr;
        }
        state->set_handler(std::move(*h));
    }
    return state;
}

} // namespace

int run_foreground(serve_options const& opts, std::ostream& out, std::ostream& err) {
    if (opts.list_faults) {
        list_faults(out);
        return 0;
    }
    auto state = make_state(opts, err);
    if (state == nullptr) return 2;
    auto addr = parse_listen(opts.listen);
    if (!addr) {
        err << fmt::format("kconform serve: invalid --listen '{}': expected HOST:PORT with an IP address\n",
                           opts.listen);
        return 2;
    }
    unsigned const threads = std::max(1u, opts.threads);
    net::io_context ioc{static_cast<int>(threads)};
    listener_options lo;
    lo.address = addr->host;
    lo.port = addr->port;
    auto l = listener::open(ioc, lo, state);
    if (!l) {
        err << fmt::format("kconform serve: cannot listen on {}: {}\n", opts.listen, l.error().message());
        return 2;
    }
    std::shared_ptr<listener> server = *l;
    // Signals are caught from here on, so a supervisor that saw the env file or the banner can stop us cleanly.
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([server](error_code ec, int) {
        if (!ec) server->stop();
    });
    std::string const url = base_url(addr->host, server->port());
    default_keys const keys{std::string(defaults::admin_key), std::string(defaults::user_key),
                            std::string(defaults::user2_key), std::string(defaults::default_user_key)};
    if (!opts.env_file.empty()) {
        if (auto ec = write_env_file(opts.env_file, url, keys)) {
            err << fmt::format("kconform serve: cannot write {}: {}\n", opts.env_file, ec.message());
            return 2;
        }
    }
    server->run();
    out << "listening on " << url << std::endl;
    std::vector<std::thread> extra;
    for (unsigned i = 1; i < threads; ++i) extra.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : extra) t.join();
    return 0;
}

} // namespace kconform::server
