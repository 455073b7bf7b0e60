// CSRs, trap entry, mret, interrupts and the system instructions of an M+U
// hart (privileged spec v1.12), without the decoder.
#include <cstdint>

#include "tests/scalar_core/sem_fixture.h"

namespace npuvp::test {
namespace {

using isa::InsnId;

// mstatus bits, from the spec's figure (not from the implementation).
constexpr uint64_t MIE = 1 << 3, MPIE = 1 << 7, MPP_M = 3 << 11, FS_DIRTY = 3 << 13,
                   FS_INITIAL = 1 << 13, MPRV = 1 << 17, TW = 1 << 21,
                   UXL_64 = uint64_t{2} << 32, SD = uint64_t{1} << 63;

class CsrTest : public SemTest {
 protected:
  uint64_t csrr(unsigned csr) {
    run(make(InsnId::csrrs, 7, 0, 0, csr));
    return h.x[7];
  }
  void csrw(unsigned csr, uint64_t v) {
    h.x[6] = v;
    run(make(InsnId::csrrw, 0, 6, 0, csr));
  }
  Insn csr_insn(InsnId id, unsigned csr, uint8_t rs1 = 6, uint8_t rd = 7) {
    return make(id, rd, rs1, 0, csr);
  }
};

TEST_F(CsrTest, MisaIsRv64ImafdcuAndIgnoresWrites) {
  // MXL=2; A(0) C(2) D(3) F(5) I(8) M(12) U(20)
  EXPECT_EQ(csrr(0x301), 0x800000000010112Du);
  csrw(0x301, 0);
  EXPECT_EQ(csrr(0x301), 0x800000000010112Du);
}

TEST_F(CsrTest, ReadOnlyIdentityRegisters) {
  h.csr.mhartid = 3;
  EXPECT_EQ(csrr(0xF14), 3u);
  EXPECT_EQ(csrr(0xF11), 0u);  // mvendorid: non-commercial
  EXPECT_EQ(csrr(0xF12), 0u);
  EXPECT_EQ(csrr(0xF13), 0u);
  EXPECT_EQ(csrr(0xF15), 0u);  // mconfigptr
}

TEST_F(CsrTest, WritesToReadOnlyNumbersAreIllegal) {
  expect_illegal(csr_insn(InsnId::csrrw, 0xF14, 6, 0));  // even with rd = x0
  expect_illegal(csr_insn(InsnId::csrrs, 0xF11, 6));
  expect_illegal(csr_insn(InsnId::csrrc, 0xC00, 6));
  expect_illegal(csr_insn(InsnId::csrrwi, 0xC02, 0));  // csrrwi writes even with zimm 0
  expect_illegal(csr_insn(InsnId::csrrsi, 0xF14, 1));
  expect_illegal(csr_insn(InsnId::csrrci, 0xF14, 31));
  // Set/clear with x0 / zimm 0 only read: fine.
  h.csr.mhartid = 9;
  h.x[7] = 0;
  run(csr_insn(InsnId::csrrs, 0xF14, 0));
  EXPECT_EQ(h.x[7], 9u);
  h.x[7] = 0;
  run(csr_insn(InsnId::csrrci, 0xF14, 0));
  EXPECT_EQ(h.x[7], 9u);
}

TEST_F(CsrTest, AbsentRegistersAreIllegal) {
  for (unsigned csr : {0x302u /*medeleg*/, 0x303u /*mideleg*/, 0x100u /*sstatus*/,
                       0x180u /*satp*/, 0x310u /*mstatush: RV32 only*/, 0x3A1u /*pmpcfg1*/,
                       0x7A5u /*tcontrol*/, 0x7B0u /*dcsr*/, 0x747u /*mseccfg*/, 0xB01u,
                       0x5C0u, 0xFFFu}) {
    SCOPED_TRACE(csr);
    expect_illegal(csr_insn(InsnId::csrrs, csr, 0));
    expect_illegal(csr_insn(InsnId::csrrw, csr, 6, 0));
  }
}

TEST_F(CsrTest, UserModeCannotTouchMachineRegisters) {
  h.priv = Priv::U;
  expect_illegal(csr_insn(InsnId::csrrs, 0x300, 0));
  expect_illegal(csr_insn(InsnId::csrrw, 0x340, 6, 0));
  expect_illegal(csr_insn(InsnId::csrrs, 0xF14, 0));
  expect_illegal(csr_insn(InsnId::csrrs, 0xB00, 0));
}

TEST_F(CsrTest, UserCountersGatedByMcounteren) {
  h.cycle = 1000;
  h.time = 77;
  h.instret = 500;
  h.priv = Priv::U;
  for (unsigned csr : {0xC00u, 0xC01u, 0xC02u, 0xC03u, 0xC1Fu})
    expect_illegal(csr_insn(InsnId::csrrs, csr, 0));
  h.csr.mcounteren = 0x80000007;
  EXPECT_EQ(csrr(0xC00), 1000u);
  EXPECT_EQ(csrr(0xC01), 77u);
  EXPECT_EQ(csrr(0xC02), 500u);
  EXPECT_EQ(csrr(0xC1F), 0u);
  expect_illegal(csr_insn(InsnId::csrrs, 0xC03, 0));
  h.priv = Priv::M;  // M mode ignores mcounteren
  h.csr.mcounteren = 0;
  EXPECT_EQ(csrr(0xC01), 77u);
}

TEST_F(CsrTest, McounterenIsWritable) {
  csrw(0x306, ~uint64_t{0});
  EXPECT_EQ(csrr(0x306), 0xffffffffu);
}

TEST_F(CsrTest, MinstretWriteIsSeenByTheNextInstruction) {
  h.instret = 500;
  h.cycle = 1000;
  EXPECT_EQ(csrr(0xB02), 500u);
  EXPECT_EQ(csrr(0xB00), 1000u);
  csrw(0xB02, 100);
  h.instret += 1;  // the loop retires the csrw
  EXPECT_EQ(csrr(0xB02), 100u);
  EXPECT_EQ(csrr(0xC02), 100u);
  h.instret += 10;
  EXPECT_EQ(csrr(0xB02), 110u);
  csrw(0xB00, 5000);
  h.cycle += 1;
  EXPECT_EQ(csrr(0xB00), 5000u);
  h.cycle += 9;
  EXPECT_EQ(csrr(0xC00), 5009u);
  EXPECT_EQ(h.cycle, 1010u);  // the core's own time is untouched
}

TEST_F(CsrTest, McountinhibitFreezesCounters) {
  h.instret = 10;
  h.cycle = 20;
  csrw(0x320, ~uint64_t{0});
  EXPECT_EQ(csrr(0x320), 0xfffffffdu);  // TM (bit 1) is not inhibitable
  h.instret += 5;
  h.cycle += 50;
  EXPECT_EQ(csrr(0xB02), 11u);  // the csrw itself still counted
  EXPECT_EQ(csrr(0xB00), 21u);
  csrw(0xB02, 40);  // writes while inhibited stick
  EXPECT_EQ(csrr(0xB02), 40u);
  csrw(0x320, 0);
  h.instret += 1;  // retiring the csrw that re-enabled counting
  h.cycle += 1;
  EXPECT_EQ(csrr(0xB02), 40u);
  EXPECT_EQ(csrr(0xB00), 21u);
  h.instret += 3;
  EXPECT_EQ(csrr(0xB02), 43u);
}

TEST_F(CsrTest, HpmCountersAndEventsReadZero) {
  for (unsigned csr : {0xB03u, 0xB1Fu, 0x323u, 0x33Fu}) {
    csrw(csr, 123);
    EXPECT_EQ(csrr(csr), 0u) << csr;
  }
}

// Entries 16..63 are not implemented: their CSRs read zero.
TEST_F(CsrTest, PmpRegistersOfAbsentEntriesReadZero) {
  for (unsigned csr : {0x3A4u, 0x3AEu, 0x3C0u, 0x3EFu}) {
    csrw(csr, ~uint64_t{0});
    EXPECT_EQ(csrr(csr), 0u) << csr;
  }
}

// pmpcfg0 and pmpaddr0 reach the hart's PMP (its rules: pmp_test.cpp), and
// a write tells the loop to re-derive its checks.
TEST_F(CsrTest, PmpRegistersReachThePmp) {
  h.pmp_changed = false;
  csrw(0x3B0, ~uint64_t{0});
  EXPECT_TRUE(h.pmp_changed);
  EXPECT_EQ(csrr(0x3B0), (uint64_t{1} << 54) - 1);
  csrw(0x3A0, 0x1f);
  EXPECT_EQ(csrr(0x3A0), 0x1fu);
  uint64_t lo, hi;
  EXPECT_TRUE(h.csr.pmp.allows(0x80000000, 8, Priv::U, Pmp::kWrite, &lo, &hi));
}

TEST_F(CsrTest, NoTriggersImplemented) {
  csrw(0x7A0, 1);
  EXPECT_EQ(csrr(0x7A0), 0u);  // tselect
  csrw(0x7A1, (uint64_t{2} << 60) | (1 << 6) | (1 << 2));
  EXPECT_EQ(csrr(0x7A1), 0u);  // tdata1 type 0: no trigger
  EXPECT_EQ(csrr(0x7A4), 1u);  // tinfo: only "type 0" supported
}

TEST_F(CsrTest, MstatusWarl) {
  csrw(0x300, ~uint64_t{0});
  EXPECT_EQ(csrr(0x300), MIE | MPIE | MPP_M | FS_DIRTY | MPRV | TW | UXL_64 | SD);
  csrw(0x300, 1 << 11);  // MPP = S: not supported
  EXPECT_EQ(csrr(0x300), UXL_64);
  csrw(0x300, 2 << 11);  // reserved
  EXPECT_EQ(csrr(0x300), UXL_64);
  csrw(0x300, FS_INITIAL | MPP_M);
  EXPECT_EQ(csrr(0x300), UXL_64 | FS_INITIAL | MPP_M);  // SD only when dirty
  EXPECT_TRUE(h.check_irq);
}

TEST_F(CsrTest, MtvecModes) {
  csrw(0x305, 0x80000101);
  EXPECT_EQ(csrr(0x305), 0x80000101u);
  EXPECT_EQ(h.take_trap((uint64_t{1} << 63) | 7, 0, kPc), 0x8000011Cu);  // base + 4*7
  EXPECT_EQ(h.take_trap(static_cast<uint64_t>(Cause::IllegalInsn), 0, kPc), 0x80000100u);
  csrw(0x305, 0x80000202);  // mode 2 reserved: direct
  EXPECT_EQ(csrr(0x305), 0x80000200u);
  EXPECT_EQ(h.take_trap((uint64_t{1} << 63) | 11, 0, kPc), 0x80000200u);
}

TEST_F(CsrTest, MepcKeepsBitOneClearsBitZero) {
  csrw(0x341, 0x80000003);
  EXPECT_EQ(csrr(0x341), 0x80000002u);
  csrw(0x340, 0x1234);
  EXPECT_EQ(csrr(0x340), 0x1234u);
  csrw(0x342, 0x8000000000000007);
  EXPECT_EQ(csrr(0x342), 0x8000000000000007u);
  csrw(0x343, 0xdead);
  EXPECT_EQ(csrr(0x343), 0xdeadu);
}

TEST_F(CsrTest, MieAndMip) {
  csrw(0x304, ~uint64_t{0});
  EXPECT_EQ(csrr(0x304), 0x888u);
  EXPECT_TRUE(h.check_irq);
  h.check_irq = false;
  csrw(0x344, ~uint64_t{0});  // nothing software-writable without S mode
  EXPECT_TRUE(h.check_irq);
  EXPECT_EQ(csrr(0x344), 0u);
  h.irq_lines = 1 << 7;
  EXPECT_EQ(csrr(0x344), 0x80u);
}

TEST_F(CsrTest, CsrrwReadsOldValueAndHandlesRdEqualRs1) {
  h.csr.mscratch = 5;
  h.x[6] = 9;
  run(make(InsnId::csrrw, 6, 6, 0, 0x340));
  EXPECT_EQ(h.x[6], 5u);
  EXPECT_EQ(h.csr.mscratch, 9u);
  h.x[6] = 0xf0;
  run(make(InsnId::csrrs, 6, 6, 0, 0x340));
  EXPECT_EQ(h.x[6], 9u);
  EXPECT_EQ(h.csr.mscratch, 0xf9u);
  h.x[6] = 0x0f;
  run(make(InsnId::csrrc, 7, 6, 0, 0x340));
  EXPECT_EQ(h.x[7], 0xf9u);
  EXPECT_EQ(h.csr.mscratch, 0xf0u);
  run(make(InsnId::csrrwi, 7, 21, 0, 0x340));
  EXPECT_EQ(h.x[7], 0xf0u);
  EXPECT_EQ(h.csr.mscratch, 21u);
  run(make(InsnId::csrrsi, 7, 8, 0, 0x340));
  EXPECT_EQ(h.csr.mscratch, 29u);
  run(make(InsnId::csrrci, 7, 1, 0, 0x340));
  EXPECT_EQ(h.csr.mscratch, 28u);
  EXPECT_EQ(run(make(InsnId::csrrci, 7, 1, 0, 0x340)), kPc + 4);
}

TEST_F(CsrTest, FloatingPointCsrs) {
  for (unsigned csr : {0x001u, 0x002u, 0x003u}) {  // FS Off
    expect_illegal(csr_insn(InsnId::csrrs, csr, 0));
    expect_illegal(csr_insn(InsnId::csrrw, csr, 6, 0));
  }
  h.csr.mstatus = FS_INITIAL;
  h.priv = Priv::U;  // user-level registers
  csrw(0x003, 0xff);
  EXPECT_EQ(h.csr.fflags, 0x1f);
  EXPECT_EQ(h.csr.frm, 7);
  EXPECT_EQ(h.csr.mstatus & (FS_DIRTY | SD), FS_DIRTY | SD);
  EXPECT_EQ(csrr(0x003), 0xffu);
  csrw(0x001, 0x21);
  EXPECT_EQ(csrr(0x003), 0xe1u);
  csrw(0x002, 0x9);
  EXPECT_EQ(csrr(0x002), 1u);
  EXPECT_EQ(csrr(0x003), 0x21u);
}

TEST_F(CsrTest, TrapEntryFromUserMode) {
  h.priv = Priv::U;
  h.csr.mstatus = MIE;
  h.csr.mtvec = 0x80000040;
  EXPECT_EQ(h.take_trap(static_cast<uint64_t>(Cause::LoadAccessFault), 0x1234, 0x80000103),
            0x80000040u);
  EXPECT_EQ(h.priv, Priv::M);
  EXPECT_EQ(h.csr.mepc, 0x80000102u);
  EXPECT_EQ(h.csr.mcause, 5u);
  EXPECT_EQ(h.csr.mtval, 0x1234u);
  EXPECT_EQ(h.csr.mstatus & (MIE | MPIE | MPP_M), MPIE);  // MPP = U
}

TEST_F(CsrTest, TrapEntryFromMachineModeWithInterruptsOff) {
  h.csr.mstatus = MPIE;
  h.take_trap(static_cast<uint64_t>(Cause::Breakpoint), kPc, kPc);
  EXPECT_EQ(h.csr.mstatus & (MIE | MPIE | MPP_M), MPP_M);
}

TEST_F(CsrTest, MretToUserMode) {
  h.csr.mstatus = MPIE | MPRV;  // MPP = U
  h.csr.mepc = 0x80000200;
  EXPECT_EQ(run(make(InsnId::mret)), 0x80000200u);
  EXPECT_EQ(h.priv, Priv::U);
  EXPECT_EQ(h.csr.mstatus & (MIE | MPIE | MPP_M | MPRV), MIE | MPIE);
  // mret from U mode is illegal
  expect_illegal(make(InsnId::mret));
}

TEST_F(CsrTest, MretToMachineModeKeepsMprv) {
  h.csr.mstatus = MIE | MPP_M | MPRV;  // MPIE = 0
  h.csr.mepc = 0x80000300;
  EXPECT_EQ(run(make(InsnId::mret)), 0x80000300u);
  EXPECT_EQ(h.priv, Priv::M);
  EXPECT_EQ(h.csr.mstatus & (MIE | MPIE | MPP_M | MPRV), MPIE | MPRV);  // MPP = U
}

TEST_F(CsrTest, TrapThenMretRoundTrip) {
  h.priv = Priv::U;
  h.csr.mstatus = MIE;
  h.take_trap(static_cast<uint64_t>(Cause::EcallU), 0, 0x80000010);
  EXPECT_EQ(h.do_mret(), 0x80000010u);
  EXPECT_EQ(h.priv, Priv::U);
  EXPECT_EQ(h.csr.mstatus & (MIE | MPIE | MPP_M), MIE | MPIE);
}

TEST_F(CsrTest, InterruptPriorityAndMasking) {
  h.csr.mie = 0x888;
  EXPECT_EQ(h.pending_interrupt(), -1);  // nothing pending
  h.irq_lines = 0x888;
  EXPECT_EQ(h.pending_interrupt(), -1);  // M mode, MIE = 0
  h.csr.mstatus = MIE;
  EXPECT_EQ(h.pending_interrupt(), 11);  // MEI first
  h.irq_lines = 0x88;
  EXPECT_EQ(h.pending_interrupt(), 3);  // then MSI
  h.irq_lines = 0x80;
  EXPECT_EQ(h.pending_interrupt(), 7);  // then MTI
  h.csr.mie = 0x008;
  EXPECT_EQ(h.pending_interrupt(), -1);  // MTI not enabled
  h.csr.mie = 0x888;
  h.csr.mstatus = 0;
  h.priv = Priv::U;  // lower privilege: taken whatever mstatus.MIE says
  EXPECT_EQ(h.pending_interrupt(), 7);
  h.irq_lines = 0;
  h.csr.mip = 0x8;  // software-held bits count too
  EXPECT_EQ(h.pending_interrupt(), 3);
}

TEST_F(CsrTest, EcallEbreakByPrivilege) {
  auto t = trap_of(make(InsnId::ecall));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cause, Cause::EcallM);
  EXPECT_EQ(t->tval, 0u);
  h.priv = Priv::U;
  t = trap_of(make(InsnId::ecall));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cause, Cause::EcallU);
  t = trap_of(make(InsnId::c_ebreak), 0x80000402);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cause, Cause::Breakpoint);
  EXPECT_EQ(t->tval, 0x80000402u);
}

TEST_F(CsrTest, WfiAndFences) {
  EXPECT_EQ(run(make(InsnId::wfi)), kPc + 4);
  EXPECT_TRUE(h.wfi);
  h.wfi = false;
  h.priv = Priv::U;
  EXPECT_EQ(run(make(InsnId::wfi)), kPc + 4);  // TW = 0: U may wait
  EXPECT_TRUE(h.wfi);
  h.wfi = false;
  h.csr.mstatus = TW;
  expect_illegal(make(InsnId::wfi));
  EXPECT_FALSE(h.wfi);
  EXPECT_EQ(run(make(InsnId::fence)), kPc + 4);
  EXPECT_FALSE(h.flush_icache);
  EXPECT_EQ(run(make(InsnId::fence_i)), kPc + 4);
  EXPECT_TRUE(h.flush_icache);
}

TEST_F(CsrTest, UnimpIsIllegal) {
  // unimp is csrrw x0, cycle, x0: a write to a read-only CSR.
  expect_illegal(make(InsnId::unimp, 0, 0, 0, 0xC00));
}

}  // namespace
}  // namespace npuvp::test
