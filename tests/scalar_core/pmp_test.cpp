// Physical memory protection (privileged spec v1.12, 3.7): the CSR WARL
// rules, locking, address matching and the permission check, on the Pmp
// class alone. Expected values come from the spec's text.
#include <cstdint>

#include <gtest/gtest.h>

#include "models/scalar_core/semantics/pmp.h"

namespace npuvp::test {
namespace {

constexpr uint8_t R = 1, W = 2, X = 4, L = 0x80;
constexpr uint8_t OFF = 0 << 3, TOR = 1 << 3, NA4 = 2 << 3, NAPOT = 3 << 3;
constexpr uint64_t kAddrBits = (uint64_t{1} << 54) - 1;

class PmpTest : public ::testing::Test {
 protected:
  Pmp p;
  uint64_t lo = 0, hi = 0;
  void cfg(unsigned i, uint8_t b) {
    const unsigned n = i < 8 ? 0 : 2;
    uint64_t v = p.read_cfg(n);
    const unsigned sh = 8 * (i % 8);
    v = (v & ~(uint64_t{0xff} << sh)) | (uint64_t{b} << sh);
    p.write_cfg(n, v);
  }
  uint8_t cfg_of(unsigned i) { return static_cast<uint8_t>(p.read_cfg(i < 8 ? 0 : 2) >> (8 * (i % 8))); }
  bool ok(uint64_t a, unsigned size, Priv pr, unsigned acc) { return p.allows(a, size, pr, acc, &lo, &hi); }
};

TEST_F(PmpTest, CfgWarl) {
  p.write_cfg(0, 0x7f7f7f7f7f7f7f7fu);  // bits 6:5 are reserved: read zero
  EXPECT_EQ(p.read_cfg(0), 0x1f1f1f1f1f1f1f1fu);
  cfg(3, W | NAPOT);  // R=0 W=1 is reserved: becomes R=0 W=0
  EXPECT_EQ(cfg_of(3), NAPOT);
  cfg(9, R | W | X | TOR);
  EXPECT_EQ(cfg_of(9), R | W | X | TOR);
  EXPECT_EQ(p.read_cfg(4), 0u);
  EXPECT_EQ(p.read_cfg(1), 0u);
}

TEST_F(PmpTest, AddrKeeps54Bits) {
  p.write_addr(0, ~uint64_t{0});
  EXPECT_EQ(p.read_addr(0), kAddrBits);
  p.write_addr(15, 0x123);
  EXPECT_EQ(p.read_addr(15), 0x123u);
  p.write_addr(16, 0x123);
  EXPECT_EQ(p.read_addr(16), 0u);
}

TEST_F(PmpTest, GranularityBitsReadByMode) {
  p.configure(16, 3);  // 32-byte granularity
  p.write_addr(0, ~uint64_t{0});
  EXPECT_EQ(p.read_addr(0), kAddrBits & ~uint64_t{7});  // OFF: bits G-1..0 read 0
  cfg(0, TOR);
  EXPECT_EQ(p.read_addr(0), kAddrBits & ~uint64_t{7});
  cfg(0, NAPOT);
  EXPECT_EQ(p.read_addr(0), kAddrBits);  // the stored bits are back
  p.write_addr(0, 0x100);
  EXPECT_EQ(p.read_addr(0), 0x103u);  // NAPOT: bits G-2..0 read 1
  cfg(1, NA4 | R);  // NA4 is not selectable with G >= 1
  EXPECT_EQ(cfg_of(1) & NAPOT, NAPOT);
}

TEST_F(PmpTest, LockIgnoresWritesAndLocksTorBase) {
  p.write_addr(2, 0x100);
  p.write_addr(3, 0x200);
  cfg(3, L | TOR | R);
  p.write_addr(3, 0x300);
  p.write_addr(2, 0x50);  // base of a locked TOR entry
  EXPECT_EQ(p.read_addr(3), 0x200u);
  EXPECT_EQ(p.read_addr(2), 0x100u);
  cfg(3, R | W | X | NAPOT);
  EXPECT_EQ(cfg_of(3), L | TOR | R);
  cfg(4, R | NA4);  // the other bytes of pmpcfg0 still take writes
  EXPECT_EQ(cfg_of(4), R | NA4);
  // A locked entry applies to M mode: [0x400, 0x800) is read-only.
  EXPECT_TRUE(p.checks(Priv::M));
  EXPECT_TRUE(ok(0x400, 8, Priv::M, R));
  EXPECT_FALSE(ok(0x400, 8, Priv::M, W));
  EXPECT_TRUE(ok(0x800, 8, Priv::M, W));  // no match: M may
}

TEST_F(PmpTest, NoEntriesMeansNoPmp) {
  p.configure(0, 0);
  p.write_addr(0, 0x100);
  cfg(0, R | NAPOT);
  EXPECT_EQ(p.read_addr(0), 0u);
  EXPECT_EQ(p.read_cfg(0), 0u);
  EXPECT_FALSE(p.checks(Priv::U));
  EXPECT_TRUE(ok(0x1000, 8, Priv::U, W));
}

TEST_F(PmpTest, UModeWithoutMatchFails) {
  EXPECT_TRUE(p.checks(Priv::U));
  EXPECT_FALSE(p.checks(Priv::M));
  EXPECT_FALSE(ok(0x80000000, 4, Priv::U, R));
  EXPECT_TRUE(ok(0x80000000, 4, Priv::M, R | W | X));
}

TEST_F(PmpTest, TorNa4NapotRanges) {
  p.write_addr(0, 0x1000 >> 2);  // entry 1: TOR [0x1000, 0x2000)
  p.write_addr(1, 0x2000 >> 2);
  cfg(1, TOR | R);
  p.write_addr(2, 0x3000 >> 2);  // entry 2: NA4 [0x3000, 0x3004)
  cfg(2, NA4 | W | R);
  p.write_addr(3, (0x4000 >> 2) | 0x1ff);  // entry 3: NAPOT 4 KiB at 0x4000
  cfg(3, NAPOT | X);
  EXPECT_FALSE(ok(0xff8, 8, Priv::U, R));
  EXPECT_TRUE(ok(0x1000, 8, Priv::U, R));
  EXPECT_EQ(lo, 0x1000u);
  EXPECT_EQ(hi, 0x2000u);
  EXPECT_FALSE(ok(0x1000, 8, Priv::U, W));
  EXPECT_TRUE(ok(0x1ff8, 8, Priv::U, R));
  EXPECT_FALSE(ok(0x1ffc, 8, Priv::U, R));  // partly inside: fails
  EXPECT_FALSE(ok(0x1ffc, 8, Priv::M, R));  // even in M mode
  EXPECT_TRUE(ok(0x3000, 4, Priv::U, W));
  EXPECT_FALSE(ok(0x3004, 4, Priv::U, W));
  EXPECT_FALSE(ok(0x3002, 4, Priv::U, W));
  EXPECT_TRUE(ok(0x4ffe, 2, Priv::U, X));
  EXPECT_FALSE(ok(0x5000, 2, Priv::U, X));
  EXPECT_FALSE(ok(0x4000, 4, Priv::U, R));
  // An empty TOR range (top <= base) matches nothing.
  p.write_addr(4, 0x100);
  p.write_addr(5, 0x80);
  cfg(5, TOR | R);
  EXPECT_FALSE(ok(0x200, 4, Priv::U, R));
  // TOR of entry 0 starts at 0; NAPOT with every bit set covers everything.
  cfg(1, OFF);
  cfg(0, TOR | R | W);
  EXPECT_TRUE(ok(0, 8, Priv::U, W));
  p.write_addr(15, ~uint64_t{0});
  cfg(15, NAPOT | R);
  EXPECT_TRUE(ok(0x00ff000000000000, 8, Priv::U, R));
}

TEST_F(PmpTest, LowestNumberedEntryWins) {
  p.write_addr(0, 0x1000 >> 2);  // NA4 at 0x1000: no access
  cfg(0, NA4);
  p.write_addr(1, ~uint64_t{0});  // everything else: RWX
  cfg(1, NAPOT | R | W | X);
  EXPECT_FALSE(ok(0x1000, 4, Priv::U, R));
  EXPECT_TRUE(ok(0x1000, 4, Priv::M, R));  // not locked: M may
  EXPECT_TRUE(ok(0x2000, 8, Priv::U, W));
  EXPECT_EQ(lo, 0x1004u);  // the range where entry 1 decides
  EXPECT_TRUE(ok(0x800, 8, Priv::U, W));
  EXPECT_EQ(hi, 0x1000u);
  EXPECT_FALSE(ok(0xffe, 4, Priv::U, R));  // one byte in entry 0
}

}  // namespace
}  // namespace npuvp::test
