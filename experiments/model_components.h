// The components backed by LibTorch models (built only with PONDER_WITH_TORCH):
//   policy lm                  a Hugging Face causal LM folder
//   policy torchscript         a TorchScript module (docs/models.md, calling convention)
//   scorer reward_model        a PRM or value model folder (Math-Shepherd, Qwen2.5-Math-PRM, value)
//   scorer torchscript_scorer  a TorchScript scoring module
// Each owns its model and tokenizer.
#pragma once

#include "experiments/components.h"

namespace ponder::experiments {

void RegisterModelComponents(Components& components);

}  // namespace ponder::experiments
