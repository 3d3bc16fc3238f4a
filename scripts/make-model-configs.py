#!/usr/bin/env python3
"""Writes configs/{math500,aime2024}/<models>/<algorithm>.yaml: every algorithm with the
model pairs users run, and configs/apps/<model>/<algorithm>.yaml: the algorithms that search
code with public-test feedback, so that the files stay consistent with each other. Re-run after
changing a setting here; the files it writes are committed.

Model paths are parameters: each config leaves `policy.path` and `scorer.path` to the
command line, e.g.
  ponder run configs/math500/qwen2.5-math-1.5b/beam_search.yaml \
      --set policy.path=/models/Qwen2.5-Math-1.5B-Instruct \
      --set scorer.path=/models/Qwen2.5-Math-PRM-7B
"""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "configs")

MATH_SYSTEM = ("Please reason step by step, separating steps with a blank line, and put your "
               "final answer within \\\\boxed{}.")

MODELS = {
    "qwen2.5-math-1.5b": {
        "about": "Qwen2.5-Math-1.5B-Instruct (ChatML) with Qwen2.5-Math-PRM-7B",
        "policy": f"""policy:
  name: lm                      # set policy.path=/path/to/Qwen2.5-Math-1.5B-Instruct
  dtype: bfloat16
  format: chat
  system_prompt: "{MATH_SYSTEM}"
  step_delimiter: "\\n\\n"
""",
        "scorer": """scorer:
  name: reward_model            # set scorer.path=/path/to/Qwen2.5-Math-PRM-7B
  dtype: bfloat16
  head: two-class-prm
  preset: qwen-prm
""",
    },
    "llama3.2-1b": {
        "about": "Llama-3.2-1B-Instruct (Llama 3 chat format) with the Math-Shepherd PRM "
                 "(math-shepherd-mistral-7b-prm; its '+' and '-' tokens are ids 648 and 387)",
        "policy": f"""policy:
  name: lm                      # set policy.path=/path/to/Llama-3.2-1B-Instruct
  dtype: bfloat16
  format: chat
  system_prompt: "{MATH_SYSTEM}"
  step_delimiter: "\\n\\n"
""",
        "scorer": """scorer:
  name: reward_model            # set scorer.path=/path/to/math-shepherd-mistral-7b-prm
  dtype: bfloat16
  head: math-shepherd
  good_token: 648
  bad_token: 387
  preset: math-shepherd
""",
    },
}

DATASETS = {
    "math500": ("MATH500", "math500", "../../../../shared/data/math500/test.jsonl", 4096),
    "aime2024": ("AIME 2024", "aime2024", "../../../../shared/data/aime/aime2024.jsonl", 8192),
}

# Every algorithm, with settings at a moderate budget. `sweep` lines give the scaling curve.
ALGORITHMS = {
    "best_of_n": ("best-of-N ranked by the PRM (last-step score)",
                  "  name: best_of_n\n  n: 16\n", "algorithm.n: [1, 4, 16, 64]", True),
    "majority_vote": ("self-consistency: the most frequent answer, no PRM",
                      "  name: majority_vote\n  n: 16\n", "algorithm.n: [1, 4, 16, 64]", False),
    "weighted_majority_vote": ("PRM-weighted majority vote",
                               "  name: majority_vote\n  n: 16\n  weighting: score\n",
                               "algorithm.n: [1, 4, 16, 64]", True),
    "beam_search": ("step-level beam search guided by the PRM (Snell et al. 2024)",
                    "  name: beam_search\n  n: 16\n  beam_width: 4\n",
                    "algorithm.n: [4, 16, 64]", True),
    "diverse_beam_search": ("diverse beam search, G groups with a Hamming penalty",
                            "  name: diverse_beam_search\n  beam_width: 16\n  groups: 4\n"
                            "  lambda: 0.5\n", "algorithm.beam_width: [4, 16, 64]", True),
    "dvts": ("diverse verifier tree search (Beeching et al. 2024)",
             "  name: dvts\n  n: 16\n  beam_width: 4\n", "algorithm.n: [4, 16, 64]", True),
    "a_star": ("A*-decoding (Chatziveroglou 2025)",
               "  name: a_star\n  k: 4\n  batch_size: 4\n", "budget.max_tokens: [1024, 4096, 16384]",
               True),
    "particle_filtering": ("particle filtering (Puri et al. 2025)",
                           "  name: particle_filtering\n  n: 16\n",
                           "algorithm.n: [4, 16, 64]", True),
    "mcts": ("MCTS with PUCT and the PRM as value, minibatches under virtual loss",
             "  name: mcts\n  selection: puct\n  simulations: 64\n  k: 4\n  batch_size: 4\n",
             "algorithm.simulations: [16, 64, 256]", True),
    "vm_mcts": ("VM-MCTS as in ReST-RL, the PRM standing in for the value model",
                "  name: vm_mcts\n  iteration_limit: 15\n", "algorithm.iteration_limit: [5, 15, 45]",
                True),
    "pg_td": ("PG-TD over steps: lookahead rollouts scored by the PRM",
              "  name: pg_td\n  expansion: step\n  k: 3\n  rollouts: 32\n",
              "algorithm.rollouts: [8, 32, 128]", True),
    "first_finish": ("First-Finish Search: the first of n samples to finish",
                     "  name: first_finish\n  n: 8\n  chunk_tokens: 64\n",
                     "algorithm.n: [2, 8, 32]", False),
}


def write(dataset_key, model_key, algo_key):
    label, dataset_name, path, max_tokens = DATASETS[dataset_key]
    model = MODELS[model_key]
    about, algorithm, sweep, uses_scorer = ALGORITHMS[algo_key]
    text = f"""# {label}: {about}.
# Models: {model["about"]}.
# Generated by scripts/make-model-configs.py; model paths are parameters:
#   ponder run THIS.yaml --set policy.path=DIR{" --set scorer.path=DIR" if uses_scorer else ""}
# For the scaling curve, add: --set 'sweep.{sweep.replace(": ", "=")}'
name: {dataset_key}-{model_key}-{algo_key.replace("_", "-")}
seed: 1
dataset:
  name: {dataset_name}
  path: {path}
{model["policy"]}{model["scorer"] if uses_scorer else ""}grader:
  name: math
search:
  temperature: 0.8
  top_p: 1.0
  max_step_tokens: 512
  max_solution_tokens: 2048
  aggregation: last
algorithm:
{algorithm}budget:
  max_tokens: {max_tokens * 8}
runner:
  threads: 4
  batch_size: 64
"""
    folder = os.path.join(ROOT, dataset_key, model_key)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, algo_key + ".yaml"), "w") as f:
        f.write(text)


# APPS: a code model; the public tests are the search's reward (public_tests runs each
# candidate program in the sandbox), all tests the final grade (strict accuracy and test-case
# average). The prompt asks the chat model for a ```python block, which is what the code
# verifiers read.
CODE_MODELS = {
    "qwen2.5-coder-1.5b": {
        "about": "Qwen2.5-Coder-1.5B-Instruct (ChatML)",
        "policy": """policy:
  name: lm                      # set policy.path=/path/to/Qwen2.5-Coder-1.5B-Instruct
  dtype: bfloat16
  format: chat
  step_delimiter: "\\n"
""",
    },
}

CODE_ALGORITHMS = {
    "best_of_n": ("best-of-N: n whole programs, the one passing most public tests",
                  "  name: best_of_n\n  n: 16\n", "algorithm.n: [1, 4, 16, 64]", True),
    "pg_td": ("PG-TD (Zhang et al. 2023): P-UCB over the top-k next tokens, each node valued by "
              "a greedy lookahead program's public-test pass rate",
              "  name: pg_td\n  expansion: token\n  k: 3\n  rollouts: 64\n",
              "algorithm.rollouts: [16, 64, 256]", True),
    "mcts": ("MCTS over lines with rollout evaluation: a sampled completion's public-test pass "
             "rate is the value",
             "  name: mcts\n  selection: uct\n  evaluation: rollout\n  simulations: 64\n"
             "  k: 3\n  batch_size: 4\n", "algorithm.simulations: [16, 64, 256]", True),
    "first_finish": ("First-Finish Search: the first of n programs to finish, no tests used",
                     "  name: first_finish\n  n: 8\n  chunk_tokens: 64\n",
                     "algorithm.n: [2, 8, 32]", False),
}


def write_code(model_key, algo_key):
    model = CODE_MODELS[model_key]
    about, algorithm, sweep, uses_scorer = CODE_ALGORITHMS[algo_key]
    text = f"""# APPS (the shared subset of its train split): {about}.
# Model: {model["about"]}.
# Generated by scripts/make-model-configs.py; the model path is a parameter:
#   ponder run THIS.yaml --set policy.path=DIR
# For the scaling curve, add: --set 'sweep.{sweep.replace(": ", "=")}'
# For a base model, set dataset.prompt_format=apps (APPS's QUESTION/ANSWER prompt) and
# policy.format=plain.
name: apps-{model_key}-{algo_key.replace("_", "-")}
seed: 1
dataset:
  name: apps
  path: ../../../../shared/data/apps/train_subset.jsonl
  prompt_format: instruct
  public_tests: 0.5
{model["policy"]}{"scorer:" + chr(10) + "  name: public_tests" + chr(10) if uses_scorer else ""}grader:
  name: code
search:
  temperature: 0.8
  top_p: 0.95
  max_step_tokens: 256
  max_solution_tokens: 1024
algorithm:
{algorithm}budget:
  max_tokens: 32768
runner:
  threads: 2
  batch_size: 32
  sandbox_workers: 2
"""
    folder = os.path.join(ROOT, "apps", model_key)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, algo_key + ".yaml"), "w") as f:
        f.write(text)


for d in DATASETS:
    for m in MODELS:
        for a in ALGORITHMS:
            write(d, m, a)
for m in CODE_MODELS:
    for a in CODE_ALGORITHMS:
        write_code(m, a)
