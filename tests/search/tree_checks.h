// Checks shared by the tree-search tests.
#pragma once

#include <gtest/gtest.h>

#include "search/tree.h"

namespace ponder::testing {

// The backup invariant of the tree searches, on every node: its visits are its children's
// visits plus its own evaluations (none for the root, at most one for any other inner node, any
// number for a complete solution selected again), and its value sum is its children's plus
// own_value(node) per own evaluation. Nodes no descent reaches (rollouts) have no visits, so
// they add nothing.
template <class OwnValue>
void ExpectVisitsAddUp(const Tree& tree, OwnValue own_value) {
  for (const Node& n : tree.nodes()) {
    int child_visits = 0;
    double child_sum = 0;
    for (NodeId c : n.children) {
      child_visits += tree.at(c).visits;
      child_sum += tree.at(c).value_sum;
    }
    const int own = n.visits - child_visits;
    EXPECT_GE(own, 0) << "node " << n.id;
    if (n.id == kRootNode) {
      EXPECT_EQ(own, 0);
    }
    if (!n.terminal) {
      EXPECT_LE(own, 1) << "node " << n.id;
    }
    if (own > 0) {
      EXPECT_NEAR(n.value_sum - child_sum, own * own_value(n), 1e-9) << "node " << n.id;
    }
    EXPECT_EQ(n.virtual_loss, 0) << "node " << n.id;
  }
}

}  // namespace ponder::testing
