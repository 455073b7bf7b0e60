// gen_layer_norm OUT_DIR ROWS COLS [EPS [SEED]]: inputs and expected output of the
// layer_norm example, as .npy files in OUT_DIR (all fp32):
//   x.npy      [ROWS, COLS], pseudo-random: a per-row offset in [-4, 4) plus
//              values in [-3, 3) (a mean far from 0 tests the centring)
//   gamma.npy  [COLS] in [0.5, 1.5);  beta.npy [COLS] in [-1, 1)
//   ref.npy    [ROWS, COLS], (x - mean) / sqrt(var + EPS) * gamma + beta per
//              row (biased variance), computed in double precision on the host
//              and rounded to fp32. EPS defaults to 1e-5.
// The kernel sums in fp32 and uses the vector unit's rsqrt (1.5 ulp, isa/XNPU.md);
// compare with --rtol 1e-5 --atol 1e-5 (README.md: the error analysis).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/common/host_data.h"
#include "platform/launch/npy.h"

using namespace npuvp::examples;

namespace {

void put(npuvp::Tensor& t, uint64_t i, float v) { std::memcpy(t.data.data() + 4 * i, &v, 4); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s OUT_DIR ROWS COLS [EPS [SEED]]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const uint64_t rows = std::strtoull(argv[2], nullptr, 0), cols = std::strtoull(argv[3], nullptr, 0);
  const double eps = argc > 4 ? static_cast<double>(std::strtof(argv[4], nullptr)) : static_cast<double>(1e-5f);
  if (cols == 0 || cols % 64 != 0 || cols > 1984) {
    std::fprintf(stderr, "gen_layer_norm: COLS must be a multiple of 64, at most 1984 (the kernel's limits)\n");
    return 2;
  }
  Rng rng(argc > 5 ? std::strtoull(argv[5], nullptr, 0) : 1);
  npuvp::Tensor x = npuvp::make_tensor(npuvp::DType::F32, {rows, cols});
  npuvp::Tensor ref = x;
  npuvp::Tensor gamma = npuvp::make_tensor(npuvp::DType::F32, {cols}), beta = gamma;
  std::vector<double> g(cols), b(cols), row(cols);
  for (uint64_t c = 0; c < cols; ++c) {
    const float gv = rng.uniform(0.5, 1.5), bv = rng.uniform(-1, 1);
    put(gamma, c, gv);
    put(beta, c, bv);
    g[c] = gv;
    b[c] = bv;
  }
  for (uint64_t r = 0; r < rows; ++r) {
    const float offset = rng.uniform(-4, 4);
    double sum = 0;
    for (uint64_t c = 0; c < cols; ++c) {
      const float v = offset + rng.uniform(-3, 3);  // exact: both are multiples of 2^-20 below 8
      put(x, r * cols + c, v);
      sum += (row[c] = v);
    }
    const double mean = sum / static_cast<double>(cols);
    double sq = 0;
    for (double v : row) sq += (v - mean) * (v - mean);
    const double rstd = 1.0 / std::sqrt(sq / static_cast<double>(cols) + eps);
    for (uint64_t c = 0; c < cols; ++c)
      put(ref, r * cols + c, static_cast<float>((row[c] - mean) * rstd * g[c] + b[c]));
  }
  try {
    npuvp::write_npy(dir + "/x.npy", x);
    npuvp::write_npy(dir + "/gamma.npy", gamma);
    npuvp::write_npy(dir + "/beta.npy", beta);
    npuvp::write_npy(dir + "/ref.npy", ref);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "gen_layer_norm: %s\n", ex.what());
    return 1;
  }
  return 0;
}
