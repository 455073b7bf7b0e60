// The operand conventions the semantic functions assume, checked against
// the real decoder: encodings assembled by llvm-mc-14, decoded, executed.
// (The semantics tests elsewhere build their fields by hand.)
#include <cstdint>

#include "isa/decoder.h"
#include "tests/scalar_core/sem_fixture.h"

namespace npuvp::test {
namespace {

class DecodeExecTest : public SemTest {
 protected:
  // Decodes `raw`, executes it at kPc, returns the next pc.
  uint64_t exec_raw(uint32_t raw) {
    isa::Decoded d;
    EXPECT_TRUE(isa::decode(raw, d)) << std::hex << raw;
    Insn i;
    i.id = d.id;
    i.exec = exec_fn(d.id);
    i.rd = d.rd;
    i.rs1 = d.rs1;
    i.rs2 = d.rs2;
    i.rs3 = d.rs3;
    i.rm = d.rm;
    i.imm = d.imm;
    i.length = d.length;
    i.raw = d.raw;
    return i.exec(h, i, kPc);
  }
};

TEST_F(DecodeExecTest, UpperImmediatesAndWordForms) {
  EXPECT_EQ(exec_raw(0xfffff2b7), kPc + 4);  // lui t0, 0xfffff
  EXPECT_EQ(h.x[5], 0xfffffffffffff000);
  exec_raw(0xfff2829b);  // addiw t0, t0, -1
  EXPECT_EQ(h.x[5], 0xffffffffffffefff);
  EXPECT_EQ(exec_raw(0x647d), kPc + 2);  // c.lui s0, 31
  EXPECT_EQ(h.x[8], 0x1f000u);
  exec_raw(0x7401);  // c.lui s0, 0xfffe0
  EXPECT_EQ(h.x[8], 0xfffffffffffe0000);
  h.x[9] = 0;
  exec_raw(0x34fd);  // c.addiw s1, -1
  EXPECT_EQ(h.x[9], ~uint64_t{0});
}

TEST_F(DecodeExecTest, ShiftAmounts) {
  h.x[5] = 0x8000000000000000;
  exec_raw(0x43f2d313);  // srai t1, t0, 63
  EXPECT_EQ(h.x[6], ~uint64_t{0});
  h.x[5] = 0x80000000;
  exec_raw(0x41f2d31b);  // sraiw t1, t0, 31
  EXPECT_EQ(h.x[6], ~uint64_t{0});
  h.x[8] = 0xfffffffffffffff0;
  exec_raw(0x8405);  // c.srai s0, 1
  EXPECT_EQ(h.x[8], 0xfffffffffffffff8);
  h.x[9] = 1;
  exec_raw(0x14fe);  // c.slli s1, 63
  EXPECT_EQ(h.x[9], 0x8000000000000000);
}

TEST_F(DecodeExecTest, CsrNumberAndZimm) {
  h.csr.mscratch = 7;
  exec_raw(0x340ad3f3);  // csrrwi t2, mscratch, 21
  EXPECT_EQ(h.x[7], 7u);
  EXPECT_EQ(h.csr.mscratch, 21u);
  h.csr.mhartid = 5;
  exec_raw(0xf14023f3);  // csrr t2, mhartid
  EXPECT_EQ(h.x[7], 5u);
}

TEST_F(DecodeExecTest, RoundingModeField) {
  h.csr.mstatus = 1 << 13;
  h.f[5] = 0xffffffff40200000;  // 2.5f
  exec_raw(0xc002b3d3);  // fcvt.w.s t2, ft5, rup
  EXPECT_EQ(h.x[7], 3u);
  h.csr.frm = 1;  // RTZ
  exec_raw(0xc002f3d3);  // fcvt.w.s t2, ft5 (dynamic)
  EXPECT_EQ(h.x[7], 2u);
}

TEST_F(DecodeExecTest, CompressedLoadsAndJumps) {
  h.csr.mstatus = 1 << 13;
  mem.poke<uint64_t>(kMemBase + 8, 0x4008000000000000);
  h.x[2] = kMemBase;
  EXPECT_EQ(exec_raw(0x24a2), kPc + 2);  // c.fldsp fs1, 8(sp)
  EXPECT_EQ(h.f[9], 0x4008000000000000u);
  h.x[6] = 0x80000010;
  EXPECT_EQ(exec_raw(0x9302), 0x80000010u);  // c.jalr t1
  EXPECT_EQ(h.x[1], kPc + 2);
  h.x[5] = 0x80000021;
  EXPECT_EQ(exec_raw(0xffc280e7), 0x8000001cu);  // jalr -4(t0): (0x80000021-4) & ~1
  EXPECT_EQ(h.x[1], kPc + 4);
  EXPECT_EQ(exec_raw(0x713d), kPc + 2);  // c.addi16sp sp, -32
  EXPECT_EQ(h.x[2], kMemBase - 32);
}

TEST_F(DecodeExecTest, AtomicsAndFences) {
  mem.poke<uint32_t>(kMemBase + 0x40, 40);
  h.x[5] = kMemBase + 0x40;
  h.x[6] = 2;
  exec_raw(0x0662a3af);  // amoadd.w.aqrl t2, t1, (t0)
  EXPECT_EQ(h.x[7], 40u);
  EXPECT_EQ(mem.peek<uint32_t>(kMemBase + 0x40), 42u);
  EXPECT_EQ(exec_raw(0x8330000f), kPc + 4);  // fence.tso
}

}  // namespace
}  // namespace npuvp::test
