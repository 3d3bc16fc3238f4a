#include "sandbox/output_sinks.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "sandbox/descriptors.h"

namespace ponder::sandbox::internal {
namespace {

constexpr size_t kStderrTail = 8192;

int MillisecondsUntil(OutputSinks::Clock::time_point t) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(t - OutputSinks::Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1000));
}

}  // namespace

OutputSinks::OutputSinks(int out_fd, int err_fd, int channel_fd, size_t output_cap,
                         std::string* out, std::string* err, std::string* channel)
    : sinks_{{out_fd, out, output_cap},
             {err_fd, err, kStderrTail, /*keep_tail=*/true},
             {channel_fd, channel, output_cap}},
      count_(channel_fd >= 0 ? 3 : 2) {
  for (int i = 0; i < count_; ++i) fcntl(sinks_[i].fd, F_SETFL, O_NONBLOCK);
}

void OutputSinks::ReadSome(Sink& sink) {
  char chunk[65536];
  ssize_t n = read(sink.fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    sink.open = false;
    return;
  }
  sink.buffer->append(chunk, static_cast<size_t>(n));
  if (sink.buffer->size() <= sink.cap) return;
  if (sink.keep_tail) {
    sink.buffer->erase(0, sink.buffer->size() - sink.cap);
  } else {
    sink.buffer->resize(sink.cap);
    sink.overflowed = true;
  }
}

StatusOr<OutputSinks::Stop> OutputSinks::WatchUntil(int pidfd, Clock::time_point deadline) {
  for (;;) {
    if (Clock::now() >= deadline) return Stop::kWallTimeout;
    pollfd fds[4];
    int n = 0;
    for (int i = 0; i < count_; ++i) {
      if (sinks_[i].open) fds[n++] = {sinks_[i].fd, POLLIN, 0};
    }
    fds[n] = {pidfd, POLLIN, 0};
    if (poll(fds, n + 1, MillisecondsUntil(deadline) + 1) < 0 && errno != EINTR) {
      return ErrnoError("sandbox: poll");
    }
    for (int i = 0, k = 0; i < count_; ++i) {
      if (!sinks_[i].open) continue;
      if (fds[k++].revents != 0) ReadSome(sinks_[i]);
      if (sinks_[i].overflowed) return Stop::kOutputLimit;
    }
    if (fds[n].revents != 0) return Stop::kExited;
  }
}

bool OutputSinks::Drain(Clock::time_point until) {
  bool overflowed = false;
  for (int i = 0; i < count_; ++i) {
    Sink& sink = sinks_[i];
    while (sink.open && !sink.overflowed && Clock::now() < until) {
      pollfd p = {sink.fd, POLLIN, 0};
      if (poll(&p, 1, std::max(MillisecondsUntil(until), 1)) <= 0) break;
      ReadSome(sink);
    }
    overflowed = overflowed || sink.overflowed;
  }
  return overflowed;
}

}  // namespace ponder::sandbox::internal
