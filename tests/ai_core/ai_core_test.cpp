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
