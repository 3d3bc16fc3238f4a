// `ponder grade --answer A --reference R`: runs the built binary and checks its
// output and exit status.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

extern char** environ;

namespace ponder {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs ponder with `args` (no shell, so backslashes and $ pass through untouched).
CommandRun RunPonder(std::vector<std::string> args) {
  args.insert(args.begin(), std::string(PONDER_BINARY_DIR) + "/ponder");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  EXPECT_EQ(pipe(pipe_fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  CommandRun run;
  EXPECT_EQ(spawned, 0) << "cannot run " << argv[0];
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof(buffer))) > 0;) run.out.append(buffer, n);
  close(pipe_fds[0]);
  int status = 0;
  if (spawned == 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    run.exit_code = WEXITSTATUS(status);
  }
  return run;
}

TEST(GradeCommandTest, PrintsTrueForEquivalentAnswers) {
  const CommandRun run = RunPonder({"grade", "--answer", "\\dfrac12", "--reference", "0.5"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "true\n");
}

TEST(GradeCommandTest, PrintsFalseAndStillExitsZero) {
  const CommandRun run = RunPonder({"grade", "--answer", "(3,4)", "--reference", "(3,4]"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "false\n");
  const CommandRun empty = RunPonder({"grade", "--answer", "", "--reference", "5"});
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_EQ(empty.out, "false\n");
}

TEST(GradeCommandTest, UsageErrorsExitNonZero) {
  const CommandRun missing = RunPonder({"grade", "--answer", "5"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.out.find("--reference is required"), std::string::npos) << missing.out;
  const CommandRun bad_reference = RunPonder({"grade", "--answer", "5", "--reference", ""});
  EXPECT_NE(bad_reference.exit_code, 0);
  EXPECT_EQ(bad_reference.out, "ponder grade: reference: empty once normalised\n");
}

}  // namespace
}  // namespace ponder
