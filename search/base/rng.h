// Rng: the one source of randomness in ponder.
//
// xoshiro256** seeded through SplitMix64. Every stream is derived from explicit
// keys (run seed, problem id, node id, sample index) with Derive(), never from
// time or global state, so a seed replays a search exactly. The generator and
// every distribution below are written out here (not std:: distributions,
// whose output differs between standard libraries) so results are identical
// on every platform. Not thread-safe: one Rng per thread of control.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace ponder {

// Mixes two 64-bit keys into one well-distributed key (SplitMix64 finalizer).
uint64_t MixKeys(uint64_t a, uint64_t b);

// A stable 64-bit hash of a string (FNV-1a): problem ids become seeds.
uint64_t StableHash(std::string_view text);

class Rng {
 public:
  explicit Rng(uint64_t seed);

  // An independent stream for `key`; this generator is not advanced.
  Rng Derive(uint64_t key) const;

  uint64_t NextU64();
  // Uniform in [0, 1), 53 bits.
  double Uniform();
  // Uniform in [0, n); n > 0.
  uint64_t UniformInt(uint64_t n);
  // Standard normal (Box-Muller, no cached second value so streams stay simple).
  double Normal();
  // Index drawn with probability weights[i] / sum(weights); weights >= 0, sum > 0.
  size_t Categorical(std::span<const double> weights);

 private:
  uint64_t seed_;
  std::array<uint64_t, 4> state_;
};

}  // namespace ponder
