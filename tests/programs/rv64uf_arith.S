// RV64F arithmetic: results bit for bit and the exception flags they raise,
// the static and dynamic rounding modes, NaN handling (canonical NaN,
// signalling NaNs, min/max), fused multiply-add with one rounding, sign
// injection and NaN-boxing of single-precision values in the 64-bit f
// registers (unprivileged spec, ch. 11 and 12).
#include "npuvp_test.h"

#define ONE      0x3f800000
#define TWO      0x40000000
#define THREE    0x40400000
#define HALF     0x3f000000
#define MINUS1   0xbf800000
#define QNAN     0x7fc00000   // the canonical NaN
#define SNAN     0x7f800001
#define PINF     0x7f800000
#define MAXF     0x7f7fffff

// Test n: fd = op(fs1, fs2) with operands given as bits.
#define TEST_S2(n, op, a, b, expected, flags) \
  TEST_FCASE_S(n, f3, expected, flags, LOAD_S(f1, a) LOAD_S(f2, b) op f3, f1, f2)
#define TEST_S3(n, op, a, b, c, expected, flags) \
  TEST_FCASE_S(n, f4, expected, flags, LOAD_S(f1, a) LOAD_S(f2, b) LOAD_S(f3, c) op f4, f1, f2, f3)

TEST_BEGIN
  TEST_S2( 1, fadd.s, ONE, TWO, THREE, 0)
  // 1 + 2^-24 is halfway between 1 and 1 + 2^-23: ties to even gives 1
  TEST_S2( 2, fadd.s, ONE, 0x33800000, ONE, FF_NX)
  TEST_FCASE_S( 3, f3, 0x3f800001, FF_NX, LOAD_S(f1, ONE) LOAD_S(f2, 0x33800000) fadd.s f3, f1, f2, rup)
  TEST_S2( 4, fsub.s, 0x3fc00000, 0x40200000, MINUS1, 0)        // 1.5 - 2.5
  TEST_S2( 5, fmul.s, THREE, 0xbf000000, 0xbfc00000, 0)         // 3 * -0.5
  TEST_S2( 6, fmul.s, MAXF, TWO, PINF, FF_OF | FF_NX)
  TEST_FCASE_S( 7, f3, MAXF, FF_OF | FF_NX, LOAD_S(f1, MAXF) LOAD_S(f2, TWO) fmul.s f3, f1, f2, rtz)
  TEST_S2( 8, fdiv.s, ONE, THREE, 0x3eaaaaab, FF_NX)
  TEST_S2( 9, fdiv.s, ONE, 0, PINF, FF_DZ)
  TEST_S2(10, fdiv.s, 0, 0, QNAN, FF_NV)
  TEST_S2(11, fsub.s, PINF, PINF, QNAN, FF_NV)
  TEST_S2(12, fmul.s, 0, PINF, QNAN, FF_NV)
  // a quiet NaN operand gives the canonical NaN without flags, a signalling one with NV
  TEST_S2(13, fadd.s, 0x7fc12345, ONE, QNAN, 0)
  TEST_S2(14, fadd.s, SNAN, ONE, QNAN, FF_NV)
  // square root
  TEST_FCASE_S(15, f3, TWO, 0, LOAD_S(f1, 0x40800000) fsqrt.s f3, f1)
  TEST_FCASE_S(16, f3, 0x3fb504f3, FF_NX, LOAD_S(f1, TWO) fsqrt.s f3, f1)
  TEST_FCASE_S(17, f3, QNAN, FF_NV, LOAD_S(f1, MINUS1) fsqrt.s f3, f1)
  TEST_FCASE_S(18, f3, 0x80000000, 0, LOAD_S(f1, 0x80000000) fsqrt.s f3, f1)
  // min / max: -0 < +0; one NaN operand gives the other; signalling NaN sets NV
  TEST_S2(19, fmin.s, 0x80000000, 0x00000000, 0x80000000, 0)
  TEST_S2(20, fmax.s, 0x80000000, 0x00000000, 0x00000000, 0)
  TEST_S2(21, fmin.s, QNAN, ONE, ONE, 0)
  TEST_S2(22, fmax.s, ONE, SNAN, ONE, FF_NV)
  TEST_S2(23, fmax.s, QNAN, 0x7fc00001, QNAN, 0)
  TEST_S2(24, fmin.s, MINUS1, TWO, MINUS1, 0)
  // fused multiply-add: 2*3+1, 2*3-1, -(2*3)-1, -(2*3)+1
  TEST_S3(25, fmadd.s, TWO, THREE, ONE, 0x40e00000, 0)
  TEST_S3(26, fmsub.s, TWO, THREE, ONE, 0x40a00000, 0)
  TEST_S3(27, fnmadd.s, TWO, THREE, ONE, 0xc0e00000, 0)
  TEST_S3(28, fnmsub.s, TWO, THREE, ONE, 0xc0a00000, 0)
  // (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly with one rounding (two roundings give 2^-11)
  TEST_S3(29, fmadd.s, 0x3f800800, 0x3f800800, MINUS1, 0x3a000400, 0)
  // inf * 0 + qNaN is invalid
  TEST_S3(30, fmadd.s, PINF, 0, QNAN, QNAN, FF_NV)
  // sign injection
  TEST_S2(31, fsgnj.s, ONE, 0xc0000000, MINUS1, 0)
  TEST_S2(32, fsgnjn.s, ONE, 0xc0000000, ONE, 0)
  TEST_S2(33, fsgnjx.s, MINUS1, 0xc0000000, ONE, 0)
  TEST_S2(34, fsgnjx.s, MINUS1, TWO, MINUS1, 0)
  TEST_FCASE_S(35, f3, 0x7f800001 | 0x80000000, 0, LOAD_S(f1, SNAN) fneg.s f3, f1)  // no canonicalisation
  TEST_FCASE_S(36, f3, PINF, 0, LOAD_S(f1, 0xff800000) fabs.s f3, f1)
  // underflow: a tiny exact result raises nothing; a tiny inexact one UF and NX
  TEST_S2(37, fmul.s, 0x00800000, HALF, 0x00400000, 0)
  TEST_S2(38, fmul.s, 0x00800001, HALF, 0x00400000, FF_UF | FF_NX)
  // dynamic rounding mode from frm: 1/3 and -1/3
  TEST_FCASE_S(39, f3, 0x3eaaaaaa, FF_NX, fsrmi 2; LOAD_S(f1, ONE) LOAD_S(f2, THREE) fdiv.s f3, f1, f2, dyn)
  TEST_FCASE_S(40, f3, 0xbeaaaaab, FF_NX, fsrmi 2; LOAD_S(f1, MINUS1) LOAD_S(f2, THREE) fdiv.s f3, f1, f2)
  TEST_FCASE_S(41, f3, 0xbeaaaaaa, FF_NX, fsrmi 1; LOAD_S(f1, MINUS1) LOAD_S(f2, THREE) fdiv.s f3, f1, f2)
  TEST_FCASE_S(42, f3, 0x3eaaaaab, FF_NX, fsrmi 3; LOAD_S(f1, ONE) LOAD_S(f2, THREE) fdiv.s f3, f1, f2)
  // round to nearest, ties to max magnitude: 1 + 2^-24 rounds up
  TEST_FCASE_S(43, f3, 0x3f800001, FF_NX, fsrmi 4; LOAD_S(f1, ONE) LOAD_S(f2, 0x33800000) fadd.s f3, f1, f2)
  TEST_FCASE_S(44, f3, ONE, FF_NX, fsrmi 0; LOAD_S(f1, ONE) LOAD_S(f2, 0x33800000) fadd.s f3, f1, f2)
  // fcsr is frm << 5 | fflags
  TEST_NUM(45)
  li a0, 0x65
  csrw fcsr, a0
  frrm a1
  CHECK_REG(a1, 3)
  frflags a1
  CHECK_REG(a1, 5)
  csrr a1, fcsr
  CHECK_REG(a1, 0x65)
  fsrmi 0
  csrr a1, fcsr
  CHECK_REG(a1, 0x05)
  csrwi fflags, 0x1f
  csrr a1, fcsr
  CHECK_REG(a1, 0x1f)
  csrwi fcsr, 0
  // results are NaN-boxed: the upper 32 bits of the f register are all ones
  TEST_NUM(46)
  LOAD_S(f1, ONE)
  LOAD_S(f2, TWO)
  fadd.s f3, f1, f2
  fmv.x.d a0, f3
  CHECK_REG(a0, 0xffffffff40400000)
  // an operand that is not NaN-boxed is the canonical NaN
  TEST_NUM(47)
  li a0, 0x000000003f800000
  fmv.d.x f1, a0
  fadd.s f3, f1, f1
  CHECK_FREG_S(f3, QNAN)
  CHECK_FFLAGS(0)
  fsgnj.s f3, f1, f1
  CHECK_FREG_S(f3, QNAN)
  TEST_PASS
TEST_END
