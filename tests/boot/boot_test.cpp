// `npuvp boot` and `npuvp launch --via-firmware`, run as a user runs them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_run.h"
#include "platform/launch/npy.h"

namespace npuvp {
namespace {

namespace fs = std::filesystem;

using testing_cli::has;
using testing_cli::npuvp;
using testing_cli::Outcome;
using testing_cli::slurp;
using testing_cli::test_dir;

TEST(Boot, Ascend910cFindsBothDiesBringsUpHbmAndPassesTheSelfTest) {
  const Outcome o = npuvp("boot --platform ascend910c --uart uart.txt");
  ASSERT_EQ(o.status, 0) << o.err;
  const std::string log = slurp(test_dir() / "uart.txt");
  EXPECT_TRUE(o.out.empty()) << "the log went to --uart";
  EXPECT_TRUE(has(log, "npu: dispatch block at 0x10020000: 2 dies, 24 AIC + 48 AIV per die, 144 AI cores")) << log;
  EXPECT_TRUE(has(log, "hbm0: 64 GiB at 0x100000000")) << log;
  EXPECT_TRUE(has(log, "hbm1: 64 GiB at 0x1100000000")) << log;
  EXPECT_TRUE(has(log, "hbm0: trained, READY seen 2")) << log;  // 20 us of training, seen a poll later
  EXPECT_TRUE(has(log, "hbm1: trained, READY seen 2")) << log;
  EXPECT_TRUE(has(log, "npu: 144 AI cores released from reset")) << log;
  EXPECT_TRUE(has(log, "self-test: 144 of 144 AI cores passed (48 AIC, 96 AIV)")) << log;
  EXPECT_TRUE(has(log, "ready: boot took")) << log;
  EXPECT_TRUE(has(o.err, "npuvp: boot: ready after")) << o.err;
  EXPECT_TRUE(has(o.err, "144 AI cores passed the self-test")) << o.err;
}

TEST(Boot, TheLogIsTheSameEveryRun) {
  const Outcome a = npuvp("boot --platform mini -q");
  const Outcome b = npuvp("boot --platform mini -q");
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_TRUE(has(a.out, "self-test: 3 of 3 AI cores passed (1 AIC, 2 AIV)")) << a.out;
  EXPECT_EQ(a.out, b.out) << "same timestamps, same bytes";
}

TEST(Boot, FirmwareThatForgetsHbmBringUpGetsTheModelsError) {
  const Outcome o = npuvp(std::string("boot --platform mini --firmware ") + FW_NO_HBM);
  EXPECT_EQ(o.status, 125) << o.err;
  EXPECT_TRUE(has(o.err, "before that die's HBM is ready")) << o.err;
  EXPECT_TRUE(has(o.err, "at 0x13f0")) << "names the address (the self-test kernel in the firmware image): " << o.err;
  EXPECT_TRUE(has(o.err, "die0.")) << "names the core: " << o.err;
  EXPECT_FALSE(has(o.out, "self-test:")) << o.out;
}

TEST(Boot, FirmwareThatLaunchesOnACoreHeldInResetGetsTheModelsError) {
  const Outcome o = npuvp(std::string("boot --platform mini --firmware ") + FW_NO_RELEASE);
  EXPECT_EQ(o.status, 125) << o.err;
  EXPECT_TRUE(has(o.err, "START on core 0 (die0.aic0) which is held in reset")) << o.err;
}

TEST(Boot, APresetWithoutAChipIsBadInput) {
  auto t = nlohmann::json::parse(slurp(fs::path(PRESET_DIR) / "mini.json"));
  t.erase("chip");
  std::ofstream(test_dir() / "nochip.json") << t.dump();
  const Outcome o = npuvp("boot --platform nochip.json");
  EXPECT_EQ(o.status, 2);
  EXPECT_TRUE(has(o.err, "no chip around its NPU (no /chip section)")) << o.err;
}

// The same launch directly and through the firmware's mailbox: same output
// bytes, the same kernel cycle count and the same statistics. The firmware
// flushes the L2s and precharges the HBM before START, and the dispatch block
// restarts the HBM refresh timers at the cores' first cycle, so the kernel
// meets the memory system a direct launch meets at time 0
// (firmware/reference/README.md); the statistics count the launch alone.
struct BothWays {
  Outcome direct, via;
  std::string out_direct, out_via;  // the output tensor's .npy bytes
  nlohmann::json stats_direct, stats_via;
};

// `args` holds OUT where the output tensor's file name goes.
BothWays launch_both_ways(const std::string& args) {
  BothWays b;
  auto with = [&](const std::string& out) {
    std::string a = args;
    a.replace(a.find("OUT"), 3, out);
    return std::string("launch ") + a + " -q --stats " + out + ".json";
  };
  b.direct = npuvp(with("direct"));
  b.via = npuvp(with("via") + " --via-firmware");
  b.out_direct = slurp(test_dir() / "direct");
  b.out_via = slurp(test_dir() / "via");
  if (b.direct.status == 0) b.stats_direct = nlohmann::json::parse(slurp(test_dir() / "direct.json"));
  if (b.via.status == 0) b.stats_via = nlohmann::json::parse(slurp(test_dir() / "via.json"));
  return b;
}

void expect_the_same(const BothWays& b) {
  ASSERT_EQ(b.direct.status, 0) << b.direct.err;
  ASSERT_EQ(b.via.status, 0) << b.via.err;
  EXPECT_TRUE(has(b.via.out, "launch: done in")) << "the firmware served it: " << b.via.out;
  ASSERT_FALSE(b.out_direct.empty());
  EXPECT_EQ(b.out_direct, b.out_via) << "output bytes";
  EXPECT_GT(b.stats_direct.at("cycles").get<uint64_t>(), 0u);
  EXPECT_EQ(b.stats_direct.at("cycles"), b.stats_via.at("cycles")) << "kernel cycles";
  EXPECT_TRUE(has(b.via.out, "launch: done in " + b.stats_direct.at("cycles").dump() + " cycles")) << b.via.out;
  // Everything else too: per core, per pipe, L2, HBM, die link, roofline.
  nlohmann::json via = b.stats_via;
  EXPECT_EQ(via.at("via"), "firmware");
  via.erase("via");
  via.erase("boot");
  EXPECT_EQ(b.stats_direct, via) << "differences (direct -> via): " << nlohmann::json::diff(b.stats_direct, via).dump();
}

void write_vector_add_inputs(uint64_t n) {
  Tensor x = make_tensor(DType::F16, {n}), y = make_tensor(DType::F16, {n});
  for (size_t i = 0; i < x.data.size(); i += 2) {
    // Finite fp16 values: exponent field below 31.
    x.data[i] = static_cast<uint8_t>(i * 7);
    x.data[i + 1] = static_cast<uint8_t>(0x3c ^ ((i >> 5) & 0x33));
    y.data[i] = static_cast<uint8_t>(i * 13 + 1);
    y.data[i + 1] = static_cast<uint8_t>(0x38 ^ ((i >> 7) & 0x31));
  }
  write_npy((test_dir() / "x.npy").string(), x);
  write_npy((test_dir() / "y.npy").string(), y);
}

std::string vector_add_args(const std::string& platform, uint32_t blocks, uint64_t n, const std::string& x = "in",
                            const std::string& out = "out") {
  return std::string(VADD_KERNEL) + " --entry kernel_main --platform " + platform + " --blocks " +
         std::to_string(blocks) + " --arg " + x + ":x.npy --arg in:y.npy --arg " + out + ":OUT:f16:" +
         std::to_string(n) + " --arg u64:" + std::to_string(n);
}

class ViaFirmware : public ::testing::TestWithParam<int> {};

TEST_P(ViaFirmware, SameOutputBytesKernelCyclesAndStatsAsTheDirectLaunch) {
  const uint64_t n = 16384;
  write_vector_add_inputs(n);
  expect_the_same(launch_both_ways(vector_add_args("mini", static_cast<uint32_t>(GetParam()), n)));
}

INSTANTIATE_TEST_SUITE_P(Blocks, ViaFirmware, ::testing::Values(1, 2, 4, 8));

// On the big presets the boot leaves warm L2 lines, open HBM rows and the
// refresh at another phase, and the chip's SystemC event queue orders
// simultaneous cores differently: before the launch sequence and the fixed
// synchronisation order, 2 blocks took 939 cycles directly and 962 through
// the firmware, 48 blocks 3285 and 3283.
class ViaFirmware910b : public ::testing::TestWithParam<int> {};

TEST_P(ViaFirmware910b, SameOutputBytesKernelCyclesAndStatsAsTheDirectLaunch) {
  const uint64_t n = 16384;
  write_vector_add_inputs(n);
  expect_the_same(launch_both_ways(vector_add_args("ascend910b", static_cast<uint32_t>(GetParam()), n)));
}

INSTANTIATE_TEST_SUITE_P(Blocks, ViaFirmware910b, ::testing::Values(2, 48));

// Long enough that HBM refresh windows fall inside the kernel (tREFI is
// 7015 AI-core cycles): they must fall at the same kernel cycles both ways.
TEST(ViaFirmwareKernels, Ascend910bThroughRefreshWindows) {
  const uint64_t n = 327680;
  write_vector_add_inputs(n);
  const BothWays b = launch_both_ways(vector_add_args("ascend910b", 2, n));
  expect_the_same(b);
  ASSERT_FALSE(b.stats_direct.is_null());
  EXPECT_GT(b.stats_direct.at("hbm").at(0).at("refreshes").get<uint64_t>(), 0u) << "refreshes inside the kernel";
}

// Two dies: the input x and the output on die 1, the cores on die 0, so
// traffic crosses the die-to-die link and both dies' L2 and HBM work.
TEST(ViaFirmwareKernels, Ascend910cAcrossTheDieToDieLink) {
  const uint64_t n = 16384;
  write_vector_add_inputs(n);
  const BothWays b = launch_both_ways(vector_add_args("ascend910c", 16, n, "in@die1", "out@die1"));
  expect_the_same(b);
  EXPECT_TRUE(has(b.via.out, "2 dies, 24 AIC + 48 AIV per die")) << b.via.out;
  ASSERT_FALSE(b.stats_direct.is_null());
  EXPECT_GT(b.stats_direct.at("die_link").at(1).at("bytes").get<uint64_t>(), 0u);
}

TEST(ViaFirmwareKernels, Ascend910cLaunchOnOneDie) {
  const uint64_t n = 16384;
  write_vector_add_inputs(n);
  expect_the_same(launch_both_ways(vector_add_args("ascend910c", 16, n)));
}

TEST(ViaFirmwareKernels, PrintfThroughHtifReachesTheConsole) {
  const Outcome o = npuvp(std::string("launch ") + HELLO_KERNEL + " --platform mini --blocks 2 --arg u64:0 -q --via-firmware");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(has(o.out, "hello from block 0 of 2")) << o.out;
  EXPECT_TRUE(has(o.out, "hello from block 1 of 2")) << o.out;
}

TEST(ViaFirmwareKernels, TheCycleLimitCountsFromTheLaunchsStart) {
  Tensor x = make_tensor(DType::F16, {4096});
  write_npy((test_dir() / "x.npy").string(), x);
  const std::string args = std::string("launch ") + VADD_KERNEL +
                           " --entry kernel_main --platform mini --blocks 2 --arg in:x.npy --arg in:x.npy"
                           " --arg out:z.npy:f16:4096 --arg u64:4096 --max-cycles 300 -q";
  const Outcome direct = npuvp(args);
  const Outcome via = npuvp(args + " --via-firmware");
  EXPECT_EQ(direct.status, 124) << direct.err;
  EXPECT_EQ(via.status, 124) << via.err;
  const std::string what = "cycle limit of 300 cycles reached at pc ";
  ASSERT_TRUE(has(direct.err, what)) << direct.err;
  ASSERT_TRUE(has(via.err, what)) << via.err;
  auto pc = [&](const std::string& e) { return e.substr(e.find(what) + what.size(), 18); };
  EXPECT_EQ(pc(direct.err), pc(via.err)) << "stopped on the same instruction";
  // The firmware names the first failed core, its state (7 STOPPED) and its
  // first block (the dispatch block's UNIT register).
  EXPECT_TRUE(has(via.out, "launch: die0.aiv0 (core 1, first block 0) ended in state 7")) << via.out;
}

TEST(ViaFirmwareKernels, AKernelThatExitsThroughHtifIsAnError) {
  const Outcome o = npuvp(std::string("launch ") + HELLO_KERNEL + " --platform mini --blocks 1 --arg u64:3 -q --via-firmware");
  EXPECT_NE(o.status, 0);
  EXPECT_TRUE(has(o.err, "a kernel called exit(3) through HTIF")) << o.err;
}

}  // namespace
}  // namespace npuvp
