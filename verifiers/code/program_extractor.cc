#include "verifiers/code/program_extractor.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace ponder {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsPythonFence(std::string_view line) {
  if (!line.starts_with("```")) return false;
  std::string_view info = line.substr(3);  // markdown allows spaces before the tag
  while (!info.empty() && info.front() == ' ') info.remove_prefix(1);
  const std::string tag = Lower(TrimRight(info));
  return tag == "python" || tag == "py" || tag == "python3";
}

}  // namespace

std::string ExtractProgram(std::string_view solution) {
  std::optional<std::string> last_block;
  std::optional<std::string> open_block;
  size_t start = 0;
  while (start <= solution.size()) {
    size_t end = solution.find('\n', start);
    if (end == std::string_view::npos) end = solution.size();
    const std::string_view line = solution.substr(start, end - start);
    const std::string_view bare = TrimRight(line);
    if (open_block) {
      if (bare.starts_with("```")) {
        last_block = std::move(*open_block);
        open_block.reset();
      } else {
        open_block->append(line);
        open_block->push_back('\n');
      }
    } else if (IsPythonFence(bare)) {
      open_block.emplace();
    }
    if (end == solution.size()) break;
    start = end + 1;
  }
  if (open_block) return *open_block;
  if (last_block) return *last_block;
  return std::string(solution);
}

}  // namespace ponder
