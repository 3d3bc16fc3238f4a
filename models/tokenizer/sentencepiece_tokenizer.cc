#include "models/tokenizer/sentencepiece_tokenizer.h"

#include <algorithm>
#include <cstdio>
#include <queue>

#include "models/tokenizer/text_file.h"
#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {
namespace {

constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";  // U+2581 "▁"

std::string ByteName(uint8_t byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "<0x%02X>", byte);
  return buffer;
}

std::string ReplaceAllOf(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  size_t last = 0;
  for (size_t pos = text.find(from); pos != std::string_view::npos; pos = text.find(from, last)) {
    out.append(text.substr(last, pos - last));
    out.append(to);
    last = pos + from.size();
  }
  out.append(text.substr(last));
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<SentencePieceTokenizer>> SentencePieceTokenizer::FromFile(
    const std::filesystem::path& path) {
  PONDER_ASSIGN_OR_RETURN(std::string bytes, ReadTextFile(path));
  PONDER_ASSIGN_OR_RETURN(SentencePieceModel model, ParseSentencePieceModel(bytes, path.string()));
  return FromModel(std::move(model), path.string());
}

StatusOr<std::unique_ptr<SentencePieceTokenizer>> SentencePieceTokenizer::FromModel(
    SentencePieceModel model, std::string_view source) {
  const std::string where(source);
  if (model.model_type != SentencePieceModelType::kBpe) {
    static constexpr const char* kNames[] = {"", "UNIGRAM", "BPE", "WORD", "CHAR"};
    return InvalidArgumentError(
        where + ": trainer_spec.model_type: " + kNames[static_cast<int>(model.model_type)] +
        " SentencePiece models are not supported (only BPE)");
  }
  if (!model.precompiled_charsmap.empty()) {
    return InvalidArgumentError(where + ": normalizer_spec.precompiled_charsmap: the \"" +
                                model.normalizer_name +
                                "\" character map is not supported (only identity)");
  }
  if (model.treat_whitespace_as_suffix) {
    return InvalidArgumentError(where +
                                ": trainer_spec.treat_whitespace_as_suffix is not supported");
  }
  std::unique_ptr<SentencePieceTokenizer> tokenizer(new SentencePieceTokenizer(std::move(model)));
  const SentencePieceModel& m = tokenizer->model_;
  tokenizer->byte_ids_.assign(256, -1);
  for (size_t i = 0; i < m.pieces.size(); ++i) {
    const SentencePieceEntry& entry = m.pieces[i];
    const auto id = static_cast<int32_t>(i);
    const std::string path = where + ": pieces[" + std::to_string(i) + "]";
    const bool mergeable = entry.type == PieceType::kNormal ||
                           entry.type == PieceType::kUserDefined ||
                           entry.type == PieceType::kUnused;
    auto& map = mergeable ? tokenizer->mergeable_ : tokenizer->reserved_;
    if (!map.emplace(entry.piece, id).second) {
      return InvalidArgumentError(path + ": piece \"" + entry.piece + "\" is defined twice");
    }
    if (entry.type == PieceType::kUserDefined) tokenizer->user_defined_.push_back(entry.piece);
    if (entry.type == PieceType::kUnknown) tokenizer->unk_id_ = id;
    if (entry.type == PieceType::kByte) {
      unsigned value = 0;
      char tail = 0;
      if (entry.piece.size() != 6 ||
          std::sscanf(entry.piece.c_str(), "<0x%2X%c", &value, &tail) != 2 || tail != '>') {
        return InvalidArgumentError(path + ": byte piece \"" + entry.piece +
                                    "\" is not of the form <0xXX>");
      }
      tokenizer->byte_ids_[value] = id;
    }
  }
  if (!tokenizer->unk_id_) {
    return InvalidArgumentError(where + ": pieces: no piece has type UNKNOWN");
  }
  if (m.byte_fallback) {
    for (int b = 0; b < 256; ++b) {
      if (tokenizer->byte_ids_[b] < 0) {
        return InvalidArgumentError(where + ": trainer_spec.byte_fallback is set but piece " +
                                    ByteName(static_cast<uint8_t>(b)) + " is missing");
      }
    }
  }
  std::sort(tokenizer->user_defined_.begin(), tokenizer->user_defined_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return tokenizer;
}

SpecialTokens SentencePieceTokenizer::DeclaredSpecialTokens() const {
  SpecialTokens tokens;
  const auto valid = [&](int32_t id) -> std::optional<int32_t> {
    if (id < 0 || id >= vocab_size()) return std::nullopt;
    return id;
  };
  tokens.bos = valid(model_.bos_id);
  tokens.eos = valid(model_.eos_id);
  tokens.pad = valid(model_.pad_id);
  tokens.unk = unk_id_;
  tokens.add_bos = tokens.bos.has_value();
  if (tokens.eos) tokens.eos_ids.push_back(*tokens.eos);
  return tokens;
}

std::string SentencePieceTokenizer::Normalize(std::string_view text) const {
  const bool remove_extra = model_.remove_extra_whitespaces;
  const std::string_view space = model_.escape_whitespaces ? kSpaceSymbol : " ";
  if (remove_extra) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  std::string out;
  if (text.empty()) return out;
  out.reserve(text.size() * 3 / 2 + 3);
  if (model_.add_dummy_prefix) out += space;
  bool previous_space = remove_extra;
  for (char c : text) {
    if (c == ' ') {
      if (!previous_space) out += space;
      previous_space = remove_extra;
      continue;
    }
    out += c;
    previous_space = false;
  }
  if (remove_extra) {
    std::string_view kept = out;
    while (kept.ends_with(space)) kept.remove_suffix(space.size());
    out.erase(kept.size());
  }
  return out;
}

void SentencePieceTokenizer::SplitSymbols(std::string_view text,
                                          std::vector<std::string_view>& symbols,
                                          std::vector<bool>& frozen) const {
  size_t pos = 0;
  while (pos < text.size()) {
    const std::string_view rest = text.substr(pos);
    auto user = std::find_if(user_defined_.begin(), user_defined_.end(),
                             [&](const std::string& piece) { return rest.starts_with(piece); });
    size_t length = 0;
    if (user != user_defined_.end()) {
      length = user->size();
    } else {
      length = Utf8CharLength(text, pos);
      if (length == 0) length = 1;
    }
    symbols.push_back(text.substr(pos, length));
    frozen.push_back(user != user_defined_.end());
    pos += length;
  }
}

void SentencePieceTokenizer::EmitPiece(std::string_view piece, std::vector<int32_t>& ids,
                                       bool& previous_unknown) const {
  std::optional<int32_t> id;
  if (auto it = reserved_.find(piece); it != reserved_.end()) {
    id = it->second;
  } else if (auto it2 = mergeable_.find(piece); it2 != mergeable_.end()) {
    id = it2->second;
  }
  if (id && *id != *unk_id_) {
    ids.push_back(*id);
    previous_unknown = false;
    return;
  }
  if (model_.byte_fallback) {
    for (char b : piece) ids.push_back(byte_ids_[static_cast<uint8_t>(b)]);
    previous_unknown = false;
    return;
  }
  // A run of unknown pieces becomes one <unk>, as SentencePiece merges them.
  if (!previous_unknown) ids.push_back(*unk_id_);
  previous_unknown = true;
}

StatusOr<std::vector<int32_t>> SentencePieceTokenizer::Encode(std::string_view text) const {
  if (auto bad = FindInvalidUtf8(text)) {
    return InvalidArgumentError("text to encode is not valid UTF-8 (at byte " +
                                std::to_string(*bad) + ")");
  }
  const std::string normalized = Normalize(text);
  std::vector<std::string_view> symbols;
  std::vector<bool> frozen;
  SplitSymbols(normalized, symbols, frozen);
  const auto n = static_cast<int32_t>(symbols.size());
  std::vector<int32_t> prev(n), next(n);
  for (int32_t i = 0; i < n; ++i) {
    prev[i] = i - 1;
    next[i] = i + 1 < n ? i + 1 : -1;
  }
  struct Candidate {
    float score;
    int32_t left;
    int32_t right;
    size_t size;
    bool operator<(const Candidate& o) const {
      // Highest score first, then leftmost.
      return score != o.score ? score < o.score : left > o.left;
    }
  };
  std::priority_queue<Candidate> agenda;
  // An UNUSED piece may be merged through but is split back into its parts at the end.
  std::unordered_map<std::string_view, std::pair<std::string_view, std::string_view>> unmerge;
  const auto consider = [&](int32_t left, int32_t right) {
    if (left < 0 || right < 0 || frozen[left] || frozen[right]) return;
    const std::string_view merged(symbols[left].data(),
                                  symbols[left].size() + symbols[right].size());
    auto it = mergeable_.find(merged);
    if (it == mergeable_.end()) return;
    const SentencePieceEntry& entry = model_.pieces[it->second];
    agenda.push({entry.score, left, right, merged.size()});
    if (entry.type == PieceType::kUnused) unmerge[merged] = {symbols[left], symbols[right]};
  };
  for (int32_t i = 0; i + 1 < n; ++i) consider(i, i + 1);
  while (!agenda.empty()) {
    const Candidate top = agenda.top();
    agenda.pop();
    if (symbols[top.left].empty() || symbols[top.right].empty() || next[top.left] != top.right ||
        symbols[top.left].size() + symbols[top.right].size() != top.size) {
      continue;
    }
    symbols[top.left] = std::string_view(symbols[top.left].data(), top.size);
    symbols[top.right] = std::string_view();
    next[top.left] = next[top.right];
    if (next[top.right] >= 0) prev[next[top.right]] = top.left;
    consider(prev[top.left], top.left);
    consider(top.left, next[top.left]);
  }
  std::vector<int32_t> ids;
  ids.reserve(symbols.size());
  bool previous_unknown = false;
  std::vector<std::string_view> stack;
  for (int32_t i = 0; i < n; ++i) {
    if (symbols[i].empty()) continue;
    stack.assign(1, symbols[i]);
    while (!stack.empty()) {
      const std::string_view piece = stack.back();
      stack.pop_back();
      auto it = unmerge.find(piece);
      auto id = mergeable_.find(piece);
      if (it != unmerge.end() && id != mergeable_.end() &&
          model_.pieces[id->second].type == PieceType::kUnused) {
        stack.push_back(it->second.second);
        stack.push_back(it->second.first);
        continue;
      }
      EmitPiece(piece, ids, previous_unknown);
    }
  }
  return ids;
}

StatusOr<std::string> SentencePieceTokenizer::Decode(std::span<const int32_t> ids) const {
  std::string text;
  const bool strip_dummy = model_.add_dummy_prefix;
  for (size_t i = 0; i < ids.size(); ++i) {
    const int32_t id = ids[i];
    if (id < 0 || id >= vocab_size()) {
      return InvalidArgumentError("cannot decode token id " + std::to_string(id) + " at position " +
                                  std::to_string(i) + ": outside the vocabulary of " +
                                  std::to_string(vocab_size()));
    }
    const SentencePieceEntry& entry = model_.pieces[id];
    switch (entry.type) {
      case PieceType::kByte: {
        const auto byte = std::find(byte_ids_.begin(), byte_ids_.end(), id) - byte_ids_.begin();
        text.push_back(static_cast<char>(byte));
        break;
      }
      case PieceType::kUnknown:
        text += model_.unk_surface;
        break;
      case PieceType::kControl:
        text += entry.piece;
        break;
      default: {
        std::string_view piece = entry.piece;
        if (text.empty() && strip_dummy && piece.starts_with(kSpaceSymbol)) {
          piece.remove_prefix(kSpaceSymbol.size());
        }
        text +=
            model_.escape_whitespaces ? ReplaceAllOf(piece, kSpaceSymbol, " ") : std::string(piece);
      }
    }
  }
  return text;
}

std::optional<int32_t> SentencePieceTokenizer::TokenId(std::string_view token) const {
  if (auto it = reserved_.find(token); it != reserved_.end()) return it->second;
  if (auto it = mergeable_.find(token); it != mergeable_.end()) return it->second;
  return std::nullopt;
}

}  // namespace ponder::tokenizer
