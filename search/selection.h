// Selection formulas and choices shared by the algorithms, as pure functions.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "search/tree.h"

namespace ponder {

// UCT (Kocsis & Szepesvari 2006, UCB1 on trees):
//   Q(s,a) + c * sqrt(ln N(s) / N(s,a)); an unvisited child scores +inf.
double Uct(double mean_value, int visits, int parent_visits, double c);

// PUCT (Rosin 2011; as in AlphaZero, Silver et al. 2017):
//   Q(s,a) + c_puct * P(s,a) * sqrt(N(s)) / (1 + N(s,a)).
double Puct(double mean_value, double prior, int visits, int parent_visits, double c_puct);

// P-UCB with a visit-dependent weight (Zhang et al. 2023, "Planning with Large Language
// Models for Code Generation", PG-TD):
//   Q(s,a) + beta(s) * P(a|s) * sqrt(ln N(s)) / (1 + N(s,a)),
//   beta(s) = ln((N(s) + c_base + 1) / c_base) + c.
double PUcb(double q, double prior, int visits, int parent_visits, double c, double c_base);

// UCT as ReST-RL's VM-MCTS writes it (Zhoubian et al. 2025), finite for unvisited children:
//   V(s') + c * sqrt((1 + ln N(s)) / (eps + N(s'))).
double SmoothedUct(double mean_value, int visits, int parent_visits, double c, double eps);

// The scored node with the highest score; ties go to the lower id. kNoNode if none is scored.
NodeId BestScored(const Tree& tree, std::span<const NodeId> nodes);

// The indices of the k highest-scored nodes (unscored rank last), best first, stable.
std::vector<size_t> TopK(const Tree& tree, std::span<const NodeId> nodes, size_t k);

struct Vote {
  std::string answer;
  double weight = 0;  // votes, or summed scores for a weighted vote
  int count = 0;
  NodeId best = kNoNode;  // the highest-scored node with this answer (else the first)
};

enum class VoteWeight : uint8_t { kCount, kScore };

// Groups nodes with an answer by that answer; heaviest first, ties by first appearance.
std::vector<Vote> TallyVotes(const Tree& tree, std::span<const NodeId> nodes, VoteWeight weight);

}  // namespace ponder
