#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/fakes/search_harness.h"
#include "tests/search/tree_checks.h"

namespace ponder {
namespace {

using testing::PrefixMatchScore;
using testing::SearchHarness;

// A one-step problem: each root child is a complete solution, an arm with a fixed value.
SearchHarness Bandit(std::map<char, double> arms) {
  SearchHarness h;
  std::string alphabet;
  for (const auto& [c, v] : arms) alphabet.push_back(c);
  h.tree_options = {.alphabet = alphabet, .depth = 1, .distribution = {}};
  h.score_fn = [arms](std::string_view path) { return arms.at(path[0]); };
  return h;
}

std::map<std::string, int> RootVisits(const Tree& tree) {
  std::map<std::string, int> visits;
  for (NodeId c : tree.root().children) visits[tree.at(c).text] = tree.at(c).visits;
  return visits;
}

TEST(MctsTest, VisitsConcentrateOnTheBestArm) {
  for (const char* rule : {"uct", "puct"}) {
    SearchHarness h = Bandit({{'a', 0.2}, {'b', 0.9}, {'c', 0.5}, {'d', 0.1}});
    auto r =
        h.Run("mcts",
              {{"selection", rule}, {"c", 0.5}, {"c_puct", 0.5}, {"k", 16}, {"simulations", 200}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    std::map<std::string, int> v = RootVisits(h.tree());
    ASSERT_EQ(v.size(), 4u) << rule;
    EXPECT_GT(v["b"], 150) << rule;
    if (std::string(rule) == "uct") {
      // Worse arms get fewer visits, in the order of their values (PUCT also weighs priors).
      EXPECT_GT(v["c"], v["a"]);
      EXPECT_GE(v["a"], v["d"]);
    }
    EXPECT_EQ(r->answer, "b") << rule;
    EXPECT_TRUE(r->complete);
  }
}

TEST(MctsTest, PuctExploresByPriorWhereUctExploresUniformly) {
  // Equal values everywhere, so only the exploration term decides. 'c' is three times as
  // likely as 'a' or 'b'.
  auto run = [](const char* rule) {
    SearchHarness h;
    h.seed = 5;
    h.tree_options = {.alphabet = "abc", .depth = 1, .distribution = [](std::string_view) {
                        return std::vector<testing::CharChoice>{{'a', 1}, {'b', 1}, {'c', 3}};
                      }};
    h.score_fn = [](std::string_view) { return 0.5; };
    auto r = h.Run("mcts", {{"selection", rule}, {"k", 12}, {"simulations", 30}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return h;
  };
  SearchHarness uct = run("uct"), puct = run("puct");
  const Tree& tree = puct.tree();
  ASSERT_EQ(tree.root().children.size(), 3u);
  NodeId most_likely = tree.root().children[0];
  for (NodeId c : tree.root().children) {
    if (tree.at(c).prior > tree.at(most_likely).prior) most_likely = c;
  }
  ASSERT_EQ(tree.at(most_likely).text, "c");
  // The precondition that makes the orders differ: 'c' is not the first child sampled.
  ASSERT_NE(most_likely, tree.root().children[0]);

  // The first child evaluated: UCT takes the children in order, PUCT the most likely.
  EXPECT_EQ(uct.trace->EventsOf(TraceEventKind::kScore).front().node,
            uct.tree().root().children[0]);
  EXPECT_EQ(puct.trace->EventsOf(TraceEventKind::kScore).front().node, most_likely);

  // UCT spreads visits evenly; PUCT in proportion to the prior.
  for (NodeId c : uct.tree().root().children) EXPECT_EQ(uct.tree().at(c).visits, 10);
  for (NodeId c : tree.root().children) {
    if (c != most_likely) {
      EXPECT_GT(tree.at(most_likely).visits, 2 * tree.at(c).visits);
    }
  }
}

TEST(MctsTest, FinalChoiceIsTheMostVisitedOrTheBestValuedPath) {
  // A strong prior and a large c_puct send most visits to 'c' (worth 0.5), away from 'a'
  // (worth 0.9).
  auto run = [](const char* final_choice) {
    SearchHarness h;
    h.tree_options = {.alphabet = "abc", .depth = 1, .distribution = [](std::string_view) {
                        return std::vector<testing::CharChoice>{{'a', 1}, {'b', 1}, {'c', 4}};
                      }};
    h.score_fn = [](std::string_view path) { return path == "a" ? 0.9 : 0.5; };
    auto r = h.Run(
        "mcts", {{"c_puct", 20.0}, {"k", 12}, {"simulations", 60}, {"final_choice", final_choice}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::map<std::string, int> visits = RootVisits(h.tree());
    EXPECT_GT(visits["c"], visits["a"]);
    EXPECT_GT(visits["a"], 0);
    return r.ok() ? r->answer : "";
  };
  EXPECT_EQ(run("most_visited"), "c");
  EXPECT_EQ(run("best_value"), "a");
}

TEST(MctsTest, VirtualLossMakesTheLeavesOfAMinibatchDistinct) {
  auto run = [](int virtual_loss) {
    SearchHarness h;
    h.tree_options = {.alphabet = "abcd", .depth = 2, .distribution = {}};
    h.score_fn = PrefixMatchScore("ca");
    auto r = h.Run("mcts", {{"selection", "uct"},
                            {"k", 16},
                            {"simulations", 8},
                            {"batch_size", 4},
                            {"virtual_loss", virtual_loss}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return h;
  };
  SearchHarness with = run(1);
  ASSERT_EQ(with.tree().root().children.size(), 4u);
  // The root is expanded alone; then a round of the four root children (one expand batch, one
  // score batch), then a round of four distinct complete solutions (one score batch).
  std::vector<ExpandRequest> requests = with.policy->requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(with.policy->batches(), 2u);
  std::set<NodeId> expanded;
  for (size_t i = 1; i < requests.size(); ++i) expanded.insert(requests[i].node);
  EXPECT_EQ(expanded.size(), 4u);
  EXPECT_EQ(with.scorer->batches(), 2);
  std::set<NodeId> scored;
  for (const TraceEvent& e : with.trace->EventsOf(TraceEventKind::kScore)) scored.insert(e.node);
  EXPECT_EQ(scored.size(), 8u);
  for (const Node& n : with.tree().nodes()) EXPECT_EQ(n.virtual_loss, 0);

  // Without virtual loss every descent of a round ends at the same leaf: rounds of one.
  SearchHarness without = run(0);
  EXPECT_EQ(without.scorer->batches(), 8);
  EXPECT_EQ(without.scorer->calls(), 8);
}

// A complete solution that was scored but never visited can only be a rollout.
bool IsRollout(const Node& n) { return n.terminal && n.scored() && n.visits == 0; }

// The value a node's own evaluation backed up: its score, or its rollout's.
double OwnValue(const Tree& tree, const Node& n, bool rollout) {
  if (!rollout || n.terminal) return n.score;
  for (NodeId c : n.children) {
    if (IsRollout(tree.at(c))) return tree.at(c).score;
  }
  return kNoScore;
}

TEST(MctsTest, BackupKeepsVisitsAndValuesConsistent) {
  for (const bool rollout : {false, true}) {
    SearchHarness h;
    h.tree_options = {
        .alphabet = "abcd", .depth = 3, .distribution = testing::FavourTarget("dab", "abcd", 2.0)};
    h.score_fn = PrefixMatchScore("dab");
    auto r = h.Run("mcts", {{"evaluation", rollout ? "rollout" : "value"},
                            {"k", 6},
                            {"simulations", 60},
                            {"batch_size", 4}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    // Every simulation backed exactly one value up to the root.
    EXPECT_EQ(h.tree().root().visits, 60) << rollout;
    testing::ExpectVisitsAddUp(h.tree(),
                               [&](const Node& n) { return OwnValue(h.tree(), n, rollout); });
    EXPECT_EQ(r->answer, "dab") << rollout;
  }
}

TEST(MctsTest, RolloutEvaluationScoresOnlyCompleteSolutions) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 4, .distribution = {}};
  h.score_fn = PrefixMatchScore("abcd");
  auto r = h.Run("mcts", {{"evaluation", "rollout"}, {"k", 4}, {"simulations", 20}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto scored = h.trace->EventsOf(TraceEventKind::kScore);
  ASSERT_FALSE(scored.empty());
  for (const TraceEvent& e : scored) EXPECT_TRUE(h.tree().at(e.node).terminal) << e.node;
  // Every leaf evaluated by a rollout has one: complete and scored, but out of the tree.
  int rollouts = 0;
  for (const ExpandRequest& req : h.policy->requests()) {
    if (req.mode != ExpandMode::kRollout) continue;
    ++rollouts;
    const std::vector<NodeId>& children = h.tree().at(req.node).children;
    EXPECT_TRUE(std::any_of(children.begin(), children.end(), [&](NodeId c) {
      return IsRollout(h.tree().at(c));
    })) << req.node;
  }
  EXPECT_GT(rollouts, 0);
}

TEST(MctsTest, BudgetCutReturnsTheMostVisitedPartial) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 6, .distribution = {}};
  h.score_fn = PrefixMatchScore("abcdab");
  h.budget.max_policy_calls = 12;
  auto r = h.Run("mcts", {{"k", 4}, {"simulations", 100}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stop_reason, "budget:max_policy_calls");
  EXPECT_FALSE(r->complete);
  ASSERT_NE(r->chosen, kNoNode);
  // Most visited at every level on the way down.
  NodeId at = h.tree().at(r->chosen).parent;
  for (NodeId n = r->chosen; n != kRootNode; n = at, at = h.tree().at(n).parent) {
    for (NodeId sibling : h.tree().at(at).children) {
      EXPECT_GE(h.tree().at(n).visits, h.tree().at(sibling).visits);
    }
  }
}

TEST(MctsTest, NeedsAScorer) {
  SearchHarness h;
  h.with_scorer = false;
  auto r = h.Run("mcts", {{"simulations", 2}});
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ponder
