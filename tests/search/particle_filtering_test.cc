#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "search/base/rng.h"
#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::SearchHarness;

// Particles whose first step is 'a' get PRM score 0.8, the others 0.2: log-weights
// logit(0.8) = ln 4 and logit(0.2) = -ln 4.
double FavoursA(std::string_view path) { return path.front() == 'a' ? 0.8 : 0.2; }

// After the first step each particle stands at its own first-step node; each copy
// the first resampling made of it is extended once, so its children count its copies.
struct FirstResampling {
  int a_nodes = 0, b_nodes = 0;  // first steps
  int a_copies = 0;              // particles on an 'a' after resampling
};

FirstResampling Observe(const Tree& tree) {
  FirstResampling o;
  for (NodeId c : tree.root().children) {
    const bool a = tree.at(c).text == "a";
    (a ? o.a_nodes : o.b_nodes) += 1;
    if (a) o.a_copies += static_cast<int>(tree.at(c).children.size());
  }
  return o;
}

// Over many seeds, the number of particles resampled onto 'a' first steps must match
// N * softmax share of the 'a' weights, within 4 standard deviations of the binomial.
void ExpectResamplingShares(double temperature) {
  const int n = 64;
  const double wa = std::pow(4.0, 1 / temperature), wb = std::pow(0.25, 1 / temperature);
  double deviation = 0, variance = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    SearchHarness h;
    h.seed = seed;
    h.tree_options = {.alphabet = "ab", .depth = 3, .distribution = {}};
    h.score_fn = FavoursA;
    auto r = h.Run("particle_filtering", {{"n", n}, {"temperature", temperature}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const FirstResampling o = Observe(h.tree());
    ASSERT_EQ(o.a_nodes + o.b_nodes, n);
    const double p = o.a_nodes * wa / (o.a_nodes * wa + o.b_nodes * wb);
    deviation += o.a_copies - n * p;
    variance += n * p * (1 - p);
  }
  EXPECT_LT(std::abs(deviation) / std::sqrt(variance), 4.0)
      << "temperature " << temperature << ": deviation " << deviation << ", sd "
      << std::sqrt(variance);
}

TEST(ParticleFilteringTest, ResamplesInProportionToSoftmaxOfLogitWeights) {
  ExpectResamplingShares(1.0);
}

TEST(ParticleFilteringTest, TemperatureFlattensTheResamplingDistribution) {
  ExpectResamplingShares(3.0);
}

TEST(ParticleFilteringTest, SystematicResamplingGivesEachParticleFloorOrCeilOfItsShare) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 3, .distribution = {}};
  h.score_fn = [](std::string_view path) {
    return static_cast<double>(StableHash(path) % 1000) / 1000.0 * 0.98 + 0.01;
  };
  const int n = 40;
  ASSERT_TRUE(h.Run("particle_filtering", {{"n", n}, {"resampling", "systematic"}}).ok());
  const Tree& tree = h.tree();
  double total = 0;
  for (NodeId c : tree.root().children) total += tree.at(c).score / (1 - tree.at(c).score);
  int copies_total = 0;
  for (NodeId c : tree.root().children) {
    const double share = n * tree.at(c).score / (1 - tree.at(c).score) / total;
    const int copies = static_cast<int>(tree.at(c).children.size());
    EXPECT_GE(copies, std::floor(share - 1e-9)) << "node " << c;
    EXPECT_LE(copies, std::ceil(share + 1e-9)) << "node " << c;
    copies_total += copies;
  }
  EXPECT_EQ(copies_total, n);
}

TEST(ParticleFilteringTest, BranchesNoParticleStandsOnAreDropped) {
  SearchHarness h;
  h.tree_options = {.alphabet = "ab", .depth = 3, .distribution = {}};
  h.score_fn = FavoursA;
  ASSERT_TRUE(h.Run("particle_filtering", {{"n", 16}}).ok());
  const Tree& tree = h.tree();
  // What stays live is exactly the final particles' paths.
  std::set<NodeId> on_a_path;
  for (const Node& n : tree.nodes()) {
    if (n.depth == 3 && !n.dropped) {
      for (NodeId a : tree.PathTo(n.id)) on_a_path.insert(a);
    }
  }
  ASSERT_FALSE(on_a_path.empty());
  int dropped = 0;
  for (NodeId n = 1; n < tree.size(); ++n) {
    EXPECT_EQ(!tree.at(n).dropped, on_a_path.contains(n)) << "node " << n;
    dropped += tree.at(n).dropped;
  }
  EXPECT_GT(dropped, 0);
}

// A policy whose solutions end at random depths: "x" ends the solution, "y" goes on.
class EndsEarlyPolicy final : public Policy {
 public:
  std::vector<StatusOr<Expansion>> Propose(std::span<const ExpandRequest> requests) override {
    std::vector<StatusOr<Expansion>> out;
    for (const ExpandRequest& r : requests) {
      extended.push_back(r.tree->PathText(r.node));
      Rng rng(r.seed);
      Expansion e;
      for (int i = 0; i < r.n; ++i) {
        const bool end = rng.Uniform() < 0.3;
        e.proposals.push_back(
            {.text = end ? "x" : "y",
             .tokens = {end ? 1 : 2},
             .token_logprobs = {-1.0f},
             .finish = end ? FinishReason::kEndOfSequence : FinishReason::kDelimiter});
      }
      out.emplace_back(std::move(e));
    }
    return out;
  }
  std::vector<std::string> extended;  // the partial solutions extended
};

TEST(ParticleFilteringTest, FinishedParticlesStayInThePopulationWithTheirWeight) {
  EndsEarlyPolicy policy;
  testing::TableScorer scorer([](std::string_view path) { return path == "x" ? 0.95 : 0.3; });
  testing::WholeTextExtractor extractor;
  Problem problem{.id = "p", .prompt = "", .attributes = {}};
  SearchContext ctx({.problem = &problem,
                     .policy = &policy,
                     .scorer = &scorer,
                     .extractor = &extractor,
                     .options = {.max_steps = 8},
                     .seed = 7});
  AlgorithmRegistry registry;
  RegisterBuiltinAlgorithms(registry);
  auto algo =
      registry.Create("algorithm", "particle_filtering", {{"n", 32}, {"selection", "majority"}});
  ASSERT_TRUE(algo.ok());
  auto r = (*algo)->Run(ctx);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // The particles that ended at "x" outweigh the others ~20 to 1, are copied by the
  // resampling without being extended again, and carry the majority.
  EXPECT_EQ(r->answer, "x");
  EXPECT_TRUE(r->complete);
  for (const std::string& path : policy.extended) {
    EXPECT_TRUE(path.empty() || path.back() == 'y') << "a finished particle was extended";
  }
  EXPECT_LT(policy.extended.size(), 32u + 16u);
}

TEST(ParticleFilteringTest, LogitWeightsNeedScoresInTheUnitInterval) {
  SearchHarness h;
  h.tree_options = {.alphabet = "ab", .depth = 2, .distribution = {}};
  h.score_fn = [](std::string_view path) { return path.front() == 'a' ? 1.5 : -0.5; };
  auto r = h.Run("particle_filtering", {{"n", 8}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("log_weight"), std::string::npos) << r.status().ToString();
  auto raw = h.Run("particle_filtering", {{"n", 8}, {"log_weight", "score"}});
  ASSERT_TRUE(raw.ok()) << raw.status().ToString();
  EXPECT_EQ(raw->answer.front(), 'a');
}

}  // namespace
}  // namespace ponder
