#include "sandbox/run_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace ponder::sandbox {
namespace {

Status ErrnoError(const std::string& what) {
  return InternalError(what + ": " + std::strerror(errno));
}

}  // namespace

RunDir::RunDir(std::string path)
    : path_(std::move(path)), work_dir_(path_ + "/work"), root_dir_(path_ + "/root") {}

StatusOr<std::unique_ptr<RunDir>> RunDir::Create(const std::string& temp_dir) {
  std::string pattern = temp_dir + "/ponder-run-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    return ErrnoError("cannot create a run directory in " + temp_dir);
  }
  std::unique_ptr<RunDir> dir(new RunDir(buffer.data()));
  // 0711: a sandboxed uid may pass through to work/ (needed when there is no mount namespace)
  // but not list the directory.
  if (chmod(dir->path_.c_str(), 0711) != 0) return ErrnoError("chmod " + dir->path_);
  if (mkdir(dir->work_dir_.c_str(), 0755) != 0) return ErrnoError("mkdir " + dir->work_dir_);
  if (mkdir(dir->root_dir_.c_str(), 0755) != 0) return ErrnoError("mkdir " + dir->root_dir_);
  return dir;
}

RunDir::~RunDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Status RunDir::WriteFile(std::string_view name, std::string_view contents) const {
  if (name.empty() || name.find('/') != std::string_view::npos || name == "." || name == "..") {
    return InvalidArgumentError("run directory file name '" + std::string(name) +
                                "' must be a plain file name");
  }
  const std::string file = work_dir_ + "/" + std::string(name);
  int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create " + file);
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return ErrnoError("cannot write " + file);
    }
    done += static_cast<size_t>(n);
  }
  if (close(fd) != 0) return ErrnoError("cannot close " + file);
  return OkStatus();
}

}  // namespace ponder::sandbox
