// vector_speed: simulation speed of the vector AI cores on the SwiGLU example
// (examples/swiglu), the figure issue 3 asks for: host seconds for a
// TOKENS x 2*HIDDEN fp16 SwiGLU on a preset in cycle mode, and simulated
// vector instructions per host second.
//
//   vector_speed NPUVP SWIGLU_ELF GEN_SWIGLU WORK_DIR TOKENS HIDDEN PRESET BLOCKS
//
// Generates the input and reference once (WORK_DIR/x.npy, ref.npy), runs
// `npuvp launch` with --stats and --expect, and prints simulated cycles, host
// seconds (wall clock of the whole npuvp process: loading the .npy files,
// simulating, writing and checking the result) and PIPE_V instructions and
// repeats-worth of work per host second.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 9) {
    std::fprintf(stderr, "usage: %s NPUVP SWIGLU_ELF GEN_SWIGLU WORK_DIR TOKENS HIDDEN PRESET BLOCKS\n", argv[0]);
    return 2;
  }
  const std::string npuvp = argv[1], elf = argv[2], gen = argv[3], dir = argv[4];
  const std::string tokens = argv[5], hidden = argv[6], preset = argv[7], blocks = argv[8];
  fs::create_directories(dir);
  const std::string shape_tag = dir + "/shape_" + tokens + "x" + hidden;
  if (!fs::exists(shape_tag)) {
    std::printf("generating x.npy [%s, 2*%s] and ref.npy in %s ...\n", tokens.c_str(), hidden.c_str(), dir.c_str());
    const std::string cmd = gen + " " + dir + " " + tokens + " " + hidden;
    if (std::system(cmd.c_str()) != 0) return 1;
    std::ofstream(shape_tag) << "generated\n";
  }
  const std::string stats = dir + "/stats.json";
  const std::string cmd = "cd " + dir + " && " + npuvp + " launch " + elf + " --platform " + preset + " --blocks " +
                          blocks + " --arg in:x.npy --arg out:y.npy:f16:" + tokens + "x" + hidden + " --arg u64:" +
                          tokens + " --arg u64:" + hidden +
                          " --expect 1:ref.npy --rtol 2e-3 --atol 1e-6 --stats stats.json --quiet";
  std::printf("%s\n", cmd.c_str());
  std::fflush(stdout);
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = std::system(cmd.c_str());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (rc != 0) {
    std::fprintf(stderr, "vector_speed: npuvp launch failed (status %d)\n", rc);
    return 1;
  }
  nlohmann::json s;
  std::ifstream(stats) >> s;
  const auto& v = s["pipes"]["PIPE_V"];
  const double v_insns = v["instructions"].get<double>();
  const double v_busy = v["busy_cycles"].get<double>();
  std::printf("SwiGLU x [%s, 2*%s] fp16 -> [%s, %s] on %s, %s blocks, %s mode\n", tokens.c_str(), hidden.c_str(),
              tokens.c_str(), hidden.c_str(), preset.c_str(), blocks.c_str(), s["mode"].get<std::string>().c_str());
  std::printf("  result check           %s\n", s["checks"][0]["pass"].get<bool>() ? "PASS" : "FAIL");
  std::printf("  simulated cycles       %llu (%.1f us at %.2f GHz)\n",
              static_cast<unsigned long long>(s["cycles"].get<uint64_t>()), s["time_us"].get<double>(),
              s["clock_hz"].get<double>() / 1e9);
  std::printf("  host seconds           %.2f (goal: under 5 s)\n", secs);
  std::printf("  PIPE_V instructions    %.0f (%.0f per host second)\n", v_insns, v_insns / secs);
  std::printf("  PIPE_V busy cycles     %.0f over all cores (%.3g per host second)\n", v_busy, v_busy / secs);
  std::printf("  scalar instructions    %llu\n", static_cast<unsigned long long>(s["scalar_instret"].get<uint64_t>()));
  return 0;
}
