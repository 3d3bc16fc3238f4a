#include "models/tokenizer/bpe_model.h"

#include <algorithm>
#include <cstdio>
#include <queue>

#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {
namespace {

// Hugging Face caches only words shorter than this.
constexpr size_t kMaxCachedWordBytes = 256;

uint64_t PairKey(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

std::string ByteToken(uint8_t byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "<0x%02X>", byte);
  return buffer;
}

}  // namespace

BpeModel::BpeModel(const BpeConfig& config)
    : fuse_unk_(config.fuse_unk),
      byte_fallback_(config.byte_fallback),
      ignore_merges_(config.ignore_merges),
      continuing_subword_prefix_(config.continuing_subword_prefix),
      end_of_word_suffix_(config.end_of_word_suffix),
      cache_(std::make_unique<WordCache>(config.cache_capacity)) {}

StatusOr<std::unique_ptr<BpeModel>> BpeModel::Create(BpeConfig config) {
  std::unique_ptr<BpeModel> model(new BpeModel(config));
  int32_t max_id = -1;
  for (const auto& [token, id] : config.vocab) {
    if (id < 0) {
      return InvalidArgumentError("vocab[\"" + token + "\"] has negative id " + std::to_string(id));
    }
    max_id = std::max(max_id, id);
  }
  model->id_to_token_.resize(static_cast<size_t>(max_id + 1));
  model->has_id_.assign(static_cast<size_t>(max_id + 1), false);
  model->token_to_id_.reserve(config.vocab.size());
  for (auto& [token, id] : config.vocab) {
    model->id_to_token_[id] = token;
    model->has_id_[id] = true;
    model->token_to_id_[std::move(token)] = id;
  }
  const size_t prefix_length = model->continuing_subword_prefix_.size();
  model->merges_.reserve(config.merges.size());
  for (size_t rank = 0; rank < config.merges.size(); ++rank) {
    const auto& [left, right] = config.merges[rank];
    const std::string where =
        "merges[" + std::to_string(rank) + "] (\"" + left + "\", \"" + right + "\")";
    const auto left_id = model->TokenToId(left);
    if (!left_id) return InvalidArgumentError(where + ": \"" + left + "\" is not in vocab");
    const auto right_id = model->TokenToId(right);
    if (!right_id) return InvalidArgumentError(where + ": \"" + right + "\" is not in vocab");
    // With a continuing-subword prefix ("##"), "a" + "##b" merge into "ab".
    std::string merged = left;
    const bool prefixed = prefix_length > 0 && right.starts_with(model->continuing_subword_prefix_);
    merged.append(right, prefixed ? prefix_length : 0);
    const auto new_id = model->TokenToId(merged);
    if (!new_id) {
      return InvalidArgumentError(where + ": the merged token \"" + merged + "\" is not in vocab");
    }
    // A repeated pair keeps its last rank, as Hugging Face's map insertion does.
    model->merges_.insert_or_assign(PairKey(*left_id, *right_id),
                                    Merge{static_cast<int32_t>(rank), *new_id});
  }
  if (config.unk_token) {
    model->unk_id_ = model->TokenToId(*config.unk_token);
    if (!model->unk_id_) {
      return InvalidArgumentError("unk_token \"" + *config.unk_token + "\" is not in vocab");
    }
  }
  return model;
}

std::optional<int32_t> BpeModel::TokenToId(std::string_view token) const {
  auto it = token_to_id_.find(token);
  if (it == token_to_id_.end()) return std::nullopt;
  return it->second;
}

const std::string* BpeModel::IdToToken(int32_t id) const {
  if (id < 0 || id >= id_limit() || !has_id_[id]) return nullptr;
  return &id_to_token_[id];
}

const BpeModel::Merge* BpeModel::FindMerge(int32_t left, int32_t right) const {
  auto it = merges_.find(PairKey(left, right));
  return it == merges_.end() ? nullptr : &it->second;
}

void BpeModel::SplitIntoSymbols(std::string_view word, std::vector<int32_t>& symbols) const {
  int32_t pending_unk = -1;  // an unknown token not yet emitted, so that a run can be fused
  const auto flush_unk = [&] {
    if (pending_unk >= 0) symbols.push_back(pending_unk);
    pending_unk = -1;
  };
  std::string piece;
  size_t pos = 0;
  while (pos < word.size()) {
    size_t length = Utf8CharLength(word, pos);
    if (length == 0) length = 1;  // not reached for validated text; keeps the loop finite
    const bool first = pos == 0;
    const bool last = pos + length == word.size();
    std::string_view character = word.substr(pos, length);
    pos += length;
    std::string_view key = character;
    if ((!first && !continuing_subword_prefix_.empty()) || (last && !end_of_word_suffix_.empty())) {
      piece.clear();
      if (!first) piece += continuing_subword_prefix_;
      piece += character;
      if (last) piece += end_of_word_suffix_;
      key = piece;
    }
    if (auto id = TokenToId(key)) {
      flush_unk();
      symbols.push_back(*id);
      continue;
    }
    if (byte_fallback_) {
      std::vector<int32_t> bytes;
      for (char b : character) {
        const auto byte_id = TokenToId(ByteToken(static_cast<uint8_t>(b)));
        if (!byte_id) break;
        bytes.push_back(*byte_id);
      }
      if (bytes.size() == character.size()) {
        flush_unk();
        symbols.insert(symbols.end(), bytes.begin(), bytes.end());
        continue;
      }
    }
    if (!unk_id_) continue;  // no unknown token: Hugging Face drops the character
    if (pending_unk >= 0 && !fuse_unk_) flush_unk();
    pending_unk = *unk_id_;
  }
  flush_unk();
}

void BpeModel::ApplyMerges(std::vector<int32_t>& symbols) const {
  const int32_t n = static_cast<int32_t>(symbols.size());
  if (n < 2) return;
  std::vector<int32_t> next(n), prev(n);
  for (int32_t i = 0; i < n; ++i) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  struct Candidate {
    int32_t rank;
    int32_t pos;
    int32_t left;
    int32_t right;
    int32_t new_id;
    bool operator>(const Candidate& o) const {
      return rank != o.rank ? rank > o.rank : pos > o.pos;
    }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
  const auto consider = [&](int32_t pos) {
    if (pos < 0 || next[pos] < 0) return;
    const int32_t left = symbols[pos];
    const int32_t right = symbols[next[pos]];
    if (const Merge* merge = FindMerge(left, right)) {
      heap.push({merge->rank, pos, left, right, merge->new_id});
    }
  };
  for (int32_t i = 0; i + 1 < n; ++i) consider(i);
  constexpr int32_t kRemoved = -1;
  while (!heap.empty()) {
    const Candidate top = heap.top();
    heap.pop();
    // Skip pairs that an earlier merge has changed.
    if (symbols[top.pos] != top.left || next[top.pos] < 0 || symbols[next[top.pos]] != top.right) {
      continue;
    }
    const int32_t removed = next[top.pos];
    symbols[top.pos] = top.new_id;
    symbols[removed] = kRemoved;
    next[top.pos] = next[removed];
    if (next[removed] >= 0) prev[next[removed]] = top.pos;
    consider(prev[top.pos]);
    consider(top.pos);
  }
  std::erase(symbols, kRemoved);
}

void BpeModel::Tokenize(std::string_view word, std::vector<int32_t>& out) const {
  if (word.empty()) return;
  if (ignore_merges_) {
    if (auto id = TokenToId(word)) {
      out.push_back(*id);
      return;
    }
  }
  const bool cacheable = word.size() < kMaxCachedWordBytes;
  if (cacheable && cache_->Lookup(word, out)) return;
  std::vector<int32_t> symbols;
  symbols.reserve(word.size());
  SplitIntoSymbols(word, symbols);
  ApplyMerges(symbols);
  if (cacheable) cache_->Insert(word, symbols);
  out.insert(out.end(), symbols.begin(), symbols.end());
}

}  // namespace ponder::tokenizer
