// NpuPlatform end to end: kernels built with add_npu_kernel run on the
// shipped presets through the real memory system. SystemC starts once per
// process, so every launch runs in a child process of its own and sends its
// result back as CBOR.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "platform/npu_platform.h"

namespace npuvp {
namespace {

using nlohmann::json;

// A shipped preset by name, or a preset file by path.
Preset preset(const std::string& name) {
  return load_preset(name.find('/') != std::string::npos ? name
                                                          : std::string(NPUVP_TEST_PRESET_DIR) + "/" + name + ".json");
}

json to_json(const LaunchResult& r, const std::string& console) {
  json j;
  j["ok"] = r.ok();
  j["reason"] = static_cast<int>(r.reason);
  j["message"] = r.message;
  j["cycles"] = r.cycles;
  j["console"] = console;
  j["outputs"] = json::array();
  for (const auto& o : r.outputs) j["outputs"].push_back(json::binary(o));
  j["addresses"] = r.tensor_addresses;
  for (const CoreResult& c : r.cores)
    j["cores"].push_back({{"index", c.global_index},
                          {"die", c.die},
                          {"core_id", c.core_id},
                          {"blocks", c.blocks},
                          {"blocks_run", c.stats.blocks_run},
                          {"reason", static_cast<int>(c.reason)},
                          {"cycles", c.stats.cycles}});
  j["issues"] = json::array();
  for (const KernelIssue& i : r.issues)
    j["issues"].push_back({{"kind", static_cast<int>(i.kind)}, {"fatal", i.fatal}, {"message", i.message}});
  j["stats"] = r.stats;
  return j;
}

// Runs one launch in a child process; {"error": ...} when it threw.
json run(const std::string& preset_name, LaunchRequest rq) {
  int fd[2];
  if (pipe(fd) != 0) return {{"error", "pipe"}};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    json j;
    try {
      std::ostringstream console;
      rq.console = &console;
      const LaunchResult r = launch(preset(preset_name), rq);
      j = to_json(r, console.str());
    } catch (const std::exception& e) {
      j = {{"error", e.what()}};
    }
    const std::vector<uint8_t> bytes = json::to_cbor(j);
    size_t off = 0;
    while (off < bytes.size()) {
      const ssize_t n = write(fd[1], bytes.data() + off, bytes.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    close(fd[1]);
    _exit(0);
  }
  close(fd[1]);
  std::vector<uint8_t> bytes;
  uint8_t buf[65536];
  ssize_t n;
  while ((n = read(fd[0], buf, sizeof buf)) > 0) bytes.insert(bytes.end(), buf, buf + n);
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || bytes.empty())
    return {{"error", "child died (status " + std::to_string(status) + ")"}};
  return json::from_cbor(bytes);
}

std::vector<uint8_t> output(const json& r, size_t i) { return r["outputs"][i].get_binary(); }

std::vector<uint8_t> random_bytes(size_t n, unsigned seed) {
  std::mt19937 g(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(g());
  return v;
}

template <class T>
std::vector<uint8_t> as_bytes(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

LaunchRequest copy_request(uint32_t blocks, uint64_t bytes_per_block, int die = -1) {
  LaunchRequest rq;
  rq.elf_path = KERNEL_COPY;
  rq.blocks = blocks;
  rq.tensors = {{"x", random_bytes(blocks * bytes_per_block, 7), die, false},
                {"y", std::vector<uint8_t>(blocks * bytes_per_block), die, true}};
  rq.args = {KernelArg::tensor(0), KernelArg::tensor(1), KernelArg::integer(bytes_per_block)};
  return rq;
}

TEST(NpuPlatform, CopyMovesEveryByteThroughTheMemorySystem) {
  const LaunchRequest rq = copy_request(2, 4096);
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  EXPECT_TRUE(r["ok"].get<bool>()) << r["message"];
  EXPECT_EQ(output(r, 1), rq.tensors[0].bytes);
  EXPECT_TRUE(r["issues"].empty()) << r["issues"].dump();
  EXPECT_GT(r["cycles"].get<uint64_t>(), 100u);
  // Tensors: page-aligned, in die 0's GM after the image, x before y.
  const uint64_t x = r["addresses"][0], y = r["addresses"][1];
  EXPECT_EQ(x % 4096, 0u);
  EXPECT_GT(x, 0x100000000u);
  EXPECT_EQ(y, x + 8192);
  const json& s = r["stats"];
  EXPECT_EQ(s["bytes"]["gm_to_ub"], 8192);
  EXPECT_EQ(s["bytes"]["ub_to_gm"], 8192);
  const double mte2 = s["pipes"]["PIPE_MTE2"]["utilisation"];
  EXPECT_GT(mte2, 0.0);
  EXPECT_LE(mte2, 1.0);
  // The data went through L2 and HBM: y was written, x and the code were read.
  EXPECT_GE(s["hbm"][0]["bytes_read"].get<uint64_t>(), 8192u);
  EXPECT_GT(s["l2"][0]["misses"].get<uint64_t>(), 0u);
  EXPECT_GT(s["hbm"][0]["achieved_gbps"].get<double>(), 0.0);
}

TEST(NpuPlatform, MoreBlocksThanCoresRunInWavesWithTheirOwnIndices) {
  LaunchRequest rq;
  rq.elf_path = KERNEL_BLOCK_INFO;
  rq.blocks = 5;  // mini has two vector cores: blocks 0 2 4 on one, 1 3 on the other
  rq.tensors = {{"out", std::vector<uint8_t>(5 * 64), -1, true}};
  rq.args = {KernelArg::tensor(0), KernelArg::integer(0x5eed), KernelArg::f32(1.5f), KernelArg::f64(0.25)};
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  ASSERT_TRUE(r["ok"].get<bool>()) << r["message"];
  ASSERT_EQ(r["cores"].size(), 2u);
  EXPECT_EQ(r["cores"][0]["blocks"], json({0, 2, 4}));
  EXPECT_EQ(r["cores"][1]["blocks"], json({1, 3}));
  EXPECT_EQ(r["cores"][0]["blocks_run"], 3);
  EXPECT_EQ(r["cores"][1]["blocks_run"], 2);
  const std::vector<uint8_t> out = output(r, 0);
  for (uint64_t b = 0; b < 5; ++b) {
    uint64_t row[8];
    std::memcpy(row, out.data() + 64 * b, 64);
    EXPECT_EQ(row[0], b);
    EXPECT_EQ(row[1], 5u) << "block_num";
    EXPECT_EQ(row[2], b % 2) << "core id";
    EXPECT_EQ(row[3], 0u) << "die";
    EXPECT_EQ(row[4], b % 2) << "sub-block index";
    EXPECT_EQ(row[5], 1u) << "core kind: AIV";
    EXPECT_EQ(row[6], 0x5eedu) << "a1";
    EXPECT_EQ(row[7], 1500u + 250000u) << "fa0 = 1.5f, fa1 = 0.25";
  }
}

TEST(NpuPlatform, VectorAddIsExact) {
  const uint64_t n = 1024;
  const uint32_t blocks = 3;
  std::mt19937 g(3);
  std::uniform_real_distribution<float> dist(-100.0f, 100.0f);
  std::vector<float> x(n * blocks), y(n * blocks), z(n * blocks);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = dist(g);
    y[i] = dist(g);
    z[i] = x[i] + y[i];
  }
  LaunchRequest rq;
  rq.elf_path = KERNEL_VADD;
  rq.blocks = blocks;
  rq.tensors = {{"x", as_bytes(x), -1, false}, {"y", as_bytes(y), -1, false},
                {"z", std::vector<uint8_t>(n * blocks * 4), -1, true}};
  rq.args = {KernelArg::tensor(0), KernelArg::tensor(1), KernelArg::tensor(2), KernelArg::integer(n)};
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  ASSERT_TRUE(r["ok"].get<bool>()) << r["message"];
  EXPECT_EQ(output(r, 2), as_bytes(z));
  EXPECT_TRUE(r["issues"].empty()) << r["issues"].dump();
  // Per block: the vadd, and the wait_flag and set_flag PIPE_V executes.
  EXPECT_EQ(r["stats"]["pipes"]["PIPE_V"]["instructions"], 3 * blocks);
  EXPECT_GT(r["stats"]["pipes"]["PIPE_V"]["busy_cycles"].get<uint64_t>(), 0u);

  // Functional mode: the same result.
  rq.mode = SimMode::Functional;
  const json f = run("mini", rq);
  ASSERT_FALSE(f.contains("error")) << f["error"];
  ASSERT_TRUE(f["ok"].get<bool>()) << f["message"];
  EXPECT_EQ(output(f, 2), as_bytes(z));
}

TEST(NpuPlatform, ReadingOutsideTheTensorsIsReported) {
  // x is 1 KiB on its own 4 KiB page: the 32 bytes after it belong to nothing.
  LaunchRequest rq = copy_request(1, 1024);
  rq.elf_path = KERNEL_OUT_OF_BOUNDS;
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  EXPECT_FALSE(r["ok"].get<bool>());
  bool found = false;
  for (const json& i : r["issues"])
    if (i["kind"] == static_cast<int>(KernelIssue::Kind::OutOfBounds) && i["fatal"].get<bool>()) found = true;
  EXPECT_TRUE(found) << r["issues"].dump();
  EXPECT_NE(r["message"].get<std::string>().find("outside"), std::string::npos) << r["message"];
}

TEST(NpuPlatform, AWaitThatNothingReleasesEndsAsADeadlockReport) {
  LaunchRequest rq;
  rq.elf_path = KERNEL_DEADLOCK;
  rq.blocks = 2;
  rq.tensors = {{"x", std::vector<uint8_t>(256), -1, true}};
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  EXPECT_FALSE(r["ok"].get<bool>());
  int deadlocks = 0;
  for (const json& i : r["issues"])
    if (i["kind"] == static_cast<int>(KernelIssue::Kind::Deadlock)) ++deadlocks;
  EXPECT_EQ(deadlocks, 2) << "one per core: " << r["issues"].dump();
  EXPECT_NE(r["message"].get<std::string>().find("deadlock"), std::string::npos) << r["message"];
}

TEST(NpuPlatform, KernelsPrintfThroughHtif) {
  LaunchRequest rq;
  rq.elf_path = KERNEL_HELLO;
  rq.blocks = 2;
  rq.args = {KernelArg::integer(0)};
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  ASSERT_TRUE(r["ok"].get<bool>()) << r["message"];
  const std::string console = r["console"];
  EXPECT_NE(console.find("hello from block 0 of 2\n"), std::string::npos) << console;
  EXPECT_NE(console.find("hello from block 1 of 2\n"), std::string::npos) << console;
}

TEST(NpuPlatform, AKernelThatExitsIsAnError) {
  LaunchRequest rq;
  rq.elf_path = KERNEL_HELLO;
  rq.blocks = 1;
  rq.args = {KernelArg::integer(3)};
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  EXPECT_FALSE(r["ok"].get<bool>());
  EXPECT_EQ(r["reason"], static_cast<int>(StopReason::Error));
  EXPECT_NE(r["message"].get<std::string>().find("exit(3)"), std::string::npos) << r["message"];
}

TEST(NpuPlatform, BadLaunchesAreRejectedBeforeTheyRun) {
  LaunchRequest rq = copy_request(1, 64);
  rq.entry_symbol = "no_such_kernel";
  EXPECT_NE(run("mini", rq)["error"].get<std::string>().find("no symbol no_such_kernel"), std::string::npos);
  rq = copy_request(1, 64);
  rq.args.assign(9, KernelArg::integer(1));
  EXPECT_NE(run("mini", rq)["error"].get<std::string>().find("more than 8"), std::string::npos);
  // mini with 1 MiB of GM: a 1 MiB tensor does not fit after the image and the stack.
  json small;
  {
    std::ifstream in(std::string(NPUVP_TEST_PRESET_DIR) + "/mini.json");
    small = json::parse(in);
  }
  small["npu"]["hbm"]["size"] = 1 << 20;
  const std::string path = ::testing::TempDir() + "npu_small_" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << small.dump();
  rq = copy_request(1, 512 * 1024);
  const std::string e = run(path, rq)["error"];
  EXPECT_NE(e.find("tensor y (524288 bytes) does not fit in die 0's GM"), std::string::npos) << e;
  std::remove(path.c_str());
  rq = copy_request(1, 64, 1);
  EXPECT_NE(run("mini", rq)["error"].get<std::string>().find("no die 1"), std::string::npos);
}

TEST(NpuPlatform, Ascend910bRunsABlockOnEachOfItsVectorCores) {
  const LaunchRequest rq = copy_request(48, 1024);
  const json r = run("ascend910b", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  ASSERT_TRUE(r["ok"].get<bool>()) << r["message"];
  EXPECT_EQ(r["cores"].size(), 48u);
  EXPECT_EQ(r["cores"][47]["blocks"], json({47}));
  EXPECT_EQ(output(r, 1), rq.tensors[0].bytes);
}

TEST(NpuPlatform, Ascend910cReadingTheOtherDieCrossesTheLinkAndIsSlower) {
  LaunchRequest local = copy_request(1, 16384, 0), remote = copy_request(1, 16384, 1);
  local.die = remote.die = 0;  // the block runs on die 0
  const json l = run("ascend910c", local), r = run("ascend910c", remote);
  ASSERT_FALSE(l.contains("error")) << l["error"];
  ASSERT_FALSE(r.contains("error")) << r["error"];
  ASSERT_TRUE(l["ok"].get<bool>()) << l["message"];
  ASSERT_TRUE(r["ok"].get<bool>()) << r["message"];
  EXPECT_EQ(output(r, 1), remote.tensors[0].bytes);
  EXPECT_GE(r["addresses"][0].get<uint64_t>(), 0x1100000000u) << "x on die 1";
  EXPECT_EQ(r["cores"][0]["die"], 0);
  // The remote run's data crossed the link both ways; the local one's did not.
  EXPECT_GE(r["stats"]["die_link"][1]["bytes"].get<uint64_t>(), 16384u) << "x read from die 1";
  EXPECT_GE(r["stats"]["die_link"][0]["bytes"].get<uint64_t>(), 16384u) << "y written to die 1";
  EXPECT_EQ(l["stats"]["die_link"][1]["bytes"], 0);
  EXPECT_GT(r["cycles"].get<uint64_t>(), l["cycles"].get<uint64_t>());
}

// binary16 of a small integer (exact).
uint16_t f16_of_int(int v) {
  if (v == 0) return 0;
  const uint16_t sign = v < 0 ? 0x8000 : 0;
  unsigned a = static_cast<unsigned>(v < 0 ? -v : v);
  int e = 31 - __builtin_clz(a);
  return static_cast<uint16_t>(sign | (e + 15) << 10 | ((a << (10 - e)) & 0x3ff));
}

TEST(NpuPlatform, MixedKernelHandsTilesFromTheCubeToItsVectorCoresThroughGm) {
  // ascend910b: 3 blocks on 3 groups of one AIC and two AIVs.
  const uint32_t blocks = 3;
  std::vector<uint16_t> a(32 * 16), b(16 * 16);
  std::vector<int> ai(32 * 16), bi(16 * 16);
  for (int i = 0; i < 32 * 16; ++i) a[i] = f16_of_int(ai[i] = (i * 7) % 11 - 5);
  for (int i = 0; i < 16 * 16; ++i) b[i] = f16_of_int(bi[i] = (i * 5) % 9 - 4);
  auto bytes = [](const auto& v) {
    std::vector<uint8_t> out(v.size() * sizeof v[0]);
    std::memcpy(out.data(), v.data(), out.size());
    return out;
  };
  LaunchRequest rq;
  rq.elf_path = KERNEL_MIX_HANDOFF;
  rq.cores = CoreKind::Mix;
  rq.blocks = blocks;
  rq.tensors = {{"a", bytes(a), -1, false},
                {"b", bytes(b), -1, false},
                {"ws", std::vector<uint8_t>(blocks * 32 * 16 * 4), -1, false},
                {"out", std::vector<uint8_t>(blocks * 32 * 16 * 4), -1, true},
                {"done", std::vector<uint8_t>(blocks * 8), -1, true}};
  const json r = run("ascend910b", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  ASSERT_TRUE(r["ok"].get<bool>()) << r["message"];
  EXPECT_TRUE(r["issues"].empty()) << r["issues"].dump();
  ASSERT_EQ(r["cores"].size(), 3u * blocks);
  for (uint32_t g = 0; g < blocks; ++g) {
    // The group: AIC g, AIVs 2g and 2g+1, all with block g.
    const json& aic = r["cores"][3 * g];
    EXPECT_EQ(aic["core_id"], g);
    EXPECT_EQ(aic["index"], 48 + g) << "AICs follow the AIVs";
    for (int k = 1; k <= 2; ++k) EXPECT_EQ(r["cores"][3 * g + k]["core_id"], 2 * g + k - 1);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(r["cores"][3 * g + k]["blocks"], json({g}));
  }
  const json& cores = r["stats"]["cores"];
  EXPECT_EQ(cores[0]["kind"], "aic");
  EXPECT_EQ(cores[1]["kind"], "aiv");
  std::vector<float> out(blocks * 32 * 16);
  std::memcpy(out.data(), output(r, 3).data(), out.size() * 4);
  for (uint32_t blk = 0; blk < blocks; ++blk)
    for (int i = 0; i < 32; ++i)
      for (int j = 0; j < 16; ++j) {
        int sum = 0;
        for (int k = 0; k < 16; ++k) sum += ai[i * 16 + k] * bi[k * 16 + j];
        ASSERT_EQ(out[blk * 512 + i * 16 + j], 2.0f * static_cast<float>(sum)) << blk << " " << i << " " << j;
      }
  std::vector<uint64_t> done(blocks);
  std::memcpy(done.data(), output(r, 4).data(), blocks * 8);
  for (uint32_t blk = 0; blk < blocks; ++blk) EXPECT_EQ(done[blk], 1u) << "the cube core finished block " << blk;
}

TEST(NpuPlatform, CrossCoreWaitNeverSetIsADeadlock) {
  LaunchRequest rq;
  rq.elf_path = KERNEL_MIX_HANDOFF;
  rq.entry_symbol = "never";
  rq.cores = CoreKind::Mix;
  rq.blocks = 1;
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  EXPECT_FALSE(r["ok"].get<bool>());
  EXPECT_EQ(r["reason"], static_cast<int>(StopReason::Deadlock)) << r["message"];
  const std::string msg = r["message"];
  EXPECT_NE(msg.find("xnpu.cross_wait_flag\t3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("waits for a cross-core flag that no core of its group sets"), std::string::npos) << msg;
  // The cube core's set of event 0 was never taken by either vector core.
  int left_set = 0;
  for (const json& i : r["issues"])
    if (i["kind"] == static_cast<int>(KernelIssue::Kind::FlagLeftSet) &&
        i["message"].get<std::string>().find("cross-core flag event 0 left set") != std::string::npos)
      ++left_set;
  EXPECT_EQ(left_set, 2) << r["issues"].dump();
}

// TIMING.md "Cross-core flags": a set is visible cross_core_latency cycles
// after it executes. A round trip of the pingpong kernel has two such
// delays on its critical path, so raising the latency by D adds exactly
// 2·D per round to the launch and to the cube core's waits; the vector
// cores' first wait has one delay before it.
TEST(NpuPlatform, CrossCoreLatencyIsPaidOncePerFlagOnTheCriticalPath) {
  constexpr uint64_t kRounds = 10, kBase = 20, kRaised = 145;
  auto run_with_latency = [](uint64_t latency) {
    json p;
    {
      std::ifstream in(std::string(NPUVP_TEST_PRESET_DIR) + "/mini.json");
      p = json::parse(in);
    }
    p["npu"]["ai_core"]["timing"]["cross_core_latency"] = latency;
    const std::string path =
        ::testing::TempDir() + "npu_cross_" + std::to_string(latency) + "_" + std::to_string(getpid()) + ".json";
    std::ofstream(path) << p.dump();
    LaunchRequest rq;
    rq.elf_path = KERNEL_MIX_HANDOFF;
    rq.entry_symbol = "pingpong";
    rq.cores = CoreKind::Mix;
    rq.args = {KernelArg::integer(kRounds)};
    json r = run(path, rq);
    std::remove(path.c_str());
    return r;
  };
  const json base = run_with_latency(kBase), raised = run_with_latency(kRaised);
  for (const json* r : {&base, &raised}) {
    ASSERT_FALSE(r->contains("error")) << (*r)["error"];
    ASSERT_TRUE((*r)["ok"].get<bool>()) << (*r)["message"];
    EXPECT_TRUE((*r)["issues"].empty()) << (*r)["issues"].dump();
  }
  const uint64_t d = kRaised - kBase;
  EXPECT_EQ(raised["cycles"].get<uint64_t>() - base["cycles"].get<uint64_t>(), kRounds * 2 * d);
  const json &bc = base["stats"]["cores"], &rc = raised["stats"]["cores"];
  ASSERT_EQ(bc.size(), 3u);
  auto wait_growth = [&](size_t i) {
    return rc[i]["scalar_wait_cycles"].get<uint64_t>() - bc[i]["scalar_wait_cycles"].get<uint64_t>();
  };
  EXPECT_EQ(bc[0]["kind"], "aic");
  EXPECT_EQ(wait_growth(0), kRounds * 2 * d) << "the cube core waits out both delays of every round";
  for (size_t v = 1; v <= 2; ++v) EXPECT_EQ(wait_growth(v), (2 * kRounds - 1) * d) << "vector core " << v;
  // Every delay is on the critical path: the launch lasts at least them all.
  EXPECT_GE(raised["cycles"].get<uint64_t>(), kRounds * 2 * kRaised);
}

// The trace draws an arrow from every cross_set_flag to each wait that took
// it: the cube core's FixPipe set to both vector cores' waits, each vector
// core's MTE3 set to the cube core's wait. Waits and scalar-unit sets are
// slices on the PIPE_S track of their core.
TEST(NpuPlatform, TraceDrawsCrossCoreFlagsAsArrowsBetweenTheCoresOfAGroup) {
  LaunchRequest rq;
  rq.elf_path = KERNEL_MIX_HANDOFF;
  rq.cores = CoreKind::Mix;
  rq.blocks = 1;
  rq.tensors = {{"a", std::vector<uint8_t>(32 * 16 * 2), -1, false},
                {"b", std::vector<uint8_t>(16 * 16 * 2), -1, false},
                {"ws", std::vector<uint8_t>(32 * 16 * 4), -1, false},
                {"out", std::vector<uint8_t>(32 * 16 * 4), -1, true},
                {"done", std::vector<uint8_t>(8), -1, true}};
  rq.trace_path = ::testing::TempDir() + "npu_cross_trace_" + std::to_string(getpid()) + ".json";
  const json r = run("mini", rq);
  ASSERT_FALSE(r.contains("error")) << r["error"];
  ASSERT_TRUE(r["ok"].get<bool>()) << r["message"];
  json doc;
  {
    std::ifstream in(rq.trace_path);
    doc = json::parse(in);
  }
  std::remove(rq.trace_path.c_str());
  std::map<uint64_t, std::string> process;
  std::map<std::pair<uint64_t, uint64_t>, std::string> thread;
  for (const json& e : doc["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "process_name") process[e["pid"]] = e["args"]["name"];
  for (const json& e : doc["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name")
      thread[{e["pid"], e["tid"]}] = process[e["pid"]] + "/" + e["args"]["name"].get<std::string>();
  std::map<uint64_t, std::pair<std::string, std::string>> arrows;  // id -> (from, to)
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "s") arrows[e["id"]].first = thread[{e["pid"], e["tid"]}];
    if (e["ph"] == "f") arrows[e["id"]].second = thread[{e["pid"], e["tid"]}];
  }
  std::multiset<std::pair<std::string, std::string>> cross;
  for (const auto& [id, a] : arrows)
    if (a.first.substr(0, 8) != a.second.substr(0, 8)) cross.insert(a);  // between cores
  const std::multiset<std::pair<std::string, std::string>> expected = {
      {"npu.aic0/PIPE_FIX", "npu.aiv0/PIPE_S"},
      {"npu.aic0/PIPE_FIX", "npu.aiv1/PIPE_S"},
      {"npu.aiv0/PIPE_MTE3", "npu.aic0/PIPE_S"},
      {"npu.aiv1/PIPE_MTE3", "npu.aic0/PIPE_S"}};
  EXPECT_EQ(cross, expected);
  EXPECT_EQ(doc["otherData"]["flows_unbound"], 0);
}

TEST(NpuPlatform, MixedLaunchNeedsBothEntries) {
  LaunchRequest rq;
  rq.elf_path = KERNEL_BLOCK_INFO;
  rq.cores = CoreKind::Mix;
  const json r = run("mini", rq);
  ASSERT_TRUE(r.contains("error"));
  EXPECT_NE(r["error"].get<std::string>().find("no symbol kernel_main_mix_aic"), std::string::npos) << r["error"];
}

}  // namespace
}  // namespace npuvp

// SystemC's library calls sc_main; every launch runs in a child process.
int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
