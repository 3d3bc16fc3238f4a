#include "experiments/progress.h"

#include <unistd.h>

namespace ponder::experiments {
namespace {

std::string Clock(double seconds) {
  const int64_t s = static_cast<int64_t>(seconds + 0.5);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buffer;
}

}  // namespace

Progress::Progress(std::string label, std::FILE* out, double interval_seconds)
    : label_(std::move(label)),
      out_(out),
      live_(isatty(fileno(out)) == 1),
      interval_seconds_(interval_seconds),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void Progress::Start(int64_t pending, int64_t skipped) {
  std::lock_guard lock(mu_);
  pending_ = pending;
  skipped_ = skipped;
  start_ = last_print_ = std::chrono::steady_clock::now();
  if (live_) PrintLocked(false);
}

void Progress::ProblemDone(const ponder::experiments::ProblemDone& done) {
  std::lock_guard lock(mu_);
  ++done_;
  failed_ += done.failed;
  correct_ += done.correct;
  tokens_ += done.usage.generated_tokens;
  const auto now = std::chrono::steady_clock::now();
  if (live_ || std::chrono::duration<double>(now - last_print_).count() >= interval_seconds_) {
    PrintLocked(false);
    last_print_ = now;
  }
}

void Progress::Finish() {
  std::lock_guard lock(mu_);
  PrintLocked(true);
}

std::string Progress::LineLocked() const {
  if (pending_ == 0 && skipped_ > 0) {
    return label_ + ": already finished in this database (" + std::to_string(skipped_) +
           " problems); nothing to run";
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const int64_t graded = done_ - failed_;
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "%s: %lld/%lld problems", label_.c_str(),
                static_cast<long long>(done_), static_cast<long long>(pending_));
  std::string line = buffer;
  if (skipped_ > 0) line += " (+" + std::to_string(skipped_) + " done earlier)";
  if (graded > 0) {
    std::snprintf(buffer, sizeof buffer, ", accuracy %.3f", static_cast<double>(correct_) / graded);
    line += buffer;
  }
  if (failed_ > 0) line += ", " + std::to_string(failed_) + " failed";
  if (elapsed > 0) {
    std::snprintf(buffer, sizeof buffer, ", %.0f tokens/s", static_cast<double>(tokens_) / elapsed);
    line += buffer;
  }
  line += ", elapsed " + Clock(elapsed);
  if (done_ > 0 && done_ < pending_) {
    line += ", ETA " +
            Clock(elapsed / static_cast<double>(done_) * static_cast<double>(pending_ - done_));
  }
  return line;
}

void Progress::PrintLocked(bool final) {
  const std::string line = LineLocked();
  if (live_) {
    std::fprintf(out_, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

}  // namespace ponder::experiments
