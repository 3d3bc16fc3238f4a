// UidBlock: a block of host uids for a jail's slots that no other ponder process on this
// machine uses while this one holds it.
//
// Slot uids must not be shared between runners: without PID namespaces the cleanup after a
// run kills every process of the slot's uid, and RLIMIT_NPROC counts them all, so two
// `ponder run`s on one machine with the same uids would kill and starve each other's
// programs. Claim takes the first free block of kBlockSize uids, from kFirstUid up, by
// flock()ing a lock file per block in a root-owned directory. The kernel drops the lock when
// the holder's descriptor closes, also when the process is killed outright, so a crashed
// runner never strands a block. Move-only; not thread-safe per object.
#pragma once

#include <cstdint>
#include <string>

#include "sandbox/unique_fd.h"
#include "search/base/status.h"

namespace ponder::sandbox {

class UidBlock {
 public:
  static constexpr int64_t kFirstUid = 3000000;
  static constexpr int64_t kBlockSize = 4096;  // JailOptions::slots is at most this
  // Blocks end below 3,500,000, where the sandbox tests pick explicit ranges of their own.
  static constexpr int kBlocks = 120;

  // Claims the lowest free block. `lock_dir` is made (mode 0700) when missing; it must be a
  // directory, not a link, owned by this process's effective uid and writable only by it,
  // since whoever can write there can take every block.
  static StatusOr<UidBlock> Claim(const std::string& lock_dir);

  int64_t first_uid() const { return first_uid_; }

 private:
  UidBlock(UniqueFd lock, int64_t first_uid) : lock_(std::move(lock)), first_uid_(first_uid) {}

  UniqueFd lock_;  // holds the block's flock
  int64_t first_uid_;
};

}  // namespace ponder::sandbox
