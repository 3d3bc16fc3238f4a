// TableScorer: scores a node by a function of its path text. Thread-safe.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "search/scorer.h"

namespace ponder::testing {

class TableScorer final : public Scorer {
 public:
  using ScoreFn = std::function<double(std::string_view path)>;
  explicit TableScorer(ScoreFn fn) : fn_(std::move(fn)) {}

  std::vector<StatusOr<Score>> ScoreBatch(std::span<const ScoreRequest> requests) override;

  int64_t calls() const;
  int64_t batches() const;

 private:
  ScoreFn fn_;
  mutable std::mutex mu_;
  int64_t calls_ = 0;
  int64_t batches_ = 0;
};

}  // namespace ponder::testing
