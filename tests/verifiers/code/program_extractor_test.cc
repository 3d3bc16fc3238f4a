#include "verifiers/code/program_extractor.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

struct ExtractionCase {
  const char* why;
  const char* solution;
  const char* program;
};

const ExtractionCase kCases[] = {
    {"a python block", "Here is my solution:\n```python\nprint(1)\n```\nIt prints 1.\n",
     "print(1)\n"},
    {"the py tag", "```py\nx = 2\nprint(x)\n```", "x = 2\nprint(x)\n"},
    {"tags in any case, trailing spaces", "```Python3  \nprint(3)\n```", "print(3)\n"},
    {"a space before the tag", "Code:\n``` python\nprint(4)\n```\n", "print(4)\n"},
    {"the last of several blocks",
     "```python\nprint('draft')\n```\nBetter:\n```python\nprint('final')\n```", "print('final')\n"},
    {"an unclosed block runs to the end", "```python\nprint(1)\nprint(2)", "print(1)\nprint(2)\n"},
    {"an unclosed block after a closed one", "```python\nprint('done')\n```\n```python\nprint(2",
     "print(2\n"},
    {"no block: the whole text", "print(input())\n", "print(input())\n"},
    {"another language's block is not a program", "```cpp\nint main() {}\n```\n",
     "```cpp\nint main() {}\n```\n"},
    {"empty text", "", ""},
    {"indentation and blank lines kept", "```python\ndef f():\n\n    return 1\n```",
     "def f():\n\n    return 1\n"},
};

TEST(ExtractProgramTest, FollowsTheFencingRules) {
  for (const ExtractionCase& c : kCases) {
    EXPECT_EQ(ExtractProgram(c.solution), c.program) << c.why;
  }
}

}  // namespace
}  // namespace ponder
