// gen_softmax OUT_DIR ROWS COLS [SEED]: inputs and expected output of the
// softmax example, as .npy files in OUT_DIR:
//   x.npy    fp16 [ROWS, COLS], pseudo-random in [-6, 6)
//   ref.npy  fp16 [ROWS, COLS], softmax of each row computed in double precision
//            on the host, rounded (to nearest even) to fp16
// The kernel computes in fp32 with the vector unit's exp and reciprocal
// (isa/XNPU.md: within 2 ulp of fp32), so its fp16 result is within one fp16
// ulp of the reference: compare with --rtol 2e-3 --atol 1e-6 (README.md).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "isa/numerics/softfloat.h"
#include "examples/common/host_data.h"
#include "platform/launch/npy.h"

namespace sf = npuvp::softfloat;

using namespace npuvp::examples;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s OUT_DIR ROWS COLS [SEED]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const uint64_t rows = std::strtoull(argv[2], nullptr, 0), cols = std::strtoull(argv[3], nullptr, 0);
  if (cols == 0 || cols % 64 != 0 || cols > 1984) {
    std::fprintf(stderr, "gen_softmax: COLS must be a multiple of 64, at most 1984 (the kernel's limits)\n");
    return 2;
  }
  Rng rng(argc > 4 ? std::strtoull(argv[4], nullptr, 0) : 1);
  npuvp::Tensor x = npuvp::make_tensor(npuvp::DType::F16, {rows, cols});
  npuvp::Tensor ref = x;
  std::vector<double> row(cols);
  for (uint64_t r = 0; r < rows; ++r) {
    double mx = -INFINITY;
    for (uint64_t c = 0; c < cols; ++c) {
      const uint16_t h = to_f16(rng.uniform(-6, 6));
      std::memcpy(x.data.data() + 2 * (r * cols + c), &h, 2);
      row[c] = from_f16(h);
      mx = std::fmax(mx, row[c]);
    }
    double sum = 0;
    for (double& v : row) sum += (v = std::exp(v - mx));
    for (uint64_t c = 0; c < cols; ++c) {
      const uint16_t h = to_f16(row[c] / sum);
      std::memcpy(ref.data.data() + 2 * (r * cols + c), &h, 2);
    }
  }
  try {
    npuvp::write_npy(dir + "/x.npy", x);
    npuvp::write_npy(dir + "/ref.npy", ref);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "gen_softmax: %s\n", ex.what());
    return 1;
  }
  return 0;
}
