// The dense path of the vector unit (element-wise instructions whose active
// lanes are a prefix, run a block of lanes at a time) gives exactly what the
// generic lane-by-lane walk gives: the same coalesced access list in the same
// order, the same status, the same UB bytes. Random instructions: every
// element-wise op, every type, strides 0..9 (overlapping and gapped), repeat
// counts 0..20, count-mode, full, prefix and holed bit masks, some out of
// bounds.
#include <gtest/gtest.h>

#include <random>
#include <tuple>
#include <vector>

#include "models/vector_unit/vector_unit.h"

namespace npuvp::test {
namespace {

namespace vu = vector_unit;
using isa::xnpu::DType;
using isa::xnpu::Op;
using isa::xnpu::RoundMode;

struct Log final : vu::AccessSink {
  std::vector<std::tuple<uint32_t, uint32_t, bool>> v;
  void access(uint32_t b, uint32_t n, bool w) override { v.emplace_back(b, n, w); }
};

constexpr Op kOps[] = {Op::vadd, Op::vsub,  Op::vmul,  Op::vdiv,  Op::vmax,   Op::vmin,  Op::vand,  Op::vor,
                       Op::vmla, Op::vmadd, Op::vsel,  Op::vabs,  Op::vexp,   Op::vln,   Op::vsqrt, Op::vrsqrt,
                       Op::vrec, Op::vrelu, Op::vnot,  Op::vconv, Op::vadds,  Op::vmuls, Op::vmaxs, Op::vmins,
                       Op::vlrelu, Op::vaxpy, Op::vdup, Op::vsels};
constexpr DType kFloat[] = {DType::f16, DType::bf16, DType::f32};
constexpr DType kAll[] = {DType::f16, DType::bf16, DType::f32, DType::s16, DType::s32};  // element-wise types
constexpr DType kConv[] = {DType::f16, DType::bf16, DType::f32, DType::s16, DType::s32, DType::u8, DType::s8};

TEST(DensePath, SameAccessesAndResultsAsTheLaneByLaneWalk) {
  std::mt19937 rng(5);
  constexpr size_t kUb = 48 * 1024;
  std::vector<uint8_t> init(kUb);
  for (auto& b : init) b = static_cast<uint8_t>(rng());
  // Lots of f32 values near 1 and small ints, so exp/ln/div see ordinary inputs too.
  for (size_t i = 0; i < kUb / 2; i += 4) init[i + 3] = (rng() & 1) ? 0x3f : 0xbf;
  int mismatches = 0;
  for (int it = 0; it < 20000 && mismatches < 10; ++it) {
    vu::VectorOp op;
    op.op = kOps[rng() % std::size(kOps)];
    const bool float_only = op.op != Op::vand && op.op != Op::vor && op.op != Op::vnot && op.op != Op::vdup &&
                            op.op != Op::vsel && op.op != Op::vsels && op.op != Op::vconv && op.op != Op::vmax &&
                            op.op != Op::vmin && op.op != Op::vadd && op.op != Op::vsub && op.op != Op::vmul;
    op.type = float_only ? kFloat[rng() % 3] : kAll[rng() % std::size(kAll)];
    op.type2 = op.type;
    if (op.op == Op::vconv) {  // as in the ISA table: at most one side of 8 bits
      op.type = kConv[rng() % std::size(kConv)];
      do op.type2 = kConv[rng() % std::size(kConv)];
      while (isa::xnpu::dtype_bytes(op.type) == 1 && isa::xnpu::dtype_bytes(op.type2) == 1);
    }
    op.rm = static_cast<RoundMode>(rng() % 7);
    const uint32_t span = (rng() % 8 == 0) ? kUb : kUb - 12 * 1024;  // sometimes out of bounds
    op.addr.dst = (rng() % span) & ~31u;
    op.addr.src0 = (rng() % span) & ~31u;
    op.addr.src1 = (rng() % span) & ~31u;
    op.cmpmask_addr = (rng() % span) & ~31u;
    op.cfg.repeat = static_cast<uint8_t>(rng() % 21);
    auto stride = [&](uint8_t dflt) { return static_cast<uint8_t>(rng() % 3 == 0 ? rng() % 10 : dflt); };
    op.cfg.dst_blk = stride(1), op.cfg.src0_blk = stride(1), op.cfg.src1_blk = stride(1);
    op.cfg.dst_rep = stride(8), op.cfg.src0_rep = stride(8), op.cfg.src1_rep = stride(8);
    op.scalar = rng();
    switch (rng() % 5) {
      case 0: op.mask = {rng() % 3000, 0, true}; break;                 // count mode
      case 1: op.mask = {~uint64_t{0}, ~uint64_t{0}, false}; break;      // full
      case 2: {                                                          // prefix
        const unsigned n = rng() % 129;
        op.mask.lo = n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
        op.mask.hi = n <= 64 ? 0 : n >= 128 ? ~uint64_t{0} : (uint64_t{1} << (n - 64)) - 1;
        break;
      }
      case 3: op.mask = {(uint64_t{rng()} << 32) | rng(), (uint64_t{rng()} << 32) | rng(), false}; break;  // holes
      default: op.mask = {0xffffull, 0, false}; break;
    }
    std::vector<uint8_t> a = init, b = init;
    Log la, lb;
    vu::for_each_access(op, vu::UbView{a.data(), a.size()}, la);
    vu::detail::for_each_access_lane_by_lane(op, vu::UbView{b.data(), b.size()}, lb);
    const vu::Status sa = vu::execute(op, vu::UbView{a.data(), a.size()});
    const vu::Status sb = vu::detail::execute_lane_by_lane(op, vu::UbView{b.data(), b.size()});
    if (la.v != lb.v || sa != sb || a != b) {
      ++mismatches;
      ADD_FAILURE() << "iteration " << it << " op " << static_cast<int>(op.op) << " type "
                    << static_cast<int>(op.type) << " -> " << static_cast<int>(op.type2) << ": accesses "
                    << (la.v == lb.v ? "same" : "differ") << ", status " << (sa == sb ? "same" : "differs")
                    << ", UB " << (a == b ? "same" : "differs");
    }
  }
}

}  // namespace
}  // namespace npuvp::test
