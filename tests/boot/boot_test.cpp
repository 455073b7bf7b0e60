// `npuvp boot` and `npuvp launch --via-firmware`, run as a user runs them.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/launch/npy.h"

namespace npuvp {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path test_dir() {
  const fs::path dir = fs::path(NPUVP_TEST_WORK_DIR) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::create_directories(dir);
  return dir;
}

Outcome npuvp(const std::string& args) {
  const fs::path dir = test_dir();
  const std::string cmd = "cd " + dir.string() + " && " + NPUVP_EXE + " " + args + " >stdout.txt 2>stderr.txt";
  const int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, slurp(dir / "stdout.txt"), slurp(dir / "stderr.txt")};
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

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
// bytes and the same kernel cycle count (counted from the dispatch block's
// start). On mini the memory system the launch meets after the boot times it
// as the cold one at time 0 does; on ascend910b/c the state the boot leaves
// in HBM (open rows, the refresh and clock phase) still shifts the count by
// a few percent (platform/chip_platform.h, "Known differences").
class ViaFirmware : public ::testing::TestWithParam<int> {};

TEST_P(ViaFirmware, SameOutputBytesAndKernelCyclesAsTheDirectLaunch) {
  const uint64_t n = 16384;
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
  const std::string common = std::string("launch ") + VADD_KERNEL + " --entry kernel_main --platform mini --blocks " +
                             std::to_string(GetParam()) + " --arg in:x.npy --arg in:y.npy --arg u64:" +
                             std::to_string(n) + " -q";
  auto insert_out = [&](const std::string& out) {
    return common.substr(0, common.find(" --arg u64:")) + " --arg out:" + out + ":f16:" + std::to_string(n) +
           common.substr(common.find(" --arg u64:"));
  };
  const Outcome direct = npuvp(insert_out("direct.npy") + " --stats direct.json");
  const Outcome via = npuvp(insert_out("via.npy") + " --stats via.json --via-firmware");
  ASSERT_EQ(direct.status, 0) << direct.err;
  ASSERT_EQ(via.status, 0) << via.err;
  EXPECT_TRUE(has(via.out, "launch: done in")) << "the firmware served it: " << via.out;
  const std::string a = slurp(test_dir() / "direct.npy"), b = slurp(test_dir() / "via.npy");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b) << "output bytes";
  const auto sd = nlohmann::json::parse(slurp(test_dir() / "direct.json"));
  const auto sv = nlohmann::json::parse(slurp(test_dir() / "via.json"));
  EXPECT_GT(sd.at("cycles").get<uint64_t>(), 0u);
  EXPECT_EQ(sd.at("cycles"), sv.at("cycles")) << "kernel cycles";
  EXPECT_EQ(sv.at("via"), "firmware");
}

INSTANTIATE_TEST_SUITE_P(Blocks, ViaFirmware, ::testing::Values(1, 2, 4, 8));

TEST(ViaFirmwareKernels, Ascend910cLaunchGivesTheDirectLaunchsBytes) {
  const uint64_t n = 8192;
  Tensor x = make_tensor(DType::F16, {n});
  for (size_t i = 0; i < x.data.size(); i += 2) {
    x.data[i] = static_cast<uint8_t>(i * 5 + 3);
    x.data[i + 1] = static_cast<uint8_t>(0x30 + (i >> 8) % 16);
  }
  write_npy((test_dir() / "x.npy").string(), x);
  auto args = [&](const std::string& out) {
    return std::string("launch ") + VADD_KERNEL + " --entry kernel_main --platform ascend910c --blocks 16" +
           " --arg in:x.npy --arg in:x.npy --arg out:" + out + ":f16:" + std::to_string(n) + " --arg u64:" +
           std::to_string(n) + " -q";
  };
  const Outcome direct = npuvp(args("direct.npy"));
  const Outcome via = npuvp(args("via.npy") + " --via-firmware");
  ASSERT_EQ(direct.status, 0) << direct.err;
  ASSERT_EQ(via.status, 0) << via.err;
  EXPECT_TRUE(has(via.out, "2 dies, 24 AIC + 48 AIV per die")) << via.out;
  EXPECT_EQ(slurp(test_dir() / "direct.npy"), slurp(test_dir() / "via.npy"));
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
