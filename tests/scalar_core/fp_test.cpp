// F and D semantics: NaN boxing, rounding modes, flags, FS, conversions.
// Bit patterns are written out by hand from IEEE-754.
#include <cstdint>

#include "tests/scalar_core/sem_fixture.h"

namespace npuvp::test {
namespace {

using isa::InsnId;

constexpr uint64_t kFsShift = 13;
constexpr uint64_t FS_MASK = 3 << kFsShift, FS_INITIAL = 1 << kFsShift, FS_DIRTY = 3 << kFsShift;
constexpr uint64_t BOX = 0xffffffff00000000;
// flags
constexpr uint8_t NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;
// singles
constexpr uint32_t S_ONE = 0x3f800000, S_TWO = 0x40000000, S_THREE = 0x40400000,
                   S_QNAN = 0x7fc00000, S_SNAN = 0x7f800001, S_INF = 0x7f800000,
                   S_NEG_ZERO = 0x80000000;
// doubles
constexpr uint64_t D_ONE = 0x3ff0000000000000, D_TWO = 0x4000000000000000,
                   D_THREE = 0x4008000000000000, D_QNAN = 0x7ff8000000000000;

class FpTest : public SemTest {
 protected:
  FpTest() { h.csr.mstatus = FS_INITIAL; }
  // fd = f7, fs1 = f5, fs2 = f6, fs3 = f4
  Insn fop(InsnId id, uint8_t rm = 0) {
    Insn i = make(id, 7, 5, 6);
    i.rs3 = 4;
    i.rm = rm;
    return i;
  }
  uint64_t f2(InsnId id, uint64_t a, uint64_t b, uint8_t rm = 0) {
    h.f[5] = a;
    h.f[6] = b;
    EXPECT_EQ(run(fop(id, rm)), kPc + 4);
    return h.f[7];
  }
  uint64_t f3(InsnId id, uint64_t a, uint64_t b, uint64_t c, uint8_t rm = 0) {
    h.f[4] = c;
    return f2(id, a, b, rm);
  }
  // integer result in x7 from f5/f6
  uint64_t fx(InsnId id, uint64_t a, uint64_t b = 0, uint8_t rm = 0) {
    h.f[5] = a;
    h.f[6] = b;
    EXPECT_EQ(run(fop(id, rm)), kPc + 4);
    return h.x[7];
  }
  // float result in f7 from x5
  uint64_t xf(InsnId id, uint64_t a, uint8_t rm = 0) {
    h.x[5] = a;
    EXPECT_EQ(run(fop(id, rm)), kPc + 4);
    return h.f[7];
  }
  uint8_t take_flags() {
    uint8_t f = h.csr.fflags;
    h.csr.fflags = 0;
    return f;
  }
};

TEST_F(FpTest, ArithmeticWritesBoxedResultAndDirtiesFs) {
  EXPECT_EQ(f2(InsnId::fadd_s, BOX | S_ONE, BOX | S_TWO), BOX | S_THREE);
  EXPECT_EQ(h.csr.mstatus & FS_MASK, FS_DIRTY);
  EXPECT_EQ(h.csr.mstatus >> 63, 1u);  // SD
  EXPECT_EQ(take_flags(), 0);
  EXPECT_EQ(f2(InsnId::fsub_s, BOX | S_ONE, BOX | S_THREE), BOX | 0xc0000000);  // -2
  EXPECT_EQ(f2(InsnId::fmul_s, BOX | S_TWO, BOX | S_THREE), BOX | 0x40c00000);  // 6
  EXPECT_EQ(f2(InsnId::fadd_d, D_ONE, D_TWO), D_THREE);
  EXPECT_EQ(f2(InsnId::fsub_d, D_ONE, D_THREE), 0xc000000000000000u);
  EXPECT_EQ(f2(InsnId::fmul_d, D_TWO, D_THREE), 0x4018000000000000u);
  EXPECT_EQ(f2(InsnId::fdiv_d, D_THREE, D_TWO), 0x3ff8000000000000u);
  EXPECT_EQ(take_flags(), 0);
}

TEST_F(FpTest, FlagsAccumulate) {
  EXPECT_EQ(f2(InsnId::fdiv_s, BOX | S_ONE, BOX | 0), BOX | S_INF);
  EXPECT_EQ(h.csr.fflags, DZ);
  EXPECT_EQ(f2(InsnId::fdiv_s, BOX | S_ONE, BOX | S_THREE), BOX | 0x3eaaaaab);
  EXPECT_EQ(h.csr.fflags, DZ | NX);
  f2(InsnId::fmul_s, BOX | 0x7f000000, BOX | 0x7f000000);  // 2^127 * 2^127
  EXPECT_EQ(h.csr.fflags, DZ | NX | OF);
  f2(InsnId::fmul_d, 0x0010000000000000, 0x3c90000000000000);  // 2^-1022 * 2^-54
  EXPECT_EQ(h.csr.fflags, DZ | NX | OF | UF);
}

TEST_F(FpTest, ImproperlyBoxedOperandIsCanonicalNan) {
  // upper half not all ones: reads as the canonical (quiet) NaN, no flag
  EXPECT_EQ(f2(InsnId::fadd_s, S_ONE, BOX | S_ONE), BOX | S_QNAN);
  EXPECT_EQ(take_flags(), 0);
  EXPECT_EQ(f2(InsnId::fsgnj_s, 0xfffffffe3f800000, BOX | S_ONE), BOX | S_QNAN);
  EXPECT_EQ(f2(InsnId::fsgnjn_s, S_ONE, BOX | S_ONE), BOX | 0xffc00000);
  EXPECT_EQ(fx(InsnId::fclass_s, S_ONE), 0x200u);  // quiet NaN
  EXPECT_EQ(fx(InsnId::feq_s, S_ONE, S_ONE), 0u);
  h.f[5] = S_ONE;
  run(fop(InsnId::fcvt_d_s));
  EXPECT_EQ(h.f[7], D_QNAN);
}

TEST_F(FpTest, SignInjectionIsBitwise) {
  EXPECT_EQ(f2(InsnId::fsgnj_s, BOX | S_ONE, BOX | 0x80000000), BOX | 0xbf800000);
  EXPECT_EQ(f2(InsnId::fsgnjn_s, BOX | S_ONE, BOX | 0x80000000), BOX | S_ONE);
  EXPECT_EQ(f2(InsnId::fsgnjx_s, BOX | 0xbf800000, BOX | 0x80000000), BOX | S_ONE);
  // NaN payloads and signalling NaNs pass through untouched, without flags
  EXPECT_EQ(f2(InsnId::fsgnjn_s, BOX | S_SNAN, BOX | S_SNAN), BOX | 0xff800001);
  EXPECT_EQ(f2(InsnId::fsgnj_d, 0x7ff0000000000001, 0x8000000000000000), 0xfff0000000000001u);
  EXPECT_EQ(f2(InsnId::fsgnjn_d, 0xbff0000000000000, 0x8000000000000000), D_ONE);
  EXPECT_EQ(f2(InsnId::fsgnjx_d, 0xbff0000000000000, 0xc000000000000000), D_ONE);
  EXPECT_EQ(take_flags(), 0);
}

TEST_F(FpTest, MovesAreRawTransfers) {
  EXPECT_EQ(fx(InsnId::fmv_x_w, 0x0000000087654321), 0xffffffff87654321);  // not unboxed
  EXPECT_EQ(fx(InsnId::fmv_x_w, BOX | 0x12345678), 0x12345678u);
  EXPECT_EQ(xf(InsnId::fmv_w_x, 0x1234567887654321), BOX | 0x87654321);
  EXPECT_EQ(xf(InsnId::fmv_d_x, 0x1234567887654321), 0x1234567887654321u);
  EXPECT_EQ(fx(InsnId::fmv_x_d, 0x7ff0000000000001), 0x7ff0000000000001u);
  EXPECT_EQ(h.csr.mstatus & FS_MASK, FS_DIRTY);
  EXPECT_EQ(h.csr.fflags, 0);
}

TEST_F(FpTest, LoadsBoxAndStoresMoveRawBits) {
  mem.poke<uint32_t>(kMemBase + 0x10, 0x7f800001);
  mem.poke<uint64_t>(kMemBase + 0x18, 0x7ff0000000000001);
  h.x[5] = kMemBase;
  run(make(InsnId::flw, 7, 5, 0, 0x10));
  EXPECT_EQ(h.f[7], BOX | 0x7f800001);
  run(make(InsnId::fld, 8, 5, 0, 0x18));
  EXPECT_EQ(h.f[8], 0x7ff0000000000001u);
  h.f[9] = 0x00000000deadbeef;  // improperly boxed: fsw still stores the low half
  run(make(InsnId::fsw, 0, 5, 9, 0x20));
  EXPECT_EQ(mem.peek<uint32_t>(kMemBase + 0x20), 0xdeadbeefu);
  EXPECT_EQ(mem.peek<uint32_t>(kMemBase + 0x24), 0u);
  run(make(InsnId::fsd, 0, 5, 9, 0x28));
  EXPECT_EQ(mem.peek<uint64_t>(kMemBase + 0x28), 0x00000000deadbeefu);
  EXPECT_EQ(h.csr.fflags, 0);  // no NaN checks on loads/stores
}

TEST_F(FpTest, RoundingModeResolution) {
  const uint64_t two_and_half = BOX | 0x40200000, minus_two_and_half = BOX | 0xc0200000;
  EXPECT_EQ(fx(InsnId::fcvt_w_s, two_and_half, 0, 0), 2u);  // RNE
  EXPECT_EQ(fx(InsnId::fcvt_w_s, two_and_half, 0, 3), 3u);  // RUP
  EXPECT_EQ(fx(InsnId::fcvt_w_s, minus_two_and_half, 0, 1), static_cast<uint64_t>(-2));  // RTZ
  EXPECT_EQ(fx(InsnId::fcvt_w_s, minus_two_and_half, 0, 2), static_cast<uint64_t>(-3));  // RDN
  EXPECT_EQ(fx(InsnId::fcvt_w_s, two_and_half, 0, 4), 3u);  // RMM
  EXPECT_EQ(take_flags(), NX);
  h.csr.frm = 2;  // dynamic -> RDN
  EXPECT_EQ(fx(InsnId::fcvt_w_s, two_and_half, 0, 7), 2u);
  h.csr.frm = 4;  // dynamic -> RMM
  EXPECT_EQ(fx(InsnId::fcvt_w_s, two_and_half, 0, 7), 3u);
  // 1 + 2^-24 in double rounds to 1.0f (RNE) or the next float up (RUP)
  h.f[5] = 0x3ff0000010000000;
  run(fop(InsnId::fcvt_s_d, 3));
  EXPECT_EQ(h.f[7], BOX | 0x3f800001);
  run(fop(InsnId::fcvt_s_d, 0));
  EXPECT_EQ(h.f[7], BOX | S_ONE);
}

TEST_F(FpTest, ReservedRoundingModesAreIllegal) {
  h.f[7] = 0x1234;
  h.f[5] = BOX | S_ONE;
  h.f[6] = BOX | S_ONE;
  expect_illegal(fop(InsnId::fadd_s, 5));
  expect_illegal(fop(InsnId::fadd_d, 6));
  expect_illegal(fop(InsnId::fcvt_d_w, 5));  // even when rounding cannot matter
  for (uint8_t frm : {5, 6, 7}) {
    h.csr.frm = frm;
    expect_illegal(fop(InsnId::fmadd_s, 7));
    expect_illegal(fop(InsnId::fsqrt_d, 7));
  }
  EXPECT_EQ(h.f[7], 0x1234u);
  EXPECT_EQ(h.csr.mstatus & FS_MASK, FS_INITIAL);  // nothing happened
  // Instructions without an rm field ignore frm.
  EXPECT_EQ(f2(InsnId::fmin_s, BOX | S_ONE, BOX | S_TWO), BOX | S_ONE);
}

TEST_F(FpTest, EveryFloatingPointInstructionIsIllegalWithFsOff) {
  h.csr.mstatus = 0;
  h.x[5] = kMemBase;
  unsigned checked = 0;
  for (size_t n = 0; n < isa::kInsnCount; ++n) {
    auto id = static_cast<InsnId>(n);
    isa::Ext ext = isa::info(isa::info(id).sem).ext;
    if (ext != isa::Ext::F && ext != isa::Ext::D) continue;
    SCOPED_TRACE(isa::info(id).mnemonic);
    Insn i = make(id, 7, 5, 6);
    i.rs3 = 4;
    expect_illegal(i);
    ++checked;
  }
  EXPECT_GE(checked, 60u);  // 26 F + 26 D + fused forms + compressed loads/stores
  EXPECT_EQ(h.csr.mstatus, 0u);
}

TEST_F(FpTest, ConversionsToIntegerSaturate) {
  struct Case { InsnId id; uint64_t in; uint64_t out; uint8_t flags; };
  const Case cases[] = {
      {InsnId::fcvt_w_s, BOX | S_QNAN, 0x7fffffff, NV},
      {InsnId::fcvt_w_s, BOX | 0xff800000, 0xffffffff80000000, NV},  // -inf
      {InsnId::fcvt_w_s, BOX | 0x4f000000, 0x7fffffff, NV},          // 2^31
      {InsnId::fcvt_w_s, BOX | 0xcf000000, 0xffffffff80000000, 0},   // -2^31 fits
      {InsnId::fcvt_wu_s, BOX | 0xbf800000, 0, NV},                  // -1
      {InsnId::fcvt_wu_s, BOX | 0xbf666666, 0, NX},                  // -0.9 -> -0 (RTZ below)
      {InsnId::fcvt_wu_s, BOX | 0x4f6e6b28, 0xffffffffee6b2800, 0},  // 4e9, sign-extended
      {InsnId::fcvt_wu_s, BOX | S_QNAN, 0xffffffffffffffff, NV},
      {InsnId::fcvt_l_s, BOX | S_INF, 0x7fffffffffffffff, NV},
      {InsnId::fcvt_lu_s, BOX | S_INF, 0xffffffffffffffff, NV},
      {InsnId::fcvt_lu_s, BOX | 0xff800000, 0, NV},
      {InsnId::fcvt_w_d, 0x41e0000000000000, 0x7fffffff, NV},        // 2^31
      {InsnId::fcvt_w_d, 0xc1e0000000000000, 0xffffffff80000000, 0}, // -2^31
      {InsnId::fcvt_wu_d, 0x41efffffffe00000, 0xffffffffffffffff, 0},// 2^32-1
      {InsnId::fcvt_l_d, D_QNAN, 0x7fffffffffffffff, NV},
      {InsnId::fcvt_l_d, 0xc3e0000000000000, 0x8000000000000000, 0}, // -2^63
      {InsnId::fcvt_lu_d, 0xbff0000000000000, 0, NV},
      {InsnId::fcvt_lu_d, 0x43f0000000000000, 0xffffffffffffffff, NV},  // 2^64
      {InsnId::fcvt_l_d, D_THREE, 3, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(isa::info(c.id).mnemonic);
    EXPECT_EQ(fx(c.id, c.in, 0, /*RTZ*/ 1), c.out) << std::hex << c.in;
    EXPECT_EQ(take_flags(), c.flags) << std::hex << c.in;
  }
}

TEST_F(FpTest, ConversionsFromInteger) {
  EXPECT_EQ(xf(InsnId::fcvt_s_w, 0x12345678ffffffff), BOX | 0xbf800000);  // low word -1
  EXPECT_EQ(xf(InsnId::fcvt_s_wu, 0xffffffff), BOX | 0x4f800000);  // 2^32 after rounding
  EXPECT_EQ(take_flags(), NX);
  EXPECT_EQ(xf(InsnId::fcvt_s_l, static_cast<uint64_t>(-3)), BOX | 0xc0400000);
  EXPECT_EQ(xf(InsnId::fcvt_s_lu, 0x8000000000000000), BOX | 0x5f000000);  // 2^63
  EXPECT_EQ(xf(InsnId::fcvt_d_w, 0x80000000), 0xc1e0000000000000u);
  EXPECT_EQ(xf(InsnId::fcvt_d_wu, 0x80000000), 0x41e0000000000000u);
  EXPECT_EQ(xf(InsnId::fcvt_d_l, 3), D_THREE);
  EXPECT_EQ(take_flags(), 0);
  EXPECT_EQ(xf(InsnId::fcvt_d_lu, ~uint64_t{0}), 0x43f0000000000000u);  // 2^64
  EXPECT_EQ(take_flags(), NX);
  EXPECT_EQ(xf(InsnId::fcvt_d_lu, ~uint64_t{0}, /*RTZ*/ 1), 0x43efffffffffffffu);
}

TEST_F(FpTest, ConversionsBetweenFormats) {
  h.f[5] = BOX | 0x3fc00000;  // 1.5
  run(fop(InsnId::fcvt_d_s));
  EXPECT_EQ(h.f[7], 0x3ff8000000000000u);
  h.f[5] = D_ONE;
  run(fop(InsnId::fcvt_s_d));
  EXPECT_EQ(h.f[7], BOX | S_ONE);
  h.f[5] = BOX | S_SNAN;
  run(fop(InsnId::fcvt_d_s));
  EXPECT_EQ(h.f[7], D_QNAN);
  EXPECT_EQ(take_flags(), NV);
}

TEST_F(FpTest, FusedMultiplyAddSigns) {
  const uint64_t two = BOX | S_TWO, three = BOX | S_THREE, one = BOX | S_ONE;
  EXPECT_EQ(f3(InsnId::fmadd_s, two, three, one), BOX | 0x40e00000);   // 7
  EXPECT_EQ(f3(InsnId::fmsub_s, two, three, one), BOX | 0x40a00000);   // 5
  EXPECT_EQ(f3(InsnId::fnmsub_s, two, three, one), BOX | 0xc0a00000);  // -5
  EXPECT_EQ(f3(InsnId::fnmadd_s, two, three, one), BOX | 0xc0e00000);  // -7
  EXPECT_EQ(f3(InsnId::fmadd_d, D_TWO, D_THREE, D_ONE), 0x401c000000000000u);
  EXPECT_EQ(f3(InsnId::fmsub_d, D_TWO, D_THREE, D_ONE), 0x4014000000000000u);
  EXPECT_EQ(f3(InsnId::fnmsub_d, D_TWO, D_THREE, D_ONE), 0xc014000000000000u);
  EXPECT_EQ(f3(InsnId::fnmadd_d, D_TWO, D_THREE, D_ONE), 0xc01c000000000000u);
  // Signs of zero results: -(1*0) - 0 = -0; 1*0 - 0 = +0 (RNE), -0 (RDN).
  const uint64_t zero = BOX | 0;
  EXPECT_EQ(f3(InsnId::fnmadd_s, one, zero, zero), BOX | S_NEG_ZERO);
  EXPECT_EQ(f3(InsnId::fmsub_s, one, zero, zero), BOX | 0);
  EXPECT_EQ(f3(InsnId::fmsub_s, one, zero, zero, 2), BOX | S_NEG_ZERO);
  EXPECT_EQ(f3(InsnId::fnmsub_d, D_ONE, 0, 0), 0u);
  EXPECT_EQ(take_flags(), 0);
  // inf * 0 is invalid whatever the addend
  EXPECT_EQ(f3(InsnId::fnmadd_s, BOX | S_INF, zero, one), BOX | S_QNAN);
  EXPECT_EQ(take_flags(), NV);
}

TEST_F(FpTest, SqrtMinMax) {
  EXPECT_EQ(f2(InsnId::fsqrt_s, BOX | 0x40800000, 0), BOX | S_TWO);  // sqrt 4
  EXPECT_EQ(f2(InsnId::fsqrt_d, 0xbff0000000000000, 0), D_QNAN);  // sqrt -1
  EXPECT_EQ(take_flags(), NV);
  EXPECT_EQ(f2(InsnId::fmin_s, BOX | 0, BOX | S_NEG_ZERO), BOX | S_NEG_ZERO);
  EXPECT_EQ(f2(InsnId::fmax_s, BOX | S_NEG_ZERO, BOX | 0), BOX | 0);
  EXPECT_EQ(f2(InsnId::fmax_s, BOX | S_QNAN, BOX | S_ONE), BOX | S_ONE);
  EXPECT_EQ(take_flags(), 0);
  EXPECT_EQ(f2(InsnId::fmin_d, 0x7ff0000000000001, D_TWO), D_TWO);  // sNaN: NV
  EXPECT_EQ(take_flags(), NV);
  EXPECT_EQ(f2(InsnId::fmax_d, D_QNAN, D_QNAN), D_QNAN);
  EXPECT_EQ(f2(InsnId::fdiv_s, BOX | 0, BOX | 0), BOX | S_QNAN);
  EXPECT_EQ(take_flags(), NV);
}

TEST_F(FpTest, Comparisons) {
  EXPECT_EQ(fx(InsnId::feq_s, BOX | S_ONE, BOX | S_ONE), 1u);
  EXPECT_EQ(fx(InsnId::fle_s, BOX | S_ONE, BOX | S_ONE), 1u);
  EXPECT_EQ(fx(InsnId::flt_s, BOX | S_ONE, BOX | S_ONE), 0u);
  EXPECT_EQ(fx(InsnId::feq_s, BOX | 0, BOX | S_NEG_ZERO), 1u);
  EXPECT_EQ(take_flags(), 0);
  EXPECT_EQ(fx(InsnId::feq_s, BOX | S_QNAN, BOX | S_ONE), 0u);  // quiet
  EXPECT_EQ(take_flags(), 0);
  EXPECT_EQ(fx(InsnId::flt_s, BOX | S_QNAN, BOX | S_ONE), 0u);  // signalling
  EXPECT_EQ(take_flags(), NV);
  EXPECT_EQ(fx(InsnId::feq_d, 0x7ff0000000000001, D_ONE), 0u);
  EXPECT_EQ(take_flags(), NV);
  EXPECT_EQ(fx(InsnId::flt_d, 0xbff0000000000000, D_ONE), 1u);
  EXPECT_EQ(fx(InsnId::fle_d, D_TWO, D_ONE), 0u);
}

TEST_F(FpTest, Classify) {
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | 0xff800000), 1u << 0);  // -inf
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | 0xbf800000), 1u << 1);  // -normal
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | 0x80000001), 1u << 2);  // -subnormal
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | 0x80000000), 1u << 3);  // -0
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | 0), 1u << 4);
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | 0x00000001), 1u << 5);
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | S_ONE), 1u << 6);
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | S_INF), 1u << 7);
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | S_SNAN), 1u << 8);
  EXPECT_EQ(fx(InsnId::fclass_s, BOX | S_QNAN), 1u << 9);
  EXPECT_EQ(fx(InsnId::fclass_d, 0x8000000000000001), 1u << 2);
  EXPECT_EQ(fx(InsnId::fclass_d, 0x7ff0000000000001), 1u << 8);
  EXPECT_EQ(fx(InsnId::fclass_d, D_ONE), 1u << 6);
  EXPECT_EQ(h.csr.fflags, 0);
}

TEST_F(FpTest, CompressedFloatLoadBindsFld) {
  mem.poke<uint64_t>(kMemBase + 8, D_THREE);
  h.x[2] = kMemBase;
  Insn i = make(InsnId::c_fldsp, 9, 2, 0, 8);
  EXPECT_EQ(run(i), kPc + 2);
  EXPECT_EQ(h.f[9], D_THREE);
}

}  // namespace
}  // namespace npuvp::test
