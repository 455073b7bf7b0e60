// Counters (Zicntr and the machine counters): cycle, time and instret move
// forward; instret counts exactly the instructions retired; a CSR write to
// minstret/mcycle is what the next instruction reads; mcountinhibit stops
// them; mcounteren gates U-mode access (privileged spec ch. 3, unpriv. ch. 10).
#include "npuvp_test.h"

#define CAUSE_ILLEGAL 2

TEST_BEGIN
  TEST_TRAP_INSTALL
  // cycle goes up
  TEST_NUM(1)
  rdcycle a0
  li t1, 100
1:
  addi t1, t1, -1
  bnez t1, 1b
  rdcycle a1
  bleu a1, a0, npuvp_test_fail
  // the user counters alias the machine ones
  TEST_NUM(2)
  csrr a0, mcycle
  rdcycle a1
  bltu a1, a0, npuvp_test_fail
  // instret counts each retired instruction: a read sees the count before it
  TEST_NUM(3)
  rdinstret a0
  rdinstret a1
  sub a2, a1, a0
  CHECK_REG(a2, 1)
  TEST_NUM(4)
  rdinstret a0
  nop
  nop
  nop
  addi zero, zero, 0
  rdinstret a1
  sub a2, a1, a0
  CHECK_REG(a2, 5)
  TEST_NUM(5)                   // a loop of 10 x 2 instructions
  li t1, 10
  rdinstret a0
1:
  addi t1, t1, -1
  bnez t1, 1b
  rdinstret a1
  sub a2, a1, a0
  CHECK_REG(a2, 21)
  // a value written to minstret is the value the next instruction reads
  TEST_NUM(6)
  li a0, 1000
  csrw minstret, a0
  csrr a1, minstret
  csrr a2, minstret
  CHECK_REG(a1, 1000)
  CHECK_REG(a2, 1001)
  // mcountinhibit.IR stops instret, .CY stops cycle
  TEST_NUM(7)
  csrwi mcountinhibit, 4
  csrr a0, minstret
  nop
  nop
  csrr a1, minstret
  CHECK_EQ(a0, a1)
  csrwi mcountinhibit, 1
  csrr a0, mcycle
  nop
  nop
  csrr a1, mcycle
  CHECK_EQ(a0, a1)
  csrwi mcountinhibit, 0
  csrr a0, mcountinhibit
  CHECK_REG(a0, 0)
  TEST_NUM(8)                   // counting again
  csrr a0, mcycle
  nop
  nop
  csrr a1, mcycle
  bleu a1, a0, npuvp_test_fail
  // time follows the CLINT's mtime and does not go back
  TEST_NUM(9)
  rdtime a0
  li t1, 20000
1:
  addi t1, t1, -1
  bnez t1, 1b
  rdtime a1
  bleu a1, a0, npuvp_test_fail
  li t0, 0x0200bff8
  ld a2, 0(t0)
  bltu a2, a1, npuvp_test_fail
  // U mode: counters are illegal unless mcounteren allows them
  TEST_NUM(10)
  csrw mcounteren, zero
  TEST_TRAP(11, CAUSE_ILLEGAL, li t0, 0x1800; csrc mstatus, t0; la t0, user_cycle; csrw mepc, t0; mret)
  TEST_TRAP(12, CAUSE_ILLEGAL, li t0, 0x1800; csrc mstatus, t0; la t0, user_instret; csrw mepc, t0; mret)
  TEST_TRAP(13, CAUSE_ILLEGAL, li t0, 0x1800; csrc mstatus, t0; la t0, user_time; csrw mepc, t0; mret)
  TEST_NUM(14)
  li t0, 7
  csrw mcounteren, t0
  csrr a0, mcounteren
  CHECK_REG(a0, 7)
  // now all three are readable: each user snippet ends with ecall (cause 8)
  TEST_TRAP(15, 8, li t0, 0x1800; csrc mstatus, t0; la t0, user_cycle; csrw mepc, t0; mret)
  TEST_TRAP(16, 8, li t0, 0x1800; csrc mstatus, t0; la t0, user_instret; csrw mepc, t0; mret)
  TEST_TRAP(17, 8, li t0, 0x1800; csrc mstatus, t0; la t0, user_time; csrw mepc, t0; mret)
  // machine counters are never readable from U mode
  TEST_TRAP(18, CAUSE_ILLEGAL, li t0, 0x1800; csrc mstatus, t0; la t0, user_mcycle; csrw mepc, t0; mret)
  TEST_PASS
TEST_END

  .text
user_cycle:
  rdcycle a0
  ecall
user_instret:
  rdinstret a0
  ecall
user_time:
  rdtime a0
  ecall
user_mcycle:
  csrr a0, mcycle
  ecall
