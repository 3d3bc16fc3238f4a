#include "search/tree.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

Node Step(std::string text, TokenIds tokens) {
  Node n;
  n.text = std::move(text);
  n.tokens = std::move(tokens);
  return n;
}

TEST(TreeTest, ChildrenKnowTheirPathDepthAndTokens) {
  Tree tree;
  EXPECT_EQ(tree.size(), 1u);
  const NodeId a = tree.AddChild(kRootNode, Step("x = 1\n\n", {1, 2}));
  const NodeId b = tree.AddChild(a, Step("so x + 1 = 2", {3, 4, 5}));
  const NodeId c = tree.AddChild(a, Step("so x = 1", {6}));
  EXPECT_EQ(tree.at(b).depth, 2);
  EXPECT_EQ(tree.at(b).parent, a);
  EXPECT_EQ(tree.at(b).cumulative_tokens, 5);
  EXPECT_EQ(tree.at(a).children, (std::vector<NodeId>{b, c}));
  EXPECT_EQ(tree.PathTo(b), (std::vector<NodeId>{a, b}));
  EXPECT_EQ(tree.PathText(b), "x = 1\n\nso x + 1 = 2");
  EXPECT_EQ(tree.PathTokens(c), (TokenIds{1, 2, 6}));
  EXPECT_EQ(tree.PathText(kRootNode), "");
}

TEST(TreeTest, IdsStayValidAsTheArenaGrows) {
  Tree tree;
  NodeId last = kRootNode;
  for (int i = 0; i < 10000; ++i) last = tree.AddChild(last, Step("s", {i}));
  EXPECT_EQ(tree.at(last).depth, 10000);
  EXPECT_EQ(tree.at(5000).tokens, (TokenIds{4999}));
}

TEST(TreeTest, DropMarksTheWholeSubtreeOnce) {
  Tree tree;
  const NodeId a = tree.AddChild(kRootNode, Step("a", {1}));
  const NodeId b = tree.AddChild(a, Step("b", {2}));
  const NodeId c = tree.AddChild(b, Step("c", {3}));
  const NodeId d = tree.AddChild(kRootNode, Step("d", {4}));
  std::vector<NodeId> dropped = tree.DropSubtree(a);
  std::sort(dropped.begin(), dropped.end());
  EXPECT_EQ(dropped, (std::vector<NodeId>{a, b, c}));
  EXPECT_FALSE(tree.at(d).dropped);
  EXPECT_TRUE(tree.DropSubtree(b).empty());
}

TEST(TreeTest, EveryTreeHasItsOwnId) {
  Tree a, b;
  EXPECT_NE(a.id(), b.id());
}

}  // namespace
}  // namespace ponder
