// FakeTreePolicy: a deterministic policy over a synthetic problem whose
// structure tests know exactly.
//
// A solution is `depth` one-character steps. The next-step distribution for a
// partial solution comes from `distribution(path)` (default: uniform over the
// alphabet). Each character is one token (its code). A step that completes
// the solution (it reaches `depth`, or emits `end_char`) finishes with
// kEndOfSequence, so with an end_char solutions vary in length. Sampling is driven only by the
// request seed, so results replay exactly. Thread-safe.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "search/answer_extractor.h"
#include "search/policy.h"

namespace ponder::testing {

struct CharChoice {
  char c;
  double weight;
};
using Distribution = std::function<std::vector<CharChoice>(std::string_view path)>;

struct FakeTreeOptions {
  std::string alphabet = "abc";
  int depth = 3;
  Distribution distribution;  // empty: uniform over the alphabet
  char end_char = '\0';       // a character that ends the solution; '\0': none
};

class FakeTreePolicy final : public Policy {
 public:
  explicit FakeTreePolicy(FakeTreeOptions options = {});

  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override;
  void Forget(const Tree& tree, std::span<const NodeId> nodes) override;

  // Every request seen, in order (copies without the tree pointer's lifetime).
  std::vector<ExpandRequest> requests() const;
  size_t batches() const;
  std::vector<NodeId> forgotten() const;

 private:
  std::vector<CharChoice> Next(std::string_view path) const;
  Expansion ProposeOne(const ExpandRequest& request) const;
  // Whether a solution of `length` characters ending in `last` is complete.
  bool Ends(size_t length, char last) const;

  FakeTreeOptions options_;
  mutable std::mutex mu_;
  std::vector<ExpandRequest> requests_;
  size_t batches_ = 0;
  std::vector<NodeId> forgotten_;
};

// The answer of a fake solution is its whole text.
class WholeTextExtractor final : public AnswerExtractor {
 public:
  std::optional<std::string> Extract(std::string_view solution) const override {
    return std::string(solution);
  }
};

}  // namespace ponder::testing
