#include "models/tokenizer/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "models/tokenizer/utf8.h"

namespace ponder::tokenizer {
namespace {

constexpr std::string_view kSpaceClass = "\\t-\\r\\x{85}\\p{Z}";
constexpr std::string_view kWordClass = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\x{200C}\\x{200D}";

// Match data sized for the whole-match pair only; a pattern with groups still
// matches (pcre2 then reports that the vector was too small, which we ignore).
class ThreadMatchData {
 public:
  ThreadMatchData() : data_(pcre2_match_data_create(1, nullptr)) {}
  ~ThreadMatchData() { pcre2_match_data_free(data_); }
  ThreadMatchData(const ThreadMatchData&) = delete;
  ThreadMatchData& operator=(const ThreadMatchData&) = delete;
  pcre2_match_data* get() const { return data_; }

 private:
  pcre2_match_data* data_;
};

}  // namespace

struct Regex::Code {
  pcre2_code* code = nullptr;
};

std::string TranslateOnigurumaPattern(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 32);
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char e = pattern[i + 1];
      ++i;
      const bool space = e == 's' || e == 'S';
      const bool word = e == 'w' || e == 'W';
      const bool negated = e == 'S' || e == 'W';
      if (space || word) {
        const std::string_view members = space ? kSpaceClass : kWordClass;
        if (in_class && !negated) {
          out += members;
        } else if (!in_class) {
          out += negated ? "[^" : "[";
          out += members;
          out += ']';
        } else {
          // A negated shorthand inside a class has no member-list form; PCRE2's own is close.
          out += '\\';
          out += e;
        }
        continue;
      }
      out += c;
      out += e;
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal member, not the end of the class.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
      continue;
    }
    if (in_class && c == ']') in_class = false;
    out += c;
  }
  return out;
}

StatusOr<std::shared_ptr<const Regex>> Regex::Compile(std::string_view pattern) {
  const std::string translated = TranslateOnigurumaPattern(pattern);
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                    PCRE2_UTF | PCRE2_UCP, &error_code, &error_offset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error_code, message, sizeof(message));
    return InvalidArgumentError("regex /" + std::string(pattern) + "/ does not compile: " +
                                reinterpret_cast<const char*>(message) + " (at offset " +
                                std::to_string(error_offset) + " of its PCRE2 form)");
  }
  // JIT is an optimisation: when it is unavailable the interpreter gives the same matches.
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  auto* holder = new Code{code};
  return std::shared_ptr<const Regex>(new Regex(std::string(pattern), holder));
}

Regex::~Regex() {
  pcre2_code_free(code_->code);
  delete code_;
}

Status Regex::FindAll(std::string_view text, std::vector<ByteSpan>& matches) const {
  thread_local ThreadMatchData match_data;
  size_t offset = 0;
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  while (offset <= text.size()) {
    const int rc = pcre2_match(code_->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK,
                               match_data.get(), nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(rc, message, sizeof(message));
      return ResourceExhaustedError("regex /" + pattern_ + "/ failed on a " +
                                    std::to_string(text.size()) +
                                    "-byte text: " + reinterpret_cast<const char*>(message));
    }
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match_data.get());
    const size_t begin = ovector[0];
    const size_t end = ovector[1];
    if (end > begin) {
      matches.push_back({begin, end});
      offset = end;
    } else {
      // An empty match produces no piece; step over one character and search on.
      if (begin >= text.size()) break;
      const size_t step = Utf8CharLength(text, begin);
      offset = begin + (step == 0 ? 1 : step);
    }
  }
  return OkStatus();
}

}  // namespace ponder::tokenizer
