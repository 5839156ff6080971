// The one translation unit that compiles Asio and Beast (BOOST_*_SEPARATE_COMPILATION is set on kconform::core),
// so that the other files only parse declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
