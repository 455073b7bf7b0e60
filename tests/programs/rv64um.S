// RV64M: multiplication (low and high halves, every signedness), division
// and remainder including division by zero and signed overflow, and the
// 32-bit W forms (unprivileged spec, ch. 7).
#include "npuvp_test.h"

#define RR(op) op a0, a1, a2
#define TEST_RR(n, op, v1, v2, expected) TEST_CASE(n, a0, expected, li a1, v1; li a2, v2; RR(op))

TEST_BEGIN
  TEST_RR( 1, mul, 7, -3, -21)
  TEST_RR( 2, mul, 0x100000001, 0x100000001, 0x0000000200000001)
  TEST_RR( 3, mul, 0x8000000000000000, 2, 0)
  TEST_RR( 4, mulh, -1, -1, 0)
  TEST_RR( 5, mulh, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000)
  TEST_RR( 6, mulh, 0x7fffffffffffffff, 2, 0)
  TEST_RR( 7, mulh, -2, 3, -1)
  TEST_RR( 8, mulhu, -1, -1, 0xfffffffffffffffe)
  TEST_RR( 9, mulhu, 0x8000000000000000, 4, 2)
  TEST_RR(10, mulhsu, -1, -1, -1)       // -1 * (2^64-1) = -(2^64) + 1: high = -1
  TEST_RR(11, mulhsu, 2, -1, 1)         // 2 * (2^64-1): high = 1
  TEST_RR(12, mulhsu, 0x8000000000000000, 0x8000000000000000, 0xc000000000000000)
  TEST_RR(13, mulw, 0x7fffffff, 2, 0xfffffffffffffffe)
  TEST_RR(14, mulw, 0x123456789, 0x10, 0x0000000034567890)
  TEST_RR(15, mulw, 0x10000, 0x8000, 0xffffffff80000000)
  // division rounds toward zero; remainder takes the dividend's sign
  TEST_RR(16, div, 20, 6, 3)
  TEST_RR(17, div, -20, 6, -3)
  TEST_RR(18, div, 20, -6, -3)
  TEST_RR(19, rem, -20, 6, -2)
  TEST_RR(20, rem, 20, -6, 2)
  TEST_RR(21, divu, -20, 6, 0x2aaaaaaaaaaaaaa7)
  TEST_RR(22, remu, -20, 6, 2)
  // division by zero: quotient all ones, remainder the dividend
  TEST_RR(23, div, 5, 0, -1)
  TEST_RR(24, divu, 5, 0, 0xffffffffffffffff)
  TEST_RR(25, rem, -5, 0, -5)
  TEST_RR(26, remu, 5, 0, 5)
  // signed overflow: -2^63 / -1 = -2^63, remainder 0
  TEST_RR(27, div, 0x8000000000000000, -1, 0x8000000000000000)
  TEST_RR(28, rem, 0x8000000000000000, -1, 0)
  // W forms work on the low 32 bits and sign-extend the 32-bit result
  TEST_RR(29, divw, 0xffffffff00000014, 0x00000000fffffffa, -3)
  TEST_RR(30, divuw, 0x00000000ffffffec, 6, 0x000000002aaaaaa7)
  TEST_RR(31, divuw, 0x00000000fffffffe, 1, 0xfffffffffffffffe)
  TEST_RR(32, remw, 0x00000000ffffffec, 6, -2)
  TEST_RR(33, remuw, 0x00000000ffffffec, 6, 2)
  TEST_RR(34, divw, 0x80000000, -1, 0xffffffff80000000)
  TEST_RR(35, remw, 0x80000000, -1, 0)
  TEST_RR(36, divw, 7, 0x100000000, -1)          // low 32 bits of divisor are 0
  TEST_RR(37, divuw, 7, 0, 0xffffffffffffffff)
  TEST_RR(38, remw, 0x1fffffff9, 0, -7)          // remainder = sext(low 32 of dividend)
  TEST_RR(39, remuw, 0x1fffffff9, 0, 0xfffffffffffffff9)
  // rd overlapping a source
  TEST_CASE(40, a1, 42, li a1, 6; li a2, 7; mul a1, a1, a2)
  TEST_CASE(41, a2, 3, li a1, 21; li a2, 7; divu a2, a1, a2)
  TEST_PASS
TEST_END
