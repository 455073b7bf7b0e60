// The AI-core dispatch block behind its socket, with recording cores: reset
// release, launch descriptors (blocks spread as a direct launch spreads
// them, stacks, argument registers from the argument block), the refusal to
// start a core held in reset (an error naming it), per-core status and the
// completion interrupt with the launch's cycles.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "models/devices/ai_core_dispatch.h"
#include "tests/devices/reg_access.h"

namespace npuvp {
namespace {

using D = AiCoreDispatch;
using test::read;
using test::write;

struct Cores : DispatchCores {
  std::map<unsigned, AiCoreLaunch> started;
  std::map<unsigned, sc_core::sc_time> at;
  std::vector<unsigned> dead;
  bool start(unsigned c, const AiCoreLaunch& l, sc_core::sc_time t) override {
    for (unsigned d : dead)
      if (d == c) return false;
    started[c] = l;
    at[c] = t;
    return true;
  }
  std::string core_name(unsigned c) const override { return "core" + std::to_string(c); }
  // The platform's launch start: here 3 ns after the START write.
  std::vector<sc_core::sc_time> begun;
  sc_core::sc_time begin_launch(sc_core::sc_time at) override {
    begun.push_back(at);
    return at + sc_core::sc_time(3, sc_core::SC_NS);
  }
};

struct Fixture {
  Cores cores;
  std::vector<uint64_t> memory = std::vector<uint64_t>(16);
  std::vector<bool> irqs;
  std::vector<std::string> errors;
  D dispatch;
  explicit Fixture(const char* n)
      : dispatch(n, [] { D::Params p; p.dies = 2; p.aic_per_die = 1; p.aiv_per_die = 2; return p; }(), cores,
                 [this](uint64_t addr, void* data, uint64_t len) {
                   if (addr != 0x1000 || len != 128) return false;
                   std::memcpy(data, memory.data(), len);
                   return true;
                 },
                 [this](bool l) { irqs.push_back(l); }, [this](const std::string& m) { errors.push_back(m); }) {}
  void program(uint64_t mask, uint32_t blocks) {
    write(dispatch.socket, D::kStartPc, 0x100000000ull, 8);
    write(dispatch.socket, D::kEntry, 0x100000100ull, 8);
    write(dispatch.socket, D::kArgs, 0x1000, 8);
    write(dispatch.socket, D::kStackBase, 0x200000000ull, 8);
    write(dispatch.socket, D::kStackSize, 0x4000, 4);
    write(dispatch.socket, D::kBlocks, blocks, 4);
    write(dispatch.socket, D::kCoreMask, mask, 8);
  }
};

TEST(AiCoreDispatch, DescribesTheChip) {
  Fixture f("disp_info");
  EXPECT_EQ(read(f.dispatch.socket, D::kId, 4), uint64_t{D::kIdValue});
  EXPECT_EQ(read(f.dispatch.socket, D::kDies, 4), 2u);
  EXPECT_EQ(read(f.dispatch.socket, D::kAicPerDie, 4), 1u);
  EXPECT_EQ(read(f.dispatch.socket, D::kAivPerDie, 4), 2u);
  for (unsigned c = 0; c < 6; ++c) EXPECT_EQ(read(f.dispatch.socket, D::kCoreStatus + 4 * c, 4), uint64_t{D::kInReset});
}

TEST(AiCoreDispatch, StartOnACoreHeldInResetIsAnErrorNamingIt) {
  Fixture f("disp_reset");
  write(f.dispatch.socket, D::kResetRelease, 0b011, 8);
  f.program(0b111, 3);
  write(f.dispatch.socket, D::kStart, 1, 4);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_NE(f.errors[0].find("core 2 (core2)"), std::string::npos) << f.errors[0];
  EXPECT_NE(f.errors[0].find("held in reset"), std::string::npos) << f.errors[0];
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrCoreInReset});
  EXPECT_EQ(read(f.dispatch.socket, D::kErrorCore, 4), 2u);
  EXPECT_TRUE(f.cores.started.empty()) << "nothing starts";
}

TEST(AiCoreDispatch, LaunchSpreadsBlocksAndCompletesWithAnInterrupt) {
  Fixture f("disp_launch");
  for (unsigned i = 0; i < 16; ++i) f.memory[i] = 0x100 + i;
  write(f.dispatch.socket, D::kResetRelease, 0b111111, 8);
  write(f.dispatch.socket, D::kIrqEnable, D::kIrqDone, 4);
  f.program(0b110110, 5);  // die 0's AIVs (1, 2) and die 1's (4, 5)
  write(f.dispatch.socket, D::kStart, 1, 4, sc_core::sc_time(3, sc_core::SC_US));
  ASSERT_TRUE(f.errors.empty()) << f.errors[0];
  ASSERT_EQ(f.cores.started.size(), 4u);
  EXPECT_EQ(f.cores.started[1].blocks, std::vector<uint32_t>({0, 4}));
  EXPECT_EQ(f.cores.started[2].blocks, std::vector<uint32_t>({1}));
  EXPECT_EQ(f.cores.started[5].blocks, std::vector<uint32_t>({3}));
  EXPECT_EQ(f.cores.started[4].sp, 0x200000000ull + 3 * 0x4000) << "third selected core, third stack";
  EXPECT_EQ(f.cores.started[2].x[0], 0x100u);
  EXPECT_EQ(f.cores.started[2].f[7], 0x10fu);
  EXPECT_EQ(f.cores.started[2].entry, 0x100000100ull);
  EXPECT_EQ(f.cores.started[2].block_num, 5u);
  // Every core starts at the launch start the platform chose, once per START.
  EXPECT_EQ(f.cores.begun, std::vector<sc_core::sc_time>({sc_core::sc_time(3, sc_core::SC_US)}));
  for (unsigned c : {1u, 2u, 4u, 5u})
    EXPECT_EQ(f.cores.at[c], sc_core::sc_time(3, sc_core::SC_US) + sc_core::sc_time(3, sc_core::SC_NS));
  EXPECT_EQ(read(f.dispatch.socket, D::kActive, 4), 4u);
  EXPECT_EQ(read(f.dispatch.socket, D::kCoreStatus + 4 * 1, 4), uint64_t{D::kRunning});

  f.dispatch.core_finished(1, D::kDone, 900);
  f.dispatch.core_finished(2, D::kDone, 700);
  f.dispatch.core_finished(4, D::kTrapped, 50);
  EXPECT_TRUE(f.irqs.empty());
  f.dispatch.core_finished(5, D::kDone, 1000);
  EXPECT_EQ(f.irqs, std::vector<bool>({true}));
  EXPECT_EQ(read(f.dispatch.socket, D::kCycles, 8), 1000u);
  EXPECT_EQ(read(f.dispatch.socket, D::kFailedCount, 4), 1u);
  EXPECT_EQ(read(f.dispatch.socket, D::kCoreStatus + 4 * 4, 4), uint64_t{D::kTrapped});
  EXPECT_EQ(read(f.dispatch.socket, D::kIrqStatus, 4), uint64_t{D::kIrqDone});
  write(f.dispatch.socket, D::kIrqStatus, D::kIrqDone, 4);
  EXPECT_EQ(f.irqs, std::vector<bool>({true, false}));
}

TEST(AiCoreDispatch, RefusesAStartWhileBusyAndBadDescriptors) {
  Fixture f("disp_busy");
  write(f.dispatch.socket, D::kResetRelease, 0b1, 8);
  f.program(0b1, 0);
  write(f.dispatch.socket, D::kStart, 1, 4);
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrNoBlocks});
  f.program(0b1, 1);
  write(f.dispatch.socket, D::kArgs, 0x2000, 8);
  write(f.dispatch.socket, D::kStart, 1, 4);
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrArgs});
  write(f.dispatch.socket, D::kArgs, 0x1000, 8);
  write(f.dispatch.socket, D::kStart, 1, 4);
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrNone});
  write(f.dispatch.socket, D::kStart, 1, 4);
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrBusy});
  EXPECT_EQ(f.errors.size(), 3u);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
