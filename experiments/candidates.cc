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
  auto request_grade = [&](NodeId id, const std::string& key) {
    index[key] = requests.size();
    requests.push_back({.problem = &item.problem,
                        .reference = &item.reference,
                        .answer = tree.at(id).answer,
                        .solution = tree.PathText(id)});
  };
  // The majority answer is graded first, so the cap never leaves majority@k unknown.
  const std::vector<Vote> votes = TallyVotes(tree, complete, VoteWeight::kCount);
  const bool grade_majority = !votes.empty() && max_graded > 0;
  if (grade_majority) request_grade(votes[0].best, key_of(votes[0].best));
  std::vector<std::string> keys;
  keys.reserve(complete.size());
  for (NodeId id : complete) {
    keys.push_back(key_of(id));
    if (index.contains(keys.back()) || static_cast<int>(requests.size()) >= max_graded) continue;
    request_grade(id, keys.back());
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
  if (grade_majority) {
    stats.has_majority = true;
    stats.majority_answer = votes[0].answer;
    stats.majority_correct = grades[0]->correct;
  }
  return stats;
}

}  // namespace ponder::experiments
