// The cube core (AIC) behind its sockets, one kernel per run of
// aicore_driver --aic: a small GEMM through every buffer, each pipe's timing
// against TIMING.md ("The cube core"), and the checkers on L1/L0A/L0B/L0C.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "driver_run.h"
#include "timing_params.h"

namespace npuvp {
namespace {

nlohmann::json run_aic(const std::string& kernel, bool regions = false) { return run(kernel, regions, true); }

uint64_t span(const nlohmann::json& pipe) {
  return pipe["last_end"].get<uint64_t>() - pipe["first_start"].get<uint64_t>();
}

TEST(CubeCore, GemmThroughL1L0AndFixPipeIsExact) {
  auto j = run_aic("cube_gemm", true);
  ASSERT_EQ(j["stop_reason"], "exit") << j.dump(1);
  EXPECT_EQ(j["exit"], 0) << "wrong elements";
  EXPECT_TRUE(j["issues"].empty()) << j["issues"].dump(1);
  const auto& p = j["pipes"];
  // One mmad of 32x48x64: 2 x 3 x 4 fractals, plus the switch cost.
  const AiCoreTiming t = test_timing();
  EXPECT_EQ(p["M"]["busy"], 24 + t.cube_switch_cycles);
  EXPECT_EQ(j["cube_fractals"], 24);
  EXPECT_EQ(j["cube_flops"], 2 * 32 * 48 * 64);
  // MTE2: A (32 rows of 128 B) and B (64 rows of 96 B) into L1 NZ; MTE1:
  // all of A and B's fractals into L0 (8 + 12 fractals of 512 B).
  EXPECT_EQ(p["MTE2"]["bytes"], 32 * 128 + 64 * 96);
  EXPECT_EQ(p["MTE1"]["bytes"], 20 * 512);
  EXPECT_EQ(p["FIX"]["bytes"], 32 * 48 * 4);
  // The flags order the pipes: each starts after the previous one's data.
  EXPECT_GE(p["MTE1"]["first_start"].get<uint64_t>(), p["MTE2"]["last_end"].get<uint64_t>() + t.sync_latency);
  EXPECT_GE(p["M"]["first_start"].get<uint64_t>(), p["MTE1"]["last_end"].get<uint64_t>() + t.sync_latency);
  EXPECT_GE(p["FIX"]["first_start"].get<uint64_t>(), p["M"]["last_end"].get<uint64_t>() + t.sync_latency);
  EXPECT_EQ(p["V"]["instructions"], 0);
}

TEST(CubeCore, GmToL0DirectAndBiasTableAreExact) {
  auto j = run_aic("cube_bias", true);
  ASSERT_EQ(j["stop_reason"], "exit") << j.dump(1);
  EXPECT_EQ(j["exit"], 0) << "wrong elements";
  EXPECT_TRUE(j["issues"].empty()) << j["issues"].dump(1);
  const auto& p = j["pipes"];
  // MTE2: two fractals (512 B each) and the bias (64 B); MTE1: the bias into the BiasTable.
  EXPECT_EQ(p["MTE2"]["bytes"], 2 * 512 + 64);
  EXPECT_EQ(p["MTE1"]["bytes"], 64);
  EXPECT_EQ(p["MTE2"]["busy"], 512 / 64 + 512 / 64 + 1);
  EXPECT_EQ(p["MTE1"]["busy"], 1);
  EXPECT_EQ(j["cube_fractals"], 1);
}

// Each pipe of cube_timing.c starts its work when PIPE_S's flag releases it
// and then runs back to back: busy cycles and span follow TIMING.md.
TEST(CubeCore, PipeTimingMatchesTheSpecification) {
  auto j = run_aic("cube_timing");
  ASSERT_EQ(j["stop_reason"], "exit") << j.dump(1);
  EXPECT_TRUE(j["issues"].empty()) << j["issues"].dump(1);
  const auto& p = j["pipes"];
  const AiCoreTiming t = test_timing();
  // MTE2: two 4 KiB bursts at 64 B/cycle; the second starts when the first
  // has gone through the path (its latency overlaps): L + 2 x 64.
  EXPECT_EQ(p["MTE2"]["busy"], 2 * 4096 / t.mte2.bytes_per_cycle);
  EXPECT_EQ(span(p["MTE2"]), t.mte2.latency + 2 * 4096 / t.mte2.bytes_per_cycle);
  EXPECT_EQ(span(p["MTE2"]), 148u);
  // MTE1: two loads of 8 fractals (4 KiB) at 256 B/cycle: 16 busy each.
  EXPECT_EQ(p["MTE1"]["busy"], 32u);
  EXPECT_EQ(span(p["MTE1"]), t.mte1.latency + 32u);
  EXPECT_EQ(p["MTE1"]["bytes"], 8192);
  // M: four f16 64x64x64 (4 x 4 x 4 = 64 fractals) and one s8 16x16x64
  // (k0 = 32: 1 x 1 x 2 fractals), each plus the switch cost; the last
  // result lands cube_latency later.
  const uint64_t m_busy = 4 * (64 + t.cube_switch_cycles) + (2 + t.cube_switch_cycles);
  EXPECT_EQ(p["M"]["busy"], m_busy);
  EXPECT_EQ(m_busy, 278u);
  EXPECT_EQ(span(p["M"]), m_busy + t.cube_latency);
  EXPECT_EQ(j["cube_fractals"], 4 * 64 + 2);
  EXPECT_EQ(j["cube_flops"], 4 * 2 * 64 * 64 * 64 + 2 * 16 * 16 * 64);
  // FIX: 16x16 f32 -> L1 as f16 (512 B: 8 cycles, done at L + 8), then
  // -> GM as f32, 16 rows of 64 B one cycle apart from start + 8 + L; the
  // last row goes out at +8 + L + 15 and the RAM answers it in kRamLatency.
  EXPECT_EQ(p["FIX"]["busy"], 8 + 16);
  EXPECT_EQ(p["FIX"]["bytes"], 512 + 1024);
  EXPECT_EQ(span(p["FIX"]), 8 + t.fix.latency + 15 + kRamLatency);
  EXPECT_EQ(span(p["FIX"]), 53u);
}

TEST(CubeCore, UnalignedL0AddressIsAReportedKernelBug) {
  auto j = run_aic("cube_unaligned");
  EXPECT_EQ(j["stop_reason"], "error") << j.dump(1);
  EXPECT_TRUE(has_issue(j, "unaligned", "L0A address 0x100 is not 512-byte aligned")) << j["issues"].dump(1);
  EXPECT_TRUE(has_issue(j, "unaligned", "xnpu.load2d_l12l0a.u16")) << j["issues"].dump(1);
  EXPECT_TRUE(has_issue(j, "unaligned", "aic0: pc 0x")) << j["issues"].dump(1);
}

TEST(CubeCore, L0COutOfRangeIsReported) {
  auto j = run_aic("cube_out_of_bounds");
  EXPECT_EQ(j["stop_reason"], "error") << j.dump(1);
  EXPECT_TRUE(has_issue(j, "out_of_bounds", "writes L0C [0x1f000, +16384) outside the 131072 B L0C"))
      << j["issues"].dump(1);
}

TEST(CubeCore, L0AWithoutAFlagBetweenMte1AndTheCubeIsARace) {
  auto j = run_aic("cube_race");
  EXPECT_EQ(j["stop_reason"], "exit") << "a race is a warning";
  EXPECT_TRUE(has_issue(j, "race", "in PIPE_M reads L0A [0x0, +32)")) << j["issues"].dump(1);
  EXPECT_TRUE(has_issue(j, "race", "which PIPE_MTE1 writes")) << j["issues"].dump(1);
}

TEST(CubeCore, FixPipeWaitingForAFlagNeverSetIsADeadlock) {
  auto j = run_aic("cube_deadlock");
  EXPECT_EQ(j["stop_reason"], "error") << j.dump(1);
  EXPECT_TRUE(has_issue(j, "deadlock", "(PIPE_M -> PIPE_FIX, event 3)")) << j["issues"].dump(1);
}

TEST(CubeCore, VectorInstructionOnACubeCoreIsIllegal) {
  auto j = run_aic("vector_on_cube");
  EXPECT_EQ(j["stop_reason"], "unhandled_trap") << j.dump(1);
  const std::string msg = j["message"];
  EXPECT_NE(msg.find("illegal instruction"), std::string::npos) << msg;
  EXPECT_NE(msg.find("xnpu.vadd.f32"), std::string::npos) << msg;
}

}  // namespace
}  // namespace npuvp
