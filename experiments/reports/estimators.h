// The statistics behind every accuracy a report shows: Wilson score intervals
// for proportions, the unbiased pass@k estimator, and percentile-bootstrap
// intervals for means of per-problem values. docs/reports.md gives the
// definitions and when each is used.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <span>

namespace ponder::reports {

// A confidence interval; both ends NaN when there is nothing to estimate from.
struct Interval {
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
};

// The two-sided 95% standard-normal quantile, z_{0.975}.
inline constexpr double kZ95 = 1.959963984540054;

// The Wilson score interval (Wilson 1927) for `successes` of `trials` Bernoulli trials:
//   (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n),  p = successes / trials.
// Unlike the normal (Wald) interval it stays inside [0, 1] and is not empty at p = 0 or 1.
// NaN ends when trials == 0. Requires 0 <= successes <= trials.
Interval WilsonInterval(int64_t successes, int64_t trials, double z = kZ95);

// The unbiased estimator of pass@k from n samples of which c are correct (Chen et al. 2021,
// "Evaluating Large Language Models Trained on Code", the Codex paper):
//   pass@k = 1 - C(n-c, k) / C(n, k),
// the probability that at least one of k samples drawn without replacement is correct.
// Computed as 1 - prod_{i=n-c+1..n} (1 - k/i), which never forms a binomial coefficient and
// so neither overflows nor loses precision. Requires 0 <= c <= n and 1 <= k <= n.
double PassAtK(int64_t n, int64_t c, int64_t k);

struct BootstrapOptions {
  int64_t resamples = 2000;  // resampled means the percentiles are taken from
  uint64_t seed = 1;         // the interval is a deterministic function of (values, options)
};

// The 95% percentile-bootstrap interval (Efron 1979) of the mean of `values`: resample the
// values with replacement `resamples` times, take the mean of each resample, and return the
// 2.5% and 97.5% quantiles of those means (linear interpolation between order statistics).
// NaN ends when `values` is empty. The same multiset of values gives the same interval in
// any order.
Interval BootstrapMeanInterval(std::span<const double> values, const BootstrapOptions& options);

}  // namespace ponder::reports
