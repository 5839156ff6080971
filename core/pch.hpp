// Precompiled header for targets that use core: the heavy, stable headers (Asio, Beast, simdjson, Boost.JSON).
// Keeps the 2-core CI build short; nothing here may depend on kconform headers.
#pragma once
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <simdjson.h>
#include <fmt/format.h>
#include <string>
#include <string_view>
#include <vector>
#include <map>
#include <memory>
#include <optional>
