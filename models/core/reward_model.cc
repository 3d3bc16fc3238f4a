#include "models/core/reward_model.h"

namespace ponder {

std::string_view RewardKindName(RewardKind kind) {
  switch (kind) {
    case RewardKind::kMathShepherd:
      return "math-shepherd";
    case RewardKind::kTwoClassPrm:
      return "two-class-prm";
    case RewardKind::kValue:
      return "value";
  }
  return "unknown";
}

}  // namespace ponder
