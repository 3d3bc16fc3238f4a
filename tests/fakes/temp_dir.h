// TempDir: a fresh directory under the system temp folder, removed with its
// contents when the object goes away. For tests that write files.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "search/base/check.h"

namespace ponder::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ponder-test-XXXXXX").string();
    PONDER_CHECK(mkdtemp(pattern.data()) != nullptr) << "mkdtemp failed";
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  const std::filesystem::path& path() const { return path_; }

  // Writes `content` to the file `name` in the folder; returns its path.
  std::filesystem::path Write(const std::string& name, const std::string& content) const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }
  // Copies the file `from` into the folder as `name`; returns its path.
  std::filesystem::path Copy(const std::string& from, const std::string& name) const {
    const auto file = path_ / name;
    std::filesystem::copy_file(from, file);
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace ponder::testing
