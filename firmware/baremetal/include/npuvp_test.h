// Macros for self-checking assembly test programs (.S files, run through the
// C preprocessor). A program is a sequence of numbered test cases; the first
// one that fails ends the run with its number as the exit status, and a run
// that reaches TEST_PASS exits with 0.
//
//   #include "npuvp_test.h"
//   TEST_BEGIN
//     TEST_CASE(2, a0, 5, li a1, 2; li a2, 3; add a0, a1, a2)
//   TEST_PASS
//   TEST_END
//
// Conventions: s11 (x27) holds the number of the running test and t6 (x31)
// is the comparison scratch; test code must not change them (except where a
// macro says otherwise). Test numbers are 1..250: 255 is the runtime's
// "unexpected trap" status. Programs start in main (after crt0) in M mode,
// with the FPU on and the runtime's trap vector in mtvec.
#pragma once

#define TESTNUM s11
#define TESTTMP t6

// Start of the program's code: defines main.
#define TEST_BEGIN      \
  .text;                \
  .globl main;          \
  .p2align 2;           \
  main:

// End the run: success.
#define TEST_PASS \
  li a0, 0;       \
  call htif_exit;

// End the run: the current test number (>= 1) as the status.
#define TEST_FAIL      \
  mv a0, TESTNUM;      \
  bnez a0, 1f;         \
  li a0, 254;          \
  1: call htif_exit;

// The shared failure path every check branches to, the trap handler of
// TEST_TRAP, and the data section.
#define TEST_END          \
  .p2align 2;             \
  npuvp_test_fail:        \
  TEST_FAIL               \
  TEST_TRAP_HANDLER       \
  .data;                  \
  .p2align 3;

// ---- Expected traps. TEST_TRAP_INSTALL points mtvec at a handler that
// records mcause in s2, mepc in s3, mtval in s4 and mstatus in s5, counts
// traps in s6, and resumes in M mode at the address in s10. s2..s6, s10 and
// t0 belong to these macros in programs that use them.
#define TEST_TRAP_INSTALL       \
  la t0, npuvp_test_trap;       \
  csrw mtvec, t0;               \
  li s6, 0;

#define TEST_TRAP_HANDLER       \
  .p2align 2;                   \
  npuvp_test_trap:              \
  csrr s2, mcause;              \
  csrr s3, mepc;                \
  csrr s4, mtval;               \
  csrr s5, mstatus;             \
  addi s6, s6, 1;               \
  li t0, 0x1800;                \
  csrs mstatus, t0;             \
  csrw mepc, s10;               \
  mret;

// Test n: `code` must trap with mcause `cause`; execution goes on after the
// macro (checks of s3/s4/s5 may follow). Code after the trapping
// instruction inside `code` never runs.
#define TEST_TRAP(n, cause, ...) \
  TEST_NUM(n)                    \
  la s10, 9f;                    \
  li s2, -1;                     \
  __VA_ARGS__;                   \
  j npuvp_test_fail;             \
  9:                             \
  CHECK_REG(s2, cause)

// Set the test number (for checks written by hand with CHECK_*).
#define TEST_NUM(n) li TESTNUM, n;

// Fail unless register `reg` equals the 64-bit constant `expected`.
#define CHECK_REG(reg, expected) \
  li TESTTMP, expected;          \
  bne reg, TESTTMP, npuvp_test_fail;

// Fail unless registers a and b are equal.
#define CHECK_EQ(a, b) bne a, b, npuvp_test_fail;

// Test n: run `code`, then check that `reg` holds `expected`.
#define TEST_CASE(n, reg, expected, ...) \
  TEST_NUM(n)                            \
  __VA_ARGS__;                           \
  CHECK_REG(reg, expected)

// Fail unless fflags equals `flags`, then clear fflags. Uses t5.
#define CHECK_FFLAGS(flags)              \
  csrrci t5, fflags, 0x1f;               \
  li TESTTMP, flags;                     \
  bne t5, TESTTMP, npuvp_test_fail;

// Fail unless the single in f register `freg` has the bit pattern `bits`
// (32 bits). Uses t5.
#define CHECK_FREG_S(freg, bits)         \
  fmv.x.w t5, freg;                      \
  slli t5, t5, 32;                       \
  srli t5, t5, 32;                       \
  li TESTTMP, bits;                      \
  bne t5, TESTTMP, npuvp_test_fail;

// Fail unless the double in `freg` has the bit pattern `bits`. Uses t5.
#define CHECK_FREG_D(freg, bits)         \
  fmv.x.d t5, freg;                      \
  li TESTTMP, bits;                      \
  bne t5, TESTTMP, npuvp_test_fail;

// Test n (single precision): clear fflags, run `code`, then check the bits
// of `freg` and the exception flags it raised.
#define TEST_FCASE_S(n, freg, bits, flags, ...) \
  TEST_NUM(n)                                   \
  csrwi fflags, 0;                              \
  __VA_ARGS__;                                  \
  CHECK_FREG_S(freg, bits)                      \
  CHECK_FFLAGS(flags)

// Test n (double precision), like TEST_FCASE_S.
#define TEST_FCASE_D(n, freg, bits, flags, ...) \
  TEST_NUM(n)                                   \
  csrwi fflags, 0;                              \
  __VA_ARGS__;                                  \
  CHECK_FREG_D(freg, bits)                      \
  CHECK_FFLAGS(flags)

// Test n: clear fflags, run `code`, check the integer register `reg` and the
// flags (compares, conversions to integer, classify, moves).
#define TEST_FICASE(n, reg, expected, flags, ...) \
  TEST_NUM(n)                                     \
  csrwi fflags, 0;                                \
  __VA_ARGS__;                                    \
  CHECK_REG(reg, expected)                        \
  CHECK_FFLAGS(flags)

// Load a single / double constant (given as bits) into an f register. Uses t5.
#define LOAD_S(freg, bits) \
  li t5, bits;             \
  fmv.w.x freg, t5;
#define LOAD_D(freg, bits) \
  li t5, bits;             \
  fmv.d.x freg, t5;

// fflags bits
#define FF_NX 0x01
#define FF_UF 0x02
#define FF_OF 0x04
#define FF_DZ 0x08
#define FF_NV 0x10
