// The version and git commit this binary was built from (stored with every run).
#pragma once

namespace ponder::cli {

const char* PonderVersion();
const char* GitCommit();  // "<sha>", "<sha>-dirty" for uncommitted changes, or "unknown"

}  // namespace ponder::cli
