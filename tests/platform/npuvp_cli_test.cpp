// The `npuvp` executable end to end: small programs built here with clang-14
// run on the mini platform; exit status, console output, error lines,
// statistics and the CLINT timer interrupt through the whole platform.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_run.h"
#include "riscv_program.h"

namespace npuvp {
namespace {

namespace fs = std::filesystem;
const fs::path kDir = NPUVP_TEST_WORK_DIR;

using testing_cli::npuvp;
using testing_cli::Outcome;
using testing_cli::slurp;

std::string program(const std::string& name, const std::string& assembly) {
  std::string error;
  const fs::path elf = test::build_program(kDir / name, name, assembly, error);
  EXPECT_EQ(error, "");
  return elf.string();
}

size_t lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

// tohost = (code << 1) | 1
const char* kExit7 = R"(
  .option norvc
  li a0, 15
  la t0, tohost
  sd a0, 0(t0)
1: j 1b
)";

TEST(NpuvpCli, MissingElfIsOneLineNamingIt) {
  Outcome r = npuvp("run " + (kDir / "no-such.elf").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "npuvp: " + (kDir / "no-such.elf").string() + ": no such file\n");
  EXPECT_EQ(r.out, "");
}

TEST(NpuvpCli, ExitStatusIsTheProgramsHtifExitCode) {
  Outcome r = npuvp("run --quiet " + program("exit7", kExit7));
  EXPECT_EQ(r.status, 7) << r.err;
  EXPECT_EQ(r.out, "") << "no banner or note on stdout";
  EXPECT_EQ(r.err, "");
}

TEST(NpuvpCli, SummaryOnStderrUnlessQuiet) {
  Outcome r = npuvp("run " + program("exit7s", kExit7));
  EXPECT_EQ(r.status, 7);
  EXPECT_NE(r.err.find("cycles"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("IPC"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("MIPS"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stall cycles"), std::string::npos) << r.err;
}

TEST(NpuvpCli, WriteSyscallReachesStdoutAndReturnsItsLength) {
  // Exits with the value the write returned in magic_mem[0] (3).
  const char* src = R"(
  la a0, magic
  li t1, 64
  sd t1, 0(a0)
  li t1, 1
  sd t1, 8(a0)
  la t1, msg
  sd t1, 16(a0)
  li t1, 3
  sd t1, 24(a0)
  fence
  la t0, tohost
  sd a0, 0(t0)
  la t2, fromhost
1: ld t3, 0(t2)
  beqz t3, 1b
  sd zero, 0(t2)
  ld a1, 0(a0)
  slli a1, a1, 1
  ori a1, a1, 1
  sd a1, 0(t0)
2: j 2b
  .data
  .align 6
magic: .zero 64
msg: .ascii "hi\n"
)";
  Outcome r = npuvp("run -q " + program("write", src));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_EQ(r.out, "hi\n");
}

TEST(NpuvpCli, UnmappedLoadIsOneLineWithPcInstructionAndCause) {
  const char* src = R"(
  .option norvc
  li t0, 0x1000
  ld a0, 0(t0)
1: j 1b
)";
  Outcome r = npuvp("run -q " + program("badload", src));
  EXPECT_EQ(r.status, 125);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("pc 0x0000000080000004 <_start+0x4>: ld a0, 0(t0)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unhandled_trap"), std::string::npos) << r.err;
}

TEST(NpuvpCli, CycleLimitStopsWith124) {
  Outcome r = npuvp("run -q --max-cycles 1000 " + program("spin", "1: j 1b\n"));
  EXPECT_EQ(r.status, 124);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("cycle_limit at pc 0x0000000080000000 <_start>"), std::string::npos) << r.err;
}

TEST(NpuvpCli, StatsJsonAndFunctionalModeCountsOneCyclePerInstruction) {
  const std::string elf = program("exit7j", kExit7);
  const fs::path stats = kDir / "stats.json";
  Outcome r = npuvp("run -q --mode functional --stats " + stats.string() + " " + elf);
  ASSERT_EQ(r.status, 7) << r.err;
  const nlohmann::json j = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(j["stop_reason"], "exit");
  EXPECT_EQ(j["exit_code"], 7);
  // li, auipc+addi (la), sd: the store that exits retires.
  EXPECT_EQ(j["instret"], 4);
  EXPECT_EQ(j["cycles"], j["instret"]);
  // No pipeline model in functional mode, so no pipeline figures either.
  EXPECT_FALSE(j.contains("stalls"));
  EXPECT_FALSE(j.contains("by_class"));
  EXPECT_FALSE(j.contains("icache"));
  EXPECT_TRUE(j.contains("host_seconds"));
  EXPECT_TRUE(j.contains("mips"));
}

TEST(NpuvpCli, StatsCountRetiredInstructionsByClassInCycleMode) {
  const fs::path stats = kDir / "stats_cycle.json";
  Outcome r = npuvp("run -q --stats " + stats.string() + " " + program("exit7c", kExit7));
  ASSERT_EQ(r.status, 7) << r.err;
  const nlohmann::json j = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(j["instret"], 4);
  EXPECT_EQ(j["by_class"]["Alu"], 3);
  EXPECT_EQ(j["by_class"]["Store"], 1);
  EXPECT_GT(j["cycles"].get<uint64_t>(), 4u) << "the first fetch misses the I-cache";
  for (const char* k : {"raw", "structural", "branch", "icache", "memory", "trap"})
    EXPECT_TRUE(j["stalls"].contains(k)) << k;
  EXPECT_EQ(j["icache"]["misses"], 1) << "four instructions on one line";
}

TEST(NpuvpCli, TimerInterruptThroughTheClint) {
  // mtimecmp = mtime + 10 ticks; sleep; the handler exits with 42. With 100
  // cycles per tick the interrupt cannot come before cycle 1000.
  const char* src = R"(
  la t0, handler
  csrw mtvec, t0
  li t0, 0x0200bff8
  ld t1, 0(t0)
  addi t1, t1, 10
  li t0, 0x02004000
  sd t1, 0(t0)
  li t0, 0x80
  csrw mie, t0
  csrsi mstatus, 8
1: wfi
  j 1b
  .align 2
handler:
  csrr a1, mcause
  li a2, 0x8000000000000007
  bne a1, a2, bad
  li a0, 85
  la t0, tohost
  sd a0, 0(t0)
2: j 2b
bad:
  li a0, 3
  la t0, tohost
  sd a0, 0(t0)
3: j 3b
)";
  const fs::path stats = kDir / "timer.json";
  Outcome r = npuvp("run -q --stats " + stats.string() + " " + program("timer", src));
  EXPECT_EQ(r.status, 42) << r.err;
  const nlohmann::json j = nlohmann::json::parse(slurp(stats));
  EXPECT_GE(j["cycles"].get<uint64_t>(), 1000u);
  EXPECT_LT(j["cycles"].get<uint64_t>(), 1200u);
  EXPECT_EQ(j["interrupts"], 1);
}

TEST(NpuvpCli, BadPresetFieldNamesItsPath) {
  std::ifstream in(std::string(NPUVP_TEST_PRESET_DIR) + "/mini.json");
  nlohmann::json t = nlohmann::json::parse(in);
  t["cpu"]["timing"]["Div"]["latency"] = "slow";
  fs::create_directories(kDir);
  std::ofstream(kDir / "bad.json") << t.dump();
  Outcome r = npuvp("run --platform " + (kDir / "bad.json").string() + " " + program("exit7p", kExit7));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "npuvp: preset bad.json: /cpu/timing/Div/latency: expected unsigned integer\n");
}

TEST(NpuvpCli, InfoJsonHasTheTreeAndDerivedFigures) {
  Outcome r = npuvp("info --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["name"], "mini");
  EXPECT_EQ(j["cpu"]["clock_hz"], 1800000000);
  EXPECT_EQ(j["derived"]["icache_sets"], 128);
}

TEST(NpuvpCli, DisasmLabelsSymbolsAndDecodes) {
  Outcome r = npuvp("disasm " + program("exit7d", kExit7));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("0000000080000000 <_start>:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("80000000: 13 05 f0 00 \taddi\ta0, zero, 15"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("80000010: 6f 00 00 00 \tjal\tzero, 0x80000010 <_start+0x10>"), std::string::npos) << r.out;
}

TEST(NpuvpCli, UnknownSubcommandIsBadInput) {
  Outcome r = npuvp("fly");
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace npuvp

namespace npuvp {
namespace {

// A load whose result is used at once waits for the Load class latency
// (a `raw` stall of latency - 1 cycles) plus the RAM's own read latency,
// which the stats count apart as a `memory` stall (TIMING.md).
TEST(NpuvpCli, MemoryLatencyIsItsOwnStallReason) {
  std::ifstream in(std::string(NPUVP_TEST_PRESET_DIR) + "/mini.json");
  nlohmann::json t = nlohmann::json::parse(in);
  const uint64_t ram_latency = 7;
  t["ram"]["read_latency"] = ram_latency;
  const uint64_t load_latency = t["cpu"]["timing"]["Load"]["latency"];
  fs::create_directories(kDir);
  std::ofstream(kDir / "slow_ram.json") << t.dump();
  const char* load_use = R"(
  .option norvc
  la t1, word
  ld t2, 0(t1)
  addi t3, t2, 1
  li a0, 15
  la t0, tohost
  sd a0, 0(t0)
1: j 1b
  .data
  .balign 8
word: .dword 5
)";
  const fs::path stats = kDir / "stats_memory.json";
  Outcome r = npuvp("run -q --platform " + (kDir / "slow_ram.json").string() + " --stats " + stats.string() + " " +
                    program("load_use", load_use));
  ASSERT_EQ(r.status, 7) << r.err;
  const nlohmann::json j = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(j["stalls"]["memory"], ram_latency);
  EXPECT_EQ(j["stalls"]["raw"], load_latency - 1);
}

}  // namespace
}  // namespace npuvp
