#include "search/selection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace ponder {

double Uct(double mean_value, int visits, int parent_visits, double c) {
  if (visits == 0) return std::numeric_limits<double>::infinity();
  return mean_value + c * std::sqrt(std::log(std::max(parent_visits, 1)) / visits);
}

double Puct(double mean_value, double prior, int visits, int parent_visits, double c_puct) {
  return mean_value + c_puct * prior * std::sqrt(static_cast<double>(parent_visits)) / (1 + visits);
}

double PUcb(double q, double prior, int visits, int parent_visits, double c, double c_base) {
  const double n = std::max(parent_visits, 1);
  const double beta = std::log((n + c_base + 1) / c_base) + c;
  return q + beta * prior * std::sqrt(std::log(n)) / (1 + visits);
}

double SmoothedUct(double mean_value, int visits, int parent_visits, double c, double eps) {
  return mean_value + c * std::sqrt((1 + std::log(std::max(parent_visits, 1))) / (eps + visits));
}

NodeId BestScored(const Tree& tree, std::span<const NodeId> nodes) {
  NodeId best = kNoNode;
  for (NodeId n : nodes) {
    const Node& node = tree.at(n);
    if (!node.scored()) continue;
    if (best == kNoNode || node.score > tree.at(best).score ||
        (node.score == tree.at(best).score && n < best)) {
      best = n;
    }
  }
  return best;
}

std::vector<size_t> TopK(const Tree& tree, std::span<const NodeId> nodes, size_t k) {
  std::vector<size_t> order(nodes.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](size_t i) {
    const Node& n = tree.at(nodes[i]);
    return n.scored() ? n.score : -std::numeric_limits<double>::infinity();
  };
  k = std::min(k, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](size_t a, size_t b) {
                      const double ka = key(a), kb = key(b);
                      return ka != kb ? ka > kb : a < b;
                    });
  order.resize(k);
  return order;
}

std::vector<Vote> TallyVotes(const Tree& tree, std::span<const NodeId> nodes, VoteWeight weight) {
  std::vector<Vote> votes;
  for (NodeId n : nodes) {
    const Node& node = tree.at(n);
    if (!node.has_answer) continue;
    auto it = std::find_if(votes.begin(), votes.end(),
                           [&](const Vote& v) { return v.answer == node.answer; });
    if (it == votes.end()) {
      votes.push_back({node.answer, 0, 0, n});
      it = votes.end() - 1;
    }
    it->count += 1;
    it->weight += weight == VoteWeight::kCount ? 1.0 : (node.scored() ? node.score : 0.0);
    const Node& best = tree.at(it->best);
    if (node.scored() && (!best.scored() || node.score > best.score)) it->best = n;
  }
  std::stable_sort(votes.begin(), votes.end(),
                   [](const Vote& a, const Vote& b) { return a.weight > b.weight; });
  return votes;
}

}  // namespace ponder
