// Pulls the program out of a model's solution text.
#pragma once

#include <string>
#include <string_view>

namespace ponder {

// The contents of the last fenced code block tagged python (```python, ```py or ```python3,
// any case, spaces allowed before the tag); a block cut off before its closing fence runs to
// the end of the text. Without such a block, the whole text.
std::string ExtractProgram(std::string_view solution);

}  // namespace ponder
