// RV64I and M semantics, without the decoder.
#include <cstdint>
#include <limits>

#include "tests/scalar_core/sem_fixture.h"

namespace npuvp::test {
namespace {

using isa::InsnId;
constexpr uint64_t kMin64 = uint64_t{1} << 63;

class IntTest : public SemTest {
 protected:
  // rd = op(x5, x6) with rd = x7
  uint64_t rr(InsnId id, uint64_t a, uint64_t b) {
    h.x[5] = a;
    h.x[6] = b;
    EXPECT_EQ(run(make(id, 7, 5, 6)), kPc + 4);
    return h.x[7];
  }
  uint64_t ri(InsnId id, uint64_t a, int64_t imm) {
    h.x[5] = a;
    EXPECT_EQ(run(make(id, 7, 5, 0, imm)), kPc + 4);
    return h.x[7];
  }
};

TEST_F(IntTest, AddSubWrapAround) {
  EXPECT_EQ(rr(InsnId::add, ~uint64_t{0}, 1), 0u);
  EXPECT_EQ(rr(InsnId::add, 0x7fffffffffffffff, 1), kMin64);
  EXPECT_EQ(rr(InsnId::sub, 0, 1), ~uint64_t{0});
  EXPECT_EQ(ri(InsnId::addi, 10, -11), ~uint64_t{0});
}

TEST_F(IntTest, WordFormsSignExtend) {
  EXPECT_EQ(rr(InsnId::addw, 0x7fffffff, 1), 0xffffffff80000000);
  EXPECT_EQ(rr(InsnId::addw, 0xdeadbeef00000001, 0x12345678ffffffff), 0u);
  EXPECT_EQ(rr(InsnId::subw, 0, 1), ~uint64_t{0});
  EXPECT_EQ(ri(InsnId::addiw, 0x1ffffffff, 0), 0xffffffffffffffff);
  EXPECT_EQ(ri(InsnId::addiw, 0x000000007ffffffe, 1), 0x7fffffffu);
  EXPECT_EQ(rr(InsnId::mulw, 0x10000, 0x8000), 0xffffffff80000000);
}

TEST_F(IntTest, Shifts) {
  EXPECT_EQ(ri(InsnId::slli, 1, 63), kMin64);
  EXPECT_EQ(ri(InsnId::srli, kMin64, 63), 1u);
  EXPECT_EQ(ri(InsnId::srai, kMin64, 63), ~uint64_t{0});
  EXPECT_EQ(rr(InsnId::sll, 1, 64 + 3), 8u);  // only rs2[5:0] counts
  EXPECT_EQ(rr(InsnId::srl, 0x80, 0xffffffffffffffc7), 1u);
  EXPECT_EQ(rr(InsnId::sra, 0xf000000000000000, 60), ~uint64_t{0});
  EXPECT_EQ(ri(InsnId::slliw, 1, 31), 0xffffffff80000000);
  EXPECT_EQ(ri(InsnId::srliw, 0xffffffff80000000, 31), 1u);
  EXPECT_EQ(ri(InsnId::srliw, 0x80000000, 0), 0xffffffff80000000);  // shift 0 still sign-extends
  EXPECT_EQ(ri(InsnId::sraiw, 0x0000000080000000, 31), ~uint64_t{0});
  EXPECT_EQ(rr(InsnId::sllw, 1, 32 + 31), 0xffffffff80000000);  // only rs2[4:0]
  EXPECT_EQ(rr(InsnId::srlw, 0xffffffff, 4), 0x0fffffffu);
  EXPECT_EQ(rr(InsnId::sraw, 0x00000000f0000000, 4), 0xffffffffff000000);
}

TEST_F(IntTest, CompareAndLogic) {
  EXPECT_EQ(rr(InsnId::slt, ~uint64_t{0}, 0), 1u);
  EXPECT_EQ(rr(InsnId::sltu, ~uint64_t{0}, 0), 0u);
  EXPECT_EQ(ri(InsnId::slti, kMin64, -1), 1u);
  EXPECT_EQ(ri(InsnId::sltiu, 5, -1), 1u);  // imm sign-extends, then compares unsigned
  EXPECT_EQ(ri(InsnId::sltiu, ~uint64_t{0}, -1), 0u);
  EXPECT_EQ(rr(InsnId::xor_, 0xff00, 0x0ff0), 0xf0f0u);
  EXPECT_EQ(rr(InsnId::or_, 0xff00, 0x0ff0), 0xfff0u);
  EXPECT_EQ(rr(InsnId::and_, 0xff00, 0x0ff0), 0x0f00u);
  EXPECT_EQ(ri(InsnId::xori, 0x0f, -1), ~uint64_t{0x0f});
  EXPECT_EQ(ri(InsnId::ori, 0, -2048), 0xfffffffffffff800);
  EXPECT_EQ(ri(InsnId::andi, 0x123456789, -16), 0x123456780u);
}

TEST_F(IntTest, MultiplyHighAgainstInt128) {
  const uint64_t vals[] = {0, 1, 2, 0x7fffffffffffffff, kMin64, ~uint64_t{0}, 0xdeadbeefcafebabe,
                           0x123456789abcdef0};
  for (uint64_t a : vals) {
    for (uint64_t b : vals) {
      __int128 ss = static_cast<__int128>(static_cast<int64_t>(a)) * static_cast<int64_t>(b);
      unsigned __int128 uu = static_cast<unsigned __int128>(a) * b;
      // signed*unsigned via unsigned arithmetic: a*b - (a<0 ? b<<64 : 0)
      unsigned __int128 su = uu - ((a >> 63) ? (static_cast<unsigned __int128>(b) << 64) : 0);
      EXPECT_EQ(rr(InsnId::mul, a, b), static_cast<uint64_t>(uu));
      EXPECT_EQ(rr(InsnId::mulh, a, b), static_cast<uint64_t>(static_cast<unsigned __int128>(ss) >> 64));
      EXPECT_EQ(rr(InsnId::mulhu, a, b), static_cast<uint64_t>(uu >> 64));
      EXPECT_EQ(rr(InsnId::mulhsu, a, b), static_cast<uint64_t>(su >> 64)) << a << " " << b;
    }
  }
  EXPECT_EQ(rr(InsnId::mulhsu, ~uint64_t{0}, ~uint64_t{0}), ~uint64_t{0});  // -1 * (2^64-1)
}

// The M-extension table of special cases (unprivileged spec, "Division").
TEST_F(IntTest, DivisionSpecialCases) {
  EXPECT_EQ(rr(InsnId::div, 7, 0), ~uint64_t{0});
  EXPECT_EQ(rr(InsnId::divu, 7, 0), ~uint64_t{0});
  EXPECT_EQ(rr(InsnId::rem, 7, 0), 7u);
  EXPECT_EQ(rr(InsnId::remu, 7, 0), 7u);
  EXPECT_EQ(rr(InsnId::div, kMin64, ~uint64_t{0}), kMin64);
  EXPECT_EQ(rr(InsnId::rem, kMin64, ~uint64_t{0}), 0u);
  EXPECT_EQ(rr(InsnId::div, static_cast<uint64_t>(-7), 2), static_cast<uint64_t>(-3));  // truncates
  EXPECT_EQ(rr(InsnId::rem, static_cast<uint64_t>(-7), 2), static_cast<uint64_t>(-1));
  EXPECT_EQ(rr(InsnId::divu, static_cast<uint64_t>(-7), 2), 0x7ffffffffffffffc);
  EXPECT_EQ(rr(InsnId::remu, static_cast<uint64_t>(-7), 2), 1u);

  EXPECT_EQ(rr(InsnId::divw, 7, 0), ~uint64_t{0});
  EXPECT_EQ(rr(InsnId::divuw, 7, 0), ~uint64_t{0});  // 0xffffffff sign-extended
  EXPECT_EQ(rr(InsnId::remw, 0x80000007, 0), 0xffffffff80000007);
  EXPECT_EQ(rr(InsnId::remuw, 0x80000007, 0), 0xffffffff80000007);
  EXPECT_EQ(rr(InsnId::divw, 0x80000000, 0xffffffff), 0xffffffff80000000);
  EXPECT_EQ(rr(InsnId::remw, 0x80000000, 0xffffffff), 0u);
  EXPECT_EQ(rr(InsnId::divuw, 0xfffffffe, 2), 0x7fffffffu);
  EXPECT_EQ(rr(InsnId::divuw, 0x100000000, 1), 0u);  // upper bits ignored
  EXPECT_EQ(rr(InsnId::remw, static_cast<uint64_t>(-7), 2), ~uint64_t{0});
}

TEST_F(IntTest, UpperImmediates) {
  h.x[7] = 1;
  run(make(InsnId::lui, 7, 0, 0, -4096));
  EXPECT_EQ(h.x[7], 0xfffffffffffff000);
  run(make(InsnId::auipc, 7, 0, 0, 0x1000));
  EXPECT_EQ(h.x[7], kPc + 0x1000);
}

TEST_F(IntTest, BranchesTakenAndNotTaken) {
  struct Case { InsnId id; uint64_t a, b; bool taken; };
  const Case cases[] = {
      {InsnId::beq, 3, 3, true},           {InsnId::beq, 3, 4, false},
      {InsnId::bne, 3, 4, true},           {InsnId::bne, 3, 3, false},
      {InsnId::blt, ~uint64_t{0}, 0, true}, {InsnId::blt, 0, ~uint64_t{0}, false},
      {InsnId::bge, 0, ~uint64_t{0}, true}, {InsnId::bge, 5, 5, true},
      {InsnId::bge, ~uint64_t{0}, 0, false}, {InsnId::bltu, 0, ~uint64_t{0}, true},
      {InsnId::bltu, ~uint64_t{0}, 0, false}, {InsnId::bgeu, ~uint64_t{0}, 0, true},
      {InsnId::bgeu, 0, 1, false},
  };
  for (const Case& c : cases) {
    h.x[5] = c.a;
    h.x[6] = c.b;
    EXPECT_EQ(run(make(c.id, 0, 5, 6, -8)), c.taken ? kPc - 8 : kPc + 4)
        << isa::info(c.id).mnemonic << " " << c.a << " " << c.b;
  }
  // A compressed branch falls through by 2.
  h.x[8] = 1;
  EXPECT_EQ(run(make(InsnId::c_beqz, 0, 8, 0, 16)), kPc + 2);
  h.x[8] = 0;
  EXPECT_EQ(run(make(InsnId::c_beqz, 0, 8, 0, 16)), kPc + 16);
}

TEST_F(IntTest, JumpsLinkAndClearBitZero) {
  EXPECT_EQ(run(make(InsnId::jal, 1, 0, 0, -2048)), kPc - 2048);
  EXPECT_EQ(h.x[1], kPc + 4);
  h.x[5] = 0x80002001;
  EXPECT_EQ(run(make(InsnId::jalr, 1, 5, 0, 2)), 0x80002002u);  // 0x80002003 & ~1
  EXPECT_EQ(h.x[1], kPc + 4);
  // rd == rs1: the target uses the old value.
  h.x[5] = 0x80003000;
  EXPECT_EQ(run(make(InsnId::jalr, 5, 5, 0, 4)), 0x80003004u);
  EXPECT_EQ(h.x[5], kPc + 4);
  // c.jalr links pc + 2.
  h.x[6] = 0x80004000;
  EXPECT_EQ(run(make(InsnId::c_jalr, 1, 6, 0, 0)), 0x80004000u);
  EXPECT_EQ(h.x[1], kPc + 2);
}

TEST_F(IntTest, LoadsExtend) {
  mem.poke<uint64_t>(kMemBase + 0x100, 0x8877665544332211 | kMin64);
  mem.poke<uint64_t>(kMemBase + 0x108, 0xf1f2f3f4f5f6f7f8);
  h.x[5] = kMemBase + 0x110;
  auto ld = [&](InsnId id, int64_t off) {
    run(make(id, 7, 5, 0, off));
    return h.x[7];
  };
  EXPECT_EQ(ld(InsnId::lb, -1), 0xfffffffffffffff1);
  EXPECT_EQ(ld(InsnId::lbu, -1), 0xf1u);
  EXPECT_EQ(ld(InsnId::lh, -2), 0xfffffffffffff1f2);
  EXPECT_EQ(ld(InsnId::lhu, -2), 0xf1f2u);
  EXPECT_EQ(ld(InsnId::lw, -4), 0xfffffffff1f2f3f4);
  EXPECT_EQ(ld(InsnId::lwu, -4), 0xf1f2f3f4u);
  EXPECT_EQ(ld(InsnId::lw, -16), 0x44332211u);  // positive: zero upper bits
  EXPECT_EQ(ld(InsnId::ld, -8), 0xf1f2f3f4f5f6f7f8);
  // Misaligned loads complete.
  EXPECT_EQ(ld(InsnId::ld, -13), 0xf6f7f88877665544);
  EXPECT_EQ(ld(InsnId::lh, -9), 0xfffffffffffff888);
}

TEST_F(IntTest, LoadIntoBaseRegister) {
  mem.poke<uint64_t>(kMemBase + 8, 42);
  h.x[5] = kMemBase;
  run(make(InsnId::ld, 5, 5, 0, 8));
  EXPECT_EQ(h.x[5], 42u);
}

TEST_F(IntTest, StoresWriteOnlyTheirWidth) {
  mem.poke<uint64_t>(kMemBase + 0x200, ~uint64_t{0});
  h.x[5] = kMemBase + 0x200;
  h.x[6] = 0x1122334455667788;
  run(make(InsnId::sb, 0, 5, 6, 0));
  EXPECT_EQ(mem.peek<uint64_t>(kMemBase + 0x200), 0xffffffffffffff88);
  run(make(InsnId::sh, 0, 5, 6, 1));  // misaligned store completes
  EXPECT_EQ(mem.peek<uint64_t>(kMemBase + 0x200), 0xffffffffff778888);
  run(make(InsnId::sw, 0, 5, 6, 4));
  EXPECT_EQ(mem.peek<uint64_t>(kMemBase + 0x200), 0x55667788ff778888);
  run(make(InsnId::sd, 0, 5, 6, 8));
  EXPECT_EQ(mem.peek<uint64_t>(kMemBase + 0x208), 0x1122334455667788u);
}

TEST_F(IntTest, AccessFaultsPropagateAndLeaveRdAlone) {
  h.x[5] = 0x1000;  // nothing there
  h.x[7] = 99;
  auto t = trap_of(make(InsnId::lw, 7, 5, 0, 4));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cause, Cause::LoadAccessFault);
  EXPECT_EQ(t->tval, 0x1004u);
  EXPECT_EQ(h.x[7], 99u);
  t = trap_of(make(InsnId::sd, 0, 5, 7, 0));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cause, Cause::StoreAccessFault);
}

TEST_F(IntTest, CompressedRowsBindTheirThirtyTwoBitSemantics) {
  h.x[8] = 5;
  EXPECT_EQ(run(make(InsnId::c_addi, 8, 8, 0, -6)), kPc + 2);
  EXPECT_EQ(h.x[8], ~uint64_t{0});
  EXPECT_EQ(exec_fn(InsnId::c_add), exec_fn(InsnId::add));
  EXPECT_EQ(exec_fn(InsnId::c_ld), &exec_ld);
}

TEST_F(IntTest, DmiFastPathGivesSameResults) {
  TestMemory fast(kMemBase, 64, /*dmi=*/true);
  h.mem = &fast;
  h.x[5] = kMemBase;
  h.x[6] = 0x8000000000000080;
  run(make(InsnId::sd, 0, 5, 6, 8));
  EXPECT_EQ(fast.stores, 0u);
  run(make(InsnId::lb, 7, 5, 0, 8));
  EXPECT_EQ(h.x[7], 0xffffffffffffff80);
}

TEST_F(IntTest, XnpuRowsAreIllegalOnACoreWithoutAnNpu) {
  for (size_t n = 0; n < isa::kInsnCount; ++n) {
    auto id = static_cast<InsnId>(n);
    if (isa::info(id).ext != isa::Ext::Xnpu) continue;
    expect_illegal(make(id, 1, 2, 3));
  }
}

}  // namespace
}  // namespace npuvp::test
