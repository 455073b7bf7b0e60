// `npuvp launch` end to end: kernels built here with add_npu_kernel, tensors
// written and read as .npy, the result check, the exit statuses.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_run.h"
#include "platform/launch/npy.h"

namespace npuvp {
namespace {

namespace fs = std::filesystem;

using testing_cli::npuvp;
using testing_cli::Outcome;
using testing_cli::slurp;
using testing_cli::test_dir;

Tensor f32_tensor(std::vector<uint64_t> shape, const std::vector<float>& v) {
  Tensor t = make_tensor(DType::F32, std::move(shape));
  EXPECT_EQ(t.data.size(), v.size() * 4);
  std::memcpy(t.data.data(), v.data(), t.data.size());
  return t;
}

std::vector<float> floats(const Tensor& t) {
  std::vector<float> v(t.data.size() / 4);
  std::memcpy(v.data(), t.data.data(), t.data.size());
  return v;
}

// x: 2 blocks of 64 values that are exact in fp32 (k/4 - 10), and x + 1.5.
struct AddsCase {
  std::vector<float> x, y;
  AddsCase() {
    for (int k = 0; k < 128; ++k) {
      x.push_back(static_cast<float>(k) / 4 - 10);
      y.push_back(x.back() + 1.5f);
    }
  }
};

const std::string kAdds = std::string("launch ") + KERNEL_ADDS + " --blocks 2 --arg in:x.npy --arg out:y.npy:f32:2x64 "
                          "--arg u64:64 --arg f32:1.5";

TEST(LaunchCli, RunsWritesAndChecks) {
  const AddsCase c;
  write_npy((test_dir() / "x.npy").string(), f32_tensor({2, 64}, c.x));
  write_npy((test_dir() / "ref.npy").string(), f32_tensor({2, 64}, c.y));
  const Outcome o = npuvp(kAdds + " --expect 1:ref.npy --stats stats.json");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.err.find("result check: PASS arg 1 (y.npy) vs ref.npy (rtol 0, atol 0): 128 elements match"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("pipe utilisation"), std::string::npos) << o.err;
  const Tensor y = read_npy((test_dir() / "y.npy").string());
  EXPECT_EQ(y.dtype, DType::F32);
  EXPECT_EQ(y.shape, (std::vector<uint64_t>{2, 64}));
  EXPECT_EQ(floats(y), c.y);

  const nlohmann::json s = nlohmann::json::parse(slurp(test_dir() / "stats.json"));
  EXPECT_GT(s["cycles"].get<uint64_t>(), 0u);
  EXPECT_EQ(s["checks"].size(), 1u);
  EXPECT_EQ(s["checks"][0]["pass"], true);
  EXPECT_EQ(s["checks"][0]["elements"], 128);
  EXPECT_EQ(s["entry"], "kernel_main");
  // Stall cycles by reason, in the stats and in the summary (summed over cores).
  const uint64_t mte2_memory = s["pipes"]["PIPE_MTE2"]["stall_cycles"]["memory"];
  EXPECT_GT(mte2_memory, 0u);  // the reads wait for HBM
  const size_t line = o.err.find("npuvp: stall cycles (summed over cores):");
  ASSERT_NE(line, std::string::npos) << o.err;
  const std::string stalls = o.err.substr(line, o.err.find('\n', line) - line);
  EXPECT_NE(stalls.find("PIPE_MTE2"), std::string::npos) << stalls;
  EXPECT_NE(stalls.find(" memory " + std::to_string(mte2_memory)), std::string::npos) << stalls;
  // The roofline: one add per element (128), against the HBM bytes moved.
  const nlohmann::json& r = s["roofline"];
  EXPECT_EQ(r["vector_flops"], 128);
  ASSERT_GT(r["hbm_bytes"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(r["arithmetic_intensity"].get<double>(), 128.0 / r["hbm_bytes"].get<double>());
  EXPECT_DOUBLE_EQ(r["ridge_flops_per_byte"].get<double>(),
                   r["peak_vector_tflops_fp16"].get<double>() * 1e12 /
                       (s["hbm"][0]["peak_gbps"].get<double>() * 1e9));
  EXPECT_EQ(r["bound"], "memory");
}

TEST(LaunchCli, FunctionalModeSameResult) {
  const AddsCase c;
  write_npy((test_dir() / "x.npy").string(), f32_tensor({2, 64}, c.x));
  write_npy((test_dir() / "ref.npy").string(), f32_tensor({2, 64}, c.y));
  const Outcome o = npuvp(kAdds + " --mode functional --expect 1:ref.npy --quiet");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.err.find("result check: PASS"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("pipe utilisation"), std::string::npos) << o.err;  // --quiet
  EXPECT_EQ(floats(read_npy((test_dir() / "y.npy").string())), c.y);
}

TEST(LaunchCli, ComparisonFailsWithStatus3) {
  AddsCase c;
  c.y[70] += 0.25f;  // block 1, element 6
  write_npy((test_dir() / "x.npy").string(), f32_tensor({2, 64}, c.x));
  write_npy((test_dir() / "ref.npy").string(), f32_tensor({2, 64}, c.y));
  Outcome o = npuvp(kAdds + " --expect 1:ref.npy");
  EXPECT_EQ(o.status, 3) << o.err;
  EXPECT_NE(o.err.find("result check: FAIL arg 1 (y.npy) vs ref.npy (rtol 0, atol 0): 1 of 128 elements differ; "
                       "max abs error 0.25"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("first: [1, 6] got"), std::string::npos) << o.err;
  // |y - ref| = 0.25 <= atol 0.25: passes with a tolerance given after its --expect.
  o = npuvp(kAdds + " --expect 1:ref.npy --atol 0.25");
  EXPECT_EQ(o.status, 0) << o.err;
  // ... and with one given before (the default of every --expect).
  o = npuvp(kAdds + " --rtol 0.5 --expect 1:ref.npy");
  EXPECT_EQ(o.status, 0) << o.err;
}

TEST(LaunchCli, BadInputIsStatus2) {
  const AddsCase c;
  write_npy((test_dir() / "x.npy").string(), f32_tensor({2, 64}, c.x));
  Outcome o = npuvp(std::string("launch ") + KERNEL_ADDS + " --blocks 2 --arg in:x.npy --arg out:y.npy:f17:2x64");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--arg out:y.npy:f17:2x64: unknown dtype f17"), std::string::npos) << o.err;

  o = npuvp(std::string("launch ") + KERNEL_ADDS + " --blocks 2 --arg in:missing.npy");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("missing.npy: cannot open"), std::string::npos) << o.err;

  o = npuvp(kAdds + " --expect 0:x.npy");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("is not an out or inout tensor"), std::string::npos) << o.err;

  o = npuvp(kAdds + " --expect 1:nothing.npy");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("nothing.npy: cannot open"), std::string::npos) << o.err;

  o = npuvp(kAdds + " --entry no_such_function");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("no_such_function"), std::string::npos) << o.err;

  o = npuvp(kAdds + " --platform no_such_preset");
  EXPECT_EQ(o.status, 2);

  o = npuvp(std::string("launch ") + KERNEL_ADDS + " --arg in:x.npy");  // no --blocks
  EXPECT_EQ(o.status, 2);
}

TEST(LaunchCli, InoutIsWrittenBack) {
  const AddsCase c;
  // y is inout: read (all -1), overwritten by the kernel, written back in place.
  write_npy((test_dir() / "x.npy").string(), f32_tensor({2, 64}, c.x));
  write_npy((test_dir() / "y.npy").string(), f32_tensor({2, 64}, std::vector<float>(128, -1.0f)));
  write_npy((test_dir() / "ref.npy").string(), f32_tensor({2, 64}, c.y));
  const Outcome o = npuvp(std::string("launch ") + KERNEL_ADDS +
                          " --blocks 2 --arg in:x.npy --arg inout:y.npy --arg u64:64 --arg f32:1.5 --expect 1:ref.npy");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(floats(read_npy((test_dir() / "y.npy").string())), c.y);
}

TEST(LaunchCli, DeadlockIsStatus126) {
  const Outcome o = npuvp(std::string("launch ") + KERNEL_WAIT_FOREVER + " --blocks 1 --arg out:y.npy:f32:64");
  EXPECT_EQ(o.status, 126) << o.err;
  EXPECT_NE(o.err.find("outputs not written"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(test_dir() / "y.npy"));
}

TEST(LaunchCli, OutOfBoundsIsStatus125) {
  const Outcome o = npuvp(std::string("launch ") + KERNEL_PAST_THE_END + " --blocks 1 --arg out:y.npy:u8:64 --arg u64:64");
  EXPECT_EQ(o.status, 125) << o.err;
}

TEST(LaunchCli, CycleLimitIsStatus124) {
  const AddsCase c;
  write_npy((test_dir() / "x.npy").string(), f32_tensor({2, 64}, c.x));
  const Outcome o = npuvp(kAdds + " --max-cycles 20");
  EXPECT_EQ(o.status, 124) << o.err;
  EXPECT_FALSE(fs::exists(test_dir() / "y.npy"));
}

TEST(LaunchCli, PlacementOnADie) {
  const AddsCase c;
  write_npy((test_dir() / "x.npy").string(), f32_tensor({2, 64}, c.x));
  write_npy((test_dir() / "ref.npy").string(), f32_tensor({2, 64}, c.y));
  const std::string args = std::string(KERNEL_ADDS) +
                           " --blocks 2 --arg in@die1:x.npy --arg out@die1:y.npy:f32:2x64 --arg u64:64 --arg f32:1.5"
                           " --expect 1:ref.npy";
  Outcome o = npuvp("launch --platform ascend910c " + args);
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(floats(read_npy((test_dir() / "y.npy").string())), c.y);
  o = npuvp("launch --platform mini " + args);  // one die
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("no die 1"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace npuvp
