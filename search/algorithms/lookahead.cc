#include "search/algorithms/lookahead.h"

#include <algorithm>

namespace ponder {
namespace {

struct Beam {
  NodeId node;
  double logprob;  // summed over the beam's own units, from the origin
};

// Best first; ties to the lower id so a seed replays.
bool MoreLikely(const Beam& a, const Beam& b) {
  return a.logprob != b.logprob ? a.logprob > b.logprob : a.node < b.node;
}

}  // namespace

StatusOr<std::vector<NodeId>> BeamLookahead(SearchContext& ctx, SearchFlags& flags,
                                            std::span<const NodeId> origins, int num_beams,
                                            ExpandSpec unit) {
  unit.n = num_beams;
  std::vector<std::vector<Beam>> live(origins.size()), finished(origins.size());
  for (size_t o = 0; o < origins.size(); ++o) live[o].push_back({origins[o], 0});

  while (!ctx.Stopped()) {
    std::vector<NodeId> parents;
    std::vector<std::pair<size_t, double>> owner;  // origin and log-probability of each parent
    for (size_t o = 0; o < origins.size(); ++o) {
      for (const Beam& b : live[o]) {
        parents.push_back(b.node);
        owner.emplace_back(o, b.logprob);
      }
    }
    if (parents.empty()) break;
    PONDER_ASSIGN_OR_RETURN(auto children, ctx.Expand(parents, unit));
    flags.Sync(ctx.tree());

    std::vector<std::vector<Beam>> candidates = finished;
    for (size_t i = 0; i < parents.size(); ++i) {
      for (NodeId c : children[i]) {
        flags.set_completion(c);
        candidates[owner[i].first].push_back({c, owner[i].second + ctx.tree().at(c).logprob});
      }
    }
    for (size_t o = 0; o < origins.size(); ++o) {
      std::vector<Beam>& pool = candidates[o];
      std::sort(pool.begin(), pool.end(), MoreLikely);
      if (static_cast<int>(pool.size()) > num_beams) pool.resize(static_cast<size_t>(num_beams));
      live[o].clear();
      finished[o].clear();
      for (const Beam& b : pool)
        (ctx.tree().at(b.node).terminal ? finished[o] : live[o]).push_back(b);
    }
  }

  std::vector<NodeId> best(origins.size(), kNoNode);
  for (size_t o = 0; o < origins.size(); ++o) {
    if (!finished[o].empty()) {
      best[o] = std::min_element(finished[o].begin(), finished[o].end(), MoreLikely)->node;
    }
  }
  return best;
}

}  // namespace ponder
