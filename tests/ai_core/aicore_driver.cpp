// Runs one test kernel on a single AI core over plain RAM and prints what
// happened as JSON: the exit status, per-pipe statistics and the checkers'
// reports. ai_core_test.cpp runs it once per kernel (SystemC elaborates only
// once per process).
//
//   aicore_driver KERNEL.elf [--regions] [--aic]
//   --regions: give the core the ELF's segments and its stack as the only GM
//              regions, so the bounds checker is armed.
//   --aic:     the core is a cube core (default: a vector core).
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>
#include <systemc>

#include "models/ai_core/ai_core.h"
#include "models/memory/bus.h"
#include "models/memory/ram.h"
#include "platform/elf_loader.h"
#include "timing_params.h"

using namespace npuvp;

int sc_main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: aicore_driver KERNEL.elf [--regions] [--aic]\n";
    return 2;
  }
  // Before any SystemC object exists: no banner on stdout, which carries JSON.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  const std::string elf_path = argv[1];
  bool regions = false, aic = false;
  for (int a = 2; a < argc; ++a) {
    const std::string opt = argv[a];
    if (opt == "--regions") regions = true;
    else if (opt == "--aic") aic = true;
    else {
      std::cerr << "aicore_driver: unknown option " << opt << "\n";
      return 2;
    }
  }
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);

  ElfImage elf = read_elf(elf_path);
  const sc_core::sc_time period(1, sc_core::SC_NS);
  Ram::Params rp;
  rp.size = kRamSize;
  rp.clock_period = period;
  rp.read_latency = kRamLatency;
  rp.write_latency = kRamLatency;
  Ram ram("ram", rp);
  Bus bus("bus");
  bus.map(ram.socket, kRamBase, kRamSize, "ram");

  AiCoreConfig cfg;
  cfg.scalar.reset_pc = elf.entry;
  cfg.scalar.clock_period = period;
  cfg.timing = test_timing();
  cfg.blocks = {0};
  cfg.is_vector = !aic;
  AiCore core(aic ? "aic0" : "aiv0", cfg);
  core.scalar().ifetch.bind(bus.target);
  core.data.bind(bus.target);
  core.gm.bind(bus.target);
  core.scalar().set_stop_handler([&] {
    core.on_scalar_stopped();
    sc_core::sc_stop();
  });
  load_elf(elf, {{"ram", kRamBase, kRamSize, ram.host_ptr(0)}});
  if (regions) {
    std::vector<GmRegion> r;
    for (const ElfSegment& s : elf.segments) r.push_back({s.vaddr, s.memsz, "image", true});
    auto top = elf.symbols.address("__stack_top"), bottom = elf.symbols.address("__stack_bottom");
    if (top && bottom) r.push_back({*bottom, *top - *bottom, "stack", true});
    core.set_gm_regions(r);
  }
  sc_core::sc_start();

  nlohmann::json j;
  const ScalarCore& s = core.scalar();
  j["stop_reason"] = stop_reason_name(s.stop_reason());
  j["exit"] = s.exit_code();
  j["message"] = s.stop_message();
  AiCoreStats st = core.stats();
  const char* names[] = {"S", "V", "M", "MTE1", "MTE2", "MTE3", "FIX"};
  for (size_t p = 0; p < kPipeCount; ++p) {
    const PipeStats& ps = st.pipes[p];
    j["pipes"][names[p]] = {{"instructions", ps.instructions}, {"busy", ps.busy_cycles},
                            {"wait", ps.wait_cycles},          {"bytes", ps.bytes},
                            {"first_start", ps.first_start},   {"last_end", ps.last_end},
                            {"stalls", {{"flag", ps.stalls.flag},
                                        {"barrier", ps.stalls.barrier},
                                        {"memory", ps.stalls.memory},
                                        {"queue_full", ps.stalls.queue_full},
                                        {"bank_conflict", ps.stalls.bank_conflict}}}};
  }
  j["cycles"] = st.cycles;
  j["bank_conflict_cycles"] = st.bank_conflict_cycles;
  j["queue_full_cycles"] = st.queue_full_cycles;
  j["scalar_stall_memory"] = s.stats().stall_memory;
  j["vector_flops"] = st.vector_flops;
  j["cube_fractals"] = st.cube_fractals;
  j["cube_flops"] = st.cube_flops;
  j["issues"] = nlohmann::json::array();
  for (const KernelIssue& i : core.issues())
    j["issues"].push_back({{"kind", kernel_issue_kind_name(i.kind)}, {"fatal", i.fatal}, {"message", i.message}});
  std::cout << j.dump(1) << "\n";
  return 0;
}
