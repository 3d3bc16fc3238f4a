#include "verifiers/code/program_extractor.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

TEST(ExtractProgramTest, TakesTheFencedPythonBlock) {
  EXPECT_EQ(ExtractProgram("Here is my solution:\n```python\nprint(1)\n```\nIt prints 1.\n"),
            "print(1)\n");
  EXPECT_EQ(ExtractProgram("```py\nx = 2\nprint(x)\n```"), "x = 2\nprint(x)\n");
  EXPECT_EQ(ExtractProgram("```Python3  \nprint(3)\n```"), "print(3)\n");
}

TEST(ExtractProgramTest, TakesTheLastOfSeveralBlocks) {
  EXPECT_EQ(
      ExtractProgram("```python\nprint('draft')\n```\nBetter:\n```python\nprint('final')\n```"),
      "print('final')\n");
}

TEST(ExtractProgramTest, AnUnclosedBlockRunsToTheEnd) {
  EXPECT_EQ(ExtractProgram("```python\nprint(1)\nprint(2)"), "print(1)\nprint(2)\n");
  EXPECT_EQ(ExtractProgram("```python\nprint('done')\n```\n```python\nprint(2"), "print(2\n");
}

TEST(ExtractProgramTest, WithoutAPythonBlockTheWholeText) {
  EXPECT_EQ(ExtractProgram("print(input())\n"), "print(input())\n");
  EXPECT_EQ(ExtractProgram("```cpp\nint main() {}\n```\n"), "```cpp\nint main() {}\n```\n");
  EXPECT_EQ(ExtractProgram(""), "");
}

TEST(ExtractProgramTest, KeepsIndentationAndBlankLines) {
  EXPECT_EQ(ExtractProgram("```python\ndef f():\n\n    return 1\n```"),
            "def f():\n\n    return 1\n");
}

}  // namespace
}  // namespace ponder
