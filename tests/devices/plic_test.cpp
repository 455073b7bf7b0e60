// The PLIC behind its socket: priorities, enables, threshold, claim order,
// the gateway (no second request while claimed), completion with the line
// still high, and MEIP to the hart.
#include <gtest/gtest.h>

#include <vector>

#include "models/devices/plic.h"
#include "tests/devices/reg_access.h"

namespace npuvp {
namespace {

using test::read;
using test::write;

struct Hart : IrqTarget {
  std::vector<std::pair<unsigned, bool>> lines;
  void set_irq(unsigned n, bool level) override { lines.emplace_back(n, level); }
  void schedule_irq(unsigned, sc_core::sc_time) override { ADD_FAILURE() << "the PLIC schedules nothing"; }
};

struct Fixture {
  Hart hart;
  Plic plic;
  explicit Fixture(const char* n) : plic(n, Plic::Params{}, &hart) {}
};

TEST(Plic, ClaimTakesTheHighestPriorityThenTheLowestId) {
  Fixture f("plic_order");
  write(f.plic.socket, Plic::kPriority + 4 * 3, 2, 4);
  write(f.plic.socket, Plic::kPriority + 4 * 5, 5, 4);
  write(f.plic.socket, Plic::kPriority + 4 * 7, 5, 4);
  write(f.plic.socket, Plic::kEnable, (1u << 3) | (1u << 5) | (1u << 7), 4);
  f.plic.set_source(3, true);
  f.plic.set_source(7, true);
  f.plic.set_source(5, true);
  EXPECT_EQ(read(f.plic.socket, Plic::kPending, 4), uint64_t{(1u << 3) | (1u << 5) | (1u << 7)});
  EXPECT_EQ(f.hart.lines, (std::vector<std::pair<unsigned, bool>>{{Plic::kIrqMExternal, true}}));
  EXPECT_EQ(read(f.plic.socket, Plic::kClaim, 4), 5u);
  EXPECT_EQ(read(f.plic.socket, Plic::kClaim, 4), 7u);
  EXPECT_EQ(read(f.plic.socket, Plic::kClaim, 4), 3u);
  EXPECT_EQ(read(f.plic.socket, Plic::kClaim, 4), 0u) << "nothing left";
  EXPECT_FALSE(f.plic.meip());
  // Lines still high: completing re-pends (level-triggered).
  write(f.plic.socket, Plic::kClaim, 5, 4);
  EXPECT_TRUE(f.plic.meip());
  EXPECT_EQ(read(f.plic.socket, Plic::kClaim, 4), 5u);
}

TEST(Plic, ThresholdMasksAndPriorityIsThreeBits) {
  Fixture f("plic_threshold");
  write(f.plic.socket, Plic::kPriority + 4 * 1, 0xff, 4);
  EXPECT_EQ(read(f.plic.socket, Plic::kPriority + 4 * 1, 4), 7u);
  write(f.plic.socket, Plic::kPriority + 4 * 2, 3, 4);
  write(f.plic.socket, Plic::kEnable, 0b110, 4);
  write(f.plic.socket, Plic::kThreshold, 3, 4);
  f.plic.set_source(2, true);
  EXPECT_FALSE(f.plic.meip()) << "priority 3 is not above threshold 3";
  EXPECT_EQ(read(f.plic.socket, Plic::kClaim, 4), 0u);
  write(f.plic.socket, Plic::kThreshold, 2, 4);
  EXPECT_TRUE(f.plic.meip());
}

TEST(Plic, GatewayHoldsASecondRequestUntilCompletion) {
  Fixture f("plic_gateway");
  write(f.plic.socket, Plic::kPriority + 4 * 4, 1, 4);
  write(f.plic.socket, Plic::kEnable, 1u << 4, 4);
  f.plic.set_source(4, true);
  EXPECT_EQ(read(f.plic.socket, Plic::kClaim, 4), 4u);
  f.plic.set_source(4, false);
  f.plic.set_source(4, true);  // the device asks again while being served
  EXPECT_FALSE(f.plic.pending(4));
  f.plic.set_source(4, false);
  write(f.plic.socket, Plic::kClaim, 4, 4);
  EXPECT_FALSE(f.plic.pending(4)) << "line low at completion: nothing new";
  EXPECT_FALSE(f.plic.meip());
  write(f.plic.socket, Plic::kClaim, 9, 4);  // not claimed: ignored
  EXPECT_FALSE(f.plic.meip());
}

TEST(Plic, DisabledSourcesStayPendingButDoNotInterrupt) {
  Fixture f("plic_enable");
  write(f.plic.socket, Plic::kPriority + 4 * 6, 1, 4);
  f.plic.set_source(6, true);
  EXPECT_TRUE(f.plic.pending(6));
  EXPECT_FALSE(f.plic.meip());
  write(f.plic.socket, Plic::kEnable, 1u << 6 | 1u, 4);
  EXPECT_EQ(read(f.plic.socket, Plic::kEnable, 4), uint64_t{1u << 6}) << "source 0 does not exist";
  EXPECT_TRUE(f.plic.meip());
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
