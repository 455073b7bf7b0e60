// RV64D conversions to and from integers, comparisons, classification,
// moves, loads and stores (unprivileged spec, ch. 12).
#include "npuvp_test.h"

#define ONE      0x3ff0000000000000
#define QNAN     0x7ff8000000000000
#define SNAN     0x7ff0000000000001
#define PINF     0x7ff0000000000000
#define NINF     0xfff0000000000000

#define TEST_D2I(n, op, a, rm, expected, flags) \
  TEST_FICASE(n, a0, expected, flags, LOAD_D(f1, a) op a0, f1, rm)
#define TEST_I2D(n, op, v, rm, expected, flags) \
  TEST_FCASE_D(n, f3, expected, flags, li a1, v; op f3, a1, rm)
#define TEST_CMP(n, op, a, b, expected, flags) \
  TEST_FICASE(n, a0, expected, flags, LOAD_D(f1, a) LOAD_D(f2, b) op a0, f1, f2)

TEST_BEGIN
  TEST_D2I( 1, fcvt.w.d, 0x4004000000000000, rne, 2, FF_NX)          // 2.5
  TEST_D2I( 2, fcvt.w.d, 0x4004000000000000, rmm, 3, FF_NX)
  TEST_D2I( 3, fcvt.w.d, 0xc004000000000000, rdn, -3, FF_NX)
  TEST_D2I( 4, fcvt.w.d, 0xc004000000000000, rup, -2, FF_NX)
  TEST_D2I( 5, fcvt.w.d, 0x41dfffffffc00000, rtz, 0x7fffffff, 0)      // 2^31 - 1
  TEST_D2I( 6, fcvt.w.d, 0x41e0000000000000, rtz, 0x7fffffff, FF_NV)  // 2^31
  TEST_D2I( 7, fcvt.w.d, 0xc1e0000000000000, rtz, 0xffffffff80000000, 0)  // -2^31
  TEST_D2I( 8, fcvt.w.d, 0xc1e0000000200000, rtz, 0xffffffff80000000, FF_NV)  // -2^31 - 1
  TEST_D2I( 9, fcvt.w.d, 0xc1e0000000100000, rtz, 0xffffffff80000000, FF_NX)  // -2^31 - 0.5
  TEST_D2I(10, fcvt.w.d, QNAN, rtz, 0x7fffffff, FF_NV)
  TEST_D2I(11, fcvt.wu.d, 0x41efffffffe00000, rtz, 0xffffffffffffffff, 0)  // 2^32 - 1, sign-extended
  TEST_D2I(12, fcvt.wu.d, 0xbfe0000000000000, rtz, 0, FF_NX)          // -0.5
  TEST_D2I(13, fcvt.wu.d, 0xbff0000000000000, rtz, 0, FF_NV)
  TEST_D2I(14, fcvt.l.d, 0x43e0000000000000, rtz, 0x7fffffffffffffff, FF_NV)  // 2^63
  TEST_D2I(15, fcvt.l.d, 0xc3e0000000000000, rtz, 0x8000000000000000, 0)
  TEST_D2I(16, fcvt.l.d, 0x433fffffffffffff, rtz, 0x001fffffffffffff, 0)  // 2^53 - 1
  TEST_D2I(17, fcvt.l.d, NINF, rtz, 0x8000000000000000, FF_NV)
  TEST_D2I(18, fcvt.lu.d, 0x43efffffffffffff, rtz, 0xfffffffffffff800, 0)
  TEST_D2I(19, fcvt.lu.d, PINF, rtz, 0xffffffffffffffff, FF_NV)
  TEST_D2I(20, fcvt.lu.d, SNAN, rtz, 0xffffffffffffffff, FF_NV)
  TEST_D2I(21, fcvt.l.d, 0x3fe8000000000000, rne, 1, FF_NX)          // 0.75
  TEST_FCASE_D(22, f3, 0xbff0000000000000, 0, li a1, 0xffffffff; fcvt.d.w f3, a1)  // low 32 bits = -1
  TEST_FCASE_D(23, f3, 0x41efffffffe00000, 0, li a1, 0xffffffff; fcvt.d.wu f3, a1)
  TEST_I2D(24, fcvt.d.l, 0x8000000000000000, rne, 0xc3e0000000000000, 0)
  TEST_I2D(25, fcvt.d.l, 0x0020000000000001, rne, 0x4340000000000000, FF_NX)  // 2^53 + 1
  TEST_I2D(26, fcvt.d.l, 0x0020000000000001, rup, 0x4340000000000001, FF_NX)
  TEST_I2D(27, fcvt.d.lu, 0xffffffffffffffff, rne, 0x43f0000000000000, FF_NX)
  TEST_I2D(28, fcvt.d.lu, 0xffffffffffffffff, rtz, 0x43efffffffffffff, FF_NX)
  TEST_CMP(29, feq.d, ONE, ONE, 1, 0)
  TEST_CMP(30, flt.d, 0x8000000000000000, 0, 0, 0)
  TEST_CMP(31, fle.d, 0x8000000000000000, 0, 1, 0)
  TEST_CMP(32, feq.d, SNAN, SNAN, 0, FF_NV)
  TEST_CMP(33, feq.d, QNAN, ONE, 0, 0)
  TEST_CMP(34, fle.d, QNAN, ONE, 0, FF_NV)
  TEST_CMP(35, flt.d, 0xbff0000000000000, ONE, 1, 0)
  TEST_FICASE(36, a0, 0x001, 0, LOAD_D(f1, NINF) fclass.d a0, f1)
  TEST_FICASE(37, a0, 0x002, 0, LOAD_D(f1, 0xbff0000000000000) fclass.d a0, f1)
  TEST_FICASE(38, a0, 0x004, 0, LOAD_D(f1, 0x800fffffffffffff) fclass.d a0, f1)
  TEST_FICASE(39, a0, 0x008, 0, LOAD_D(f1, 0x8000000000000000) fclass.d a0, f1)
  TEST_FICASE(40, a0, 0x010, 0, LOAD_D(f1, 0) fclass.d a0, f1)
  TEST_FICASE(41, a0, 0x020, 0, LOAD_D(f1, 1) fclass.d a0, f1)
  TEST_FICASE(42, a0, 0x040, 0, LOAD_D(f1, ONE) fclass.d a0, f1)
  TEST_FICASE(43, a0, 0x080, 0, LOAD_D(f1, PINF) fclass.d a0, f1)
  TEST_FICASE(44, a0, 0x100, 0, LOAD_D(f1, SNAN) fclass.d a0, f1)
  TEST_FICASE(45, a0, 0x200, 0, LOAD_D(f1, QNAN) fclass.d a0, f1)
  TEST_FICASE(46, a0, 0xfff0000000000001, 0, li a1, 0xfff0000000000001; fmv.d.x f1, a1; fmv.x.d a0, f1)
  TEST_NUM(47)
  la s0, data
  fld f1, 0(s0)
  fsd f1, 8(s0)
  ld a0, 8(s0)
  CHECK_REG(a0, 0x400921fb54442d18)
  fld f2, 16(s0)          // a signalling NaN moves unchanged
  fsd f2, 8(s0)
  ld a0, 8(s0)
  CHECK_REG(a0, SNAN)
  // fsw of a double register stores its low 32 bits
  TEST_NUM(48)
  fsw f1, 24(s0)
  lwu a0, 24(s0)
  CHECK_REG(a0, 0x54442d18)
  TEST_PASS
TEST_END

  .p2align 3
data:
  .dword 0x400921fb54442d18
  .dword 0
  .dword 0x7ff0000000000001
  .dword 0
