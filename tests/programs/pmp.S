// Physical memory protection (privileged spec v1.12, 3.7): the CSRs' WARL
// rules, OFF/TOR/NA4/NAPOT matching, U-mode load/store/AMO/fetch access
// faults with mcause/mepc/mtval, the lowest-numbered matching entry
// deciding, partial matches failing, U-mode accesses no entry matches
// failing, M mode unchecked unless an entry is locked, mstatus.MPRV, and
// locking (last: a lock holds until reset). Runs with the default 16
// entries and G = 0.
#include "npuvp_test.h"

#define CAUSE_FETCH_FAULT 1
#define CAUSE_ILLEGAL     2
#define CAUSE_LOAD_FAULT  5
#define CAUSE_STORE_FAULT 7
#define CAUSE_ECALL_U     8
#define R 1
#define W 2
#define X 4
#define TOR   (1 << 3)
#define NA4   (2 << 3)
#define NAPOT (3 << 3)
#define LOCK  0x80
#define MPRV  (1 << 17)

// Enter U mode at label `to` (mret with MPP = U); a0/a1 carry operands.
#define GOTO_USER(to)    \
  li t0, 0x1800;         \
  csrc mstatus, t0;      \
  la t0, to;             \
  csrw mepc, t0;         \
  mret;

// Test n: U mode runs routine `to` with a0 = addr; it traps with `cause`
// (an ecall from U when the access is allowed) and, for a fault, mtval = addr.
#define USER_FAULT(n, cause, to, addr) \
  TEST_TRAP(n, cause, la a0, addr; GOTO_USER(to)) \
  CHECK_EQ(s4, a0)                                 \
  la t1, to;                                       \
  CHECK_EQ(s3, t1)
#define USER_OK(n, to, addr) TEST_TRAP(n, CAUSE_ECALL_U, la a0, addr; GOTO_USER(to))

TEST_BEGIN
  TEST_TRAP_INSTALL
  // crt0 gave U mode everything through entry 0: move that to entry 15 for
  // M mode's own use below, then switch it off, so that U mode can reach
  // only what the entries below give it.
  csrw pmpcfg0, zero
  csrw pmpcfg2, zero

  // ---- CSRs
  TEST_NUM(1)
  li t0, -1
  csrw pmpaddr1, t0
  csrr a0, pmpaddr1
  CHECK_REG(a0, 0x003fffffffffffff)      // 54 bits
  TEST_NUM(2)
  li t0, 0x7f7f
  csrw pmpcfg0, t0
  csrr a0, pmpcfg0
  CHECK_REG(a0, 0x1f1f)                  // bits 6:5 read zero
  TEST_NUM(3)
  li t0, NAPOT | W                       // R=0 W=1 is reserved
  csrw pmpcfg0, t0
  csrr a0, pmpcfg0
  CHECK_REG(a0, NAPOT)
  csrw pmpcfg0, zero
  TEST_TRAP(4, CAUSE_ILLEGAL, csrr a0, 0x3a1)   // pmpcfg1: RV32 only
  TEST_TRAP(5, CAUSE_ILLEGAL, csrw 0x3a3, zero) // pmpcfg3
  TEST_NUM(6)
  li t0, -1
  csrw 0x3a4, t0                         // pmpcfg4: entries 16..23, absent
  csrr a0, 0x3a4
  CHECK_REG(a0, 0)
  csrw 0x3c0, t0                         // pmpaddr16
  csrr a0, 0x3c0
  CHECK_REG(a0, 0)

  // ---- Entries. Data page D (8 KiB reserved, first 4 KiB covered):
  //   0: NAPOT [D, D+2K) R          1: OFF, base of 2
  //   2: TOR [D+2K, D+3K) RW        3: NA4 D+3K+0x100, no access
  //   4: NAPOT [D+3K, D+4K) RW      5: NAPOT user code page, X
  la t1, pmp_data
  srli t0, t1, 2
  ori t0, t0, 0xff                       // 2^(8+3) bytes
  csrw pmpaddr0, t0
  li t2, 2048
  add t0, t1, t2
  srli t0, t0, 2
  csrw pmpaddr1, t0
  li t2, 3072
  add t3, t1, t2
  srli t0, t3, 2
  csrw pmpaddr2, t0
  addi t0, t3, 0x100
  srli t0, t0, 2
  csrw pmpaddr3, t0
  srli t0, t3, 2
  ori t0, t0, 0x7f                       // 1 KiB
  csrw pmpaddr4, t0
  la t0, pmp_user_code
  srli t0, t0, 2
  ori t0, t0, 0x1ff                      // 4 KiB
  csrw pmpaddr5, t0
  li t0, ((NAPOT | X) << 40) | ((NAPOT | R | W) << 32) | (NA4 << 24) | ((TOR | R | W) << 16) | (NAPOT | R)
  csrw pmpcfg0, t0
  TEST_NUM(7)
  csrr a0, pmpcfg0
  CHECK_EQ(a0, t0)

  // M mode writes the data the U-mode loads read.
  li a1, 0x1122334455667788
  la t1, pmp_data
  sd a1, 0(t1)

  // ---- U mode
  USER_OK(10, u_load, pmp_data)                              // entry 0: R
  CHECK_REG(a1, 0x1122334455667788)
  USER_FAULT(11, CAUSE_STORE_FAULT, u_store, pmp_data)
  USER_FAULT(12, CAUSE_STORE_FAULT, u_amo, pmp_data)         // AMO needs W too
  USER_FAULT(13, CAUSE_LOAD_FAULT, u_load, pmp_data + 4096)  // no entry matches
  USER_OK(14, u_store, pmp_data + 2048)                      // entry 2 (TOR): RW
  USER_OK(15, u_amo, pmp_data + 3072 - 8)
  USER_FAULT(16, CAUSE_LOAD_FAULT, u_load, pmp_data + 3072 - 4)  // half in entry 2
  USER_FAULT(17, CAUSE_LOAD_FAULT, u_load, pmp_data + 2048 - 4)  // half in entry 0
  USER_FAULT(18, CAUSE_LOAD_FAULT, u_lw, pmp_data + 3072 + 0x100) // entry 3 before 4
  USER_FAULT(19, CAUSE_STORE_FAULT, u_sb, pmp_data + 3072 + 0x103)
  USER_OK(20, u_lw, pmp_data + 3072 + 0x104)                 // entry 4
  USER_OK(21, u_sb, pmp_data + 3072 + 0xff)
  // fetches: from data (no X), from M-mode code (no entry), and a 4-byte
  // instruction whose second half leaves the user code page
  TEST_TRAP(22, CAUSE_FETCH_FAULT, la a0, pmp_data; GOTO_USER(u_jump))
  la t1, pmp_data
  CHECK_EQ(s3, t1)
  CHECK_EQ(s4, t1)
  TEST_TRAP(23, CAUSE_FETCH_FAULT, la a0, main; GOTO_USER(u_jump))
  la t1, main
  CHECK_EQ(s4, t1)
  TEST_TRAP(24, CAUSE_FETCH_FAULT, GOTO_USER(u_straddle))
  la t1, u_straddle
  CHECK_EQ(s3, t1)
  addi t1, t1, 2
  CHECK_EQ(s4, t1)

  // ---- M mode: unchecked by unlocked entries
  TEST_NUM(30)
  la t1, pmp_data
  li a1, 0x55
  sd a1, 8(t1)                           // U may only read here
  ld a2, 8(t1)
  CHECK_REG(a2, 0x55)
  li t2, 3072 + 0x100
  add t2, t1, t2
  sw a1, 0(t2)                           // U may not touch this word
  li t2, 8192 - 8
  add t2, t1, t2
  sd a1, 0(t2)                           // no entry matches

  // ---- mstatus.MPRV with MPP = U: loads and stores as U mode
  TEST_NUM(31)
  li t0, 0x1800
  csrc mstatus, t0
  li t0, MPRV
  csrs mstatus, t0
  la a0, pmp_data
  ld a2, 0(a0)                           // U may read
  CHECK_REG(a2, 0x1122334455667788)
  TEST_TRAP(32, CAUSE_STORE_FAULT, la a0, pmp_data; 1: sd a1, 0(a0))
  CHECK_EQ(s4, a0)
  la t1, 1b
  CHECK_EQ(s3, t1)
  // mret left MPP = U (the least privilege) and MPRV set: still U checks.
  TEST_TRAP(33, CAUSE_LOAD_FAULT, la a0, pmp_data + 4096; ld a2, 0(a0))
  CHECK_EQ(s4, a0)
  TEST_NUM(34)                           // MPP = M: MPRV narrows nothing
  li t0, 0x1800
  csrs mstatus, t0
  la a0, pmp_data
  sd a1, 0(a0)
  TEST_NUM(35)
  li t0, 0x1800
  csrc mstatus, t0
  li t0, MPRV
  csrc mstatus, t0
  la a0, pmp_data + 4096
  ld a2, 0(a0)                           // MPRV off: M mode again

  // ---- Locks, on the second page of D (entries 0..5 do not cover it, and
  // the lowest-numbered match decides). Entry 6: NA4 at +0x10, R, locked:
  // binds M mode too.
  la t1, pmp_lock
  addi t0, t1, 0x10
  srli t0, t0, 2
  csrw pmpaddr6, t0
  li t0, (LOCK | NA4 | R) << 48
  csrs pmpcfg0, t0
  TEST_NUM(40)
  lw a2, 0x10(t1)
  TEST_TRAP(41, CAUSE_STORE_FAULT, la a0, pmp_lock + 0x10; sw a1, 0(a0))
  CHECK_EQ(s4, a0)
  TEST_TRAP(42, CAUSE_STORE_FAULT, la a0, pmp_lock + 0x10; amoor.w a2, a1, (a0))
  TEST_NUM(43)
  sw a1, 0x14(t1)                        // the next word: not entry 6
  csrr a2, pmpcfg0
  li t0, 0xff << 48
  csrc pmpcfg0, t0                       // ignored for the locked byte
  csrr a3, pmpcfg0
  CHECK_EQ(a2, a3)
  TEST_NUM(44)
  csrr a2, pmpaddr6
  csrw pmpaddr6, zero                    // ignored
  csrr a3, pmpaddr6
  CHECK_EQ(a2, a3)
  TEST_NUM(45)
  li t0, NAPOT << 8                      // the other bytes still take writes
  csrs pmpcfg0, t0
  csrr a3, pmpcfg0
  srli a3, a3, 8
  andi a3, a3, 0xff
  CHECK_REG(a3, NAPOT)
  li t0, NAPOT << 8
  csrc pmpcfg0, t0
  // Entry 8: TOR [+0x20, +0x40), R, locked: also locks pmpaddr7.
  la t1, pmp_lock
  addi t0, t1, 0x20
  srli t0, t0, 2
  csrw pmpaddr7, t0
  addi t0, t1, 0x40
  srli t0, t0, 2
  csrw pmpaddr8, t0
  li t0, LOCK | TOR | R
  csrs pmpcfg2, t0
  TEST_NUM(46)
  csrr a2, pmpaddr7
  csrw pmpaddr7, zero
  csrr a3, pmpaddr7
  CHECK_EQ(a2, a3)
  TEST_TRAP(47, CAUSE_STORE_FAULT, la a0, pmp_lock + 0x38; sd a1, 0(a0))
  TEST_TRAP(48, CAUSE_STORE_FAULT, la a0, pmp_lock + 0x1c; sd a1, 0(a0))  // partly
  TEST_NUM(49)
  la t1, pmp_lock
  sd a1, 0x40(t1)
  ld a2, 0x20(t1)
  TEST_PASS
TEST_END

  // U-mode routines: one access at a0, then ecall back to M mode.
  .section .text.pmp_user, "ax", @progbits
  .p2align 12
pmp_user_code:
u_load:
  ld a1, 0(a0)
  ecall
u_lw:
  lw a1, 0(a0)
  ecall
u_store:
  sd a1, 0(a0)
  ecall
u_sb:
  sb a1, 0(a0)
  ecall
u_amo:
  amoadd.d a1, a1, (a0)
  ecall
u_jump:
  jr a0
  .option push
  .option norvc
  .org 4094
u_straddle:          // its second half is on the page after: no entry
  addi a1, a1, 1
  ecall
  .option pop
  .p2align 12

  .data
  .p2align 13
pmp_data:
  .zero 4096
pmp_lock:
  .zero 4096
