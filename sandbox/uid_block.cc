#include "sandbox/uid_block.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "sandbox/descriptors.h"

namespace ponder::sandbox {

namespace {

// Opens the lock directory once and checks what was opened, so that the lock files are made
// in the directory that was checked even if the path is swapped for a link afterwards.
StatusOr<UniqueFd> OpenLockDir(const std::string& dir) {
  if (dir.empty() || dir.front() != '/') {
    return InvalidArgumentError("uid_lock_dir must be an absolute path, not '" + dir + "'");
  }
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return internal::ErrnoError("uid_lock_dir: mkdir " + dir);
  }
  UniqueFd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOTDIR || errno == ELOOP) {  // ELOOP: a link, refused by O_NOFOLLOW
      return FailedPreconditionError("uid_lock_dir " + dir + " is not a directory");
    }
    return internal::ErrnoError("uid_lock_dir: open " + dir);
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return internal::ErrnoError("uid_lock_dir: fstat " + dir);
  if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return FailedPreconditionError("uid_lock_dir " + dir +
                                   " must be owned by the runner's user and writable by no one "
                                   "else (others could take every uid block)");
  }
  return fd;
}

}  // namespace

StatusOr<UidBlock> UidBlock::Claim(const std::string& lock_dir) {
  PONDER_ASSIGN_OR_RETURN(const UniqueFd dir, OpenLockDir(lock_dir));
  for (int block = 0; block < kBlocks; ++block) {
    const std::string name = "block-" + std::to_string(block) + ".lock";
    const std::string path = lock_dir + "/" + name;
    UniqueFd fd(openat(dir.get(), name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
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
