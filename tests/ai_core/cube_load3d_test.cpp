// Load3D (im2col) on the cube core behind its sockets: its MTE1 timing
// against TIMING.md ("PIPE_MTE1 and on-chip FixPipe"), the npu_fmatrix CSR
// taken at issue, a reserved geometry reported as a kernel error, and the
// race checker on the feature map it reads.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "driver_run.h"
#include "timing_params.h"

namespace npuvp {
namespace {

uint64_t span(const nlohmann::json& pipe) {
  return pipe["last_end"].get<uint64_t>() - pipe["first_start"].get<uint64_t>();
}

TEST(CubeLoad3d, Mte1TimingIsBytesWrittenOverTheBandwidth) {
  auto j = run("cube_load3d", false, true);
  ASSERT_EQ(j["stop_reason"], "exit") << j.dump(1);
  EXPECT_TRUE(j["issues"].empty()) << j["issues"].dump(1);
  const auto& p = j["pipes"];
  const AiCoreTiming t = test_timing();
  // First load: 1 x 18 fractals (9216 B) at 256 B/cycle = 36 busy; second:
  // 1 x 4 fractals (2048 B) = 8. Back to back, the last done at L + 36 + 8.
  EXPECT_EQ(p["MTE1"]["instructions"].get<uint64_t>(), 2u + 2u);  // and the two wait_flags
  EXPECT_EQ(p["MTE1"]["bytes"], (18 + 4) * 512);
  EXPECT_EQ(p["MTE1"]["busy"], 36u + 8u);
  EXPECT_EQ(span(p["MTE1"]), t.mte1.latency + 44u);
  EXPECT_EQ(span(p["MTE1"]), 48u);
}

TEST(CubeLoad3d, ReservedGeometryIsAReportedKernelBug) {
  auto j = run("cube_load3d_bad", false, true);
  EXPECT_EQ(j["stop_reason"], "error") << j.dump(1);
  EXPECT_TRUE(has_issue(j, "out_of_bounds", "xnpu.load3d_l12l0a.u16")) << j["issues"].dump(1);
  EXPECT_TRUE(has_issue(j, "out_of_bounds", "channelSize is not a positive multiple of C0")) << j["issues"].dump(1);
}

TEST(CubeLoad3d, FeatureMapReadWithoutAFlagAfterMte2IsARace) {
  auto j = run("cube_load3d_race", false, true);
  EXPECT_EQ(j["stop_reason"], "exit") << "a race is a warning";
  EXPECT_TRUE(has_issue(j, "race", "(xnpu.load3d_l12l0a.u16\ta0, a1, a2) in PIPE_MTE1 reads L1 [0x1000, +32)")) << j["issues"].dump(1);
  EXPECT_TRUE(has_issue(j, "race", "which PIPE_MTE2 writes")) << j["issues"].dump(1);
}

}  // namespace
}  // namespace npuvp
