// A extension: LR/SC and AMOs.
#include <cstdint>

#include "tests/scalar_core/sem_fixture.h"

namespace npuvp::test {
namespace {

using isa::InsnId;

class AtomicTest : public SemTest {
 protected:
  static constexpr uint64_t kAddr = kMemBase + 0x400;
  // rd = x7, rs1 = x5 (address), rs2 = x6
  uint64_t amo(InsnId id, uint64_t addr, uint64_t src) {
    h.x[5] = addr;
    h.x[6] = src;
    EXPECT_EQ(run(make(id, 7, 5, 6)), kPc + 4);
    return h.x[7];
  }
};

TEST_F(AtomicTest, LrScSucceedsOnceThenFails) {
  mem.poke<uint64_t>(kAddr, 0x1111);
  EXPECT_EQ(amo(InsnId::lr_d, kAddr, 0), 0x1111u);
  EXPECT_EQ(amo(InsnId::sc_d, kAddr, 0x2222), 0u);  // success
  EXPECT_EQ(mem.peek<uint64_t>(kAddr), 0x2222u);
  EXPECT_EQ(amo(InsnId::sc_d, kAddr, 0x3333), 1u);  // reservation consumed
  EXPECT_EQ(mem.peek<uint64_t>(kAddr), 0x2222u);
}

TEST_F(AtomicTest, ScToAnotherAddressFailsAndClearsReservation) {
  amo(InsnId::lr_w, kAddr, 0);
  EXPECT_EQ(amo(InsnId::sc_w, kAddr + 8, 5), 1u);
  EXPECT_EQ(mem.peek<uint32_t>(kAddr + 8), 0u);
  EXPECT_EQ(amo(InsnId::sc_w, kAddr, 5), 1u);
}

TEST_F(AtomicTest, TrapClearsReservation) {
  amo(InsnId::lr_w, kAddr, 0);
  h.take_trap(static_cast<uint64_t>(Cause::EcallM), 0, kPc);
  EXPECT_EQ(amo(InsnId::sc_w, kAddr, 5), 1u);
}

TEST_F(AtomicTest, LrWSignExtends) {
  mem.poke<uint32_t>(kAddr, 0x80000001);
  EXPECT_EQ(amo(InsnId::lr_w, kAddr, 0), 0xffffffff80000001);
  mem.poke<uint32_t>(kAddr, 0x7fffffff);
  EXPECT_EQ(amo(InsnId::amoadd_w, kAddr, 0), 0x7fffffffu);
}

TEST_F(AtomicTest, AmoWordOperations) {
  struct Case { InsnId id; uint32_t mem, src, result; };
  const Case cases[] = {
      {InsnId::amoswap_w, 1, 2, 2},
      {InsnId::amoadd_w, 0xffffffff, 2, 1},
      {InsnId::amoxor_w, 0xff00, 0x0ff0, 0xf0f0},
      {InsnId::amoand_w, 0xff00, 0x0ff0, 0x0f00},
      {InsnId::amoor_w, 0xff00, 0x0ff0, 0xfff0},
      {InsnId::amomin_w, 0xffffffff, 1, 0xffffffff},  // -1 < 1
      {InsnId::amomax_w, 0xffffffff, 1, 1},
      {InsnId::amominu_w, 0xffffffff, 1, 1},
      {InsnId::amomaxu_w, 0xffffffff, 1, 0xffffffff},
      {InsnId::amomin_w, 0x80000000, 0x7fffffff, 0x80000000},
  };
  for (const Case& c : cases) {
    mem.poke<uint32_t>(kAddr, c.mem);
    mem.poke<uint32_t>(kAddr + 4, 0xa5a5a5a5);
    // rs2's upper half must not matter for the .w forms
    uint64_t old = amo(c.id, kAddr, 0xdead000000000000 | c.src);
    EXPECT_EQ(old, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(c.mem))))
        << isa::info(c.id).mnemonic;
    EXPECT_EQ(mem.peek<uint32_t>(kAddr), c.result) << isa::info(c.id).mnemonic;
    EXPECT_EQ(mem.peek<uint32_t>(kAddr + 4), 0xa5a5a5a5u);
  }
}

TEST_F(AtomicTest, AmoDoubleOperations) {
  const uint64_t neg = 0x8000000000000000;
  struct Case { InsnId id; uint64_t mem, src, result; };
  const Case cases[] = {
      {InsnId::amoswap_d, 1, neg, neg},
      {InsnId::amoadd_d, ~uint64_t{0}, 2, 1},
      {InsnId::amoxor_d, 0xff00, 0x0ff0, 0xf0f0},
      {InsnId::amoand_d, 0xff00, 0x0ff0, 0x0f00},
      {InsnId::amoor_d, 0xff00, 0x0ff0, 0xfff0},
      {InsnId::amomin_d, neg, 0, neg},
      {InsnId::amomax_d, neg, 0, 0},
      {InsnId::amominu_d, neg, 0, 0},
      {InsnId::amomaxu_d, neg, 0, neg},
      {InsnId::amomax_d, 0xffffffff, 0x100000000, 0x100000000},  // not a 32-bit compare
  };
  for (const Case& c : cases) {
    mem.poke<uint64_t>(kAddr, c.mem);
    EXPECT_EQ(amo(c.id, kAddr, c.src), c.mem) << isa::info(c.id).mnemonic;
    EXPECT_EQ(mem.peek<uint64_t>(kAddr), c.result) << isa::info(c.id).mnemonic;
  }
}

TEST_F(AtomicTest, AmoWithRdEqualRs2UsesOldSource) {
  mem.poke<uint64_t>(kAddr, 10);
  h.x[5] = kAddr;
  h.x[6] = 3;
  run(make(InsnId::amoadd_d, 6, 5, 6));
  EXPECT_EQ(h.x[6], 10u);
  EXPECT_EQ(mem.peek<uint64_t>(kAddr), 13u);
}

TEST_F(AtomicTest, MisalignedAtomicsTrap) {
  h.x[7] = 77;
  h.x[5] = kAddr + 4;
  auto t = trap_of(make(InsnId::lr_d, 7, 5, 6));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cause, Cause::LoadMisaligned);
  EXPECT_EQ(t->tval, kAddr + 4);
  h.x[5] = kAddr + 2;
  for (InsnId id : {InsnId::sc_w, InsnId::amoswap_w, InsnId::amoadd_w, InsnId::amomaxu_d,
                    InsnId::sc_d}) {
    t = trap_of(make(id, 7, 5, 6));
    ASSERT_TRUE(t);
    EXPECT_EQ(t->cause, Cause::StoreMisaligned) << isa::info(id).mnemonic;
    EXPECT_EQ(t->tval, kAddr + 2);
  }
  EXPECT_EQ(h.x[7], 77u);
  EXPECT_EQ(mem.stores, 0u);
}

TEST_F(AtomicTest, AmoAccessFaultIsAStoreFault) {
  h.x[5] = 0x1000;  // unmapped
  auto t = trap_of(make(InsnId::amoor_w, 7, 5, 6));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cause, Cause::StoreAccessFault);
  EXPECT_EQ(t->tval, 0x1000u);
  t = trap_of(make(InsnId::lr_w, 7, 5, 6));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cause, Cause::LoadAccessFault);
}

}  // namespace
}  // namespace npuvp::test
