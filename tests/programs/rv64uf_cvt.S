// RV64F conversions, comparisons, classification, moves, loads and stores:
// rounding and saturation of float -> integer conversions with their flags,
// integer -> float rounding, W results sign-extended to 64 bits.
#include "npuvp_test.h"

#define ONE      0x3f800000
#define QNAN     0x7fc00000
#define SNAN     0x7f800001
#define PINF     0x7f800000
#define NINF     0xff800000

// Test n: rd = op(fs1) with the operand given as bits, rounding `rm`.
#define TEST_F2I(n, op, a, rm, expected, flags) \
  TEST_FICASE(n, a0, expected, flags, LOAD_S(f1, a) op a0, f1, rm)
// Test n: fd = op(rs1), rounding `rm`.
#define TEST_I2F(n, op, v, rm, expected, flags) \
  TEST_FCASE_S(n, f3, expected, flags, li a1, v; op f3, a1, rm)
// Test n: rd = cmp(fs1, fs2).
#define TEST_CMP(n, op, a, b, expected, flags) \
  TEST_FICASE(n, a0, expected, flags, LOAD_S(f1, a) LOAD_S(f2, b) op a0, f1, f2)

TEST_BEGIN
  // float -> int32, every rounding mode
  TEST_F2I( 1, fcvt.w.s, 0x3fc00000, rne, 2, FF_NX)            // 1.5
  TEST_F2I( 2, fcvt.w.s, 0x40200000, rne, 2, FF_NX)            // 2.5: ties to even
  TEST_F2I( 3, fcvt.w.s, 0xbfc00000, rne, -2, FF_NX)           // -1.5
  TEST_F2I( 4, fcvt.w.s, 0xbff33333, rtz, -1, FF_NX)           // -1.9
  TEST_F2I( 5, fcvt.w.s, 0xbff33333, rdn, -2, FF_NX)
  TEST_F2I( 6, fcvt.w.s, 0x3f8ccccd, rup, 2, FF_NX)            // 1.1
  TEST_F2I( 7, fcvt.w.s, 0x40200000, rmm, 3, FF_NX)            // 2.5: ties away
  TEST_F2I( 8, fcvt.w.s, 0xc2f60000, rtz, -123, 0)
  // out of range and NaN: saturate, NV
  TEST_F2I( 9, fcvt.w.s, 0x4f32d05e, rtz, 0x7fffffff, FF_NV)   // 3e9
  TEST_F2I(10, fcvt.w.s, NINF, rtz, 0xffffffff80000000, FF_NV)
  TEST_F2I(11, fcvt.w.s, QNAN, rtz, 0x7fffffff, FF_NV)
  TEST_F2I(12, fcvt.w.s, 0xcf000000, rtz, 0xffffffff80000000, 0)  // -2^31 exactly
  // unsigned 32: negative values round to 0 or are invalid; results are sign-extended
  TEST_F2I(13, fcvt.wu.s, 0xbf000000, rne, 0, FF_NX)          // -0.5 rounds to -0
  TEST_F2I(14, fcvt.wu.s, 0xbf800000, rtz, 0, FF_NV)          // -1
  TEST_F2I(15, fcvt.wu.s, 0x4f7fffff, rtz, 0xffffffffffffff00, 0)  // 4294967040
  TEST_F2I(16, fcvt.wu.s, PINF, rtz, 0xffffffffffffffff, FF_NV)
  // 64-bit conversions
  TEST_F2I(17, fcvt.l.s, 0xdf000000, rtz, 0x8000000000000000, 0)   // -2^63
  TEST_F2I(18, fcvt.l.s, 0x5f000000, rtz, 0x7fffffffffffffff, FF_NV)
  TEST_F2I(19, fcvt.l.s, 0x5e800000, rtz, 0x4000000000000000, 0)   // 2^62
  TEST_F2I(20, fcvt.lu.s, 0x5f000000, rtz, 0x8000000000000000, 0)
  TEST_F2I(21, fcvt.lu.s, 0x5f800000, rtz, 0xffffffffffffffff, FF_NV)  // 2^64
  TEST_F2I(22, fcvt.lu.s, 0xc0000000, rtz, 0, FF_NV)
  TEST_F2I(23, fcvt.l.s, SNAN, rtz, 0x7fffffffffffffff, FF_NV)
  // int -> float
  TEST_I2F(24, fcvt.s.w, -1, rne, 0xbf800000, 0)
  TEST_I2F(25, fcvt.s.w, 0x100000005, rne, 0x40a00000, 0)      // only the low 32 bits
  TEST_I2F(26, fcvt.s.wu, 0xffffffff, rne, 0x4f800000, FF_NX)  // 2^32 - 1 -> 2^32
  TEST_I2F(27, fcvt.s.wu, 0xffffffff, rtz, 0x4f7fffff, FF_NX)
  TEST_I2F(28, fcvt.s.l, 0x7fffffffffffffff, rne, 0x5f000000, FF_NX)
  TEST_I2F(29, fcvt.s.lu, -1, rne, 0x5f800000, FF_NX)
  TEST_I2F(30, fcvt.s.l, 0x8000000000000000, rne, 0xdf000000, 0)
  TEST_I2F(31, fcvt.s.w, 16777217, rne, 0x4b800000, FF_NX)    // 2^24 + 1: tie to even
  TEST_I2F(32, fcvt.s.w, 16777219, rne, 0x4b800002, FF_NX)    // 2^24 + 3: tie to even, up
  // comparisons: feq is quiet, flt/fle signal on any NaN
  TEST_CMP(33, feq.s, ONE, ONE, 1, 0)
  TEST_CMP(34, feq.s, 0x80000000, 0, 1, 0)
  TEST_CMP(35, flt.s, ONE, 0x40000000, 1, 0)
  TEST_CMP(36, fle.s, 0x40000000, ONE, 0, 0)
  TEST_CMP(37, fle.s, ONE, ONE, 1, 0)
  TEST_CMP(38, feq.s, QNAN, QNAN, 0, 0)
  TEST_CMP(39, feq.s, SNAN, ONE, 0, FF_NV)
  TEST_CMP(40, flt.s, QNAN, ONE, 0, FF_NV)
  TEST_CMP(41, fle.s, ONE, QNAN, 0, FF_NV)
  TEST_CMP(42, flt.s, NINF, 0xff7fffff, 1, 0)
  // classification: one bit per class
  TEST_FICASE(43, a0, 0x001, 0, LOAD_S(f1, NINF) fclass.s a0, f1)
  TEST_FICASE(44, a0, 0x002, 0, LOAD_S(f1, 0xbf800000) fclass.s a0, f1)
  TEST_FICASE(45, a0, 0x004, 0, LOAD_S(f1, 0x807fffff) fclass.s a0, f1)
  TEST_FICASE(46, a0, 0x008, 0, LOAD_S(f1, 0x80000000) fclass.s a0, f1)
  TEST_FICASE(47, a0, 0x010, 0, LOAD_S(f1, 0x00000000) fclass.s a0, f1)
  TEST_FICASE(48, a0, 0x020, 0, LOAD_S(f1, 0x00000001) fclass.s a0, f1)
  TEST_FICASE(49, a0, 0x040, 0, LOAD_S(f1, ONE) fclass.s a0, f1)
  TEST_FICASE(50, a0, 0x080, 0, LOAD_S(f1, PINF) fclass.s a0, f1)
  TEST_FICASE(51, a0, 0x100, 0, LOAD_S(f1, SNAN) fclass.s a0, f1)
  TEST_FICASE(52, a0, 0x200, 0, LOAD_S(f1, QNAN) fclass.s a0, f1)
  TEST_FICASE(53, a0, 0x200, 0, li a1, 0x3f800000; fmv.d.x f1, a1; fclass.s a0, f1)  // not NaN-boxed
  // moves: fmv.x.w sign-extends, fmv.w.x NaN-boxes the low 32 bits
  TEST_FICASE(54, a0, 0xffffffff80000000, 0, li a1, 0x80000000; fmv.w.x f1, a1; fmv.x.w a0, f1)
  TEST_FICASE(55, a0, 0xffffffff3f800000, 0, li a1, 0x123456783f800000; fmv.w.x f1, a1; fmv.x.d a0, f1)
  TEST_FICASE(56, a0, 0x000000007fc00001, 0, li a1, 0x7fc00001; fmv.w.x f1, a1; fmv.x.w a0, f1)  // NaN payload kept
  // loads and stores: flw NaN-boxes, fsw stores 32 bits only
  TEST_NUM(57)
  la s0, data
  flw f1, 0(s0)
  fmv.x.d a0, f1
  CHECK_REG(a0, 0xffffffffc0490fdb)
  fsw f1, 12(s0)
  ld a0, 8(s0)
  CHECK_REG(a0, 0xc0490fdb55555555)
  flw f2, 4(s0)
  fsw f2, 16(s0)
  lw a0, 16(s0)
  CHECK_REG(a0, 0x000000007f800001)   // a signalling NaN moves unchanged
  TEST_PASS
TEST_END

  .p2align 3
data:
  .word 0xc0490fdb, 0x7f800001
  .word 0x55555555, 0x66666666
  .word 0, 0
