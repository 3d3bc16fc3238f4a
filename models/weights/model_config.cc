#include "models/weights/model_config.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "models/weights/json_file.h"

namespace ponder {
namespace {

using Json = nlohmann::json;

struct ArchitectureEntry {
  std::string_view name;
  ModelFamily family;
  ModelHead head;
};

constexpr ArchitectureEntry kArchitectures[] = {
    {"LlamaForCausalLM", ModelFamily::kLlama, ModelHead::kCausalLm},
    {"MistralForCausalLM", ModelFamily::kMistral, ModelHead::kCausalLm},
    {"Qwen2ForCausalLM", ModelFamily::kQwen2, ModelHead::kCausalLm},
    {"Qwen3ForCausalLM", ModelFamily::kQwen3, ModelHead::kCausalLm},
    {"Qwen2ForProcessRewardModel", ModelFamily::kQwen2, ModelHead::kProcessReward},
    {"LlamaForSequenceClassification", ModelFamily::kLlama, ModelHead::kSequenceScore},
    {"MistralForSequenceClassification", ModelFamily::kMistral, ModelHead::kSequenceScore},
    {"Qwen2ForSequenceClassification", ModelFamily::kQwen2, ModelHead::kSequenceScore},
    {"Qwen3ForSequenceClassification", ModelFamily::kQwen3, ModelHead::kSequenceScore},
};

// model_type -> the causal-LM architecture, for configs without "architectures".
constexpr std::pair<std::string_view, std::string_view> kModelTypes[] = {
    {"llama", "LlamaForCausalLM"},
    {"mistral", "MistralForCausalLM"},
    {"qwen2", "Qwen2ForCausalLM"},
    {"qwen3", "Qwen3ForCausalLM"},
};

// Typed field access with messages of the form "config.json: 'hidden_size' must be ...".
class Fields {
 public:
  Fields(const Json& json, const std::string& source) : json_(json), source_(source) {}

  const Json* Get(std::string_view key) const {
    auto it = json_.find(key);
    return it == json_.end() || it->is_null() ? nullptr : &*it;
  }

  Status Error(std::string_view key, std::string_view problem) const {
    return InvalidArgumentError(source_ + ": '" + std::string(key) + "' " + std::string(problem));
  }

  // A required positive integer.
  Status PositiveInt(std::string_view key, int64_t* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return Error(key, "is missing");
    return PositiveIntValue(key, *v, out);
  }
  // An optional positive integer; `out` keeps its value when the key is absent.
  Status OptionalPositiveInt(std::string_view key, int64_t* out) const {
    const Json* v = Get(key);
    return v == nullptr ? OkStatus() : PositiveIntValue(key, *v, out);
  }
  Status PositiveIntValue(std::string_view key, const Json& v, int64_t* out) const {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
      return Error(key, "must be a positive integer, got " + v.dump());
    }
    *out = v.get<int64_t>();
    return OkStatus();
  }
  Status PositiveNumber(std::string_view key, double* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return OkStatus();
    if (!v->is_number() || !(v->get<double>() > 0) || !std::isfinite(v->get<double>())) {
      return Error(key, "must be a positive number, got " + v->dump());
    }
    *out = v->get<double>();
    return OkStatus();
  }
  Status Boolean(std::string_view key, bool* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return OkStatus();
    if (!v->is_boolean()) return Error(key, "must be true or false, got " + v->dump());
    *out = v->get<bool>();
    return OkStatus();
  }
  // An int or a list of ints (eos_token_id may be either).
  Status TokenIds(std::string_view key, std::vector<int32_t>* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return OkStatus();
    std::vector<int32_t> ids;
    auto add = [&](const Json& id) {
      if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX) {
        return false;
      }
      ids.push_back(static_cast<int32_t>(id.get<int64_t>()));
      return true;
    };
    bool ok = v->is_array() ? true : add(*v);
    if (v->is_array()) {
      for (const Json& id : *v) ok = ok && add(id);
    }
    if (!ok) return Error(key, "must be a token id or a list of token ids, got " + v->dump());
    *out = std::move(ids);
    return OkStatus();
  }

 private:
  const Json& json_;
  const std::string& source_;
};

StatusOr<const ArchitectureEntry*> FindArchitecture(const Fields& f) {
  std::string name;
  if (const Json* archs = f.Get("architectures")) {
    if (!archs->is_array() || archs->empty() || !(*archs)[0].is_string()) {
      return f.Error("architectures", "must be a non-empty list of names, got " + archs->dump());
    }
    name = (*archs)[0].get<std::string>();
  } else if (const Json* type = f.Get("model_type"); type != nullptr && type->is_string()) {
    for (const auto& [model_type, arch] : kModelTypes) {
      if (*type == model_type) name = arch;
    }
    if (name.empty()) {
      return f.Error("model_type", "is " + type->dump() + ", which ponder does not load");
    }
  } else {
    return f.Error("architectures", "is missing (and there is no 'model_type')");
  }
  for (const ArchitectureEntry& entry : kArchitectures) {
    if (entry.name == name) return &entry;
  }
  std::string known;
  for (const ArchitectureEntry& entry : kArchitectures) {
    known += (known.empty() ? "" : ", ") + std::string(entry.name);
  }
  return f.Error("architectures",
                 "names '" + name + "', which ponder does not load; it loads " + known);
}

Status ParseRopeScaling(const Fields& f, RopeScaling* out) {
  const Json* v = f.Get("rope_scaling");
  if (v == nullptr) return OkStatus();
  if (!v->is_object()) return f.Error("rope_scaling", "must be an object or null");
  std::string type;
  for (const char* key : {"rope_type", "type"}) {
    auto it = v->find(key);
    if (it != v->end() && it->is_string()) {
      type = it->get<std::string>();
      break;
    }
  }
  auto number = [&](const char* key, double* dst) -> Status {
    auto it = v->find(key);
    if (it == v->end()) return OkStatus();
    if (!it->is_number() || !(it->get<double>() > 0)) {
      return f.Error("rope_scaling", std::string("field '") + key +
                                         "' must be a positive number, got " + it->dump());
    }
    *dst = it->get<double>();
    return OkStatus();
  };
  if (type == "default") return OkStatus();
  if (type == "linear") {
    out->kind = RopeScaling::Kind::kLinear;
    return number("factor", &out->factor);
  }
  if (type == "llama3") {
    out->kind = RopeScaling::Kind::kLlama3;
    PONDER_RETURN_IF_ERROR(number("factor", &out->factor));
    PONDER_RETURN_IF_ERROR(number("low_freq_factor", &out->low_freq_factor));
    PONDER_RETURN_IF_ERROR(number("high_freq_factor", &out->high_freq_factor));
    double original = static_cast<double>(out->original_max_position_embeddings);
    PONDER_RETURN_IF_ERROR(number("original_max_position_embeddings", &original));
    out->original_max_position_embeddings = static_cast<int64_t>(original);
    if (!(out->high_freq_factor > out->low_freq_factor)) {
      return f.Error("rope_scaling", "needs high_freq_factor > low_freq_factor");
    }
    return OkStatus();
  }
  return f.Error("rope_scaling",
                 "has type '" + type + "'; ponder supports 'llama3', 'linear' and 'default'");
}

Status ParseDtype(const Fields& f, ModelConfig* c) {
  const Json* v = f.Get("torch_dtype");
  if (v == nullptr || !v->is_string()) return OkStatus();
  const std::string name = v->get<std::string>();
  if (name == "float32") c->torch_dtype = DType::kF32;
  if (name == "float16") c->torch_dtype = DType::kF16;
  if (name == "bfloat16") c->torch_dtype = DType::kBF16;
  return OkStatus();
}

Status ParseFields(const Fields& f, ModelConfig* c) {
  PONDER_RETURN_IF_ERROR(f.PositiveInt("vocab_size", &c->vocab_size));
  PONDER_RETURN_IF_ERROR(f.PositiveInt("hidden_size", &c->hidden_size));
  PONDER_RETURN_IF_ERROR(f.PositiveInt("intermediate_size", &c->intermediate_size));
  PONDER_RETURN_IF_ERROR(f.PositiveInt("num_hidden_layers", &c->num_layers));
  PONDER_RETURN_IF_ERROR(f.PositiveInt("num_attention_heads", &c->num_heads));
  c->num_kv_heads = c->num_heads;
  PONDER_RETURN_IF_ERROR(f.OptionalPositiveInt("num_key_value_heads", &c->num_kv_heads));
  if (c->hidden_size % c->num_heads != 0 && f.Get("head_dim") == nullptr) {
    return f.Error("hidden_size",
                   "is not a multiple of num_attention_heads and no head_dim is given");
  }
  c->head_dim = c->hidden_size / c->num_heads;
  PONDER_RETURN_IF_ERROR(f.OptionalPositiveInt("head_dim", &c->head_dim));
  if (c->head_dim % 2 != 0) return f.Error("head_dim", "must be even for rotary embeddings");
  if (c->num_heads % c->num_kv_heads != 0) {
    return f.Error("num_key_value_heads", "(" + std::to_string(c->num_kv_heads) +
                                              ") must divide num_attention_heads (" +
                                              std::to_string(c->num_heads) + ")");
  }
  c->max_position_embeddings = 4096;
  PONDER_RETURN_IF_ERROR(
      f.OptionalPositiveInt("max_position_embeddings", &c->max_position_embeddings));
  PONDER_RETURN_IF_ERROR(f.PositiveNumber("rms_norm_eps", &c->rms_norm_eps));
  PONDER_RETURN_IF_ERROR(f.PositiveNumber("rope_theta", &c->rope_theta));
  PONDER_RETURN_IF_ERROR(ParseRopeScaling(f, &c->rope_scaling));
  PONDER_RETURN_IF_ERROR(f.Boolean("tie_word_embeddings", &c->tie_word_embeddings));

  if (const Json* act = f.Get("hidden_act"); act != nullptr && *act != "silu") {
    return f.Error("hidden_act", "is " + act->dump() + "; ponder's decoders use \"silu\" (SwiGLU)");
  }
  if (const Json* tp = f.Get("pretraining_tp"); tp != nullptr && *tp != 1) {
    return f.Error("pretraining_tp", "must be 1, got " + tp->dump());
  }

  switch (c->family) {
    case ModelFamily::kLlama:
    case ModelFamily::kMistral: {
      bool attention_bias = false;
      PONDER_RETURN_IF_ERROR(f.Boolean("attention_bias", &attention_bias));
      c->qkv_bias = c->o_bias = attention_bias;
      PONDER_RETURN_IF_ERROR(f.Boolean("mlp_bias", &c->mlp_bias));
      break;
    }
    case ModelFamily::kQwen2:
    case ModelFamily::kQwen3: {
      c->qkv_bias = c->family == ModelFamily::kQwen2;
      if (c->family == ModelFamily::kQwen3) {
        PONDER_RETURN_IF_ERROR(f.Boolean("attention_bias", &c->qkv_bias));
        c->o_bias = c->qkv_bias;
        c->qk_norm = true;
      }
      bool sliding = false;
      PONDER_RETURN_IF_ERROR(f.Boolean("use_sliding_window", &sliding));
      if (sliding) {
        return f.Error("use_sliding_window",
                       "is true; ponder does not implement Qwen's "
                       "per-layer sliding window");
      }
      break;
    }
  }
  if (c->family == ModelFamily::kMistral) {
    if (const Json* window = f.Get("sliding_window")) {
      int64_t w = 0;
      PONDER_RETURN_IF_ERROR(f.PositiveIntValue("sliding_window", *window, &w));
      c->sliding_window = w;
    }
  }
  if (c->head == ModelHead::kSequenceScore) {
    // Sequence classifiers default to two labels; a value model has one.
    int64_t labels = 2;
    if (const Json* id2label = f.Get("id2label"); id2label != nullptr && id2label->is_object()) {
      labels = static_cast<int64_t>(id2label->size());
    }
    PONDER_RETURN_IF_ERROR(f.OptionalPositiveInt("num_labels", &labels));
    if (labels != 1) {
      return f.Error("num_labels", "is " + std::to_string(labels) +
                                       "; ponder reads sequence-classification checkpoints as "
                                       "value models, with one label");
    }
  }
  PONDER_RETURN_IF_ERROR(ParseDtype(f, c));
  std::vector<int32_t> bos;
  PONDER_RETURN_IF_ERROR(f.TokenIds("bos_token_id", &bos));
  if (!bos.empty()) c->bos_token_id = bos[0];
  PONDER_RETURN_IF_ERROR(f.TokenIds("eos_token_id", &c->eos_token_ids));
  return OkStatus();
}

}  // namespace

std::string_view ModelFamilyName(ModelFamily family) {
  switch (family) {
    case ModelFamily::kLlama:
      return "llama";
    case ModelFamily::kMistral:
      return "mistral";
    case ModelFamily::kQwen2:
      return "qwen2";
    case ModelFamily::kQwen3:
      return "qwen3";
  }
  return "unknown";
}

StatusOr<ModelConfig> ParseModelConfig(std::string_view json_text, const std::string& source) {
  Json json = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return InvalidArgumentError(source + ": not a JSON object");
  }
  Fields f(json, source);
  PONDER_ASSIGN_OR_RETURN(const ArchitectureEntry* arch, FindArchitecture(f));
  ModelConfig config;
  config.architecture = std::string(arch->name);
  config.family = arch->family;
  config.head = arch->head;
  PONDER_RETURN_IF_ERROR(ParseFields(f, &config));
  return config;
}

StatusOr<ModelConfig> LoadModelConfig(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "config.json";
  PONDER_ASSIGN_OR_RETURN(Json json, ReadJsonObject(path));
  PONDER_ASSIGN_OR_RETURN(ModelConfig config, ParseModelConfig(json.dump(), path.string()));

  const std::filesystem::path gen_path = dir / "generation_config.json";
  std::error_code ec;
  if (!std::filesystem::exists(gen_path, ec)) return config;
  PONDER_ASSIGN_OR_RETURN(Json gen, ReadJsonObject(gen_path));
  const std::string gen_source = gen_path.string();
  Fields g(gen, gen_source);
  std::vector<int32_t> eos;
  PONDER_RETURN_IF_ERROR(g.TokenIds("eos_token_id", &eos));
  if (!eos.empty()) config.eos_token_ids = std::move(eos);
  std::vector<int32_t> bos;
  PONDER_RETURN_IF_ERROR(g.TokenIds("bos_token_id", &bos));
  if (!bos.empty()) config.bos_token_id = bos[0];
  return config;
}

}  // namespace ponder
