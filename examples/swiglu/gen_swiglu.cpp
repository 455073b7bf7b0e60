// gen_swiglu OUT_DIR TOKENS HIDDEN [SEED]: inputs and expected output of the
// swiglu example, as .npy files in OUT_DIR:
//   x.npy    fp16 [TOKENS, 2*HIDDEN], pseudo-random in [-6, 6): a = x[:, :HIDDEN],
//            b = x[:, HIDDEN:]
//   ref.npy  fp16 [TOKENS, HIDDEN], silu(a) * b = a * b / (1 + exp(-a)) computed
//            in double precision on the host, rounded (to nearest even) to fp16
// The kernel computes in fp32 with the vector unit's exp (within 2 ulp of fp32,
// isa/XNPU.md) and correctly rounded mul/add/div, so its fp16 result is within
// one fp16 ulp of the reference: compare with --rtol 2e-3 --atol 1e-6 (README.md).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "isa/numerics/softfloat.h"
#include "examples/common/host_data.h"
#include "platform/launch/npy.h"

namespace sf = npuvp::softfloat;

using namespace npuvp::examples;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s OUT_DIR TOKENS HIDDEN [SEED]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const uint64_t tokens = std::strtoull(argv[2], nullptr, 0), hidden = std::strtoull(argv[3], nullptr, 0);
  if (hidden == 0 || hidden % 16 != 0) {
    std::fprintf(stderr, "gen_swiglu: HIDDEN must be a positive multiple of 16 (whole 32 B bursts)\n");
    return 2;
  }
  Rng rng(argc > 4 ? std::strtoull(argv[4], nullptr, 0) : 1);
  npuvp::Tensor x = npuvp::make_tensor(npuvp::DType::F16, {tokens, 2 * hidden});
  npuvp::Tensor ref = npuvp::make_tensor(npuvp::DType::F16, {tokens, hidden});
  uint16_t* xs = reinterpret_cast<uint16_t*>(x.data.data());
  for (uint64_t i = 0; i < tokens * 2 * hidden; ++i) {
    const uint16_t h = to_f16(rng.uniform(-6, 6));
    std::memcpy(xs + i, &h, 2);
  }
  for (uint64_t t = 0; t < tokens; ++t) {
    for (uint64_t c = 0; c < hidden; ++c) {
      uint16_t ha, hb;
      std::memcpy(&ha, xs + t * 2 * hidden + c, 2);
      std::memcpy(&hb, xs + t * 2 * hidden + hidden + c, 2);
      const double a = from_f16(ha), b = from_f16(hb);
      const uint16_t h = to_f16(a * b / (1.0 + std::exp(-a)));
      std::memcpy(ref.data.data() + 2 * (t * hidden + c), &h, 2);
    }
  }
  try {
    npuvp::write_npy(dir + "/x.npy", x);
    npuvp::write_npy(dir + "/ref.npy", ref);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "gen_swiglu: %s\n", ex.what());
    return 1;
  }
  return 0;
}
