#include "platform/platform.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <vector>

#include "isa/decoder.h"
#include "isa/disasm.h"

namespace npuvp {

using sc_core::sc_time;

namespace {
void log_handler(const sc_core::sc_report& rep, const sc_core::sc_actions& actions) {
  if (actions & sc_core::SC_DISPLAY) {
    static const char* const kSeverity[] = {"info", "warning", "error", "fatal"};
    std::cerr << "[" << rep.get_time() << "] " << rep.get_msg_type() << ": "
              << kSeverity[std::min<int>(rep.get_severity(), 3)] << ": " << rep.get_msg() << '\n';
  }
  // Keep the kernel's own handling of errors (throw) and fatals (abort).
  sc_core::sc_actions rest = actions & ~(sc_core::SC_DISPLAY | sc_core::SC_LOG);
  sc_core::sc_report_handler::default_handler(rep, rest);
}
}  // namespace

void install_log_handler() {
  sc_core::sc_report_handler::set_handler(log_handler);
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

ScalarCoreConfig MiniPlatform::core_config(const Preset& p, const ElfImage& elf, const RunOptions& o) {
  ScalarCoreConfig c;
  c.mode = o.mode;
  c.reset_pc = elf.entry;
  c.hartid = 0;
  c.max_cycles = o.max_cycles;
  c.clock_period = sc_time(1.0 / static_cast<double>(p.cpu.clock_hz), sc_core::SC_SEC);
  c.quantum_cycles = p.cpu.quantum_cycles;
  c.mtime_divider = p.clint.mtime_divider;
  for (size_t i = 0; i < p.cpu.timing.size() && i < c.timing.rows.size(); ++i) {
    c.timing.rows[i].latency = p.cpu.timing[i].latency;
    c.timing.rows[i].occupancy = p.cpu.timing[i].occupancy;
  }
  c.timing.taken_branch_penalty = p.cpu.taken_branch_penalty;
  c.timing.trap_penalty = p.cpu.trap_penalty;
  c.pmp_entries = p.cpu.pmp_entries;
  c.pmp_granularity = p.cpu.pmp_granularity;
  c.timing.icache_size = p.cpu.icache_size;
  c.timing.icache_line = p.cpu.icache_line;
  c.timing.icache_ways = p.cpu.icache_ways;
  c.timing.icache_miss_penalty = p.cpu.icache_miss_penalty;
  c.commit_log = o.commit_log;
  return c;
}

MiniPlatform::MiniPlatform(sc_core::sc_module_name name, const Preset& preset, const ElfImage& elf,
                           const RunOptions& options)
    : sc_core::sc_module(name), preset_(preset), elf_(elf) {
  const ScalarCoreConfig cfg = core_config(preset, elf, options);
  const sc_time period = cfg.clock_period;
  core_ = std::make_unique<ScalarCore>("cpu", cfg);
  bus_ = std::make_unique<Bus>("bus");

  Ram::Params rp;
  rp.size = preset.ram.size;
  rp.clock_period = period;
  rp.read_latency = preset.ram.read_latency;
  rp.write_latency = preset.ram.write_latency;
  ram_ = std::make_unique<Ram>("ram", rp);

  irq_ = std::make_unique<IrqAdapter<ScalarCore>>(*core_);
  Clint::Params cp;
  cp.tick = period * static_cast<double>(preset.clint.mtime_divider);
  cp.latency = period * static_cast<double>(preset.clint.latency);
  clint_ = std::make_unique<Clint>("clint", cp, std::vector<IrqTarget*>{irq_.get()});

  core_->ifetch.bind(bus_->target);
  core_->data.bind(bus_->target);
  bus_->map(clint_->socket, preset.clint.base, Clint::kSize, "clint");

  // Holes the HTIF words make in RAM, sorted by address.
  struct Hole {
    uint64_t addr;
    uint64_t htif_offset;
    const char* name;
  };
  std::vector<Hole> holes;
  const auto tohost = elf.symbols.address("tohost");
  if (preset.htif.enabled && tohost) {
    Htif::Params hp;
    hp.latency = period * static_cast<double>(preset.htif.latency);
    hp.console = options.console;
    htif_ = std::make_unique<Htif>(
        "htif", hp, [this](uint64_t a, void* d, uint64_t n, bool w) { return ram_access(a, d, n, w); },
        [this](int code) { core_->request_stop(StopReason::Exit, code, ""); });
    holes.push_back({*tohost, Htif::kToHost, "tohost"});
    if (const auto fromhost = elf.symbols.address("fromhost")) holes.push_back({*fromhost, Htif::kFromHost, "fromhost"});
    std::sort(holes.begin(), holes.end(), [](const Hole& a, const Hole& b) { return a.addr < b.addr; });
    for (const Hole& h : holes) bus_->map(htif_->socket, h.addr, 8, h.name, h.htif_offset);
  }
  // RAM in the pieces between the holes; each piece at its own RAM offset.
  const uint64_t ram_base = preset.ram.base, ram_end = preset.ram.base + preset.ram.size;  // end exclusive
  uint64_t cursor = ram_base;
  int piece = 0;
  for (const Hole& h : holes) {
    if (h.addr + 8 <= ram_base || h.addr >= ram_end) continue;
    if (h.addr > cursor) bus_->map(ram_->socket, cursor, h.addr - cursor, "ram" + std::to_string(piece++), cursor - ram_base);
    cursor = std::max(cursor, h.addr + 8);
  }
  if (cursor < ram_end) bus_->map(ram_->socket, cursor, ram_end - cursor, "ram" + std::to_string(piece), cursor - ram_base);

  load_elf(elf, {{"ram", ram_base, preset.ram.size, ram_->host_ptr(0)}});
}

MiniPlatform::~MiniPlatform() = default;

bool MiniPlatform::ram_access(uint64_t addr, void* data, uint64_t len, bool write) {
  const uint64_t base = preset_.ram.base, size = preset_.ram.size;
  if (addr < base || addr - base > size || size - (addr - base) < len) return false;
  uint8_t* p = ram_->host_ptr(addr - base);
  if (write) {
    std::memcpy(p, data, len);
    core_->invalidate_decoded(addr, len);
  } else {
    std::memcpy(data, p, len);
  }
  return true;
}

std::string MiniPlatform::disassemble_at(uint64_t pc) {
  uint16_t lo = 0;
  if (!ram_access(pc, &lo, 2, false)) return "";
  const unsigned len = isa::insn_length(lo);
  uint32_t raw = lo;
  if (len == 4) {
    uint16_t hi = 0;
    if (!ram_access(pc + 2, &hi, 2, false)) return "";
    raw |= uint32_t{hi} << 16;
  } else if (len == 0) {
    return "";
  }
  std::string text = isa::disassemble(raw, pc);
  std::replace(text.begin(), text.end(), '\t', ' ');
  return text;
}

RunResult MiniPlatform::run() {
  sc_core::sc_start();
  core_->on_simulation_end();
  RunResult r;
  r.reason = core_->stop_reason();
  r.exit_code = core_->exit_code();
  r.message = core_->stop_message();
  r.pc = r.reason == StopReason::UnhandledTrap ? core_->hart().csr.mepc : core_->hart().pc;
  r.insn = disassemble_at(r.pc);
  r.stats = core_->stats();
  r.clock_hz = static_cast<double>(preset_.cpu.clock_hz);
  return r;
}

}  // namespace npuvp
