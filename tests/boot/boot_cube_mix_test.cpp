// `npuvp launch --via-firmware --core aic|mix`, and launches over both dies:
// the firmware starts the cube cores, or the AIC + 2 AIV groups with their
// two entries, through the dispatch block, and the result is the direct
// launch's, byte for byte (and exact against gen_gemm's reference), on the
// same cores with the same blocks.
//
// Kernel cycles and statistics: the direct launch's, since the firmware
// flushes the L2s and precharges the HBM before START and the cores start
// at a fixed refresh phase (platform/chip_platform.h): every test that runs
// a kernel compares the whole --stats of both launches.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_run.h"
#include "platform/launch/npy.h"

namespace npuvp {
namespace {

using nlohmann::json;
using testing_cli::has;
using testing_cli::Outcome;
using testing_cli::slurp;
using testing_cli::test_dir;

// `cmd` in the test's folder, its output and errors in TAG.out and TAG.err.
Outcome run(const std::string& cmd, const std::string& tag) {
  return testing_cli::run(cmd, tag + ".out", tag + ".err");
}

// The launch `args` (whose outputs are named OUT0.npy, OUT1.npy, ... by
// replacing "{}" with the run's tag) directly and through the firmware.
struct Pair {
  Outcome direct, via;
  json direct_stats, via_stats;
};

std::string tagged(std::string args, const std::string& tag) {
  for (size_t at; (at = args.find("{}")) != std::string::npos;) args.replace(at, 2, tag);
  return args;
}

Pair both_ways(const std::string& args) {
  Pair p;
  p.direct = run(std::string(NPUVP_EXE) + " launch " + tagged(args, "direct") + " --stats direct.json", "direct");
  p.via = run(std::string(NPUVP_EXE) + " launch " + tagged(args, "via") + " --stats via.json --via-firmware", "via");
  if (p.direct.status == 0) p.direct_stats = json::parse(slurp(test_dir() / "direct.json"));
  if (p.via.status == 0) p.via_stats = json::parse(slurp(test_dir() / "via.json"));
  return p;
}

void generate(const std::string& args) {
  const Outcome o = run(std::string(GEN_GEMM) + " . " + args, "gen");
  ASSERT_EQ(o.status, 0) << o.err;
}

// The whole statistics but for the two sections only a launch through the
// firmware has, and the output files' names (direct_*, via_*).
json kernel_stats(json s) {
  s.erase("via");
  s.erase("boot");
  if (s.contains("checks"))
    for (json& c : s["checks"]) c.erase("output");
  return s;
}

void expect_same_bytes(const std::string& name) {
  const std::string a = slurp(test_dir() / ("direct_" + name + ".npy"));
  const std::string b = slurp(test_dir() / ("via_" + name + ".npy"));
  ASSERT_FALSE(a.empty()) << name;
  EXPECT_EQ(a, b) << name << ": output bytes";
}

// The cores a launch ran on, as (kind, die, core id, blocks).
std::vector<std::string> cores_of(const json& stats) {
  std::vector<std::string> v;
  for (const json& c : stats.at("cores"))
    v.push_back(c.at("kind").get<std::string>() + " die" + std::to_string(c.at("die").get<int>()) + " core " +
                std::to_string(c.at("core_id").get<int>()) + " blocks " + c.at("blocks").dump());
  return v;
}

TEST(ViaFirmwareCube, GemmOnTheCubeCoreGivesTheDirectLaunchsBytesAndCycles) {
  // 200 x 300 x 100: four tiles with tails, three blocks in waves on mini's
  // one cube core; two of the entries (bf16 -> bf16, f16 -> f32).
  for (const std::string types : {"bf16 bf16", "f16 f32"}) {
    SCOPED_TRACE(types);
    generate("200 300 100 " + types);
    const std::string in = types.substr(0, types.find(' ')), out = types.substr(types.find(' ') + 1);
    const Pair p = both_ways(std::string(GEMM_KERNEL) + " --core aic --entry gemm_" + in + "_" + out +
                             " --platform mini --blocks 3 --arg in:a.npy --arg in:b.npy --arg out:{}_c.npy:" + out +
                             ":200x300 --arg u64:200 --arg u64:300 --arg u64:100 --expect 2:ref.npy");
    ASSERT_EQ(p.direct.status, 0) << p.direct.err;
    ASSERT_EQ(p.via.status, 0) << p.via.err;
    EXPECT_TRUE(has(p.via.err, "result check: PASS")) << "exact against the reference: " << p.via.err;
    EXPECT_TRUE(has(p.via.out, "3 blocks, arguments at")) << "the firmware served it: " << p.via.out;
    EXPECT_TRUE(has(p.via.out, "launch: done in")) << p.via.out;
    expect_same_bytes("c");
    EXPECT_EQ(cores_of(p.via_stats), cores_of(p.direct_stats));
  EXPECT_EQ(kernel_stats(p.via_stats), kernel_stats(p.direct_stats)) << "cycles and statistics";
    EXPECT_EQ(cores_of(p.via_stats), std::vector<std::string>({"aic die0 core 0 blocks [0,1,2]"}));
    EXPECT_EQ(kernel_stats(p.via_stats), kernel_stats(p.direct_stats)) << "cycles and statistics";
  }
}

TEST(ViaFirmwareMix, GemmBiasReluOnAGroupGivesTheDirectLaunchsBytesAndCycles) {
  // mini's one AIC + 2 AIV group, two blocks in waves: the AIC runs
  // gemm_bias_relu_mix_aic, the AIVs gemm_bias_relu_mix_aiv, handing tiles
  // over with cross-core flags.
  generate("200 304 300 f16 bias_relu");
  const Pair p = both_ways(std::string(GEMM_KERNEL) +
                           " --core mix --entry gemm_bias_relu --platform mini --blocks 2 --arg in:a.npy"
                           " --arg in:b.npy --arg in:bias.npy --arg out:{}_c.npy:f16:200x304"
                           " --arg out:{}_ws.npy:f32:131072 --arg u64:200 --arg u64:304 --arg u64:300 --expect 3:ref.npy");
  ASSERT_EQ(p.direct.status, 0) << p.direct.err;
  ASSERT_EQ(p.via.status, 0) << p.via.err;
  EXPECT_TRUE(has(p.via.err, "result check: PASS")) << p.via.err;
  EXPECT_TRUE(has(p.via.out, "2 blocks on 1 AIC + 2 AIV groups")) << p.via.out;
  expect_same_bytes("c");
  expect_same_bytes("ws");
  EXPECT_EQ(cores_of(p.via_stats), cores_of(p.direct_stats));
  EXPECT_EQ(kernel_stats(p.via_stats), kernel_stats(p.direct_stats)) << "cycles and statistics";
  EXPECT_EQ(cores_of(p.via_stats), std::vector<std::string>({"aic die0 core 0 blocks [0,1]",
                                                             "aiv die0 core 0 blocks [0,1]",
                                                             "aiv die0 core 1 blocks [0,1]"}));
}

TEST(ViaFirmwareMix, AMixedKernelWithoutItsEntriesIsTheDirectLaunchsError) {
  const Pair p = both_ways(std::string(GEMM_KERNEL) +
                           " --core mix --entry gemm_bf16_bf16 --platform mini --blocks 1 --arg u64:0 -q");
  EXPECT_EQ(p.direct.status, 2);
  EXPECT_EQ(p.via.status, 2);
  const std::string what = "no symbol gemm_bf16_bf16_mix_aic (the kernel's entry function for a mixed launch)";
  EXPECT_TRUE(has(p.direct.err, what)) << p.direct.err;
  EXPECT_TRUE(has(p.via.err, what)) << p.via.err;
}

// ascend910c: blocks on both dies, each core's stack in its own die's HBM
// (the stack table), as the direct launch places them.
TEST(ViaFirmwareTwoDies, VectorBlocksOverBothDiesGiveTheDirectLaunchsBytesAndCycles) {
  const uint64_t n = 12800;  // 50 blocks of 256 elements: 48 on die 0, 2 on die 1
  Tensor x = make_tensor(DType::F16, {n});
  for (size_t i = 0; i < x.data.size(); i += 2) {
    x.data[i] = static_cast<uint8_t>(i * 5 + 3);
    x.data[i + 1] = static_cast<uint8_t>(0x30 + (i >> 8) % 16);
  }
  write_npy((test_dir() / "x.npy").string(), x);
  const Pair p = both_ways(std::string(VADD_KERNEL) + " --entry kernel_main --platform ascend910c --blocks 50" +
                           " --arg in:x.npy --arg in@die1:x.npy --arg out@die1:{}_z.npy:f16:" + std::to_string(n) +
                           " --arg u64:" + std::to_string(n) + " -q");
  ASSERT_EQ(p.direct.status, 0) << p.direct.err;
  ASSERT_EQ(p.via.status, 0) << p.via.err;
  expect_same_bytes("z");
  EXPECT_EQ(cores_of(p.via_stats), cores_of(p.direct_stats));
  EXPECT_EQ(kernel_stats(p.via_stats), kernel_stats(p.direct_stats)) << "cycles and statistics";
  ASSERT_EQ(p.via_stats.at("cores").size(), 50u);
  EXPECT_EQ(p.via_stats.at("cores")[47].at("die"), 0);
  EXPECT_EQ(p.via_stats.at("cores")[49].at("die"), 1);
  EXPECT_TRUE(has(p.via.out, "50 blocks, arguments at")) << p.via.out;
}

// Mixed groups over both dies: 26 blocks on 26 groups, the last two (the
// chip's groups 24 and 25) on die 1 with their stacks in die 1's HBM; 13 x 2
// tiles of 128 x 256, one per block.
TEST(ViaFirmwareTwoDies, MixedBlocksOverBothDiesGiveTheDirectLaunchsBytesAndCycles) {
  generate("1664 512 32 f16 bias_relu");
  const Pair p = both_ways(std::string(GEMM_KERNEL) +
                           " --core mix --entry gemm_bias_relu --platform ascend910c --blocks 26 --arg in:a.npy"
                           " --arg in:b.npy --arg in:bias.npy --arg out@die1:{}_c.npy:f16:1664x512"
                           " --arg out:{}_ws.npy:f32:" + std::to_string(26 * 65536) +
                           " --arg u64:1664 --arg u64:512 --arg u64:32 --expect 3:ref.npy");
  ASSERT_EQ(p.direct.status, 0) << p.direct.err;
  ASSERT_EQ(p.via.status, 0) << p.via.err;
  EXPECT_TRUE(has(p.via.err, "result check: PASS")) << p.via.err;
  EXPECT_TRUE(has(p.via.out, "26 blocks on 26 AIC + 2 AIV groups")) << p.via.out;
  expect_same_bytes("c");
  EXPECT_EQ(cores_of(p.via_stats), cores_of(p.direct_stats));
  EXPECT_EQ(kernel_stats(p.via_stats), kernel_stats(p.direct_stats)) << "cycles and statistics";
  ASSERT_EQ(p.via_stats.at("cores").size(), 78u);
  EXPECT_EQ(cores_of(p.via_stats)[75], "aic die1 core 1 blocks [25]");
  EXPECT_EQ(cores_of(p.via_stats)[77], "aiv die1 core 3 blocks [25]");
}

}  // namespace
}  // namespace npuvp
