// gen_vector_add OUT_DIR N [SEED]: the inputs and the expected output of the
// vector_add example, as .npy files in OUT_DIR:
//   x.npy, y.npy  fp16 [N], pseudo-random in [-8, 8)
//   ref.npy       fp16 [N], x + y
// fp16 addition is correctly rounded (isa/XNPU.md, Numerics), so the reference
// is computed with the same bit-exact soft-float the model uses and the result
// must match it exactly (`--expect` with no tolerance).
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

namespace {

void put(npuvp::Tensor& t, uint64_t i, uint16_t v) { std::memcpy(t.data.data() + 2 * i, &v, 2); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR N [SEED]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const uint64_t n = std::strtoull(argv[2], nullptr, 0);
  Rng rng(argc > 3 ? std::strtoull(argv[3], nullptr, 0) : 1);
  npuvp::Tensor x = npuvp::make_tensor(npuvp::DType::F16, {n});
  npuvp::Tensor y = x, ref = x;
  for (uint64_t i = 0; i < n; ++i) {
    const uint16_t a = to_f16(rng.uniform(-8, 8)), b = to_f16(rng.uniform(-8, 8));
    sf::Env e;
    put(x, i, a);
    put(y, i, b);
    put(ref, i, sf::f16_add(a, b, e));
  }
  try {
    npuvp::write_npy(dir + "/x.npy", x);
    npuvp::write_npy(dir + "/y.npy", y);
    npuvp::write_npy(dir + "/ref.npy", ref);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "gen_vector_add: %s\n", ex.what());
    return 1;
  }
  return 0;
}
