// RunDir: the fresh temporary directory of one program run.
//
// Layout: <temp_dir>/ponder-run-XXXXXX/ (0711) holding work/ (0755: the program and its
// support files, mounted read-only as the sandbox's /work and its working directory) and
// root/ (the mount point of the sandbox's own root file system). Everything is owned by the
// runner, so a sandboxed uid can read work/ but write nothing here. The destructor removes
// the whole tree.
//
// Not thread-safe; one run owns it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "search/base/status.h"

namespace ponder::sandbox {

class RunDir {
 public:
  static StatusOr<std::unique_ptr<RunDir>> Create(const std::string& temp_dir);
  ~RunDir();
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;

  const std::string& path() const { return path_; }
  const std::string& work_dir() const { return work_dir_; }
  const std::string& root_dir() const { return root_dir_; }

  // Writes work/<name> (mode 0644).
  Status WriteFile(std::string_view name, std::string_view contents) const;

 private:
  explicit RunDir(std::string path);

  std::string path_, work_dir_, root_dir_;
};

}  // namespace ponder::sandbox
