// The TBB pool: order, bounded concurrency, and the result cache PG-TD relies on.
#include "sandbox/pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/sandbox/sandbox_test_env.h"

namespace ponder::sandbox {
namespace {

using testing::SandboxTestEnv;

std::unique_ptr<SandboxPool> MakePool(const SandboxTestEnv& env, int workers) {
  PoolOptions options;
  options.workers = workers;
  options.jail = env.jail_options(workers);
  auto pool = SandboxPool::Create(options);
  EXPECT_TRUE(pool.ok()) << pool.status().ToString();
  return pool.ok() ? std::move(*pool) : nullptr;
}

TestSuite EchoSuite() {
  auto suite = TestSuite::Parse(R"({"inputs": ["7\n"], "outputs": ["7\n"]})", "echo");
  EXPECT_TRUE(suite.ok());
  return *suite;
}

// Counts, from a second thread, the slot uids that have a live process at once.
class ConcurrencyProbe {
 public:
  ConcurrencyProbe(int64_t first_uid, int span) : first_uid_(first_uid), span_(span) {
    thread_ = std::thread([this] {
      while (!stop_) {
        Sample();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  }
  ~ConcurrencyProbe() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int max_slots() const { return max_slots_; }
  bool saw_uid_beyond_span() const { return beyond_; }

 private:
  void Sample() {
    std::vector<bool> busy(span_ + 64, false);
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      const std::string name = entry.path().filename();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream in(entry.path() / "status");
      std::string key;
      int64_t uid = -1;
      while (in >> key) {
        if (key == "Uid:") {
          in >> uid;
          break;
        }
      }
      const int64_t slot = uid - first_uid_;
      if (slot >= 0 && slot < span_ + 64) busy[slot] = true;
    }
    int n = 0;
    for (int s = 0; s < span_ + 64; ++s) {
      if (!busy[s]) continue;
      ++n;
      if (s >= span_) beyond_ = true;
    }
    max_slots_ = std::max(max_slots_.load(), n);
  }

  int64_t first_uid_;
  int span_;
  std::atomic<bool> stop_{false};
  std::atomic<int> max_slots_{0};
  std::atomic<bool> beyond_{false};
  std::thread thread_;
};

std::vector<RunRequest> Requests(const std::vector<std::string>& programs, const TestSuite& suite) {
  std::vector<RunRequest> requests;
  for (const std::string& p : programs) requests.push_back({&Python3Language(), p, &suite, {}});
  return requests;
}

class SandboxPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = MakePool(env_, 2);
    ASSERT_NE(pool_, nullptr);
  }

  SandboxTestEnv env_;
  std::unique_ptr<SandboxPool> pool_;
  const TestSuite suite_ = EchoSuite();
};

TEST_F(SandboxPoolTest, RunsABatchInRequestOrder) {
  std::vector<std::string> programs;
  for (int i = 0; i < 6; ++i) programs.push_back("input()\nprint(" + std::to_string(4 + i) + ")\n");
  auto results = pool_->RunBatch(Requests(programs, suite_));
  ASSERT_EQ(results.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().ToString();
    EXPECT_EQ(results[i]->overall, i == 3 ? Verdict::kPassed : Verdict::kWrongAnswer) << i;
  }
  EXPECT_EQ(pool_->cache_stats().misses, 6);
  EXPECT_EQ(pool_->cache_stats().hits, 0);
  EXPECT_TRUE(env_.LeftoverProcesses(2).empty());
  EXPECT_TRUE(env_.LeftoverFiles().empty());
}

TEST_F(SandboxPoolTest, NeverRunsMoreThanItsWorkers) {
  std::vector<std::string> programs;
  for (int i = 0; i < 8; ++i) {
    programs.push_back("import time\ntime.sleep(0.2)\nprint(input())  # " + std::to_string(i));
  }
  const std::vector<RunRequest> requests = Requests(programs, suite_);
  ConcurrencyProbe probe(env_.first_uid(), 2);
  // Two callers at once share the same two workers.
  std::vector<StatusOr<RunResult>> first, second;
  std::thread other([&] { first = pool_->RunBatch(std::span(requests).first(4)); });
  second = pool_->RunBatch(std::span(requests).subspan(4));
  other.join();
  probe.Stop();
  for (const auto* results : {&first, &second}) {
    for (const auto& r : *results) {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(r->overall, Verdict::kPassed) << r->tests[0].detail;
    }
  }
  EXPECT_GE(probe.max_slots(), 1);
  EXPECT_LE(probe.max_slots(), 2);
  EXPECT_FALSE(probe.saw_uid_beyond_span());
}

TEST_F(SandboxPoolTest, CacheAnswersRepeatsWithoutRunning) {
  const std::string program = "print(input())\n";
  const RunRequest request{&Python3Language(), program, &suite_, {}};
  // Four identical requests in one batch: one run, three answered by the run in flight.
  auto batch = pool_->RunBatch(std::vector<RunRequest>(4, request));
  for (const auto& r : batch) {
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->overall, Verdict::kPassed);
  }
  EXPECT_EQ(pool_->cache_stats().misses, 1);
  EXPECT_EQ(pool_->cache_stats().hits, 3);
  auto again = pool_->Run(request);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(pool_->cache_stats().hits, 4);
  EXPECT_DOUBLE_EQ(pool_->cache_stats().hit_rate(), 0.8);

  // Other limits, other tests or another program are other entries.
  RunRequest other_limits = request;
  other_limits.limits.time_limit_s = 3;
  ASSERT_TRUE(pool_->Run(other_limits).ok());
  auto other_suite = TestSuite::Parse(R"({"inputs": ["8\n"], "outputs": ["8\n"]})", "echo8");
  ASSERT_TRUE(pool_->Run({&Python3Language(), program, &*other_suite, {}}).ok());
  ASSERT_TRUE(pool_->Run({&Python3Language(), "print(input()) \n", &suite_, {}}).ok());
  EXPECT_EQ(pool_->cache_stats().misses, 4);
  EXPECT_EQ(pool_->cache_stats().entries, 4);
}

TEST_F(SandboxPoolTest, ABadRequestFailsAloneAndIsNotCached) {
  Limits bad;
  bad.memory_mb = 1;
  std::vector<RunRequest> requests = {{&Python3Language(), "print(input())", &suite_, bad},
                                      {&Python3Language(), "print(input())", nullptr, {}},
                                      {&Python3Language(), "print(input())", &suite_, {}}};
  auto results = pool_->RunBatch(requests);
  EXPECT_EQ(results[0].status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(results[0].status().message().find("memory_mb"), std::string::npos);
  EXPECT_EQ(results[1].status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(results[2].ok());
  EXPECT_EQ(results[2]->overall, Verdict::kPassed);
  EXPECT_EQ(pool_->cache_stats().entries, 1);
}

TEST(SandboxPoolOptionsTest, AreValidated) {
  PoolOptions options;
  options.workers = 0;
  EXPECT_EQ(SandboxPool::Create(options).status().code(), StatusCode::kInvalidArgument);
  options.workers = 1;
  options.jail.temp_dir = "relative/dir";
  EXPECT_EQ(SandboxPool::Create(options).status().code(), StatusCode::kInvalidArgument);
  options.jail.temp_dir = "/nonexistent-ponder-dir";
  auto missing = SandboxPool::Create(options);
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("/nonexistent-ponder-dir"), std::string::npos);
}

}  // namespace
}  // namespace ponder::sandbox
