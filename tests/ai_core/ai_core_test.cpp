// The AI core behind its sockets, one kernel per run of aicore_driver:
// results, pipe timing against TIMING.md, and the checkers.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "driver_run.h"
#include "timing_params.h"


namespace npuvp {
namespace {

constexpr uint64_t kTensorBytes = 1024 * 4;

TEST(AiCore, VectorAddIsExactAndOrderedByFlags) {
  auto j = run("vadd");
  ASSERT_EQ(j["stop_reason"], "exit") << j.dump(1);
  EXPECT_EQ(j["exit"], 0) << "wrong elements";
  EXPECT_TRUE(j["issues"].empty()) << j["issues"].dump(1);
  const auto& p = j["pipes"];
  const AiCoreTiming t = test_timing();
  // MTE2: two copies of 4 KiB at 64 B/cycle; MTE3: one.
  EXPECT_EQ(p["MTE2"]["busy"], 2 * kTensorBytes / t.mte2.bytes_per_cycle);
  EXPECT_EQ(p["MTE2"]["bytes"], 2 * kTensorBytes);
  EXPECT_EQ(p["MTE3"]["busy"], kTensorBytes / t.mte3.bytes_per_cycle);
  // V: 16 repeats of 64 fp32 lanes, one cycle each, no bank conflicts.
  EXPECT_EQ(p["V"]["busy"], 16u);
  EXPECT_EQ(j["bank_conflict_cycles"], 0);
  // One add per element, every lane active: the roofline's FLOP count.
  EXPECT_EQ(j["vector_flops"], 1024);
  // The flags order the pipes in time: V starts after MTE2's data is in UB
  // (plus the flag's latency), MTE3 after V's results are.
  EXPECT_GE(p["V"]["first_start"].get<uint64_t>(), p["MTE2"]["last_end"].get<uint64_t>() + t.sync_latency);
  EXPECT_GE(p["MTE3"]["first_start"].get<uint64_t>(), p["V"]["last_end"].get<uint64_t>() + t.sync_latency);
  // The second copy starts when the first one's data has gone through the
  // path, so the two overlap their latencies: MTE2 ends one latency plus
  // both transfers after it starts.
  EXPECT_EQ(p["MTE2"]["last_end"].get<uint64_t>() - p["MTE2"]["first_start"].get<uint64_t>(),
            t.mte2.latency + 2 * kTensorBytes / t.mte2.bytes_per_cycle);
}

TEST(AiCore, SameBankReadsCostACyclePerRepeat) {
  auto j = run("vadd_conflict");
  ASSERT_EQ(j["stop_reason"], "exit") << j.dump(1);
  EXPECT_EQ(j["exit"], 0);
  // src0 block k and src1 block k are in the same bank: 2 reads, 2 cycles.
  EXPECT_EQ(j["bank_conflict_cycles"], 16);
  EXPECT_EQ(j["pipes"]["V"]["busy"], 32);
  EXPECT_EQ(j["pipes"]["V"]["stalls"]["bank_conflict"], 16);
}

// TIMING.md, "Counters": stall cycles by reason. A 32 B copy in needs one
// cycle on its path, and its data comes kRamLatency cycles after the path's
// start-up latency instead of 1.
TEST(AiCore, StallCyclesByReason) {
  auto j = run("stall_reasons");
  ASSERT_EQ(j["stop_reason"], "exit") << j.dump(1);
  EXPECT_EQ(j["exit"], 0);
  const AiCoreTiming t = test_timing();
  const auto& mte2 = j["pipes"]["MTE2"]["stalls"];
  const auto& mte3 = j["pipes"]["MTE3"]["stalls"];
  const auto& s = j["pipes"]["S"]["stalls"];
  // set_flag(MTE2, MTE3) waits for the copy: its start-up latency and its
  // one path cycle (barrier: the pipe's own work, issued one cycle before),
  // then what the memory took beyond that cycle (memory).
  EXPECT_EQ(mte2["barrier"], t.mte2.latency + 1 - 1);
  EXPECT_EQ(mte2["memory"], kRamLatency - 1);
  EXPECT_EQ(mte2["flag"], 0);
  // wait_flag(MTE2, MTE3) waits for that flag; every cycle MTE3 waited was for it.
  EXPECT_GT(mte3["flag"].get<uint64_t>(), mte2["barrier"].get<uint64_t>());
  EXPECT_EQ(mte3["flag"], j["pipes"]["MTE3"]["wait"]);
  EXPECT_EQ(mte3["memory"], 0);  // nothing waits for the write in MTE3...
  // ...but pipe_barrier(PIPE_ALL) does: the scalar unit's memory stall is
  // its own loads' plus the write's kRamLatency - 1.
  EXPECT_EQ(s["memory"], j["scalar_stall_memory"].get<uint64_t>() + kRamLatency - 1);
  EXPECT_GT(s["barrier"].get<uint64_t>(), 0u);
  EXPECT_EQ(s["queue_full"], 0);
  for (const char* p : {"MTE2", "MTE3"}) {
    const auto& st = j["pipes"][p]["stalls"];
    EXPECT_EQ(st["flag"].get<uint64_t>() + st["barrier"].get<uint64_t>() + st["memory"].get<uint64_t>(),
              j["pipes"][p]["wait"].get<uint64_t>())
        << p << ": a pipe's waits are flags, barriers and memory";
  }
}

TEST(AiCore, MissingWaitFlagIsReportedAsARace) {
  auto j = run("race");
  EXPECT_EQ(j["stop_reason"], "exit") << "a race is a warning";
  EXPECT_TRUE(has_issue(j, "race", "PIPE_V reads")) << j["issues"].dump(1);
  EXPECT_TRUE(has_issue(j, "race", "PIPE_MTE2 writes")) << j["issues"].dump(1);
  EXPECT_TRUE(has_issue(j, "race", "xnpu.vadd.f32")) << j["issues"].dump(1);
}

TEST(AiCore, WaitWithoutSetIsADeadlockNotAHang) {
  auto j = run("deadlock");
  EXPECT_EQ(j["stop_reason"], "error") << j.dump(1);
  EXPECT_TRUE(has_issue(j, "deadlock", "PIPE_MTE3 -> PIPE_V, event 3")) << j["issues"].dump(1);
}

TEST(AiCore, CopyOutsideTheLaunchIsAnErrorWithPcAndAddress) {
  auto j = run("out_of_bounds", true);
  EXPECT_EQ(j["stop_reason"], "error") << j.dump(1);
  EXPECT_TRUE(has_issue(j, "out_of_bounds", "reads GM [0x1000, +128)")) << j["issues"].dump(1);
  EXPECT_TRUE(has_issue(j, "out_of_bounds", "xnpu.copy_gm2ub.u8")) << j["issues"].dump(1);
}

TEST(AiCore, FlagLeftSetIsAWarning) {
  auto j = run("flag_left_set");
  EXPECT_EQ(j["stop_reason"], "exit");
  EXPECT_TRUE(has_issue(j, "flag_left_set", "PIPE_V -> PIPE_MTE3, event 5")) << j["issues"].dump(1);
}

}  // namespace
}  // namespace npuvp

namespace npuvp {
namespace {

TEST(AiCore, ScalarUnitReachesItsUbThroughTheWindow) {
  auto j = run("scalar_ub");
  ASSERT_EQ(j["stop_reason"], "exit") << j.dump(1);
  EXPECT_EQ(j["exit"], 0) << "wrong elements";
  EXPECT_TRUE(j["issues"].empty()) << j["issues"].dump(1);
}

}  // namespace
}  // namespace npuvp

namespace npuvp {
namespace {

TEST(AiCore, CubeInstructionOnAVectorCoreIsIllegal) {
  auto j = run("cube_on_vector");
  EXPECT_EQ(j["stop_reason"], "unhandled_trap") << j.dump(1);
  const std::string msg = j["message"];
  EXPECT_NE(msg.find("illegal instruction"), std::string::npos) << msg;
  EXPECT_NE(msg.find("xnpu.mmad.f16"), std::string::npos) << msg;
}

}  // namespace
}  // namespace npuvp
