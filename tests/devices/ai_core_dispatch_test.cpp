// The AI-core dispatch block behind its socket, with recording cores: reset
// release, launch descriptors (blocks spread as a direct launch spreads
// them, stacks, argument registers from the argument block), group launches
// of one AIC and two AIVs (entries per core kind, shared cross-core flags,
// stack tables), the refusal to start a core held in reset (an error naming
// it), per-core status and unit, and the completion interrupt with the
// launch's cycles.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "models/devices/ai_core_dispatch.h"
#include "platform/launch_placement.h"
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
  std::vector<uint64_t> stacks = {0x700000, 0x710000, 0x720000, 0x730000, 0x740000, 0x750000};
  std::vector<bool> irqs;
  std::vector<std::string> errors;
  D dispatch;
  explicit Fixture(const char* n)
      : dispatch(n, [] { D::Params p; p.dies = 2; p.aic_per_die = 1; p.aiv_per_die = 2; return p; }(), cores,
                 [this](uint64_t addr, void* data, uint64_t len) {
                   if (addr == 0x1000 && len == 128) {
                     std::memcpy(data, memory.data(), len);
                     return true;
                   }
                   // A stack table of the six cores at 0x3000.
                   if (addr < 0x3000 || addr + len > 0x3000 + 8 * stacks.size()) return false;
                   std::memcpy(data, reinterpret_cast<uint8_t*>(stacks.data()) + (addr - 0x3000), len);
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

// Two dies of 1 AIC + 2 AIV: group 0 is cores 0, 1, 2; group 1 cores 3, 4, 5.
TEST(AiCoreDispatch, AGroupLaunchGivesEachGroupItsBlocksEntriesAndFlags) {
  Fixture f("disp_groups");
  EXPECT_EQ(read(f.dispatch.socket, D::kGroups, 4), 2u);
  write(f.dispatch.socket, D::kResetRelease, 0b111111, 8);
  f.program(0, 3);
  write(f.dispatch.socket, D::kMode, D::kModeGroups | D::kModeEntryAic | D::kModeStackTable, 4);
  write(f.dispatch.socket, D::kEntryAic, 0x100000200ull, 8);
  write(f.dispatch.socket, D::kStackBase, 0x3000, 8);
  write(f.dispatch.socket, D::kGroupMask, 0b11, 8);
  write(f.dispatch.socket, D::kStart, 1, 4);
  ASSERT_TRUE(f.errors.empty()) << f.errors[0];
  ASSERT_EQ(f.cores.started.size(), 6u);
  for (unsigned c : {0u, 1u, 2u}) {
    EXPECT_EQ(f.cores.started[c].blocks, std::vector<uint32_t>({0, 2})) << "the group's blocks, core " << c;
    EXPECT_EQ(read(f.dispatch.socket, D::kCoreUnit + 4 * c, 4), 0u);
  }
  EXPECT_EQ(f.cores.started[4].blocks, std::vector<uint32_t>({1}));
  EXPECT_EQ(read(f.dispatch.socket, D::kCoreUnit + 4 * 5, 4), 1u);
  EXPECT_EQ(f.cores.started[0].entry, 0x100000200ull) << "the cube core's entry";
  EXPECT_EQ(f.cores.started[1].entry, 0x100000100ull) << "the vector cores'";
  EXPECT_EQ(f.cores.started[3].entry, 0x100000200ull);
  EXPECT_EQ(f.cores.started[5].sp, 0x750000u) << "core 5's word of the stack table";
  // Each group shares one set of cross-core flags; members AIC 0, AIVs 1 and 2.
  CrossCoreFlags* g0 = f.cores.started[0].cross;
  ASSERT_NE(g0, nullptr);
  EXPECT_EQ(f.cores.started[1].cross, g0);
  EXPECT_EQ(f.cores.started[2].cross, g0);
  EXPECT_NE(f.cores.started[3].cross, g0);
  EXPECT_EQ(f.cores.started[0].cross_member, unsigned{CrossCoreFlags::kAic});
  EXPECT_EQ(f.cores.started[2].cross_member, 2u);

  // A flag left set in this launch does not reach the next one.
  g0->set(CrossCoreFlags::kAic, 3, {10, 0, {}});
  EXPECT_EQ(g0->pending(1, 3), 1u);
  for (unsigned c = 0; c < 6; ++c) f.dispatch.core_finished(c, D::kDone, 100 + c);
  EXPECT_EQ(read(f.dispatch.socket, D::kCycles, 8), 105u);
  write(f.dispatch.socket, D::kGroupMask, 0b10, 8);
  write(f.dispatch.socket, D::kStart, 1, 4);
  ASSERT_TRUE(f.errors.empty()) << f.errors[0];
  EXPECT_EQ(g0->pending(1, 3), 1u) << "group 0 is not in this launch";
  EXPECT_EQ(f.cores.started[4].cross->pending(1, 3), 0u);
  EXPECT_EQ(read(f.dispatch.socket, D::kCoreUnit, 4), uint64_t{D::kNoUnit}) << "core 0 is not in it";
  EXPECT_EQ(f.cores.started[4].blocks, std::vector<uint32_t>({0, 1, 2}));
}

TEST(AiCoreDispatch, ACoreLaunchHasNoCrossCoreFlagsAndOneEntry) {
  Fixture f("disp_cores");
  write(f.dispatch.socket, D::kResetRelease, 0b111111, 8);
  f.program(0b001001, 2);  // the two cube cores
  write(f.dispatch.socket, D::kEntryAic, 0x100000200ull, 8);  // without MODE.ENTRY_AIC: unused
  write(f.dispatch.socket, D::kStart, 1, 4);
  ASSERT_TRUE(f.errors.empty()) << f.errors[0];
  EXPECT_EQ(f.cores.started[3].entry, 0x100000100ull);
  EXPECT_EQ(f.cores.started[3].cross, nullptr);
  EXPECT_EQ(f.cores.started[3].blocks, std::vector<uint32_t>({1}));
  EXPECT_EQ(f.cores.started[3].sp, 0x200000000ull + 2 * 0x4000) << "second started core, second stack";
}

TEST(AiCoreDispatch, GroupLaunchesThatCannotStartAreRefused) {
  Fixture f("disp_group_errors");
  write(f.dispatch.socket, D::kResetRelease, 0b111011, 8);  // core 2 (die 0's second AIV) held
  f.program(0, 1);
  write(f.dispatch.socket, D::kMode, D::kModeGroups, 4);
  write(f.dispatch.socket, D::kGroupMask, 0b1, 8);
  write(f.dispatch.socket, D::kStart, 1, 4);
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrCoreInReset});
  EXPECT_EQ(read(f.dispatch.socket, D::kErrorCore, 4), 2u);
  write(f.dispatch.socket, D::kGroupMask, 0b100, 8);
  write(f.dispatch.socket, D::kStart, 1, 4);
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrNoGroups});
  EXPECT_EQ(read(f.dispatch.socket, D::kErrorCore, 4), 2u) << "names the group";
  write(f.dispatch.socket, D::kGroupMask, 0, 8);
  write(f.dispatch.socket, D::kStart, 1, 4);
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrNoCores});
  write(f.dispatch.socket, D::kGroupMask, 0b10, 8);
  write(f.dispatch.socket, D::kMode, D::kModeGroups | D::kModeStackTable, 4);
  write(f.dispatch.socket, D::kStackBase, 0x3008, 8);  // core 5's word is past the table
  write(f.dispatch.socket, D::kStart, 1, 4);
  EXPECT_EQ(read(f.dispatch.socket, D::kError, 4), uint64_t{D::kErrStackTable});
  EXPECT_EQ(read(f.dispatch.socket, D::kErrorCore, 4), 5u);
  ASSERT_EQ(f.errors.size(), 4u);
  EXPECT_NE(f.errors[0].find("core 2 (core2)"), std::string::npos) << f.errors[0];
  EXPECT_NE(f.errors[1].find("START on group 2 of a chip with 2 AIC + 2 AIV groups"), std::string::npos) << f.errors[1];
  EXPECT_NE(f.errors[3].find("stack table entry of core 5 at 0x3030"), std::string::npos) << f.errors[3];
  EXPECT_TRUE(f.cores.started.empty()) << "nothing starts";
}

// The dispatch block, programmed from the launch placement as ChipPlatform
// programs it (core or group mask, stack table by core number, ENTRY_AIC for
// a mixed kernel), starts every placed core with the placement's blocks,
// entry, stack and cross-core member, and nothing else: the two launch paths
// agree for every core kind, wave count and die.
TEST(AiCoreDispatch, StartsWhatTheLaunchPlacementPlaces) {
  const CoreTopology topo{2, 2, 4};  // two groups per die
  const unsigned n = 12;
  Cores cores;
  std::vector<uint64_t> table(n);
  D dispatch(
      "disp_placement", [] { D::Params p; p.dies = 2; p.aic_per_die = 2; p.aiv_per_die = 4; return p; }(), cores,
      [&](uint64_t addr, void* data, uint64_t len) {
        if (addr == 0x1000 && len == 128) {
          std::memset(data, 0, len);
          return true;
        }
        if (addr < 0x3000 || addr + len > 0x3000 + 8 * n) return false;
        std::memcpy(data, reinterpret_cast<uint8_t*>(table.data()) + (addr - 0x3000), len);
        return true;
      },
      nullptr, nullptr);
  write(dispatch.socket, D::kResetRelease, (1u << n) - 1, 8);
  struct Case {
    CoreKind kind;
    uint32_t blocks;
    int die;
  };
  for (const Case& k : {Case{CoreKind::Aiv, 5, -1}, Case{CoreKind::Aiv, 11, -1}, Case{CoreKind::Aic, 3, -1},
                        Case{CoreKind::Aic, 9, 1}, Case{CoreKind::Mix, 3, -1}, Case{CoreKind::Mix, 7, -1},
                        Case{CoreKind::Mix, 3, 1}}) {
    SCOPED_TRACE(std::string(core_kind_name(k.kind)) + " blocks " + std::to_string(k.blocks) + " die " +
                 std::to_string(k.die));
    const CorePlacement p = place_blocks(topo, k.kind, k.blocks, k.die, "k", "test");
    const bool mix = k.kind == CoreKind::Mix;
    uint64_t mask = 0;
    for (const PlacedCore& c : p.cores) {
      mask |= uint64_t{1} << (mix ? c.group : c.dispatch_index);
      table[c.dispatch_index] = 0x900000 + 0x1000 * c.global_id;
    }
    write(dispatch.socket, D::kMode, D::kModeStackTable | (mix ? D::kModeGroups | D::kModeEntryAic : 0), 4);
    write(dispatch.socket, D::kEntry, 0xA1, 8);  // the AIVs' (mix) or every core's
    write(dispatch.socket, D::kEntryAic, 0xC1, 8);
    write(dispatch.socket, D::kArgs, 0x1000, 8);
    write(dispatch.socket, D::kStackBase, 0x3000, 8);
    write(dispatch.socket, D::kBlocks, k.blocks, 4);
    write(dispatch.socket, D::kCoreMask, mix ? 0 : mask, 8);
    write(dispatch.socket, D::kGroupMask, mix ? mask : 0, 8);
    cores.started.clear();
    write(dispatch.socket, D::kStart, 1, 4);
    ASSERT_EQ(read(dispatch.socket, D::kError, 4), 0u);
    ASSERT_EQ(cores.started.size(), p.cores.size());
    for (const PlacedCore& c : p.cores) {
      const AiCoreLaunch& l = cores.started.at(c.dispatch_index);
      EXPECT_EQ(l.blocks, c.blocks) << "core " << c.dispatch_index;
      EXPECT_EQ(l.entry, mix && !c.is_vector ? 0xC1u : 0xA1u) << "core " << c.dispatch_index;
      EXPECT_EQ(l.sp, 0x900000u + 0x1000 * c.global_id);
      EXPECT_EQ(l.cross != nullptr, mix);
      EXPECT_EQ(l.cross_member, c.member);
      EXPECT_EQ(read(dispatch.socket, D::kCoreUnit + 4 * c.dispatch_index, 4), c.unit);
    }
    for (const PlacedCore& c : p.cores) dispatch.core_finished(c.dispatch_index, D::kDone, 1);
  }
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
