// ParseEnumName: the inverse of an enum's Name function, for enums whose
// values run densely from 0 to `last` (how traces spell statuses, finish
// reasons and event kinds in the database).
#pragma once

#include <optional>
#include <string_view>

namespace ponder::traces {

template <class E>
std::optional<E> ParseEnumName(std::string_view name, E last, std::string_view (*name_of)(E)) {
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    const E value = static_cast<E>(i);
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

}  // namespace ponder::traces
