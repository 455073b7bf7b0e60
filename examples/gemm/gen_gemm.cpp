// gen_gemm OUT_DIR M N K IN OUT [SEED]: the inputs and the expected output of
// the gemm example, as .npy files in OUT_DIR:
//   a.npy    IN [M, K]  (IN = f16 or bf16; bf16 as uint16 bits), pseudo-random in [-2, 2)
//   b.npy    IN [K, N]
//   ref.npy  OUT [M, N] (OUT = f32, f16 or bf16; none: no reference, for large
//            runs whose host reference would take too long)
// IN = s8 (with OUT = f16) is the int8 case: see int8_case below.
// OUT = bias_relu or bias_gelu (IN = f16) is the mixed kernel's: also
// bias.npy f32 [N] in [-4, 4), and ref.npy f16 [M, N] = f16(act(acc + bias[j])),
// each step as the vector unit does it (models/vector_unit/numerics.h, the
// model's own bit-exact element functions): ReLU, or GELU as
// x / (1 + exp(x * -1.702)) in f32.
// The reference follows isa/XNPU.md, mmad numerics, bit for bit: for each
// element, acc = +0, then acc = fma(a[i][k], b[k][j], acc) in binary32 for
// k = 0, 1, ..., K-1, then RNE to OUT. So the launch's result must match it
// exactly (`--expect` with no tolerance). When the product a·b is exact in
// binary32 (always for f16 x f16; for bf16 unless it leaves binary32's range)
// that fma is the host's float `acc + a * b` (one rounding), which is fast;
// otherwise the project's soft-float computes it.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/common/host_data.h"
#include "isa/numerics/softfloat.h"
#include "models/vector_unit/numerics.h"
#include "platform/launch/npy.h"

namespace sf = npuvp::softfloat;
using namespace npuvp::examples;

namespace {

void save(const std::string& path, const npuvp::Tensor& t) { npuvp::write_npy(path, t); }

// IN = s8 (OUT = f16): a.npy s8 [M, K], bt.npy s8 [N, K] (B transposed, the
// weight layout), scale.npy f32 [N] in [2^-12, 2^-8), ref.npy f16 [M, N]:
// acc = the exact s32 sum; c = f16(f32(acc) * scale[j]), each step RNE.
int int8_case(const std::string& dir, uint64_t M, uint64_t N, uint64_t K, Rng& rng) {
  npuvp::Tensor a = npuvp::make_tensor(npuvp::DType::S8, {M, K}), bt = npuvp::make_tensor(npuvp::DType::S8, {N, K});
  npuvp::Tensor scale = npuvp::make_tensor(npuvp::DType::F32, {N}), ref = npuvp::make_tensor(npuvp::DType::F16, {M, N});
  auto s8 = [&]() { return static_cast<int8_t>(static_cast<int>(rng.uniform(-128, 128)) & 0xff); };
  for (auto& v : a.data) v = static_cast<uint8_t>(s8());
  for (auto& v : bt.data) v = static_cast<uint8_t>(s8());
  std::vector<float> sc(N);
  for (uint64_t j = 0; j < N; ++j) {
    sc[j] = static_cast<float>(rng.uniform(0x1p-12, 0x1p-8));
    std::memcpy(scale.data.data() + 4 * j, &sc[j], 4);
  }
  for (uint64_t i = 0; i < M; ++i)
    for (uint64_t j = 0; j < N; ++j) {
      int64_t acc = 0;
      for (uint64_t k = 0; k < K; ++k)
        acc += int64_t{static_cast<int8_t>(a.data[i * K + k])} * static_cast<int8_t>(bt.data[j * K + k]);
      const float x = static_cast<float>(static_cast<int32_t>(acc)) * sc[j];  // two RNE steps
      uint32_t bits;
      std::memcpy(&bits, &x, 4);
      sf::Env e;
      const uint16_t h = sf::f32_to_f16(bits, e);
      std::memcpy(ref.data.data() + 2 * (i * N + j), &h, 2);
    }
  save(dir + "/a.npy", a);
  save(dir + "/bt.npy", bt);
  save(dir + "/scale.npy", scale);
  save(dir + "/ref.npy", ref);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s OUT_DIR M N K IN(f16|bf16) OUT(f32|f16|bf16|none) [SEED]\n       %s OUT_DIR M N K s8 f16 [SEED]\n", argv[0], argv[0]);
    return 2;
  }
  const std::string dir = argv[1], in = argv[5], out = argv[6];
  const uint64_t M = std::strtoull(argv[2], nullptr, 0), N = std::strtoull(argv[3], nullptr, 0),
                 K = std::strtoull(argv[4], nullptr, 0);
  if (in == "s8" && out == "f16") {
    Rng rng(argc > 7 ? std::strtoull(argv[7], nullptr, 0) : 1);
    try {
      return int8_case(dir, M, N, K, rng);
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "gen_gemm: %s\n", ex.what());
      return 1;
    }
  }
  if ((in != "f16" && in != "bf16") || (out != "f32" && out != "f16" && out != "bf16" && out != "none" && out != "bias_relu" && out != "bias_gelu") ||
      (out.rfind("bias_", 0) == 0 && in != "f16")) {
    std::fprintf(stderr, "gen_gemm: IN is f16 or bf16 (OUT f32, f16, bf16 or none), or s8 (OUT f16)\n");
    return 2;
  }
  Rng rng(argc > 7 ? std::strtoull(argv[7], nullptr, 0) : 1);
  const bool bf = in == "bf16";
  auto element = [&]() -> uint16_t {
    const double v = rng.uniform(-2, 2);
    sf::Env e;
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return bf ? sf::f64_to_bf16(bits, e) : sf::f64_to_f16(bits, e);
  };
  auto to_f32 = [&](uint16_t h) {
    sf::Env e;
    return bf ? sf::bf16_to_f32(h, e) : sf::f16_to_f32(h, e);
  };
  const npuvp::DType in_type = bf ? npuvp::DType::BF16 : npuvp::DType::F16;
  npuvp::Tensor a = npuvp::make_tensor(in_type, {M, K}), b = npuvp::make_tensor(in_type, {K, N});
  std::vector<uint32_t> a32(M * K), b32(K * N);
  for (uint64_t i = 0; i < M * K; ++i) {
    const uint16_t h = element();
    std::memcpy(a.data.data() + 2 * i, &h, 2);
    a32[i] = to_f32(h);
  }
  for (uint64_t i = 0; i < K * N; ++i) {
    const uint16_t h = element();
    std::memcpy(b.data.data() + 2 * i, &h, 2);
    b32[i] = to_f32(h);
  }
  if (out == "none") {
    try {
      npuvp::write_npy(dir + "/a.npy", a);
      npuvp::write_npy(dir + "/b.npy", b);
    } catch (const std::exception& ex) {
      std::fprintf(stderr, "gen_gemm: %s\n", ex.what());
      return 1;
    }
    return 0;
  }
  std::vector<float> bias;
  npuvp::Tensor bias_t;
  const bool epilogue = out == "bias_relu" || out == "bias_gelu";
  if (epilogue) {
    bias_t = npuvp::make_tensor(npuvp::DType::F32, {N});
    bias.resize(N);
    for (uint64_t j = 0; j < N; ++j) {
      bias[j] = static_cast<float>(rng.uniform(-4, 4));
      std::memcpy(bias_t.data.data() + 4 * j, &bias[j], 4);
    }
  }
  const npuvp::DType out_type = out == "f32" ? npuvp::DType::F32 : out == "bf16" ? npuvp::DType::BF16 : npuvp::DType::F16;
  npuvp::Tensor ref = npuvp::make_tensor(out_type, {M, N});
  const unsigned os = out == "f32" ? 4 : 2;
  for (uint64_t i = 0; i < M; ++i)
    for (uint64_t j = 0; j < N; ++j) {
      sf::Env e;
      uint32_t acc = 0;
      for (uint64_t k = 0; k < K; ++k) {
        const uint32_t x = a32[i * K + k], y = b32[k * N + j];
        float fx, fy, facc;
        std::memcpy(&fx, &x, 4);
        std::memcpy(&fy, &y, 4);
        std::memcpy(&facc, &acc, 4);
        const double product = static_cast<double>(fx) * fy;  // exact: 24 + 24 bits
        const float p = static_cast<float>(product);
        if (static_cast<double>(p) == product && std::isfinite(facc) && p != 0) {
          const float r = facc + p;
          std::memcpy(&acc, &r, 4);
        } else {
          acc = sf::f32_fma(x, y, acc, e);
        }
      }
      if (epilogue) {
        namespace num = npuvp::vector_unit::num;
        using npuvp::isa::xnpu::DType;
        uint32_t bias_bits;
        std::memcpy(&bias_bits, &bias[j], 4);
        uint32_t x = num::add(DType::f32, acc, bias_bits);
        if (out == "bias_relu") {
          x = num::relu(DType::f32, x);
        } else {
          const float k = -1.702f, one = 1.0f;
          uint32_t kb, ob;
          std::memcpy(&kb, &k, 4);
          std::memcpy(&ob, &one, 4);
          const uint32_t t = num::add(DType::f32, num::exp(DType::f32, num::mul(DType::f32, x, kb)), ob);
          x = num::div(DType::f32, x, t);
        }
        const uint16_t h = static_cast<uint16_t>(
            num::convert(DType::f32, DType::f16, x, npuvp::isa::xnpu::RoundMode::rint));
        std::memcpy(ref.data.data() + 2 * (i * N + j), &h, 2);
      } else if (out == "f32") {
        std::memcpy(ref.data.data() + 4 * (i * N + j), &acc, 4);
      } else {
        const uint16_t h = out == "f16" ? sf::f32_to_f16(acc, e) : sf::f32_to_bf16(acc, e);
        std::memcpy(ref.data.data() + os * (i * N + j), &h, 2);
      }
    }
  try {
    npuvp::write_npy(dir + "/a.npy", a);
    npuvp::write_npy(dir + "/b.npy", b);
    npuvp::write_npy(dir + "/ref.npy", ref);
    if (epilogue) npuvp::write_npy(dir + "/bias.npy", bias_t);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "gen_gemm: %s\n", ex.what());
    return 1;
  }
  return 0;
}
