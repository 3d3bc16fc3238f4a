// Uid blocks: concurrent runners never share slot uids, a killed runner frees its block, and
// a lock directory others could write to is refused. The jail claims one when first_uid is 0.
#include "sandbox/uid_block.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sandbox/sandbox.h"
#include "tests/fakes/temp_dir.h"
#include "tests/sandbox/sandbox_test_env.h"

namespace ponder::sandbox {
namespace {

using ::ponder::testing::TempDir;

TEST(UidBlockTest, HoldersGetDisjointBlocksAndAFreedBlockIsTakenAgain) {
  TempDir locks;
  auto first = UidBlock::Claim(locks.path());
  auto second = UidBlock::Claim(locks.path());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(first->first_uid(), UidBlock::kFirstUid);
  EXPECT_EQ(second->first_uid(), UidBlock::kFirstUid + UidBlock::kBlockSize);
  first = InvalidArgumentError("released");  // drops the first block's lock
  auto third = UidBlock::Claim(locks.path());
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->first_uid(), UidBlock::kFirstUid);
}

TEST(UidBlockTest, AProcessKilledOutrightFreesItsBlock) {
  TempDir locks;
  auto held = UidBlock::Claim(locks.path());
  ASSERT_TRUE(held.ok());
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto block = UidBlock::Claim(locks.path());
    const char taken = block.ok() && block->first_uid() != held->first_uid() ? 'y' : 'n';
    if (write(ready[1], &taken, 1) != 1) _exit(1);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char taken = 0;
  ASSERT_EQ(read(ready[0], &taken, 1), 1);
  close(ready[0]);
  EXPECT_EQ(taken, 'y') << "the child got a block of its own";
  auto while_child_holds = UidBlock::Claim(locks.path());
  ASSERT_TRUE(while_child_holds.ok());
  EXPECT_EQ(while_child_holds->first_uid(), UidBlock::kFirstUid + 2 * UidBlock::kBlockSize);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  auto after = UidBlock::Claim(locks.path());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->first_uid(), UidBlock::kFirstUid + UidBlock::kBlockSize);
}

TEST(UidBlockTest, EveryBlockHeldIsAClearError) {
  TempDir locks;
  std::vector<UidBlock> all;
  for (int i = 0; i < UidBlock::kBlocks; ++i) {
    auto block = UidBlock::Claim(locks.path());
    ASSERT_TRUE(block.ok()) << i;
    all.push_back(std::move(*block));
  }
  auto none = UidBlock::Claim(locks.path());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("held by other ponder processes"), std::string::npos)
      << none.status().ToString();
  EXPECT_NE(none.status().message().find("first_uid"), std::string::npos);
}

TEST(UidBlockTest, RefusesALockDirectoryOthersCanWriteOrALink) {
  TempDir base;
  const std::string open_dir = base.path() / "open";
  ASSERT_EQ(mkdir(open_dir.c_str(), 0700), 0);
  ASSERT_EQ(chmod(open_dir.c_str(), 0777), 0);
  auto open = UidBlock::Claim(open_dir);
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find(open_dir), std::string::npos);
  EXPECT_NE(open.status().message().find("writable by no one else"), std::string::npos);

  const std::string link = base.path() / "link";
  std::filesystem::create_directory_symlink(base.path(), link);
  auto linked = UidBlock::Claim(link);
  ASSERT_FALSE(linked.ok());
  EXPECT_NE(linked.status().message().find("is not a directory"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(base.path() / "block-0.lock"))
      << "a lock file was made through the link";

  const std::string file = base.path() / "file";
  { std::ofstream(file) << "x"; }
  auto not_dir = UidBlock::Claim(file);
  ASSERT_FALSE(not_dir.ok());
  EXPECT_NE(not_dir.status().message().find(file + " is not a directory"), std::string::npos)
      << not_dir.status().ToString();

  auto relative = UidBlock::Claim("locks");
  ASSERT_FALSE(relative.ok());
  EXPECT_NE(relative.status().message().find("absolute path"), std::string::npos);
}

TEST(UidBlockTest, MakesAMissingLockDirectoryPrivate) {
  TempDir base;
  const std::string dir = base.path() / "ponder-uids";
  ASSERT_TRUE(UidBlock::Claim(dir).ok());
  struct stat st;
  ASSERT_EQ(lstat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

// Jails of two slots left to claim their uids (first_uid 0, as `ponder exec`, `apps-check` and
// `ponder run` do), in a lock directory of the test's own.
class JailUidBlockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "uid per slot needs root";
    options_ = env_.jail_options(2);
    options_.first_uid = 0;
    options_.uid_lock_dir = locks_.path();
  }

  testing::SandboxTestEnv env_;
  TempDir locks_;
  JailOptions options_;
};

// Two such jails get disjoint slots, and both run programs.
TEST_F(JailUidBlockTest, JailsThatClaimTheirUidsNeverShareThem) {
  auto a = Sandbox::Create(options_);
  auto b = Sandbox::Create(options_);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const JailOptions& used_a = (*a)->jail().options();
  const JailOptions& used_b = (*b)->jail().options();
  EXPECT_EQ(used_a.first_uid, UidBlock::kFirstUid);
  EXPECT_EQ(used_b.first_uid, UidBlock::kFirstUid + UidBlock::kBlockSize);
  EXPECT_TRUE((*a)->jail().active().uid_per_slot);
  auto tests = TestSuite::Parse(R"({"inputs": [""], "outputs": ["ok\n"]})", "t");
  ASSERT_TRUE(tests.ok());
  for (Sandbox* sandbox : {a->get(), b->get()}) {
    auto run = sandbox->Run({&Python3Language(), "print('ok')", &*tests, Limits{}}, 1);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    EXPECT_EQ(run->overall, Verdict::kPassed);
  }
  // A jail that is gone has given its block back.
  a = InvalidArgumentError("gone");
  auto again = UidBlock::Claim(locks_.path());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->first_uid(), UidBlock::kFirstUid);
}

// The runner holds the uid block's lock file and every slot's cgroup entry file open for the
// jail's life; the cloned child has them all until exec. None may reach the program: a program
// holding the lock would keep the block claimed after its runner died, and one holding another
// slot's entry file could move itself out of its own memory cgroup.
TEST_F(JailUidBlockTest, TheProgramInheritsNoneOfTheRunnersDescriptors) {
  auto sandbox = Sandbox::Create(options_);
  ASSERT_TRUE(sandbox.ok()) << sandbox.status().ToString();
  ASSERT_TRUE((*sandbox)->jail().active().uid_per_slot) << (*sandbox)->jail().Report();
  auto tests = TestSuite::Parse(R"({"inputs": [""], "outputs": ["[]\n"]})", "t");
  ASSERT_TRUE(tests.ok());
  const std::string program =
      "import os\n"
      "def is_open(fd):\n"
      "    try:\n"
      "        os.fstat(fd)\n"
      "        return True\n"
      "    except OSError:\n"
      "        return False\n"
      "print([fd for fd in range(3, 1024) if is_open(fd)])\n";
  for (int slot : {0, 1}) {
    auto run = (*sandbox)->Run({&Python3Language(), program, &*tests, Limits{}}, slot);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    ASSERT_EQ(run->tests.size(), 1u);
    EXPECT_EQ(run->overall, Verdict::kPassed) << run->tests[0].detail;
  }
}

}  // namespace
}  // namespace ponder::sandbox
