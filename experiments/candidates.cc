#include "experiments/candidates.h"

#include <map>

#include "search/selection.h"

namespace ponder::experiments {

StatusOr<traces::CandidateStats> GradeCandidates(const Tree& tree, const DatasetItem& item,
                                                 Grader& grader, int max_graded) {
  std::vector<NodeId> complete;
  for (const Node& n : tree.nodes()) {
    if (n.terminal && n.finish != FinishReason::kCancelled) complete.push_back(n.id);
  }
  // One grade per distinct candidate: equal answers (canonical keys) grade alike.
  auto key_of = [&](NodeId id) {
    const Node& n = tree.at(id);
    return n.has_answer ? "answer:" + n.answer : "text:" + tree.PathText(id);
  };
  std::map<std::string, size_t> index;  // key -> position in requests
  std::vector<GradeRequest> requests;
  auto add_request = [&](NodeId id, const std::string& key) {
    index[key] = requests.size();
    requests.push_back({.problem = &item.problem,
                        .reference = &item.reference,
                        .answer = tree.at(id).answer,
                        .solution = tree.PathText(id)});
  };
  // The majority answer is graded first, so the cap never leaves majority@k ungraded.
  const std::vector<Vote> votes = TallyVotes(tree, complete, VoteWeight::kCount);
  if (!votes.empty() && max_graded > 0) add_request(votes[0].best, "answer:" + votes[0].answer);
  std::vector<std::string> keys;
  keys.reserve(complete.size());
  for (NodeId id : complete) {
    keys.push_back(key_of(id));
    if (index.contains(keys.back()) || static_cast<int>(requests.size()) >= max_graded) continue;
    add_request(id, keys.back());
  }
  std::vector<StatusOr<Grade>> grades = grader.GradeBatch(requests);
  if (grades.size() != requests.size()) {
    return InternalError("grader answered " + std::to_string(grades.size()) + " of " +
                         std::to_string(requests.size()) + " candidates");
  }
  traces::CandidateStats stats;
  stats.candidates = static_cast<int64_t>(complete.size());
  for (const std::string& key : keys) {
    auto it = index.find(key);
    if (it == index.end()) continue;
    const StatusOr<Grade>& grade = grades[it->second];
    if (!grade.ok()) return grade.status().WithContext("grading a candidate");
    ++stats.graded;
    stats.correct += grade->correct;
  }
  if (!votes.empty()) {
    stats.has_majority = true;
    stats.majority_answer = votes[0].answer;
    auto it = index.find("answer:" + votes[0].answer);
    stats.majority_correct = it != index.end() && grades[it->second]->correct;
  }
  return stats;
}

}  // namespace ponder::experiments
