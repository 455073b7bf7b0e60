// npuvp: run, disassemble and describe programs on the virtual platform.
//
//   npuvp run [--platform NAME|FILE] [--mode cycle|functional] [--max-cycles N]
//             [--trace-insn FILE] [--stats FILE] [--quiet] [--gdb PORT] ELF
//   npuvp launch KERNEL.elf --blocks N [--entry SYMBOL] [--platform NAME|FILE] [--mode cycle|functional]
//                [--arg in:FILE.npy | --arg out:FILE.npy:DTYPE:DIMS | --arg inout:FILE.npy | --arg u64:V ...]...
//                [--expect INDEX:FILE.npy [--rtol R] [--atol A]]... [--stats FILE] [--max-cycles N] [--quiet]
//                [--trace FILE.json [--trace-window FROM:TO] [--trace-max-bytes N]] [--gdb PORT]
//   npuvp boot [--platform NAME|FILE] [--firmware FW.elf] [--uart FILE] [--gdb PORT]  (platform/boot_command.h)
//   npuvp launch ... --via-firmware [--firmware FW.elf] [--gdb PORT]
//   npuvp conform [--platform NAME|FILE] [--mode cycle|functional] [--jobs N] [--junit FILE.xml]
//                 [--timeout-cycles N] [--timeout-seconds S] PATH...
//   npuvp disasm ELF
//   npuvp info [--platform NAME|FILE] [--json]
//
// Exit status of `run`: the program's own exit code (HTIF), or
//   2   bad input: command line, preset, ELF, or an output file
//   124 the cycle limit (--max-cycles) was reached
//   125 an unhandled trap (including an access nothing answers) or a model error
//   126 deadlock: the core sleeps in wfi and nothing can wake it
//
// --gdb PORT (0: any free port; the port is printed on stderr) waits for
// gdb-multiarch on 127.0.0.1:PORT before the simulation starts; each hart is
// a GDB thread (platform/gdb/gdb_server.h); under `boot` and `--via-firmware`
// the control CPU is thread 1 and the AI cores follow.
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <tuple>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <systemc>

#include "isa/decoder.h"
#include "isa/disasm.h"
#include "models/trace/chrome_trace.h"
#include "platform/gdb/gdb_server.h"
#include "platform/boot_command.h"
#include "platform/chip_platform.h"
#include "platform/conform/collect.h"
#include "platform/conform/report.h"
#include "platform/conform/runner.h"
#include "platform/conform/signature.h"
#include "platform/elf_loader.h"
#include "platform/launch/launch_args.h"
#include "platform/launch/npy.h"
#include "platform/launch/tensor_compare.h"
#include "platform/npu_platform.h"
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

// `run --signature FILE` (for `npuvp conform`): after the run, the bytes
// between the ELF's begin_signature and end_signature as signature text
// (platform/conform/signature.h). Returns `status`, or 2 if the signature
// cannot be written and the run had succeeded.
int write_signature(MiniPlatform& plat, const Preset& preset, const ElfImage& elf, const std::string& file,
                    int status) {
  try {
    const auto region = conform::signature_region(elf.symbols);
    if (!region) throw conform::SignatureError("the ELF has no begin_signature/end_signature symbols");
    const uint64_t base = preset.ram.base, size = preset.ram.size;
    if (region->begin < base || region->end > base + size)
      throw conform::SignatureError("the signature region 0x" + hex(region->begin) + "..0x" + hex(region->end) +
                                    " is not in RAM");
    std::ofstream out(file);
    if (!(out << conform::format_signature(plat.ram().host_ptr(region->begin - base), region->size())))
      throw conform::SignatureError(file + ": cannot write");
  } catch (const conform::SignatureError& e) {
    std::cerr << "npuvp: signature: " << e.what() << "\n";
    return status == 0 ? kExitBadInput : status;
  }
  return status;
}

// The instruction at `pc` in the ELF's code, disassembled; "" if none there.
std::string insn_in_elf(const ElfImage& elf, uint64_t pc) {
  for (const ElfSection& s : elf.code) {
    if (pc < s.addr || pc + 2 > s.addr + s.data.size()) continue;
    const size_t i = pc - s.addr;
    uint32_t raw = static_cast<uint32_t>(s.data[i] | s.data[i + 1] << 8);
    if (isa::insn_length(static_cast<uint16_t>(raw)) == 4) {
      if (i + 4 > s.data.size()) return "";
      raw |= static_cast<uint32_t>(s.data[i + 2] | s.data[i + 3] << 8) << 16;
    }
    std::string text = isa::disassemble(raw, pc);
    for (char& c : text)
      if (c == '\t') c = ' ';
    return text;
  }
  return "";
}

// For `npuvp conform`: after a clean run whose signature it compares, the
// last line on stderr says where the program stopped, so that a signature
// failure names the pc of the last instruction (runner.cpp).
void print_last_pc(const ElfImage& elf, uint64_t pc) {
  std::string where = "0x" + hex(pc, 16);
  const std::string sym = elf.symbols.describe(pc);
  if (!sym.empty()) where += " <" + sym + ">";
  const std::string insn = insn_in_elf(elf, pc);
  if (!insn.empty()) where += ": " + insn;
  std::cerr << "npuvp: last instruction at pc " << where << "\n";
}

int cmd_run(const std::string& platform, const std::string& mode, uint64_t max_cycles, const std::string& trace,
            const std::string& stats_file, bool quiet, const std::string& elf_path,
            const std::string& signature_file = "", int gdb_port = -1) {
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
  std::unique_ptr<gdb::GdbServer> debugger;
  try {
    if (gdb_port >= 0) debugger = std::make_unique<gdb::GdbServer>(
        std::vector<gdb::DebugThread>{{"cpu", &plat->core()}}, static_cast<uint16_t>(gdb_port));
    if (debugger) debugger->wait_for_client();
  } catch (const gdb::GdbServerError& e) {
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
  if (debugger) debugger->finish(status);
  if (!signature_file.empty()) {
    status = write_signature(*plat, preset, elf, signature_file, status);
    if (status == 0) print_last_pc(elf, r.pc);
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

// `npuvp launch`: one kernel over N blocks on the NPU preset, tensors from and
// to .npy files (platform/launch/launch_args.h has the --arg grammar).
// Exit status: 0 when the kernel ran to its end and every --expect passed;
// 3 a comparison failed; 2 bad input (arguments, preset, ELF, .npy files, an
// output that cannot be written); 124 cycle limit; 125 a kernel error (trap,
// bounds, model error); 126 deadlock. Outputs are written only after a clean
// run, so that a failed kernel never overwrites an inout file.
constexpr int kExitCompareFailed = 3;

struct LaunchOptions {
  std::string elf, entry, platform = "mini", mode = "cycle", stats, core = "aiv";
  uint32_t blocks = 0;
  uint64_t max_cycles = 0;
  bool quiet = false;
  std::string trace, trace_window, trace_max_bytes;  // --trace FILE.json, FROM:TO cycles, a byte size
  int gdb_port = -1;  // --gdb PORT
  std::string signature;  // for `npuvp conform`: the kernel's begin/end_signature region, from GM
  // --arg, --expect, --rtol, --atol in command-line order.
  std::vector<std::pair<std::string, std::string>> ordered;
  bool via_firmware = false;  // through the chip's firmware and mailbox (platform/chip_platform.h)
  std::string firmware;       // with via_firmware: "" -> the reference firmware
};

void print_launch_summary(const json& s, std::ostream& os) {
  std::ostringstream o;
  o << std::fixed;
  const uint64_t cycles = s.value("cycles", uint64_t{0});
  o << "npuvp: " << s.value("stop_reason", std::string("?")) << " | " << cycles << " cycles";
  if (s.contains("time_us")) o << ", " << std::setprecision(3) << s["time_us"].get<double>() << " us";
  if (s.contains("clock_hz")) o << " at " << std::setprecision(2) << s["clock_hz"].get<double>() / 1e9 << " GHz";
  if (s.contains("blocks") && s.contains("cores"))
    o << " | " << s["blocks"].get<uint64_t>() << " blocks on " << s["cores"].size() << " cores";
  o << "\n";
  if (s.value("mode", std::string()) == "functional") {
    o << "npuvp: functional mode: no timing, no pipe utilisation\n";
  } else if (s.contains("pipes") && s["pipes"].is_object() && !s["pipes"].empty()) {
    o << "npuvp: pipe utilisation (mean over cores):";
    for (auto& [name, p] : s["pipes"].items())
      o << " " << name << " " << std::setprecision(1) << 100.0 * p.value("utilisation", 0.0) << "%";
    o << "\n";
    // Stall cycles by reason, summed over cores; only the reasons that occurred.
    std::ostringstream st;
    for (auto& [name, p] : s["pipes"].items()) {
      if (!p.contains("stall_cycles")) continue;
      std::string reasons;
      for (auto& [why, c] : p["stall_cycles"].items())
        if (c.get<uint64_t>() != 0) reasons += " " + why + " " + std::to_string(c.get<uint64_t>());
      if (!reasons.empty()) st << " | " << name << reasons;
    }
    if (!st.str().empty()) o << "npuvp: stall cycles (summed over cores):" << st.str().substr(2) << "\n";
  }
  // Memory: what each die's HBM delivered against its peak, and the L2.
  if (s.contains("hbm") && s["hbm"].is_array()) {
    for (const auto& h : s["hbm"]) {
      o << "npuvp: memory die" << h.value("die", 0) << ": HBM " << std::setprecision(1)
        << h.value("achieved_gbps", 0.0) << " GB/s (" << 100.0 * h.value("utilisation", 0.0) << "% of "
        << h.value("peak_gbps", 0.0) << ")";
      if (s.contains("l2") && s["l2"].is_array())
        for (const auto& l : s["l2"])
          if (l.value("die", -1) == h.value("die", 0))
            o << ", L2 hit rate " << 100.0 * l.value("hit_rate", 0.0) << "%";
      o << "\n";
    }
  }
  const bool vector_work = s.contains("roofline") && s["roofline"].value("vector_flops", uint64_t{0}) > 0;
  if (s.contains("roofline") && s.value("mode", std::string()) != "functional" && (vector_work || !s.contains("cube"))) {
    const json& r = s["roofline"];
    o << "npuvp: roofline: " << std::setprecision(2) << r.value("arithmetic_intensity", 0.0)
      << " vector FLOP/HBM byte (ridge " << r.value("ridge_flops_per_byte", 0.0) << "), "
      << r.value("bound", std::string("?")) << "-bound: " << std::setprecision(3)
      << r.value("achieved_tflops", 0.0) << " TFLOPS = " << std::setprecision(1)
      << 100.0 * r.value("fraction_of_attainable", 0.0) << "% of the attainable "
      << std::setprecision(3) << r.value("attainable_tflops", 0.0) << "\n";
  }
  if (s.contains("cube") && s.value("mode", std::string()) != "functional") {
    const json& c = s["cube"];
    o << "npuvp: cube: " << std::setprecision(3) << c.value("achieved_tflops", 0.0) << " TFLOPS on "
      << c.value("cores", 0) << " cube cores, utilisation " << std::setprecision(1)
      << 100.0 * c.value("utilisation", 0.0) << "% of their peak " << std::setprecision(3)
      << c.value("peak_tflops", 0.0) << " (" << std::setprecision(1) << 100.0 * c.value("fraction_of_die_peak", 0.0)
      << "% of the peak of the dies used)\n";
    o << "npuvp: cube roofline: " << std::setprecision(1) << c.value("arithmetic_intensity", 0.0)
      << " FLOP/HBM byte (ridge " << c.value("ridge_flops_per_byte", 0.0) << "), "
      << c.value("bound", std::string("?")) << "-bound: " << std::setprecision(1)
      << 100.0 * c.value("fraction_of_attainable", 0.0) << "% of the attainable " << std::setprecision(3)
      << c.value("attainable_tflops", 0.0) << " TFLOPS\n";
  }
  os << o.str();
}

// The status of a launch that did not run cleanly (0 when it did).
int launch_status(const LaunchResult& r) {
  if (r.ok()) return 0;
  // The checkers report a pipe deadlock as a fatal kernel issue.
  bool deadlock = r.reason == StopReason::Deadlock;
  for (const KernelIssue& is : r.issues) deadlock |= is.fatal && is.kind == KernelIssue::Kind::Deadlock;
  return r.reason == StopReason::CycleLimit ? kExitCycleLimit : deadlock ? kExitDeadlock : kExitTrap;
}

int cmd_launch(const LaunchOptions& opt) {
  auto bad = [](const std::string& what) {
    std::cerr << "npuvp: " << what << "\n";
    return kExitBadInput;
  };
  LaunchSpec spec;
  Preset preset;
  LaunchRequest req;
  std::vector<Tensor> tensors;     // per tensor argument, in order: inputs as read, outputs' type and shape
  std::vector<size_t> tensor_of;   // per argument: its index in tensors / req.tensors (scalars: unused)
  try {
    spec = parse_launch_options(opt.ordered);
    preset = load_preset(opt.platform);
    req.elf_path = opt.elf;
    req.entry_symbol = opt.entry;
    req.blocks = opt.blocks;
    req.cores = opt.core == "aic" ? CoreKind::Aic : opt.core == "mix" ? CoreKind::Mix : CoreKind::Aiv;
    req.mode = opt.mode == "functional" ? SimMode::Functional : SimMode::Cycle;
    req.max_cycles = opt.max_cycles;
    if (opt.trace.empty() && (!opt.trace_window.empty() || !opt.trace_max_bytes.empty()))
      return bad("--trace-window and --trace-max-bytes need --trace FILE.json");
    req.trace_path = opt.trace;
    try {
      if (!opt.trace_window.empty()) std::tie(req.trace_from, req.trace_to) = parse_trace_window(opt.trace_window);
    } catch (const std::invalid_argument& e) {
      return bad("--trace-window " + opt.trace_window + ": " + e.what());
    }
    try {
      if (!opt.trace_max_bytes.empty()) req.trace_max_bytes = parse_byte_size(opt.trace_max_bytes);
    } catch (const std::invalid_argument& e) {
      return bad("--trace-max-bytes " + opt.trace_max_bytes + ": " + e.what());
    }
    // A progress line only for a person watching: never into a file or a pipe.
    if (isatty(STDERR_FILENO)) req.progress = &std::cerr;
    for (size_t i = 0; i < spec.args.size(); ++i) {
      const LaunchArg& a = spec.args[i];
      tensor_of.push_back(tensors.size());
      switch (a.kind) {
        case ArgKind::U64:
        case ArgKind::S64: req.args.push_back(KernelArg::integer(a.bits)); continue;
        case ArgKind::F32: req.args.push_back(KernelArg::f32_bits(static_cast<uint32_t>(a.bits))); continue;
        case ArgKind::F64: req.args.push_back(KernelArg::f64_bits(a.bits)); continue;
        default: break;
      }
      Tensor t = a.is_input() ? read_npy(a.file) : make_tensor(a.dtype, a.shape);
      LaunchTensor lt;
      lt.name = "arg" + std::to_string(i) + " (" + a.file + ")";
      // A pure input's bytes are needed only by the launch (unless an
      // --expect compares it): move them, rather than copy tens of MiB.
      bool compared = false;
      for (const LaunchExpect& e : spec.expects) compared = compared || e.index == i;
      if (a.is_input() && !a.is_output() && !compared) lt.bytes = std::move(t.data);
      else lt.bytes = t.data;
      lt.die = a.die;
      lt.is_output = a.is_output();
      req.args.push_back(KernelArg::tensor(req.tensors.size()));
      req.tensors.push_back(std::move(lt));
      tensors.push_back(std::move(t));
    }
  } catch (const std::exception& e) {  // LaunchArgError, PresetError, NpyError
    return bad(e.what());
  }
  // The references are read before the run, so that a missing one costs no simulation.
  std::vector<Tensor> refs;
  try {
    for (const LaunchExpect& e : spec.expects) refs.push_back(read_npy(e.file));
  } catch (const NpyError& e) {
    return bad(e.what());
  }

  // A conformance test kernel keeps its signature region in its own image.
  ElfImage kernel_elf;
  if (!opt.signature.empty()) {
    try {
      kernel_elf = read_elf(opt.elf);
      const auto region = conform::signature_region(kernel_elf.symbols);
      if (!region) throw conform::SignatureError("the ELF has no begin_signature/end_signature symbols");
      req.read_back.push_back({region->begin, region->size()});
    } catch (const std::exception& e) {  // ElfError, SignatureError
      return bad("signature: " + std::string(e.what()));
    }
  }

  LaunchResult r;
  try {
    if (opt.via_firmware) {
      ChipOptions co;
      co.firmware = opt.firmware;
      co.mode = req.mode;
      r = opt.gdb_port < 0 ? launch_via_firmware(preset, req, co)
                           : launch_via_firmware_under_gdb(preset, req, co, static_cast<uint16_t>(opt.gdb_port),
                                                           launch_status);
    } else if (opt.gdb_port < 0) {
      r = launch(preset, req);
    } else {  // the same launch with every AI core a GDB thread
      NpuPlatform platform("npu", preset, req);
      std::vector<gdb::DebugThread> threads;
      for (size_t i = 0; i < platform.core_count(); ++i)
        threads.push_back({platform.core(i).basename(), &platform.core(i).scalar()});
      gdb::GdbServer debugger(threads, static_cast<uint16_t>(opt.gdb_port));
      debugger.wait_for_client();
      r = platform.run();
      debugger.finish(launch_status(r));
    }
  } catch (const std::exception& e) {  // LaunchError, ElfError, PresetError: the launch could not start
    return bad(e.what());
  }
  std::cout.flush();

  json stats = r.stats;
  stats["elf"] = opt.elf;
  stats["entry"] = opt.entry.empty() ? std::string(LaunchRequest::kDefaultEntry) : opt.entry;
  for (const KernelIssue& is : r.issues)
    if (!is.fatal) std::cerr << "npuvp: warning: " << is.message << "\n";
  if (r.trace_truncated)
    std::cerr << "npuvp: warning: trace " << opt.trace << " stopped at its size cap (" << r.trace_bytes
              << " bytes): use --trace-window FROM:TO or a larger --trace-max-bytes\n";

  int status = 0;
  if (!r.ok()) {
    std::cerr << "npuvp: " << stop_reason_name(r.reason) << ": " << r.message << "\n";
    status = launch_status(r);
    std::cerr << "npuvp: outputs not written (the kernel did not finish cleanly)\n";
  } else {
    for (size_t i = 0; i < spec.args.size(); ++i) {
      const LaunchArg& a = spec.args[i];
      if (!a.is_output()) continue;
      Tensor& t = tensors[tensor_of[i]];
      if (r.outputs.at(tensor_of[i]).size() != t.data.size())
        return bad("internal: output " + a.file + " came back with " + std::to_string(r.outputs[tensor_of[i]].size()) +
                   " bytes instead of " + std::to_string(t.data.size()));
      t.data = std::move(r.outputs[tensor_of[i]]);
      try {
        write_npy(a.file, t);
      } catch (const NpyError& e) {
        std::cerr << "npuvp: " << e.what() << "\n";
        status = kExitBadInput;
      }
    }
    json checks = json::array();
    for (size_t k = 0; k < spec.expects.size(); ++k) {
      const LaunchExpect& e = spec.expects[k];
      const LaunchArg& a = spec.args[e.index];
      const Tensor& got = tensors[tensor_of[e.index]];
      const CompareReport cr = compare(got, refs[k], e.rtol, e.atol);
      std::cerr << "result check: " << (cr.ok ? "PASS" : "FAIL") << " arg " << e.index << " (" << a.file << ") vs "
                << e.file << " (rtol " << e.rtol << ", atol " << e.atol << "): "
                << cr.summary().substr(6) << "\n";  // the summary without its "PASS: "/"FAIL: "
      json c = {{"index", e.index}, {"output", a.file}, {"reference", e.file}, {"rtol", e.rtol},
                {"atol", e.atol},   {"pass", cr.ok},    {"elements", cr.elements}, {"mismatches", cr.mismatches}};
      if (!cr.error.empty()) c["error"] = cr.error;
      if (cr.mismatches) {
        c["max_abs_error"] = std::isfinite(cr.max_abs_error) ? json(cr.max_abs_error) : json("inf");
        c["max_rel_error"] = std::isfinite(cr.max_rel_error) ? json(cr.max_rel_error) : json("inf");
        c["nan_mismatches"] = cr.nan_mismatches;
      }
      checks.push_back(c);
      if (!cr.ok && status == 0) status = kExitCompareFailed;
    }
    if (!checks.empty()) stats["checks"] = checks;
  }
  if (!opt.signature.empty() && status == 0) {
    const std::vector<uint8_t>& bytes = r.read_back.at(0);
    std::ofstream out(opt.signature);
    if (bytes.size() != req.read_back[0].size) {
      std::cerr << "npuvp: signature: the region 0x" << hex(req.read_back[0].addr) << " (" << req.read_back[0].size
                << " bytes) is not in GM\n";
      status = kExitBadInput;
    } else if (!(out << conform::format_signature(bytes.data(), bytes.size()))) {
      std::cerr << "npuvp: signature: " << opt.signature << ": cannot write\n";
      status = kExitBadInput;
    } else if (!r.cores.empty()) {
      print_last_pc(kernel_elf, r.cores.front().pc);
    }
  }
  if (!opt.quiet) print_launch_summary(stats, std::cerr);
  if (!opt.stats.empty()) {
    std::ofstream out(opt.stats);
    if (!(out << stats.dump(2) << "\n")) {
      std::cerr << "npuvp: " << opt.stats << ": cannot write\n";
      if (status == 0) status = kExitBadInput;
    }
  }
  return status;
}

// `npuvp conform`: every test ELF under PATHs, each in a child `npuvp run`
// (platform/conform/runner.h). Exit status 0 if every test passed, 1 if any
// failed, 2 for bad input (a path that is not there, an explicit non-ELF,
// no test found, a JUnit file that cannot be written).
int cmd_conform(conform::RunnerOptions opt, const std::vector<std::string>& paths, const std::string& junit) {
  std::vector<conform::TestCase> tests;
  try {
    load_preset(opt.platform);  // a bad preset is one error, not a failure per test
    tests = conform::collect_tests(paths);
    if (tests.empty()) throw conform::ConformError("no RISC-V ELF found under the given paths");
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) throw conform::ConformError("cannot find the npuvp executable (/proc/self/exe)");
    opt.npuvp.assign(self, static_cast<size_t>(n));
  } catch (const std::exception& e) {  // ConformError, PresetError
    std::cerr << "npuvp: " << e.what() << "\n";
    return kExitBadInput;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<conform::TestResult> results = conform::run_tests(tests, opt);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  conform::write_report(std::cout, results);
  std::cout.flush();
  int status = 0;
  for (const conform::TestResult& r : results) status = r.passed() ? status : 1;
  if (!junit.empty()) {
    std::ofstream out(junit);
    conform::write_junit(out, results, "npuvp conform", seconds);
    if (!out.flush()) {
      std::cerr << "npuvp: " << junit << ": cannot write\n";
      status = kExitBadInput;
    }
  }
  return status;
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
  int gdb_port = -1;
  const char* gdb_help = "Wait for gdb-multiarch on 127.0.0.1:PORT (0: any free port, printed on stderr)";
  run->add_option("--gdb", gdb_port, gdb_help)->check(CLI::Range(0, 65535));
  run->add_option("elf", elf, "RISC-V ELF program")->required();
  std::string signature;  // for `npuvp conform`: not a user option
  run->add_option("--signature", signature, "Write the begin_signature..end_signature words to FILE")->group("");

  conform::RunnerOptions copt;
  copt.jobs = conform::host_cores();
  std::vector<std::string> conform_paths;
  std::string junit;
  CLI::App* conform_cmd = app.add_subcommand(
      "conform", "Run every test ELF under the PATHs, each in its own platform; 0 only if every test passes");
  conform_cmd->add_option("--platform", copt.platform, "Preset name or JSON file")->capture_default_str();
  conform_cmd->add_option("--mode", copt.mode, "cycle or functional")
      ->check(CLI::IsMember({"cycle", "functional"}))
      ->capture_default_str();
  conform_cmd->add_option("--jobs,-j", copt.jobs, "Tests run at once (default: the host's cores)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  conform_cmd->add_option("--junit", junit, "Write JUnit XML to FILE.xml");
  conform_cmd->add_option("--timeout-cycles", copt.timeout_cycles, "Cycle limit of each test (0: none)")
      ->capture_default_str();
  conform_cmd->add_option("--timeout-seconds", copt.timeout_seconds, "Host wall-clock limit of each test")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  conform_cmd->add_option("path", conform_paths, "ELF files and folders (searched recursively)")->required();

  CLI::App* disasm = app.add_subcommand("disasm", "Disassemble the executable sections of an ELF");
  disasm->add_option("elf", elf, "RISC-V ELF program")->required();

  CLI::App* info = app.add_subcommand("info", "Print a preset's parameters and derived figures");
  info->add_option("--platform", platform, "Preset name or JSON file")->capture_default_str();
  info->add_flag("--json", as_json, "As JSON");

  LaunchOptions lopt;
  std::vector<std::string> launch_values[4];  // --arg, --expect, --rtol, --atol
  CLI::App* launch_cmd = app.add_subcommand(
      "launch", "Run a kernel over N blocks on the NPU, tensors from and to .npy files; 0 only if every check passes");
  launch_cmd->add_option("--blocks", lopt.blocks, "Number of blocks (more than cores run in waves)")
      ->required()
      ->check(CLI::PositiveNumber);
  launch_cmd->add_option("--core", lopt.core,
                         "aiv: blocks run on the vector cores; aic: on the cube cores (cube-only kernels); "
                         "mix: on groups of one cube core and two vector cores (entries ENTRY_mix_aic and "
                         "ENTRY_mix_aiv, cross-core flags between them)")
      ->check(CLI::IsMember({"aiv", "aic", "mix"}))
      ->capture_default_str();
  launch_cmd->add_option("--entry", lopt.entry, "The kernel's C function")->default_str(LaunchRequest::kDefaultEntry);
  launch_cmd->add_option("--platform", lopt.platform, "Preset name or JSON file")->capture_default_str();
  launch_cmd->add_option("--mode", lopt.mode, "cycle or functional")
      ->check(CLI::IsMember({"cycle", "functional"}))
      ->capture_default_str();
  CLI::Option* launch_opts[4] = {
      launch_cmd->add_option("--arg", launch_values[0],
                             "Kernel argument, in order: in:FILE.npy, in@dieN:FILE.npy, out:FILE.npy:DTYPE:DIMS, "
                             "inout:FILE.npy, u64:V, s64:V, f32:V, f64:V"),
      launch_cmd->add_option("--expect", launch_values[1],
                             "INDEX:FILE.npy: compare argument INDEX (an out or inout) with FILE"),
      launch_cmd->add_option("--rtol", launch_values[2],
                             "Relative tolerance of the --expect before it (before any: of every --expect)"),
      launch_cmd->add_option("--atol", launch_values[3],
                             "Absolute tolerance of the --expect before it (before any: of every --expect)")};
  launch_cmd->add_option("--stats", lopt.stats, "Write statistics and check results as JSON to FILE");
  launch_cmd->add_option("--max-cycles", lopt.max_cycles, "Stop with status 124 after N cycles per core (0: no limit)");
  launch_cmd->add_flag("--quiet,-q", lopt.quiet, "No cycle and utilisation summary on stderr");
  launch_cmd->add_option("--trace", lopt.trace,
                         "Write a Chrome/Perfetto JSON timeline to FILE.json: a track per pipe per core, "
                         "a slice per instruction, set_flag->wait_flag arrows");
  launch_cmd->add_option("--trace-window", lopt.trace_window,
                         "FROM:TO AI-core cycles: only slices overlapping them (either side may be empty)");
  launch_cmd->add_option("--trace-max-bytes", lopt.trace_max_bytes,
                         "Size cap of the trace file (e.g. 64M, 1G; default 256M): the file stays valid JSON");
  launch_cmd->add_option("--gdb", lopt.gdb_port, gdb_help)->check(CLI::Range(0, 65535));
  launch_cmd->add_option("elf", lopt.elf, "Kernel ELF (add_npu_kernel)")->required();
  launch_cmd->add_option("--signature", lopt.signature, "Write the begin_signature..end_signature words to FILE")
      ->group("");  // for `npuvp conform`: not a user option
  launch_cmd->add_flag("--via-firmware", lopt.via_firmware,
                       "Boot the chip and send the launch through the firmware's mailbox instead of placing it directly");
  launch_cmd->add_option("--firmware", lopt.firmware, "With --via-firmware: the firmware ELF (default: the reference one)");

  BootOptions bopt;
  CLI::App* boot_cmd = app.add_subcommand(
      "boot", "Boot the chip's firmware to its ready state (boot log on the UART); exit status is the boot's");
  boot_cmd->add_option("--platform", bopt.platform, "Preset name or JSON file (with a /chip section)")
      ->capture_default_str();
  boot_cmd->add_option("--firmware", bopt.firmware, "Firmware ELF (default: the reference firmware)");
  boot_cmd->add_option("--uart", bopt.uart, "Write the UART's output to FILE instead of stdout");
  boot_cmd->add_option("--mode", bopt.mode, "cycle or functional")
      ->check(CLI::IsMember({"cycle", "functional"}))
      ->capture_default_str();
  boot_cmd->add_option("--max-cycles", bopt.max_cycles, "Stop with status 124 after N control-CPU cycles (0: none)");
  boot_cmd->add_flag("--quiet,-q", bopt.quiet, "No summary on stderr");
  boot_cmd->add_option("--gdb", bopt.gdb_port, gdb_help)->check(CLI::Range(0, 65535));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitBadInput;
  }
  if (*disasm) return cmd_disasm(elf);
  if (*info) return cmd_info(platform, as_json);
  if (*boot_cmd) return cmd_boot(bopt);
  if (*launch_cmd) {
    // --arg/--expect/--rtol/--atol in command-line order: a tolerance belongs to the --expect before it.
    static const char* const names[4] = {"arg", "expect", "rtol", "atol"};
    size_t taken[4] = {0, 0, 0, 0};
    for (const CLI::Option* o : launch_cmd->parse_order())
      for (size_t k = 0; k < 4; ++k)
        if (o == launch_opts[k] && taken[k] < launch_values[k].size())
          lopt.ordered.emplace_back(names[k], launch_values[k][taken[k]++]);
    return cmd_launch(lopt);
  }
  if (*conform_cmd) return cmd_conform(copt, conform_paths, junit);
  return cmd_run(platform, mode, max_cycles, trace, stats, quiet, elf, signature, gdb_port);
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
