// Internal to the Jail: the descriptors it hands a cloned child, and reading from them.
//
// Every descriptor is close-on-exec and numbered at least kFirstChildFd, so the child can
// dup2 onto 0-3 without clobbering one it still needs. Not thread-safe per object.
#pragma once

#include <string>
#include <string_view>

#include "sandbox/unique_fd.h"
#include "search/base/status.h"

namespace ponder::sandbox::internal {

inline constexpr int kFirstChildFd = 10;

struct Pipe {
  UniqueFd read, write;
};

// "what: strerror(errno)" as an internal error.
Status ErrnoError(const std::string& what);

// Writes `text` to the proc or cgroup file `path` in one write(), as such files take one value
// per write. On failure errno still holds the reason (EIO for a short write) when it returns.
Status WriteValue(const std::string& path, std::string_view text);

// open(path, flags) close-on-exec, moved to a number of at least kFirstChildFd.
StatusOr<UniqueFd> OpenHigh(const std::string& path, int flags);

StatusOr<Pipe> MakePipe();
// For the runner writing to the child: send(MSG_NOSIGNAL) on it cannot raise SIGPIPE in the
// runner if the child is gone.
StatusOr<Pipe> MakeSocketPair();
// Standard input as a memfd holding `data`, rewound: the runner never blocks writing a big
// input, and a program that stops reading costs nothing.
StatusOr<UniqueFd> StdinMemfd(std::string_view data);

// Reads exactly `size` bytes; false at end of file (or on an error) before that.
bool ReadFull(int fd, void* data, size_t size);

}  // namespace ponder::sandbox::internal
