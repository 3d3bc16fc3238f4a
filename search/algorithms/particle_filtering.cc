// Particle filtering (Puri et al. 2025, "A Probabilistic Inference Approach to
// Inference-Time Scaling of LLMs using Particle-Based Monte Carlo Methods";
// reference code: Red Hat AI its_hub, ParticleFiltering).
//
// Inference-time scaling as posterior inference in a state-space model: the
// language model is the transition x_t ~ p(. | x_<t) and the PRM an approximate
// likelihood of each partial solution. N particles start at the prompt; each round
//   1. every unfinished particle is extended by one step;
//   2. particle i gets the log-weight w_i = logit(r_i) = log(r_i / (1 - r_i)), r_i its
//      PRM score (search.aggregation), as in the authors' code (`log_weight: score`
//      uses w_i = r_i, for scores outside [0, 1]); finished particles keep theirs;
//   3. N particles are resampled from theta = softmax(w / temperature), multinomially
//      (or systematically), finished ones included, so good partial solutions
//      multiply and poor ones die out without a hard beam cut.
// It ends when every particle is finished or the budget is spent. The answer is the
// particle with the highest weight (`selection: score`), or a (weighted) majority over
// the particles, each copy one vote.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "search/algorithms/step_search.h"
#include "search/registry.h"

namespace ponder {
namespace {

enum class Resampling : uint8_t { kMultinomial, kSystematic };
enum class LogWeight : uint8_t { kLogit, kScore };

struct ParticleFilteringOptions {
  int n = 16;  // N: particles
  double temperature = 1.0;
  Resampling resampling = Resampling::kMultinomial;
  LogWeight log_weight = LogWeight::kLogit;
  AnswerSelection selection = AnswerSelection::kScore;

  void Bind(ParamBinder& b) {
    static constexpr std::pair<std::string_view, Resampling> kResampling[] = {
        {"multinomial", Resampling::kMultinomial}, {"systematic", Resampling::kSystematic}};
    static constexpr std::pair<std::string_view, LogWeight> kLogWeights[] = {
        {"logit", LogWeight::kLogit}, {"score", LogWeight::kScore}};
    b.Int("n", &n, 1, 1 << 20, "N: particles");
    b.Double("temperature", &temperature, 0.001, ParamBinder::kInf,
             "resampling distribution softmax(w / temperature); higher is flatter");
    b.Enum<Resampling>("resampling", &resampling, kResampling,
                       "multinomial (N independent draws) or systematic (one uniform, N evenly "
                       "spaced points: lower variance)");
    b.Enum<LogWeight>("log_weight", &log_weight, kLogWeights,
                      "logit: w = log(r / (1 - r)) of a PRM score r in [0, 1]; score: w = r");
    BindSelection(b, &selection);
  }
  Status Validate() const { return OkStatus(); }
};

class ParticleFiltering final : public Algorithm {
 public:
  explicit ParticleFiltering(ParticleFilteringOptions options) : options_(options) {}
  ScorerUse scorer_use() const override { return ScorerUse::kRequired; }

  StatusOr<SearchResult> Run(SearchContext& ctx) const override {
    const size_t n = static_cast<size_t>(options_.n);
    // particles[i]: the node particle i stands at; done[i]: it cannot be extended.
    std::vector<NodeId> particles(n, kRootNode);
    std::vector<char> done(n, 0);
    std::vector<NodeId> parents, extended, resampled;
    std::vector<size_t> moving;
    std::vector<double> weights;

    while (!ctx.Stopped()) {
      parents.clear();
      moving.clear();
      for (size_t i = 0; i < n; ++i) {
        if (!done[i]) {
          parents.push_back(particles[i]);
          moving.push_back(i);
        }
      }
      if (parents.empty()) break;
      PONDER_ASSIGN_OR_RETURN(auto children,
                              ctx.Expand(parents, {.mode = ExpandMode::kStep, .n = 1}));
      extended.clear();
      for (size_t j = 0; j < moving.size(); ++j) {
        const size_t i = moving[j];
        if (children[j].empty()) {  // the policy has nothing more: the particle stays
          done[i] = 1;
          continue;
        }
        particles[i] = children[j].front();
        done[i] = ctx.tree().at(particles[i]).terminal;
        extended.push_back(particles[i]);
      }
      if (extended.empty() || ctx.ScoringStopped()) break;
      PONDER_RETURN_IF_ERROR(ctx.Score(extended));

      PONDER_RETURN_IF_ERROR(ResamplingWeights(ctx.tree(), particles, weights));
      const std::vector<size_t> picks = Resample(ctx.rng(), weights, n);
      resampled.clear();
      std::vector<char> next_done(n);
      for (size_t i = 0; i < n; ++i) {
        resampled.push_back(particles[picks[i]]);
        next_done[i] = done[picks[i]];
      }
      DropLost(ctx, particles, resampled);
      particles.swap(resampled);
      done.swap(next_done);
    }
    std::vector<NodeId> population;
    for (NodeId p : particles) {
      if (p != kRootNode) population.push_back(p);
    }
    return ctx.Finish(SelectAnswer(ctx.tree(), population, options_.selection));
  }

 private:
  // weights[i] = softmax(w / temperature)_i over the particles.
  Status ResamplingWeights(const Tree& tree, const std::vector<NodeId>& particles,
                           std::vector<double>& weights) const {
    weights.assign(particles.size(), -std::numeric_limits<double>::infinity());
    double top = -std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < particles.size(); ++i) {
      const Node& node = tree.at(particles[i]);
      if (!node.scored()) continue;  // a particle that never moved has no weight
      double w = node.score;
      if (options_.log_weight == LogWeight::kLogit) {
        if (!(w >= 0 && w <= 1)) {
          return InvalidArgumentError(
              "particle_filtering: log_weight=logit needs scores in [0, 1], but node " +
              std::to_string(node.id) + " scored " + std::to_string(w) +
              "; use log_weight: score for scorers with another range");
        }
        // Clipped as in the authors' code, so a score of 0 or 1 keeps a finite weight.
        const double r = std::clamp(w, 1e-7, 1 - 1e-7);
        w = std::log(r / (1 - r));
      }
      weights[i] = w / options_.temperature;
      top = std::max(top, weights[i]);
    }
    if (std::isinf(top)) {  // nothing scored: resample uniformly
      std::fill(weights.begin(), weights.end(), 1.0);
      return OkStatus();
    }
    for (double& w : weights) w = std::exp(w - top);
    return OkStatus();
  }

  // Draws `n` indices with probability proportional to `weights` (not normalised).
  std::vector<size_t> Resample(Rng& rng, const std::vector<double>& weights, size_t n) const {
    std::vector<double> cumulative(weights.size());
    double total = 0;
    for (size_t i = 0; i < weights.size(); ++i) cumulative[i] = total += weights[i];
    auto index_at = [&](double u) {
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u * total);
      return std::min(static_cast<size_t>(it - cumulative.begin()), weights.size() - 1);
    };
    std::vector<size_t> picks(n);
    if (options_.resampling == Resampling::kSystematic) {
      const double start = rng.Uniform();
      for (size_t i = 0; i < n; ++i) {
        picks[i] = index_at((static_cast<double>(i) + start) / static_cast<double>(n));
      }
    } else {
      for (size_t i = 0; i < n; ++i) picks[i] = index_at(rng.Uniform());
    }
    return picks;
  }

  // Drops the particles' nodes that no resampled particle stands at.
  static void DropLost(SearchContext& ctx, std::vector<NodeId> before, std::vector<NodeId> after) {
    for (std::vector<NodeId>* nodes : {&before, &after}) {
      std::sort(nodes->begin(), nodes->end());
      nodes->erase(std::unique(nodes->begin(), nodes->end()), nodes->end());
    }
    std::vector<NodeId> lost;
    std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                        std::back_inserter(lost));
    for (NodeId node : lost) {
      if (node != kRootNode) DropBranch(ctx, node);
    }
  }

  ParticleFilteringOptions options_;
};

}  // namespace

void RegisterParticleFiltering(AlgorithmRegistry& registry) {
  RegisterAlgorithm<ParticleFilteringOptions, ParticleFiltering>(
      registry, "particle_filtering",
      "particle filtering: extend N particles a step at a time and resample them by "
      "softmax of their PRM log-weights (Puri et al. 2025)");
}

}  // namespace ponder
