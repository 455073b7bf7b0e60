// gen_conv2d OUT_DIR N C1 H W COUT STRIDE [SEED]: the inputs and the expected
// output of the conv2d example (3 x 3 filter, padding 1), as .npy files:
//   x.npy    f16 [N, C1, H, W, 16]            NC1HWC0, pseudo-random in [-2, 2)
//   w.npy    f16 [C1*9, COUT/16, 16, 16]      FRACTAL_Z, pseudo-random in [-1, 1)
//   ref.npy  f16 [N, COUT/16, Ho, Wo, 16]     NC1HWC0, Ho = (H - 1) / STRIDE + 1
// The reference is a direct convolution over plain NCHW / OIHW arrays (no
// im2col): for each output, acc = +0, then for c1, kh, kw, c0 ascending (the
// cube's K order, isa/XNPU.md "Load3D"; padding positions contribute
// +0 * w) acc = fma(x, w, acc) in binary32, which is the host's float
// acc + x * w (an f16 x f16 product is exact in binary32; built without
// contraction), then f16 RNE: the mmad chain of isa/XNPU.md bit for bit.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/common/host_data.h"
#include "isa/numerics/softfloat.h"
#include "platform/launch/npy.h"

namespace sf = npuvp::softfloat;
using namespace npuvp::examples;

int main(int argc, char** argv) {
  if (argc < 8) {
    std::fprintf(stderr, "usage: %s OUT_DIR N C1 H W COUT STRIDE [SEED]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const uint64_t N = std::strtoull(argv[2], nullptr, 0), C1 = std::strtoull(argv[3], nullptr, 0),
                 H = std::strtoull(argv[4], nullptr, 0), W = std::strtoull(argv[5], nullptr, 0),
                 Cout = std::strtoull(argv[6], nullptr, 0), S = std::strtoull(argv[7], nullptr, 0);
  if (N == 0 || C1 == 0 || H == 0 || W == 0 || Cout == 0 || Cout % 16 || (S != 1 && S != 2)) {
    std::fprintf(stderr, "gen_conv2d: N, C1, H, W > 0; COUT a multiple of 16; STRIDE 1 or 2\n");
    return 2;
  }
  Rng rng(argc > 8 ? std::strtoull(argv[8], nullptr, 0) : 1);
  const uint64_t C = C1 * 16, K = 3, Ho = (H - 1) / S + 1, Wo = (W - 1) / S + 1;
  // Plain arrays: x[n][c][h][w], w[o][c][kh][kw] (fp16 bits).
  std::vector<uint16_t> xs(N * C * H * W), ws(Cout * C * K * K);
  for (auto& v : xs) v = to_f16(rng.uniform(-2, 2));
  for (auto& v : ws) v = to_f16(rng.uniform(-1, 1));
  npuvp::Tensor x = npuvp::make_tensor(npuvp::DType::F16, {N, C1, H, W, 16});
  npuvp::Tensor w = npuvp::make_tensor(npuvp::DType::F16, {C1 * K * K, Cout / 16, 16, 16});
  npuvp::Tensor ref = npuvp::make_tensor(npuvp::DType::F16, {N, Cout / 16, Ho, Wo, 16});
  auto put = [](npuvp::Tensor& t, uint64_t i, uint16_t v) { std::memcpy(t.data.data() + 2 * i, &v, 2); };
  for (uint64_t n = 0; n < N; ++n)
    for (uint64_t c = 0; c < C; ++c)
      for (uint64_t h = 0; h < H; ++h)
        for (uint64_t ww = 0; ww < W; ++ww)
          put(x, (((n * C1 + c / 16) * H + h) * W + ww) * 16 + c % 16, xs[((n * C + c) * H + h) * W + ww]);
  for (uint64_t o = 0; o < Cout; ++o)
    for (uint64_t c = 0; c < C; ++c)
      for (uint64_t kh = 0; kh < K; ++kh)
        for (uint64_t kw = 0; kw < K; ++kw)
          put(w, ((((c / 16) * K * K + kh * K + kw) * (Cout / 16) + o / 16) * 16 + o % 16) * 16 + c % 16,
              ws[((o * C + c) * K + kh) * K + kw]);
  std::vector<float> xf(xs.size()), wf(ws.size());
  for (size_t i = 0; i < xs.size(); ++i) xf[i] = static_cast<float>(from_f16(xs[i]));
  for (size_t i = 0; i < ws.size(); ++i) wf[i] = static_cast<float>(from_f16(ws[i]));
  for (uint64_t n = 0; n < N; ++n)
    for (uint64_t o = 0; o < Cout; ++o)
      for (uint64_t oy = 0; oy < Ho; ++oy)
        for (uint64_t ox = 0; ox < Wo; ++ox) {
          float acc = 0.0f;
          for (uint64_t c1 = 0; c1 < C1; ++c1)
            for (uint64_t kh = 0; kh < K; ++kh)
              for (uint64_t kw = 0; kw < K; ++kw)
                for (uint64_t c0 = 0; c0 < 16; ++c0) {
                  const uint64_t c = c1 * 16 + c0;
                  const int64_t h = static_cast<int64_t>(oy * S + kh) - 1, ww = static_cast<int64_t>(ox * S + kw) - 1;
                  const bool in = h >= 0 && h < static_cast<int64_t>(H) && ww >= 0 && ww < static_cast<int64_t>(W);
                  const float a = in ? xf[((n * C + c) * H + static_cast<uint64_t>(h)) * W + static_cast<uint64_t>(ww)] : 0.0f;
                  acc = acc + a * wf[((o * C + c) * K + kh) * K + kw];
                }
          uint32_t bits;
          std::memcpy(&bits, &acc, 4);
          sf::Env e;
          put(ref, (((n * (Cout / 16) + o / 16) * Ho + oy) * Wo + ox) * 16 + o % 16, sf::f32_to_f16(bits, e));
        }
  try {
    npuvp::write_npy(dir + "/x.npy", x);
    npuvp::write_npy(dir + "/w.npy", w);
    npuvp::write_npy(dir + "/ref.npy", ref);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "gen_conv2d: %s\n", ex.what());
    return 1;
  }
  return 0;
}
