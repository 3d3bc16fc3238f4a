// Registry: components by name, with their settings documented.
//
// Registration is explicit (RegisterBuiltinAlgorithms(registry)), never through
// static initialisers, which static libraries silently drop.
// Thread-safety: register first, then Create from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "search/algorithm.h"
#include "search/base/params.h"
#include "search/base/status.h"

namespace ponder {

template <class T, class... Args>
class Registry {
 public:
  using Factory = std::function<StatusOr<std::unique_ptr<T>>(const Params&, Args...)>;
  struct Entry {
    std::string name;
    std::string summary;  // one line
    Factory factory;
    std::function<std::vector<ParamDocumenter::Entry>()> document;
    // Checks params without building anything (a model stays unloaded).
    std::function<Status(const Params&)> check;
  };

  // Names are unique: registering one twice is a bug.
  void Register(Entry entry) {
    PONDER_CHECK(Find(entry.name) == nullptr) << "registered twice: " << entry.name;
    entries_.push_back(std::move(entry));
  }

  const Entry* Find(std::string_view name) const {
    for (const Entry& e : entries_) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }

  // `kind` names the registry in errors ("algorithm").
  StatusOr<std::unique_ptr<T>> Create(std::string_view kind, std::string_view name,
                                      const Params& params, Args... args) const {
    const Entry* entry = Find(name);
    if (entry == nullptr) return UnknownName(kind, name);
    return entry->factory(params, args...);
  }

  // What Create would report about `name` and `params`, without building the component.
  Status Check(std::string_view kind, std::string_view name, const Params& params) const {
    const Entry* entry = Find(name);
    if (entry == nullptr) return UnknownName(kind, name);
    return entry->check(params);
  }

  const std::vector<Entry>& entries() const { return entries_; }

 private:
  Status UnknownName(std::string_view kind, std::string_view name) const {
    std::string known;
    for (const Entry& e : entries_) known += (known.empty() ? "" : ", ") + e.name;
    return NotFoundError("unknown " + std::string(kind) + " '" + std::string(name) +
                         "'; registered: " + known);
  }

  std::vector<Entry> entries_;
};

using AlgorithmRegistry = Registry<Algorithm>;

// Registers algorithm `Algo`, built from `Options` (a struct with Bind and Validate).
template <class Options, class Algo>
void RegisterAlgorithm(AlgorithmRegistry& registry, std::string name, std::string summary) {
  registry.Register({
      .name = name,
      .summary = std::move(summary),
      .factory = [name](const Params& params) -> StatusOr<std::unique_ptr<Algorithm>> {
        PONDER_ASSIGN_OR_RETURN(Options options, ReadOptions<Options>(params, "algorithm"));
        return std::unique_ptr<Algorithm>(std::make_unique<Algo>(options));
      },
      .document = [] { return DocumentOptions<Options>(); },
      .check =
          [](const Params& params) { return ReadOptions<Options>(params, "algorithm").status(); },
  });
}

// Every algorithm that ships with ponder.
void RegisterBuiltinAlgorithms(AlgorithmRegistry& registry);

}  // namespace ponder
