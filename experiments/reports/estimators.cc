#include "experiments/reports/estimators.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "search/base/check.h"
#include "search/base/rng.h"

namespace ponder::reports {
namespace {

// The q-quantile of sorted values, interpolating linearly between order statistics.
double Quantile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

}  // namespace

Interval WilsonInterval(int64_t successes, int64_t trials, double z) {
  PONDER_CHECK(successes >= 0 && successes <= trials);
  if (trials == 0) return {};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double PassAtK(int64_t n, int64_t c, int64_t k) {
  PONDER_CHECK(c >= 0 && c <= n && k >= 1 && k <= n);
  if (n - c < k) return 1.0;  // every k-subset holds a correct sample
  double all_wrong = 1.0;     // C(n-c, k) / C(n, k)
  for (int64_t i = n - c + 1; i <= n; ++i) {
    all_wrong *= 1.0 - static_cast<double>(k) / static_cast<double>(i);
  }
  return 1.0 - all_wrong;
}

Interval BootstrapMeanInterval(std::span<const double> values, const BootstrapOptions& options) {
  PONDER_CHECK(options.resamples >= 1);
  if (values.empty()) return {};
  // Resampling sorted values makes the interval depend on the values, not on their order (a
  // merged run lists its problems shard by shard).
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  Rng rng(options.seed);
  const uint64_t n = sorted.size();
  std::vector<double> means;
  means.reserve(static_cast<size_t>(options.resamples));
  for (int64_t b = 0; b < options.resamples; ++b) {
    double sum = 0;
    for (uint64_t i = 0; i < n; ++i) sum += sorted[rng.UniformInt(n)];
    means.push_back(sum / static_cast<double>(n));
  }
  std::sort(means.begin(), means.end());
  return {Quantile(means, 0.025), Quantile(means, 0.975)};
}

}  // namespace ponder::reports
