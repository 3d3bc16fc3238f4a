// Concat: joins string pieces into one string. Used instead of `"(" + s + ")"`, which
// makes g++ 12 at -O3 report a false -Wrestrict overlap (GCC bug 105329).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace ponder::math {

inline std::string Concat(std::initializer_list<std::string_view> parts) {
  size_t size = 0;
  for (std::string_view p : parts) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : parts) out.append(p);
  return out;
}

}  // namespace ponder::math
