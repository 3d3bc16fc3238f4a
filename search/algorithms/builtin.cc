// The algorithms that ship with ponder. Adding one: a new file under
// search/algorithms/ that defines Register<Name>, plus two lines here.
#include "search/registry.h"

namespace ponder {

void RegisterBestOfN(AlgorithmRegistry& registry);
void RegisterMajorityVote(AlgorithmRegistry& registry);
void RegisterBeamSearch(AlgorithmRegistry& registry);
void RegisterDiverseBeamSearch(AlgorithmRegistry& registry);
void RegisterDvts(AlgorithmRegistry& registry);
void RegisterAStar(AlgorithmRegistry& registry);
void RegisterParticleFiltering(AlgorithmRegistry& registry);
void RegisterMcts(AlgorithmRegistry& registry);
void RegisterVmMcts(AlgorithmRegistry& registry);
void RegisterPgTd(AlgorithmRegistry& registry);
void RegisterFirstFinish(AlgorithmRegistry& registry);

void RegisterBuiltinAlgorithms(AlgorithmRegistry& registry) {
  RegisterBestOfN(registry);
  RegisterMajorityVote(registry);
  RegisterBeamSearch(registry);
  RegisterDiverseBeamSearch(registry);
  RegisterDvts(registry);
  RegisterAStar(registry);
  RegisterParticleFiltering(registry);
  RegisterMcts(registry);
  RegisterVmMcts(registry);
  RegisterPgTd(registry);
  RegisterFirstFinish(registry);
}

}  // namespace ponder
