// RV64I loads and stores: every width, sign and zero extension, positive and
// negative offsets, store-to-load forwarding of partial words, and
// misaligned accesses (npuvp completes them in hardware, without a trap).
#include "npuvp_test.h"

TEST_BEGIN
  la s0, buf          // buf holds 0x8877665544332211, 0xf0debc9a78563412
  // loads at every width, from the little-endian doubleword
  TEST_CASE( 1, a0, 0x0000000000000011, lbu a0, 0(s0))
  TEST_CASE( 2, a0, 0xffffffffffffff88, lb a0, 7(s0))
  TEST_CASE( 3, a0, 0x0000000000000088, lbu a0, 7(s0))
  TEST_CASE( 4, a0, 0x0000000000002211, lh a0, 0(s0))
  TEST_CASE( 5, a0, 0xffffffffffff8877, lh a0, 6(s0))
  TEST_CASE( 6, a0, 0x0000000000008877, lhu a0, 6(s0))
  TEST_CASE( 7, a0, 0x0000000044332211, lw a0, 0(s0))
  TEST_CASE( 8, a0, 0xffffffff88776655, lw a0, 4(s0))
  TEST_CASE( 9, a0, 0x0000000088776655, lwu a0, 4(s0))
  TEST_CASE(10, a0, 0x8877665544332211, ld a0, 0(s0))
  TEST_CASE(11, a0, 0xf0debc9a78563412, ld a0, 8(s0))
  // negative offsets
  TEST_CASE(12, a0, 0x8877665544332211, addi a1, s0, 16; ld a0, -16(a1))
  TEST_CASE(13, a0, 0xfffffffffffffff0, addi a1, s0, 2047; lb a0, -2032(a1))
  // stores of every width into a zeroed doubleword
  la s1, scratch
  TEST_CASE(14, a0, 0x00000000000000ab, sd zero, 0(s1); li a1, 0x12ab; sb a1, 0(s1); ld a0, 0(s1))
  TEST_CASE(15, a0, 0x00000000cdef00ab, li a1, 0x1234cdef; sh a1, 2(s1); ld a0, 0(s1))
  TEST_CASE(16, a0, 0x89abcdefcdef00ab, li a1, 0x0123456789abcdef; sw a1, 4(s1); ld a0, 0(s1))
  TEST_CASE(17, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; sd a1, 0(s1); ld a0, 0(s1))
  TEST_CASE(18, a0, 0x0123456789ab5a5a, li a1, 0x5a5a; sh a1, 0(s1); ld a0, 0(s1))
  TEST_CASE(19, a0, 0xffffffffffffff89, lb a0, 3(s1))
  // a store then loads of its parts
  TEST_CASE(20, a0, 0x000000000000fedc, li a1, 0xfedcba9876543210; sd a1, 8(s1); lhu a0, 14(s1))
  TEST_CASE(21, a0, 0xffffffffba987654, lw a0, 10(s1))   // misaligned
  // loads into x0 have no effect on x0
  TEST_CASE(22, a0, 0, ld zero, 0(s0); mv a0, zero)
  // a load whose base register is also its destination
  TEST_CASE(23, a0, 0x8877665544332211, mv a0, s0; ld a0, 0(a0))

  // misaligned loads complete: every offset 1..7 within a doubleword pair
  TEST_CASE(24, a0, 0x1288776655443322, ld a0, 1(s0))
  TEST_CASE(25, a0, 0x00f0debc9a785634, ld a0, 9(s0))
  TEST_CASE(26, a0, 0x3412887766554433, ld a0, 2(s0))
  TEST_CASE(27, a0, 0x7856341288776655, ld a0, 4(s0))
  TEST_CASE(28, a0, 0xffffffffdebc9a78, lw a0, 11(s0))
  TEST_CASE(29, a0, 0x00000000debc9a78, lwu a0, 11(s0))
  TEST_CASE(30, a0, 0x0000000012887766, lwu a0, 5(s0))
  TEST_CASE(31, a0, 0x0000000000001288, lhu a0, 7(s0))
  TEST_CASE(32, a0, 0xffffffffffff9a78, lh a0, 11(s0))
  // misaligned stores complete and write exactly their bytes
  TEST_NUM(33)
  sd zero, 0(s1)
  sd zero, 8(s1)
  li a1, 0x1122334455667788
  sd a1, 3(s1)
  ld a0, 0(s1)
  CHECK_REG(a0, 0x4455667788000000)
  ld a0, 8(s1)
  CHECK_REG(a0, 0x0000000000112233)
  TEST_NUM(34)
  li a1, 0xa1b2c3d4
  sw a1, 7(s1)
  ld a0, 0(s1)
  CHECK_REG(a0, 0xd455667788000000)
  ld a0, 8(s1)
  CHECK_REG(a0, 0x0000000000a1b2c3)
  TEST_NUM(35)
  li a1, 0xbeef
  sh a1, 15(s1)
  ld a0, 8(s1)
  CHECK_REG(a0, 0xef00000000a1b2c3)
  lbu a0, 16(s1)
  CHECK_REG(a0, 0xbe)
  TEST_PASS
TEST_END

buf:
  .dword 0x8877665544332211
  .dword 0xf0debc9a78563412
  .dword 0
scratch:
  .dword 0, 0, 0, 0
