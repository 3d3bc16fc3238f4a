// PONDER_CHECK: aborts with a message when an internal invariant is broken.
//
// For bugs only. Expected failures (bad input, a failing model) are Status.
#pragma once

#include <sstream>
#include <string_view>

namespace ponder::internal {

// Collects the streamed message and aborts in its destructor.
class CheckFailure {
 public:
  CheckFailure(std::string_view condition, std::string_view file, int line);
  [[noreturn]] ~CheckFailure();
  std::ostream& stream() { return stream_; }

 private:
  std::ostringstream stream_;
};

// Lets the macro below be an expression whose streamed tail is discarded when the check holds.
struct Voidify {
  void operator&(std::ostream&) {}
};

}  // namespace ponder::internal

#define PONDER_CHECK(condition)                 \
  (condition) ? (void)0                         \
              : ::ponder::internal::Voidify() & \
                    ::ponder::internal::CheckFailure(#condition, __FILE__, __LINE__).stream()
