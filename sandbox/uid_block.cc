#include "sandbox/uid_block.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "sandbox/descriptors.h"

namespace ponder::sandbox {

namespace {

Status CheckLockDir(const std::string& dir) {
  if (dir.empty() || dir.front() != '/') {
    return InvalidArgumentError("uid_lock_dir must be an absolute path, not '" + dir + "'");
  }
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return internal::ErrnoError("uid_lock_dir: mkdir " + dir);
  }
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0) return internal::ErrnoError("uid_lock_dir: lstat " + dir);
  if (!S_ISDIR(st.st_mode)) {
    return FailedPreconditionError("uid_lock_dir " + dir + " is not a directory");
  }
  if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return FailedPreconditionError("uid_lock_dir " + dir +
                                   " must be owned by the runner's user and writable by no one "
                                   "else (others could take every uid block)");
  }
  return OkStatus();
}

}  // namespace

StatusOr<UidBlock> UidBlock::Claim(const std::string& lock_dir) {
  PONDER_RETURN_IF_ERROR(CheckLockDir(lock_dir));
  for (int block = 0; block < kBlocks; ++block) {
    const std::string path = lock_dir + "/block-" + std::to_string(block) + ".lock";
    UniqueFd fd(open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid()) return internal::ErrnoError("uid block lock: open " + path);
    if (flock(fd.get(), LOCK_EX | LOCK_NB) == 0) {
      return UidBlock(std::move(fd), kFirstUid + block * kBlockSize);
    }
    if (errno != EWOULDBLOCK) return internal::ErrnoError("uid block lock: flock " + path);
  }
  return ResourceExhaustedError("all " + std::to_string(kBlocks) + " uid blocks in " + lock_dir +
                                " are held by other ponder processes; set the sandbox's "
                                "first_uid to a range of your own");
}

}  // namespace ponder::sandbox
