// npuvp: run, disassemble and describe programs on the virtual platform.
//
//   npuvp run [--platform NAME|FILE] [--mode cycle|functional] [--max-cycles N]
//             [--trace-insn FILE] [--stats FILE] [--quiet] ELF
//   npuvp disasm ELF
//   npuvp info [--platform NAME|FILE] [--json]
//
// Exit status of `run`: the program's own exit code (HTIF), or
//   2   bad input: command line, preset, ELF, or an output file
//   124 the cycle limit (--max-cycles) was reached
//   125 an unhandled trap (including an access nothing answers) or a model error
//   126 deadlock: the core sleeps in wfi and nothing can wake it
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <systemc>

#include "isa/decoder.h"
#include "isa/disasm.h"
#include "platform/elf_loader.h"
#include "platform/platform.h"
#include "platform/preset.h"

namespace {

using namespace npuvp;
using nlohmann::json;

constexpr int kExitBadInput = 2;
constexpr int kExitCycleLimit = 124;
constexpr int kExitTrap = 125;
constexpr int kExitDeadlock = 126;

std::string hex(uint64_t v, int width = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*" PRIx64, width, v);
  return buf;
}

json stats_json(const RunResult& r, const std::string& elf, const Preset& preset, SimMode mode) {
  const ScalarStats& s = r.stats;
  json j;
  j["elf"] = elf;
  j["platform"] = preset.name;
  j["mode"] = mode == SimMode::Cycle ? "cycle" : "functional";
  j["stop_reason"] = stop_reason_name(r.reason);
  j["exit_code"] = r.exit_code;
  if (!r.message.empty()) j["message"] = r.message;
  j["cycles"] = s.cycles;
  j["instret"] = s.instret;
  j["ipc"] = s.cycles ? static_cast<double>(s.instret) / static_cast<double>(s.cycles) : 0.0;
  j["sim_seconds"] = static_cast<double>(s.cycles) / r.clock_hz;
  j["clock_hz"] = r.clock_hz;
  j["host_seconds"] = s.host_seconds;
  j["mips"] = s.host_seconds > 0 ? static_cast<double>(s.instret) / s.host_seconds / 1e6 : 0.0;
  j["traps"] = s.traps;
  j["interrupts"] = s.interrupts;
  if (mode == SimMode::Cycle)
    j["stalls"] = {{"raw", s.stall_raw},       {"structural", s.stall_structural}, {"branch", s.stall_branch},
                 {"icache", s.stall_icache}, {"memory", s.stall_memory},         {"trap", s.stall_trap}};
  // The pipeline model's figures exist only in cycle mode: functional mode
  // does not count them, so it does not report zeros for them either.
  if (mode == SimMode::Cycle) {
    json by_class = json::object();
    const auto& names = latency_class_names();
    for (size_t i = 0; i < names.size() && i < s.by_class.size(); ++i) by_class[names[i]] = s.by_class[i];
    j["by_class"] = by_class;
    j["icache"] = {{"hits", s.icache_hits}, {"misses", s.icache_misses}};
  }
  return j;
}

void print_summary(const json& j, std::ostream& os) {
  const double cycles = j["cycles"].get<double>();
  std::ostringstream o;
  o << std::fixed;
  o << "npuvp: " << j["stop_reason"].get<std::string>();
  if (j["stop_reason"] == "exit") o << " " << j["exit_code"].get<int>();
  o << " | " << j["cycles"].get<uint64_t>() << " cycles, " << j["instret"].get<uint64_t>() << " instructions, IPC "
    << std::setprecision(3) << j["ipc"].get<double>() << "\n";
  o << "npuvp: " << std::setprecision(3) << j["sim_seconds"].get<double>() * 1e6 << " us simulated at "
    << std::setprecision(2) << j["clock_hz"].get<double>() / 1e9 << " GHz | host " << std::setprecision(3)
    << j["host_seconds"].get<double>() << " s, " << std::setprecision(2) << j["mips"].get<double>() << " MIPS\n";
  if (j["mode"] == "functional") {
    o << "npuvp: functional mode: one cycle per instruction, no pipeline model\n";
  } else {
    o << "npuvp: stall cycles:";
    for (auto& [k, v] : j["stalls"].items()) {
      o << " " << k << " " << v.get<uint64_t>();
      if (cycles > 0) o << " (" << std::setprecision(1) << 100.0 * v.get<double>() / cycles << "%)";
    }
    o << "\n";
    const uint64_t hits = j["icache"]["hits"], misses = j["icache"]["misses"];
    o << "npuvp: icache " << hits << " hits, " << misses << " misses\n";
  }
  os << o.str();
}

int cmd_run(const std::string& platform, const std::string& mode, uint64_t max_cycles, const std::string& trace,
            const std::string& stats_file, bool quiet, const std::string& elf_path) {
  Preset preset;
  ElfImage elf;
  try {
    preset = load_preset(platform);
    elf = read_elf(elf_path);
  } catch (const std::exception& e) {
    std::cerr << "npuvp: " << e.what() << "\n";
    return kExitBadInput;
  }
  std::ofstream trace_out;
  RunOptions opt;
  opt.mode = mode == "functional" ? SimMode::Functional : SimMode::Cycle;
  opt.max_cycles = max_cycles;
  if (!trace.empty()) {
    trace_out.open(trace);
    if (!trace_out) {
      std::cerr << "npuvp: " << trace << ": cannot open for writing\n";
      return kExitBadInput;
    }
    opt.commit_log = &trace_out;
  }
  std::unique_ptr<MiniPlatform> plat;
  try {
    plat = std::make_unique<MiniPlatform>("mini", preset, elf, opt);
  } catch (const std::exception& e) {
    std::cerr << "npuvp: " << e.what() << "\n";
    return kExitBadInput;
  }
  RunResult r = plat->run();
  std::cout.flush();

  int status = 0;
  if (r.reason != StopReason::Exit) {
    std::string where = "pc 0x" + hex(r.pc, 16);
    const std::string sym = elf.symbols.describe(r.pc);
    if (!sym.empty()) where += " <" + sym + ">";
    if (!r.insn.empty()) where += ": " + r.insn;
    std::cerr << "npuvp: " << stop_reason_name(r.reason) << " at " << where << ": " << r.message << "\n";
    status = r.reason == StopReason::CycleLimit ? kExitCycleLimit
             : r.reason == StopReason::Deadlock ? kExitDeadlock
                                                : kExitTrap;
  } else {
    status = r.exit_code;
  }
  const json j = stats_json(r, elf_path, preset, opt.mode);
  if (!quiet) print_summary(j, std::cerr);
  if (!stats_file.empty()) {
    std::ofstream out(stats_file);
    if (!(out << j.dump(2) << "\n")) {
      std::cerr << "npuvp: " << stats_file << ": cannot write\n";
      if (status == 0) status = kExitBadInput;
    }
  }
  return status;
}

int cmd_disasm(const std::string& elf_path) {
  ElfImage elf;
  try {
    elf = read_elf(elf_path);
  } catch (const std::exception& e) {
    std::cerr << "npuvp: " << e.what() << "\n";
    return kExitBadInput;
  }
  std::ostream& o = std::cout;
  o << elf_path << ":\tfile format elf64-littleriscv\n";
  for (const ElfSection& s : elf.code) {
    o << "\nDisassembly of section " << s.name << ":\n";
    size_t i = 0;
    while (i < s.data.size()) {
      const uint64_t pc = s.addr + i;
      if (const std::string* name = elf.symbols.name_at(pc)) o << "\n" << hex(pc, 16) << " <" << *name << ">:\n";
      const size_t left = s.data.size() - i;
      if (left < 2) {
        o << std::setw(8) << hex(pc) << ": " << hex(s.data[i], 2) << "          \t.byte\t0x" << hex(s.data[i], 2) << "\n";
        break;
      }
      const uint16_t lo = static_cast<uint16_t>(s.data[i] | (s.data[i + 1] << 8));
      unsigned len = isa::insn_length(lo);
      if (len == 0 || len > left) len = 2;  // not RV64GC or cut short: show the parcel
      uint32_t raw = lo;
      if (len == 4) raw |= static_cast<uint32_t>(s.data[i + 2] | (s.data[i + 3] << 8)) << 16;
      std::string bytes;
      for (unsigned b = 0; b < len; ++b) bytes += hex(s.data[i + b], 2) + " ";
      o << std::setw(8) << hex(pc) << ": " << std::left << std::setw(12) << bytes << std::right << "\t"
        << isa::disassemble(raw, pc);
      // Name the target of direct jumps and branches, as objdump does.
      isa::Decoded d;
      if (isa::decode(raw, d)) {
        const std::string ops = isa::info(d.id).operands;
        if (ops.find("target") != std::string::npos) {
          const std::string target = elf.symbols.describe(pc + static_cast<uint64_t>(d.imm));
          if (!target.empty()) o << " <" << target << ">";
        }
      }
      o << "\n";
      i += len;
    }
  }
  return 0;
}

void print_tree(const json& j, const std::string& path, std::ostream& o) {
  if (j.is_object()) {
    for (auto& [k, v] : j.items()) {
      if (v.is_string() && (k == "comment" || k == "source")) o << path << "  # " << v.get<std::string>() << "\n";
    }
    for (auto& [k, v] : j.items()) {
      if (v.is_string() && (k == "comment" || k == "source")) continue;
      const bool note = k.size() > 7 && (k.compare(k.size() - 7, 7, "_source") == 0 ||
                                         k.compare(k.size() - 8, 8, "_comment") == 0);
      if (note) continue;
      std::string extra;
      for (const char* suffix : {"_source", "_comment"}) {
        auto it = j.find(k + suffix);
        if (it != j.end() && it->is_string()) extra += "  # " + it->get<std::string>();
      }
      if (v.is_object()) {
        print_tree(v, path + "/" + k, o);
      } else {
        o << path << "/" << k << " = " << v.dump() << extra << "\n";
      }
    }
  }
}

int cmd_info(const std::string& platform, bool as_json) {
  Preset p;
  try {
    p = load_preset(platform);
  } catch (const std::exception& e) {
    std::cerr << "npuvp: " << e.what() << "\n";
    return kExitBadInput;
  }
  const json derived = derived_figures(p);
  if (as_json) {
    json j = p.tree;
    j["derived"] = derived;
    j["file"] = p.path;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "preset " << p.name << " (" << p.path << ")\n";
  print_tree(p.tree, "", std::cout);
  std::cout << "derived:\n";
  for (auto& [k, v] : derived.items()) std::cout << "  " << k << " = " << v.dump() << "\n";
  std::cout << "presets in " << preset_dir() << ":";
  for (const auto& n : preset_names()) std::cout << " " << n;
  std::cout << "\n";
  return 0;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  CLI::App app{"npuvp: cycle-accurate virtual platform of an Ascend-class NPU"};
  app.require_subcommand(1);

  std::string platform = "mini", mode = "cycle", trace, stats, elf;
  uint64_t max_cycles = 0;
  bool quiet = false, as_json = false;

  CLI::App* run = app.add_subcommand("run", "Load an ELF and run it; exit status is the program's");
  run->add_option("--platform", platform, "Preset name (in the presets directory) or JSON file")
      ->capture_default_str();
  run->add_option("--mode", mode, "cycle: timed by the timing specification; functional: one cycle per instruction")
      ->check(CLI::IsMember({"cycle", "functional"}))
      ->capture_default_str();
  run->add_option("--max-cycles", max_cycles, "Stop with status 124 after N cycles (0: no limit)");
  run->add_option("--trace-insn", trace, "Write one line per retired instruction to FILE");
  run->add_option("--stats", stats, "Write statistics as JSON to FILE");
  run->add_flag("--quiet,-q", quiet, "No summary on stderr");
  run->add_option("elf", elf, "RISC-V ELF program")->required();

  CLI::App* disasm = app.add_subcommand("disasm", "Disassemble the executable sections of an ELF");
  disasm->add_option("elf", elf, "RISC-V ELF program")->required();

  CLI::App* info = app.add_subcommand("info", "Print a preset's parameters and derived figures");
  info->add_option("--platform", platform, "Preset name or JSON file")->capture_default_str();
  info->add_flag("--json", as_json, "As JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitBadInput;
  }
  if (*disasm) return cmd_disasm(elf);
  if (*info) return cmd_info(platform, as_json);
  return cmd_run(platform, mode, max_cycles, trace, stats, quiet, elf);
}

int main(int argc, char* argv[]) {
  // Before any SystemC object exists: no banner on stdout (it carries the
  // program's console), femtosecond resolution so that a 1.8 GHz clock
  // period (555.556 ps) is not rounded to whole picoseconds.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  npuvp::install_log_handler();
  return sc_core::sc_elab_and_sim(argc, argv);
}
