// RV64D arithmetic: results bit for bit with their exception flags, rounding
// modes, NaN handling, fused multiply-add, sign injection, and the
// single <-> double conversions (unprivileged spec, ch. 12).
#include "npuvp_test.h"

#define ONE      0x3ff0000000000000
#define TWO      0x4000000000000000
#define THREE    0x4008000000000000
#define HALF     0x3fe0000000000000
#define MINUS1   0xbff0000000000000
#define QNAN     0x7ff8000000000000
#define SNAN     0x7ff0000000000001
#define PINF     0x7ff0000000000000
#define MAXD     0x7fefffffffffffff
#define EPS_HALF 0x3ca0000000000000   // 2^-53

#define TEST_D2(n, op, a, b, expected, flags) \
  TEST_FCASE_D(n, f3, expected, flags, LOAD_D(f1, a) LOAD_D(f2, b) op f3, f1, f2)
#define TEST_D3(n, op, a, b, c, expected, flags) \
  TEST_FCASE_D(n, f4, expected, flags, LOAD_D(f1, a) LOAD_D(f2, b) LOAD_D(f3, c) op f4, f1, f2, f3)

TEST_BEGIN
  TEST_D2( 1, fadd.d, ONE, TWO, THREE, 0)
  TEST_D2( 2, fadd.d, ONE, EPS_HALF, ONE, FF_NX)                 // tie to even
  TEST_FCASE_D( 3, f3, 0x3ff0000000000001, FF_NX, LOAD_D(f1, ONE) LOAD_D(f2, EPS_HALF) fadd.d f3, f1, f2, rup)
  TEST_FCASE_D( 4, f3, 0x3ff0000000000001, FF_NX, LOAD_D(f1, ONE) LOAD_D(f2, EPS_HALF) fadd.d f3, f1, f2, rmm)
  TEST_D2( 5, fsub.d, 0x3ff8000000000000, 0x4004000000000000, MINUS1, 0)  // 1.5 - 2.5
  TEST_D2( 6, fmul.d, THREE, 0xbfe0000000000000, 0xbff8000000000000, 0)
  TEST_D2( 7, fmul.d, MAXD, TWO, PINF, FF_OF | FF_NX)
  TEST_FCASE_D( 8, f3, MAXD, FF_OF | FF_NX, LOAD_D(f1, MAXD) LOAD_D(f2, TWO) fmul.d f3, f1, f2, rdn)
  TEST_FCASE_D( 9, f3, 0xfff0000000000000, FF_OF | FF_NX, LOAD_D(f1, MAXD) LOAD_D(f2, 0xc000000000000000) fmul.d f3, f1, f2, rdn)
  TEST_D2(10, fdiv.d, ONE, THREE, 0x3fd5555555555555, FF_NX)
  TEST_FCASE_D(11, f3, 0x3fd5555555555556, FF_NX, LOAD_D(f1, ONE) LOAD_D(f2, THREE) fdiv.d f3, f1, f2, rup)
  TEST_D2(12, fdiv.d, MINUS1, 0, 0xfff0000000000000, FF_DZ)
  TEST_D2(13, fdiv.d, PINF, PINF, QNAN, FF_NV)
  TEST_D2(14, fadd.d, SNAN, ONE, QNAN, FF_NV)
  TEST_D2(15, fadd.d, 0x7ff8000000000123, ONE, QNAN, 0)
  TEST_FCASE_D(16, f3, 0x3ff6a09e667f3bcd, FF_NX, LOAD_D(f1, TWO) fsqrt.d f3, f1)
  TEST_FCASE_D(17, f3, 0x4010000000000000, 0, LOAD_D(f1, 0x4030000000000000) fsqrt.d f3, f1)  // sqrt 16
  TEST_FCASE_D(18, f3, QNAN, FF_NV, LOAD_D(f1, 0xbff0000000000000) fsqrt.d f3, f1)
  TEST_D2(19, fmin.d, 0x8000000000000000, 0, 0x8000000000000000, 0)
  TEST_D2(20, fmax.d, 0x8000000000000000, 0, 0, 0)
  TEST_D2(21, fmin.d, SNAN, TWO, TWO, FF_NV)
  TEST_D2(22, fmax.d, QNAN, QNAN, QNAN, 0)
  TEST_D3(23, fmadd.d, TWO, THREE, ONE, 0x401c000000000000, 0)
  TEST_D3(24, fmsub.d, TWO, THREE, ONE, 0x4014000000000000, 0)
  TEST_D3(25, fnmadd.d, TWO, THREE, ONE, 0xc01c000000000000, 0)
  TEST_D3(26, fnmsub.d, TWO, THREE, ONE, 0xc014000000000000, 0)
  // (1 + 2^-27)^2 - 1 = 2^-26 + 2^-54 with a single rounding
  TEST_D3(27, fmadd.d, 0x3ff0000002000000, 0x3ff0000002000000, MINUS1, 0x3e50000001000000, 0)
  TEST_D2(28, fsgnj.d, ONE, 0xc000000000000000, MINUS1, 0)
  TEST_D2(29, fsgnjn.d, MINUS1, MINUS1, ONE, 0)
  TEST_D2(30, fsgnjx.d, MINUS1, MINUS1, ONE, 0)
  // subnormal results: exact raises nothing, inexact raises UF and NX
  TEST_D2(31, fmul.d, 0x0010000000000000, HALF, 0x0008000000000000, 0)
  TEST_D2(32, fmul.d, 0x0010000000000001, HALF, 0x0008000000000000, FF_UF | FF_NX)
  // double -> single rounds; single -> double is exact
  TEST_FCASE_S(33, f3, 0x3eaaaaab, FF_NX, LOAD_D(f1, 0x3fd5555555555555) fcvt.s.d f3, f1)
  TEST_FCASE_S(34, f3, 0x3eaaaaaa, FF_NX, LOAD_D(f1, 0x3fd5555555555555) fcvt.s.d f3, f1, rtz)
  TEST_FCASE_S(35, f3, 0x7f800000, FF_OF | FF_NX, LOAD_D(f1, MAXD) fcvt.s.d f3, f1)
  TEST_FCASE_S(36, f3, 0x7fc00000, FF_NV, LOAD_D(f1, SNAN) fcvt.s.d f3, f1)
  TEST_FCASE_S(37, f3, 0x00000001, FF_UF | FF_NX, LOAD_D(f1, 0x36a0000000000001) fcvt.s.d f3, f1)  // just above 2^-150
  TEST_FCASE_D(38, f3, 0x3fd5555560000000, 0, LOAD_S(f1, 0x3eaaaaab) fcvt.d.s f3, f1)
  TEST_FCASE_D(39, f3, 0x7ff8000000000000, FF_NV, LOAD_S(f1, 0x7f800001) fcvt.d.s f3, f1)
  TEST_FCASE_D(40, f3, 0x36a0000000000000, 0, LOAD_S(f1, 0x00000001) fcvt.d.s f3, f1)  // subnormal single
  TEST_FCASE_D(41, f3, 0x7ff8000000000000, 0, li a1, 0x3f800000; fmv.d.x f1, a1; fcvt.d.s f3, f1)  // unboxed
  TEST_PASS
TEST_END
