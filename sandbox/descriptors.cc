#include "sandbox/descriptors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ponder::sandbox::internal {
namespace {

StatusOr<UniqueFd> HighFd(int fd, const char* what) {
  if (fd < 0) return ErrnoError(what);
  int high = fcntl(fd, F_DUPFD_CLOEXEC, kFirstChildFd);
  close(fd);
  if (high < 0) return ErrnoError(std::string(what) + " (dup)");
  return UniqueFd(high);
}

StatusOr<Pipe> HighPair(const int fds[2], const char* what) {
  Pipe p;
  PONDER_ASSIGN_OR_RETURN(p.read, HighFd(fds[0], what));
  PONDER_ASSIGN_OR_RETURN(p.write, HighFd(fds[1], what));
  return p;
}

}  // namespace

Status ErrnoError(const std::string& what) {
  return InternalError(what + ": " + std::strerror(errno));
}

Status WriteValue(const std::string& path, std::string_view text) {
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("open " + path);
  const ssize_t n = write(fd.get(), text.data(), text.size());
  if (n == static_cast<ssize_t>(text.size())) return OkStatus();
  // A short write leaves errno as it was, which would then name an unrelated failure.
  const int err = n < 0 ? errno : EIO;
  fd.reset();
  errno = err;
  std::string_view shown = text;
  while (!shown.empty() && shown.back() == '\n') shown.remove_suffix(1);
  return ErrnoError("write '" + std::string(shown) + "' to " + path);
}

StatusOr<UniqueFd> OpenHigh(const std::string& path, int flags) {
  const std::string what = "open " + path;
  return HighFd(open(path.c_str(), flags | O_CLOEXEC), what.c_str());
}

StatusOr<Pipe> MakePipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return ErrnoError("pipe2");
  return HighPair(fds, "pipe");
}

StatusOr<Pipe> MakeSocketPair() {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return ErrnoError("socketpair");
  return HighPair(fds, "socketpair");
}

StatusOr<UniqueFd> StdinMemfd(std::string_view data) {
  PONDER_ASSIGN_OR_RETURN(UniqueFd fd, HighFd(memfd_create("ponder-stdin", MFD_CLOEXEC), "memfd"));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ErrnoError("writing standard input to a memfd");
    done += static_cast<size_t>(n);
  }
  if (lseek(fd.get(), 0, SEEK_SET) != 0) return ErrnoError("lseek on the stdin memfd");
  return fd;
}

bool ReadFull(int fd, void* data, size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace ponder::sandbox::internal
