#include "search/trace_sink.h"

namespace ponder {

std::string_view TraceEventKindName(TraceEventKind kind) {
  switch (kind) {
    case TraceEventKind::kExpand:
      return "expand";
    case TraceEventKind::kScore:
      return "score";
    case TraceEventKind::kSelect:
      return "select";
    case TraceEventKind::kPrune:
      return "prune";
    case TraceEventKind::kBackup:
      return "backup";
    case TraceEventKind::kFinish:
      return "finish";
    case TraceEventKind::kCancel:
      return "cancel";
    case TraceEventKind::kCacheHit:
      return "cache_hit";
    case TraceEventKind::kStop:
      return "stop";
  }
  return "unknown";
}

}  // namespace ponder
