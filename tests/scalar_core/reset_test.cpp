// A scalar core held in reset (ScalarCoreConfig::start_in_reset): it runs
// nothing until release(), then starts on the release's cycle at the given
// pc, with its cycle limit counted from there; request_park() puts it back
// into reset and calls the park handler once its time is SystemC's.
#include <gtest/gtest.h>

#include <cstring>

#include "models/memory/bus.h"
#include "models/memory/ram.h"
#include "models/scalar_core/scalar_core.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

constexpr uint64_t kBase = 0x80000000;
constexpr uint32_t kAddiT0 = 0x00128293;  // addi t0, t0, 1
constexpr uint32_t kJumpSelf = 0x0000006f;  // j .

struct Platform {
  ScalarCore core;
  Bus bus;
  Ram ram;
  static ScalarCoreConfig config() {
    ScalarCoreConfig c;
    c.reset_pc = 0;  // never used: release() gives the pc
    c.start_in_reset = true;
    c.max_cycles = 100;
    c.clock_period = sc_time(1, SC_NS);
    return c;
  }
  static Ram::Params ram_params() {
    Ram::Params p;
    p.size = 0x1000;
    p.clock_period = sc_time(1, SC_NS);
    return p;
  }
  Platform() : core("core", config()), bus("bus"), ram("ram", ram_params()) {
    core.ifetch.bind(bus.target);
    core.data.bind(bus.target);
    bus.map(ram.socket, kBase, 0x1000, "ram");
    const uint32_t program[] = {kAddiT0, kJumpSelf};
    std::memcpy(ram.host_ptr(0x100), program, sizeof program);
  }
};

TEST(ScalarCoreReset, HeldUntilReleasedThenStartsOnTheReleaseCycle) {
  Platform p;
  int parks = 0;
  p.core.set_park_handler([&] { ++parks; });
  sc_core::sc_start(sc_time(5, SC_NS) * 1000.0);
  EXPECT_TRUE(p.core.in_reset());
  EXPECT_EQ(p.core.hart().cycle, 0u);
  EXPECT_EQ(p.core.stats().instret, 0u) << "nothing ran in reset";
  EXPECT_EQ(p.core.stop_reason(), StopReason::Running);

  p.core.release(kBase + 0x100, sc_time(7, SC_NS) * 1000.0);
  EXPECT_FALSE(p.core.in_reset());
  sc_core::sc_start();
  EXPECT_EQ(p.core.stop_reason(), StopReason::CycleLimit);
  EXPECT_EQ(p.core.hart().x[5], 1u) << "ran the program from the released pc";
  EXPECT_EQ(p.core.hart().cycle, 7000u + 100u) << "started on cycle 7000, limit counted from there";
  EXPECT_EQ(parks, 0);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
