// The interpreter loop of the RV64GC scalar core. See scalar_core.h for the
// module's contract and TIMING.md for the timing specification it follows.
#include "models/scalar_core/scalar_core.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <unordered_map>
#include <vector>

#include "isa/disasm.h"
#include "models/scalar_core/icache.h"
#include "models/scalar_core/semantics/exec_table.h"
#include "models/scalar_core/semantics/int_ops.h"

namespace npuvp {

namespace {

using sc_core::sc_time;

constexpr uint64_t kPageShift = 12;
constexpr uint64_t kPageSize = uint64_t{1} << kPageShift;
constexpr uint64_t kNoDeadline = ~uint64_t{0};

// Thrown out of a memory access when a device asked the core to stop (HTIF
// exit): the access itself has completed, so the instruction retires.
struct StopSignal {};

// Register use of each row, derived once from the operand pattern of its
// sem row: which decoded fields are integer/FP sources and destination.
struct RegUse {
  enum Kind : uint8_t { kNone, kX, kF };
  Kind dst = kNone;
  Kind src[3] = {kNone, kNone, kNone};  // rs1, rs2, rs3 fields
};

std::vector<RegUse> build_reg_use() {
  std::vector<RegUse> table(isa::kInsnCount);
  for (size_t id = 0; id < isa::kInsnCount; ++id) {
    const isa::InsnInfo& sem = isa::info(isa::kInsnTable[id].sem);
    RegUse& use = table[id];
    std::string ops = sem.operands;
    size_t pos = 0;
    while (pos <= ops.size()) {
      size_t end = ops.find_first_of(",()", pos);
      if (end == std::string::npos) end = ops.size();
      std::string tok = ops.substr(pos, end - pos);
      tok.erase(0, tok.find_first_not_of(' '));
      tok.erase(tok.find_last_not_of(' ') + 1);
      if (tok == "rd") use.dst = RegUse::kX;
      else if (tok == "fd") use.dst = RegUse::kF;
      else if (tok == "rs1") use.src[0] = RegUse::kX;
      else if (tok == "rs2") use.src[1] = RegUse::kX;
      else if (tok == "fs1") use.src[0] = RegUse::kF;
      else if (tok == "fs2") use.src[1] = RegUse::kF;
      else if (tok == "fs3") use.src[2] = RegUse::kF;
      pos = end + 1;
    }
  }
  return table;
}

uint8_t slot_of(RegUse::Kind kind, uint8_t reg) {
  if (kind == RegUse::kX) return reg;  // x0 maps to slot 0: never waited on
  if (kind == RegUse::kF) return static_cast<uint8_t>(32 + reg);
  return 0;
}

// Instructions that may change interrupt enables, privilege or the code
// itself (see Insn::attention).
bool needs_attention(isa::LatClass lat) {
  return lat == isa::LatClass::Csr || lat == isa::LatClass::System ||
         lat == isa::LatClass::Fence || lat == isa::LatClass::Npu;
}

// An instruction that does not decode: raises illegal-instruction with its bits.
uint64_t exec_illegal_encoding(Hart&, const Insn& i, uint64_t) {
  throw Trap{Cause::IllegalInsn, i.raw};
}

const char* cause_name(uint64_t cause) {
  static const char* const kNames[] = {
      "instruction address misaligned", "instruction access fault", "illegal instruction",
      "breakpoint", "load address misaligned", "load access fault",
      "store/AMO address misaligned", "store/AMO access fault", "environment call from U-mode",
      "environment call from S-mode", "reserved", "environment call from M-mode"};
  return cause < sizeof(kNames) / sizeof(kNames[0]) ? kNames[cause] : "reserved";
}

// A small set of DMI regions with their host pointers and latencies.
struct DmiRegion {
  uint64_t start = 0, size = 0;
  uint8_t* host = nullptr;
  uint32_t latency = 0;  // cycles
};

}  // namespace

// ---------------------------------------------------------------------------
class ScalarCore::Impl final : public DataPort {
 public:
  Impl(ScalarCore& core) : core_(core), h_(core.hart_), cfg_(core.config_) {
    reg_use_ = build_reg_use();
    const ScalarTiming& t = cfg_.timing;
    icache_.configure(t.icache_size, t.icache_line, t.icache_ways);
    h_.mem = this;
  }

  // ---- the loop -----------------------------------------------------------
  template <bool kTimed, bool kTrace, bool kHooked = false>
  void run();
  void run_functional_fast();
  // One instruction (or interrupt) in the general functional loop.
  void run_one_step();

  void run_quantum() {
    const bool trace = cfg_.commit_log != nullptr;
    if (__builtin_expect(core_.debugger_ != nullptr || pmp_fetch_, 0)) {
      run_hooked(trace);
    } else if (cfg_.mode == SimMode::Cycle) {
      trace ? run<true, true>() : run<true, false>();
    } else {
      trace ? run<false, true>() : run_functional_fast();
    }
  }

  // ---- debugger (ScalarCore::set_debugger) and PMP fetch checks -------------
  // With a debugger attached, or while PMP checks instruction fetch, the
  // quantum runs in the general loop's hooked instantiation: the same loop,
  // which calls debug_hook() and checks the fetch at every instruction
  // boundary. Functional mode gives up its fast path for it (the two are
  // equivalent). Not one run() per instruction: h.cycle between
  // instructions is the last issue cycle, which instruction fetch uses, and
  // re-entering the loop would change it (and the memory system's timing).
  void run_hooked(bool trace) {
    if (cfg_.mode == SimMode::Cycle) {
      trace ? run<true, true, true>() : run<true, false, true>();
    } else {
      trace ? run<false, true, true>() : run<false, false, true>();
    }
  }
  // Before the instruction at pc: the Hart shows the loop's counters while
  // the debugger looks, then gets back the value the loop keeps in h.cycle
  // between instructions (the last issue cycle: instruction fetch sees it).
  // False when the core must stop (the debugger killed the simulation).
  bool debug_hook(uint64_t pc, uint64_t cycle, uint64_t instret) {
    CoreDebugger* debugger = core_.debugger_;
    if (debugger == nullptr) return true;  // detached during this quantum
    const uint64_t loop_cycle = h_.cycle;
    h_.pc = pc;
    h_.cycle = cycle;
    h_.instret = instret;
    debugger->before_insn(core_.debugger_id_, core_);
    h_.cycle = loop_cycle;
    return core_.stop_reason_ == StopReason::Running;
  }

  // Ends the current run() at the next instruction boundary.
  void interrupt_run() { limit_ = 0; }
  // A core leaving reset starts with empty caches.
  void reset_caches() {
    flush_decoded();
    icache_.flush();
    last_fetch_line_ = ~uint64_t{0};
  }

  uint64_t cycle_of(const sc_time& t) const {
    if (t >= sc_core::sc_max_time() - cfg_.clock_period) return kNoDeadline;
    return static_cast<uint64_t>((t + cfg_.clock_period - sc_time(1, sc_core::SC_PS)) /
                                 cfg_.clock_period);
  }
  // The core's local time ahead of SystemC's. Never negative: a core whose
  // NPU waited for the rest of the platform to catch up (AiCore books GM
  // traffic in time order: models/ai_core/TIMING.md, Booking window) may
  // find SystemC's time past its own;
  // its accesses then happen at SystemC's present.
  sc_time offset() const {
    const sc_time local = cfg_.clock_period * static_cast<double>(h_.cycle);
    const sc_time now = sc_core::sc_time_stamp();
    return local > now ? local - now : sc_core::SC_ZERO_TIME;
  }

  // ---- decoded-instruction cache -------------------------------------------
  struct Page {
    Insn slot[kPageSize / 2];
    // Never decoded: the fast loop runs into one of them after the page's
    // last instruction, and continues on the next page.
    Insn guard[2];
  };

  Insn& lookup(uint64_t pc) {
    uint64_t tag = pc >> kPageShift;
    if (tag != page_tag_) {
      auto& p = pages_[tag];
      if (!p) p = std::make_unique<Page>();
      page_ = p.get();
      page_tag_ = tag;
    }
    Insn& in = page_->slot[(pc & (kPageSize - 1)) >> 1];
    if (__builtin_expect(in.exec == nullptr, 0)) fill(in, pc);
    return in;
  }

  void fill(Insn& in, uint64_t pc) {
    ++decoded_fills_;
    uint32_t raw = fetch16(pc);
    if (isa::insn_length(static_cast<uint16_t>(raw)) == 4)
      raw |= static_cast<uint32_t>(fetch16(pc + 2)) << 16;
    isa::Decoded d;
    Insn out;
    if (!isa::decode(raw, d)) {
      out.exec = exec_illegal_encoding;
      out.raw = isa::insn_length(static_cast<uint16_t>(raw)) == 2 ? (raw & 0xffff) : raw;
      out.length = static_cast<uint8_t>(isa::insn_length(static_cast<uint16_t>(raw)) == 2 ? 2 : 4);
      out.attention = true;
      in = out;
      return;
    }
    const isa::InsnInfo& info = isa::info(d.id);
    out.exec = kExecTable[static_cast<size_t>(d.id)];
    // The decoder's immediates are sign-extended 32-bit values at most.
    out.imm = static_cast<int32_t>(d.imm);
    assert(out.imm == d.imm);
    out.rd = d.rd;
    out.rs1 = d.rs1;
    out.rs2 = d.rs2;
    out.rs3 = d.rs3;
    out.rm = d.rm;
    out.length = d.length;
    out.lat = info.lat;
    out.id = d.id;
    out.raw = d.raw;
    const RegUse& use = reg_use_[static_cast<size_t>(d.id)];
    out.dst = slot_of(use.dst, d.rd);
    out.src[0] = slot_of(use.src[0], d.rs1);
    out.src[1] = slot_of(use.src[1], d.rs2);
    out.src[2] = slot_of(use.src[2], d.rs3);
    const LatencyRow& row = cfg_.timing.row(info.lat);
    out.latency = static_cast<uint8_t>(std::min<uint32_t>(row.latency, 255));
    out.occupancy = static_cast<uint8_t>(std::clamp<uint32_t>(row.occupancy, 1, 255));
    out.attention = needs_attention(info.lat);
    in = out;
  }

  void flush_decoded() {
    pages_.clear();
    page_ = nullptr;
    page_tag_ = ~uint64_t{0};
  }

  void invalidate_decoded(uint64_t addr, uint64_t len) {
    if (len == 0) return;
    uint64_t first = addr >> kPageShift;
    uint64_t last = (addr + len - 1) >> kPageShift;
    // A 4-byte instruction may start on the previous page and end on this one.
    if (first > 0) --first;
    for (auto it = pages_.begin(); it != pages_.end();) {
      if (it->first >= first && it->first <= last) it = pages_.erase(it);
      else ++it;
    }
    page_ = nullptr;
    page_tag_ = ~uint64_t{0};
  }

  // ---- instruction fetch ---------------------------------------------------
  uint16_t fetch16(uint64_t addr) {
    for (;;) {
      uint64_t off = addr - fetch_dmi_.start;
      if (off < fetch_dmi_.size && fetch_dmi_.size - off >= 2) {
        uint16_t v;
        std::memcpy(&v, fetch_dmi_.host + off, 2);
        return v;
      }
      if (find_region(fetch_regions_, addr, 2, fetch_dmi_)) continue;
      uint16_t v = 0;
      unsigned extra = 0;
      tlm::tlm_response_status st =
          transport(core_.ifetch, tlm::TLM_READ_COMMAND, addr, &v, 2, extra, fetch_regions_);
      if (st != tlm::TLM_OK_RESPONSE) throw Trap{Cause::InsnAccessFault, addr};
      if (find_region(fetch_regions_, addr, 2, fetch_dmi_)) continue;
      return v;
    }
  }

  // ---- data memory (DataPort) ---------------------------------------------
  void load_slow(uint64_t addr, void* dst, unsigned size) override {
    if (__builtin_expect(pmp_data_, 0)) return load_checked(addr, dst, size);
    DmiRegion r;
    if (find_region(read_regions_, addr, size, r)) {
      set_read_dmi(r);
      std::memcpy(dst, r.host + (addr - r.start), size);
      last_latency = r.latency;
      return;
    }
    load_tlm(addr, dst, size);
  }

  void store_slow(uint64_t addr, const void* src, unsigned size) override {
    if (__builtin_expect(pmp_data_, 0)) return store_checked(addr, src, size);
    DmiRegion r;
    if (find_region(write_regions_, addr, size, r)) {
      set_write_dmi(r);
      std::memcpy(r.host + (addr - r.start), src, size);
      last_latency = r.latency;
      return;
    }
    store_tlm(addr, src, size);
  }

  // While PMP checks loads and stores (see pmp_update): the check, then the
  // access, keeping as DMI only the part of the region PMP allows as a whole.
  __attribute__((noinline)) void load_checked(uint64_t addr, void* dst, unsigned size) {
    uint64_t lo, hi;
    if (!h_.csr.pmp.allows(addr, size, h_.data_priv(), Pmp::kRead, &lo, &hi))
      throw Trap{Cause::LoadAccessFault, addr};
    DmiRegion r;
    if (find_region(read_regions_, addr, size, r)) {
      set_read_dmi(clip(r, lo, hi));
      std::memcpy(dst, r.host + (addr - r.start), size);
      last_latency = r.latency;
      return;
    }
    load_tlm(addr, dst, size);
  }
  __attribute__((noinline)) void store_checked(uint64_t addr, const void* src, unsigned size) {
    uint64_t lo, hi;
    if (!h_.csr.pmp.allows(addr, size, h_.data_priv(), Pmp::kWrite, &lo, &hi))
      throw Trap{Cause::StoreAccessFault, addr};
    DmiRegion r;
    if (find_region(write_regions_, addr, size, r)) {
      set_write_dmi(clip(r, lo, hi));
      std::memcpy(r.host + (addr - r.start), src, size);
      last_latency = r.latency;
      return;
    }
    store_tlm(addr, src, size);
  }

  void load_tlm(uint64_t addr, void* dst, unsigned size) {
    unsigned extra = 0;
    tlm::tlm_response_status st =
        transport(core_.data, tlm::TLM_READ_COMMAND, addr, dst, size, extra, read_regions_);
    if (st != tlm::TLM_OK_RESPONSE) throw Trap{Cause::LoadAccessFault, addr};
    last_latency = extra;
    if (stop_pending_) throw StopSignal{};
  }
  void store_tlm(uint64_t addr, const void* src, unsigned size) {
    unsigned extra = 0;
    tlm::tlm_response_status st = transport(core_.data, tlm::TLM_WRITE_COMMAND, addr,
                                            const_cast<void*>(src), size, extra, write_regions_);
    if (st != tlm::TLM_OK_RESPONSE) throw Trap{Cause::StoreAccessFault, addr};
    last_latency = extra;
    if (stop_pending_) throw StopSignal{};
  }

  void set_read_dmi(const DmiRegion& r) {
    dmi_r_start_ = r.start;
    dmi_r_size_ = r.size;
    dmi_r_host_ = r.host;
    dmi_r_latency_ = r.latency;
    dmi_r_span_ = span_of(r.size);
  }
  void set_write_dmi(const DmiRegion& r) {
    dmi_w_start_ = r.start;
    dmi_w_size_ = r.size;
    dmi_w_host_ = r.host;
    dmi_w_latency_ = r.latency;
    dmi_w_span_ = span_of(r.size);
  }
  // The part of DMI region r inside [lo, hi): where PMP decides every access
  // as it decided the one that found r (all of r when PMP does not check).
  static DmiRegion clip(DmiRegion r, uint64_t lo, uint64_t hi) {
    const uint64_t last = r.start + (r.size - 1);
    const uint64_t start = std::max(r.start, lo);
    const uint64_t end_last = std::min(last, hi - 1);
    if (end_last < start) return DmiRegion{};
    r.host += start - r.start;
    r.size = end_last - start + 1;
    r.start = start;
    return r;
  }

  // ---- PMP -------------------------------------------------------------------
  // Re-derives which accesses PMP checks (after a pmp CSR, mstatus or mret,
  // or a trap). Loads and stores are checked in load_slow/store_slow, so
  // while they are checked the DMI regions are dropped and taken back only
  // for the part PMP allows as a whole. Fetches are checked by the hooked
  // loop. Returns true when fetch checks just started (the caller's loop,
  // not hooked, must end).
  bool pmp_update() {
    h_.pmp_changed = false;
    const bool data = h_.csr.pmp.checks(h_.data_priv());
    const bool fetch = h_.csr.pmp.checks(h_.priv);
    if (data) {
      set_read_dmi(DmiRegion{});
      set_write_dmi(DmiRegion{});
    }
    fetch_ok_lo_ = fetch_ok_hi_ = 0;
    const bool started = fetch && !pmp_fetch_;
    pmp_data_ = data;
    pmp_fetch_ = fetch;
    return started;
  }
  // Whether the current privilege may fetch the parcel at addr.
  bool fetch_allowed(uint64_t addr) {
    if (addr - fetch_ok_lo_ < fetch_ok_hi_ - fetch_ok_lo_ && fetch_ok_hi_ - addr >= 2) return true;
    uint64_t lo, hi;
    if (!h_.csr.pmp.allows(addr, 2, h_.priv, Pmp::kExec, &lo, &hi)) return false;
    fetch_ok_lo_ = lo;
    fetch_ok_hi_ = hi;
    return true;
  }

  // The fast loop's inline accesses take a region only when all of their 8
  // bytes could be in it (offset < span): one compare for every size; the
  // region's last 7 bytes take the semantic function, which gets them right
  // as well.
  static uint64_t span_of(uint64_t size) { return size >= 8 ? size - 7 : 0; }

  static bool find_region(const std::vector<DmiRegion>& regions, uint64_t addr, unsigned size,
                          DmiRegion& out) {
    for (const DmiRegion& r : regions) {
      uint64_t off = addr - r.start;
      if (off < r.size && r.size - off >= size) {
        out = r;
        return true;
      }
    }
    return false;
  }

  // One TLM transaction at the core's local time. `extra` returns the cycles
  // the target annotated. A target that allows DMI is asked for it, and the
  // region is remembered in `regions` for later fast-path accesses.
  tlm::tlm_response_status transport(tlm_utils::simple_initiator_socket<ScalarCore>& socket,
                                     tlm::tlm_command cmd, uint64_t addr, void* data,
                                     unsigned size, unsigned& extra,
                                     std::vector<DmiRegion>& regions) {
    tlm::tlm_generic_payload& gp = payload_;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(static_cast<unsigned char*>(data));
    gp.set_data_length(size);
    gp.set_streaming_width(size);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time start = offset();
    sc_time delay = start;
    in_transport_ = true;
    socket->b_transport(gp, delay);
    in_transport_ = false;
    extra = delay > start ? static_cast<unsigned>((delay - start) / cfg_.clock_period) : 0;
    tlm::tlm_response_status st = gp.get_response_status();
    if (st == tlm::TLM_OK_RESPONSE && gp.is_dmi_allowed()) acquire_dmi(socket, cmd, addr, regions);
    return st;
  }

  void acquire_dmi(tlm_utils::simple_initiator_socket<ScalarCore>& socket, tlm::tlm_command cmd,
                   uint64_t addr, std::vector<DmiRegion>& regions) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    tlm::tlm_dmi dmi;
    if (!socket->get_direct_mem_ptr(gp, dmi)) return;
    bool ok = cmd == tlm::TLM_READ_COMMAND ? dmi.is_read_allowed() : dmi.is_write_allowed();
    if (!ok || dmi.get_dmi_ptr() == nullptr) return;
    DmiRegion r;
    r.start = dmi.get_start_address();
    r.size = dmi.get_end_address() - dmi.get_start_address() + 1;
    r.host = dmi.get_dmi_ptr();
    sc_time lat = cmd == tlm::TLM_READ_COMMAND ? dmi.get_read_latency() : dmi.get_write_latency();
    r.latency = static_cast<uint32_t>(lat / cfg_.clock_period);
    // Keep a handful: code, data and stack may sit in regions split by a device.
    if (regions.size() >= 8) regions.erase(regions.begin());
    regions.push_back(r);
  }

  void invalidate_dmi(uint64_t start, uint64_t end) {
    auto drop = [&](std::vector<DmiRegion>& regions) {
      regions.erase(std::remove_if(regions.begin(), regions.end(),
                                   [&](const DmiRegion& r) {
                                     return r.start <= end && start <= r.start + r.size - 1;
                                   }),
                    regions.end());
    };
    drop(read_regions_);
    drop(write_regions_);
    drop(fetch_regions_);
    set_read_dmi(DmiRegion{});
    set_write_dmi(DmiRegion{});
    fetch_dmi_ = DmiRegion{};
  }

  // ---- traps and interrupts ------------------------------------------------
  // Takes the trap and returns the handler's pc, or stops the core when the
  // trap has nowhere to go.
  uint64_t trap(uint64_t cause, uint64_t tval, uint64_t pc, bool interrupt) {
    ++traps_;
    if (interrupt) ++interrupts_;
    uint64_t mcause = interrupt ? (cause | (uint64_t{1} << 63)) : cause;
    uint64_t handler = h_.take_trap(mcause, tval, pc);
    if (pmp_fetch_ || pmp_data_) pmp_update();  // M mode may need fewer checks
    bool fetchable = true;
    try {
      fetch16(handler);
    } catch (const Trap&) {
      fetchable = false;
    }
    // A trap at the entry of the handler we just entered, with nothing retired
    // in between, would loop for ever: that is a trap nobody handles.
    bool loops = !interrupt && pc == last_handler_ && instret_at_last_trap_ == retired();
    if (!fetchable || loops) {
      std::string why = !fetchable ? "mtvec does not point to executable memory"
                                   : "the trap handler itself traps at its first instruction";
      core_.request_stop(StopReason::UnhandledTrap, 0,
                         describe_trap(cause, tval, pc, interrupt) + " (" + why + ")");
    }
    last_handler_ = handler;
    instret_at_last_trap_ = retired();
    return handler;
  }

  std::string describe_trap(uint64_t cause, uint64_t tval, uint64_t pc, bool interrupt) {
    char buf[160];
    if (interrupt) {
      std::snprintf(buf, sizeof buf, "unhandled interrupt %" PRIu64 " at pc 0x%016" PRIx64, cause,
                    pc);
      return buf;
    }
    std::string text = disasm_at(pc);
    std::snprintf(buf, sizeof buf, "unhandled trap: %s at pc 0x%016" PRIx64 " ", cause_name(cause),
                  pc);
    std::string msg = buf + text;
    std::snprintf(buf, sizeof buf, " (mcause %" PRIu64 ", mtval 0x%" PRIx64 ")", cause, tval);
    return msg + buf;
  }

  std::string disasm_at(uint64_t pc) {
    try {
      uint32_t raw = fetch16(pc);
      if (isa::insn_length(static_cast<uint16_t>(raw)) == 4)
        raw |= static_cast<uint32_t>(fetch16(pc + 2)) << 16;
      char buf[32];
      std::snprintf(buf, sizeof buf, isa::insn_length(static_cast<uint16_t>(raw)) == 2
                                         ? "(0x%04x) "
                                         : "(0x%08x) ",
                    isa::insn_length(static_cast<uint16_t>(raw)) == 2 ? raw & 0xffff : raw);
      return buf + isa::disassemble(raw, pc);
    } catch (const Trap&) {
      return "<no instruction: pc not in memory>";
    }
  }

  uint64_t retired() const { return instret_; }

  void raise_due_irqs() {
    for (auto& [n, at] : scheduled_irqs_) {
      if (at != kNoDeadline && h_.cycle >= at) {
        h_.irq_lines |= uint64_t{1} << n;
        at = kNoDeadline;
      }
    }
  }
  uint64_t next_irq_deadline() const {
    uint64_t d = kNoDeadline;
    for (const auto& [n, at] : scheduled_irqs_) d = std::min(d, at);
    return d;
  }

  void write_commit(const Insn& in, uint64_t pc) {
    std::ostream& os = *cfg_.commit_log;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%10" PRIu64 " 0x%016" PRIx64 " (0x%0*x) ", h_.cycle, pc,
                  in.length == 2 ? 4 : 8, in.raw);
    os << buf << isa::disassemble(in.raw, pc);
    if (in.dst != 0 && in.dst < 32) {
      std::snprintf(buf, sizeof buf, "  x%u 0x%016" PRIx64, in.dst, h_.x[in.dst]);
      os << buf;
    } else if (in.dst >= 32) {
      std::snprintf(buf, sizeof buf, "  f%u 0x%016" PRIx64, in.dst - 32, h_.f[in.dst - 32]);
      os << buf;
    }
    os << '\n';
  }

  ScalarCore& core_;
  Hart& h_;
  const ScalarCoreConfig& cfg_;
  std::vector<RegUse> reg_use_;

  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;
  Page* page_ = nullptr;
  uint64_t page_tag_ = ~uint64_t{0};

  DmiRegion fetch_dmi_;
  std::vector<DmiRegion> fetch_regions_, read_regions_, write_regions_;
  tlm::tlm_generic_payload payload_;
  bool in_transport_ = false;
  bool stop_pending_ = false;
  uint64_t dmi_r_span_ = 0, dmi_w_span_ = 0;  // see span_of()
  // PMP (see pmp_update): whether loads/stores and fetches are checked, and
  // a range [lo, hi) in which the current privilege may fetch.
  bool pmp_data_ = false, pmp_fetch_ = false;
  uint64_t fetch_ok_lo_ = 0, fetch_ok_hi_ = 0;
  uint8_t generic_length_ = 4;  // the fast loop's instruction in its semantic function

  // run() executes until h_.cycle reaches limit_ (set by the thread each
  // quantum, zeroed by anything that needs the loop to come back).
  uint64_t limit_ = 0;
  std::vector<std::pair<unsigned, uint64_t>> scheduled_irqs_;
  sc_core::sc_event irq_event_;

  // Cycle-mode pipeline state
  uint64_t ready_[64] = {};  // cycle at which each scoreboard slot's value is ready
  uint64_t ready_pipeline_[64] = {};  // the same without memory latency (stall accounting)
  uint64_t instret_ = 0;
  ICache icache_;
  uint64_t last_fetch_line_ = ~uint64_t{0};

  // Statistics
  uint64_t traps_ = 0, interrupts_ = 0, decoded_fills_ = 0, icache_hits_ = 0;
  uint64_t stall_raw_ = 0, stall_structural_ = 0, stall_branch_ = 0, stall_icache_ = 0,
           stall_memory_ = 0, stall_trap_ = 0, stall_npu_ = 0;
  std::array<uint64_t, 32> by_class_{};
  double host_seconds_ = 0;

  uint64_t last_handler_ = ~uint64_t{0};
  uint64_t instret_at_last_trap_ = ~uint64_t{0};
};

// The interpreter. kTimed selects the cycle-mode pipeline model, kTrace the
// commit log, kHooked the debugger's hook and the PMP fetch check; each combination is its own
// instantiation so that functional mode without tracing pays for none. The
// cycle and instruction counters live in locals (registers) and are written
// back to the Hart before any instruction that may read them and when the
// loop ends.
template <bool kTimed, bool kTrace, bool kHooked>
void ScalarCore::Impl::run() {
  Hart& h = h_;
  uint64_t pc = h.pc;
  uint64_t cycle = h.cycle;
  // Cycle mode counts retired instructions; functional mode derives them:
  // every cycle is one retired instruction, except the cycle of each trap.
  uint64_t instret = instret_;
  const uint64_t first_cycle = cycle;
  const uint64_t first_instret = instret_;
  uint64_t trap_cycles = 0;
  auto retired_now = [&]() {
    return kTimed ? instret : first_instret + (cycle - first_cycle) - trap_cycles;
  };
  const ScalarTiming& t = cfg_.timing;

  // Enters the handler of a trap raised at pc (by the instruction, or an
  // interrupt before it); false when the core has stopped.
  auto enter_trap = [&](uint64_t cause, uint64_t tval, bool interrupt) {
    h.cycle = cycle;
    instret_ = retired_now();
    pc = trap(cause, tval, pc, interrupt);
    if (kTimed) {
      stall_trap_ += t.trap_penalty;
      cycle += t.trap_penalty + 1;
    } else {
      cycle += 1;
      trap_cycles += 1;
    }
    return core_.stop_reason_ == StopReason::Running;
  };

  while (cycle < limit_) {
    // Interrupts are taken between instructions; only devices (through
    // set_irq, which also ends the run) and attention instructions (CSR
    // writes, mret) can make one pending and enabled.
    if (__builtin_expect(h.check_irq, 0)) {
      h.check_irq = false;
      int irq = h.pending_interrupt();
      if (irq >= 0) {
        if (!enter_trap(static_cast<uint64_t>(irq), 0, true)) break;
        continue;
      }
    }
    if constexpr (kHooked) {
      if (core_.debugger_ != nullptr) {
        if (!debug_hook(pc, cycle, retired_now())) break;
        pc = h.pc;  // the debugger may have moved it
      }
    }
    Insn* in;
    try {
      if constexpr (kHooked) {
        if (pmp_fetch_ && !fetch_allowed(pc)) throw Trap{Cause::InsnAccessFault, pc};
      }
      in = &lookup(pc);
      if constexpr (kHooked) {
        if (pmp_fetch_ && in->length == 4 && !fetch_allowed(pc + 2))
          throw Trap{Cause::InsnAccessFault, pc + 2};
      }
    } catch (const Trap& tr) {
      if (!enter_trap(static_cast<uint64_t>(tr.cause), tr.tval, false)) break;
      continue;
    }
    uint64_t start = cycle;
    if (kTimed) {
      // Instruction fetch: one I-cache lookup per new line.
      uint64_t line = pc >> icache_.line_shift();
      if (line != last_fetch_line_) {
        last_fetch_line_ = line;
        if (icache_.access(line)) {
          ++icache_hits_;
        } else {
          start += t.icache_miss_penalty;
          stall_icache_ += t.icache_miss_penalty;
        }
      }
      // Issue waits for the sources (read-after-write through the scoreboard).
      uint64_t ready = std::max({ready_[in->src[0]], ready_[in->src[1]], ready_[in->src[2]]});
      if (ready > start) {
        // The part of the wait that memory latency beyond the pipeline added
        // (a load's source is ready later than its class latency says).
        const uint64_t pipeline_ready =
            std::max({start, ready_pipeline_[in->src[0]], ready_pipeline_[in->src[1]],
                      ready_pipeline_[in->src[2]]});
        const uint64_t memory = ready > pipeline_ready ? ready - pipeline_ready : 0;
        stall_memory_ += memory;
        stall_raw_ += ready - start - memory;
        start = ready;
      }
    }
    // Devices reached by this instruction's accesses see its issue cycle.
    h.cycle = start;
    if (__builtin_expect(in->attention, 0)) {
      h.instret = retired_now();
      h.time = start / cfg_.mtime_divider;
    }
    uint64_t npc;
    bool stopping = false;
    try {
      npc = in->exec(h, *in, pc);
    } catch (const Trap& tr) {
      cycle = start;
      if (!enter_trap(static_cast<uint64_t>(tr.cause), tr.tval, false)) break;
      continue;
    } catch (const StopSignal&) {
      // A device stopped the core during this instruction's access (HTIF
      // exit): the access completed, so the instruction retires.
      stop_pending_ = false;
      stopping = true;
      npc = pc + in->length;
    }
    h.x[0] = 0;
    if (kTrace) write_commit(*in, pc);
    if (kTimed) {
      ++instret;
      ++by_class_[static_cast<size_t>(in->lat)];
      uint64_t result = start + in->latency;
      ready_pipeline_[in->dst] = result;
      if (in->lat == isa::LatClass::Load || in->lat == isa::LatClass::FpLoad ||
          in->lat == isa::LatClass::Atomic)
        result += last_latency;
      ready_[in->dst] = result;
      ready_[0] = 0;
      ready_pipeline_[0] = 0;
      stall_structural_ += in->occupancy - 1u;
      uint64_t next = start + in->occupancy;
      if (npc != pc + in->length) {
        next += t.taken_branch_penalty;
        stall_branch_ += t.taken_branch_penalty;
      }
      cycle = next;
    } else {
      cycle = start + 1;
    }
    pc = npc;
    if (__builtin_expect(stopping, 0)) break;
    if (__builtin_expect(in->attention, 0)) {
      // An Xnpu instruction held the issue stage (full queue, PIPE_S wait).
      if (h.stall != 0) {
        cycle += h.stall;
        stall_npu_ += h.stall;
        h.stall = 0;
      }
      if (h.flush_icache) {
        h.flush_icache = false;
        flush_decoded();
        if (kTimed) {
          icache_.flush();
          last_fetch_line_ = ~uint64_t{0};
        }
      }
      // A CSR write or mret may have enabled an interrupt.
      h.check_irq = true;
      // Or changed what PMP checks: fetch checks need the hooked loop.
      if (h.pmp_changed && pmp_update() && !kHooked) interrupt_run();
      if (h.wfi) break;
    }
  }
  h.pc = pc;
  h.cycle = cycle;
  instret_ = retired_now();
  h.instret = instret_;
}

// One instruction (or interrupt, or trap) in the general functional loop.
void ScalarCore::Impl::run_one_step() {
  const uint64_t saved = limit_;
  limit_ = h_.cycle + 1;
  run<false, false>();
  if (limit_ != 0) limit_ = saved;
}

// Functional mode without tracing, the simulator's fastest path: a threaded
// interpreter over the decoded page. Each instruction jumps straight to the
// handler of the next (GNU computed goto through a table indexed by InsnId),
// the hot integer instructions are executed inline (from the same lists as
// their semantic functions, int_ops.h), and the pc is not tracked per
// instruction: it is the slot's position in the page. Anything unusual (an
// instruction that needs attention, a pending interrupt check, a trap, a
// memory access outside DMI) is handed to a semantic function or, for one
// step, to the general loop.
void ScalarCore::Impl::run_functional_fast() {
  // The handler of every InsnId, by the id's `sem` row and length, built on
  // the first call (label addresses exist only inside this function). The
  // last entry, InsnId::kCount, is the id of a slot not decoded yet, of an
  // undecodable instruction and of the two guard slots past a page's end.
  static void* dispatch[isa::kInsnCount + 1];
  static bool dispatch_built = false;
  if (!dispatch_built) {
    for (size_t id = 0; id < isa::kInsnCount; ++id) {
      const isa::InsnInfo& row = isa::kInsnTable[id];
      const bool two = row.length == 2;
      void* handler = &&generic;
      if (needs_attention(row.lat)) {
        handler = &&hand_over;
      } else {
        switch (row.sem) {
#define HOT_CASE(name, ...) \
  case isa::InsnId::name: handler = two ? &&op_##name##_2 : &&op_##name##_4; break;
          NPUVP_INT_RR_OPS(HOT_CASE)
          NPUVP_INT_RI_OPS(HOT_CASE)
          NPUVP_BRANCH_OPS(HOT_CASE)
          NPUVP_LOAD_OPS(HOT_CASE)
          NPUVP_STORE_OPS(HOT_CASE)
          HOT_CASE(lui)
          HOT_CASE(auipc)
          HOT_CASE(jal)
          HOT_CASE(jalr)
#undef HOT_CASE
          default: break;
        }
      }
      dispatch[id] = handler;
    }
    dispatch[isa::kInsnCount] = &&not_decoded;
    dispatch_built = true;
  }

  Hart& h = h_;
  uint64_t* const x = h.x;
  while (h.cycle < limit_ && core_.stop_reason_ == StopReason::Running) {
    if (h.check_irq || h.wfi) {
      // One step of the general loop takes the interrupt (or returns at once
      // for wfi, which the thread handles).
      if (h.wfi) return;
      run_one_step();
      continue;
    }
    Insn* in;
    try {
      in = &lookup(h.pc);
    } catch (const Trap&) {
      run_one_step();  // fetch fault: the general loop raises it
      continue;
    }
    Page* const page = page_;
    const uint64_t page_tag = h.pc >> kPageShift;
    // pc_of(slot) = (address of slot) / 16 + pc_bias, exactly: slots are 32
    // bytes per halfword, so all have the same address mod 16. No register
    // holds the page's base.
    const uint64_t pc_bias = (page_tag << kPageShift) -
                             (reinterpret_cast<uintptr_t>(page->slot) >> 4);
    const uint64_t first_cycle = h.cycle;
    const uint64_t end = limit_;
    // Instructions this run may still execute before reaching `end`.
    uint64_t left = end - first_cycle;
    uint64_t pc = 0;  // the pc to continue from when the run leaves the page
    bool handed_over = false;

// The pc of the instruction in slot p of this page.
#define PC_OF(p) ((reinterpret_cast<uintptr_t>(p) >> 4) + pc_bias)
#define DISPATCH() goto* dispatch[static_cast<size_t>(in->id)]
// The instruction retired; continue with the one that follows it.
#define FALL_THROUGH()                           \
  do {                                           \
    in += kLen / 2;                              \
    if (__builtin_expect(--left == 0, 0)) {      \
      pc = PC_OF(in);                            \
      goto leave;                                \
    }                                            \
    DISPATCH();                                  \
  } while (0)
// The instruction retired; continue at pc `target`, on this page or not.
#define GO_TO(target)                                                                 \
  do {                                                                                \
    const uint64_t go_here = PC_OF(in), go_target = (target);                         \
    --left;                                                                           \
    if (__builtin_expect(((go_target ^ go_here) >> kPageShift) != 0 || left == 0, 0)) { \
      pc = go_target;                                                                 \
      goto leave;                                                                     \
    }                                                                                 \
    in = reinterpret_cast<Insn*>(reinterpret_cast<uintptr_t>(in) +                    \
                                 (go_target - go_here) * (sizeof(Insn) / 2));         \
    DISPATCH();                                                                       \
  } while (0)
// A jump by imm from this instruction.
#define JUMP_BY(imm) GO_TO(PC_OF(in) + static_cast<uint64_t>(static_cast<int64_t>(imm)))
// A handler for each length of the instruction (kLen: 2 or 4 bytes).
#define HANDLERS(name, ...)                     \
  op_##name##_2 : {                             \
    constexpr uint64_t kLen = 2;                \
    __VA_ARGS__                                 \
  }                                             \
  op_##name##_4 : {                             \
    constexpr uint64_t kLen = 4;                \
    __VA_ARGS__                                 \
  }
#define WRITE_RD(v)  \
  do {               \
    x[in->rd] = (v); \
    x[0] = 0;        \
  } while (0)

    try {
      DISPATCH();

#define RR_HANDLER(name, expr)                      \
  HANDLERS(name, {                                  \
    const uint64_t a = x[in->rs1], b = x[in->rs2]; \
    WRITE_RD(expr);                                 \
    FALL_THROUGH();                                 \
  })
      NPUVP_INT_RR_OPS(RR_HANDLER)
#undef RR_HANDLER

#define RI_HANDLER(name, expr)                                                              \
  HANDLERS(name, {                                                                          \
    const uint64_t a = x[in->rs1], imm = static_cast<uint64_t>(static_cast<int64_t>(in->imm)); \
    WRITE_RD(expr);                                                                         \
    FALL_THROUGH();                                                                         \
  })
      NPUVP_INT_RI_OPS(RI_HANDLER)
#undef RI_HANDLER

#define BRANCH_HANDLER(name, cond)                  \
  HANDLERS(name, {                                  \
    const uint64_t a = x[in->rs1], b = x[in->rs2]; \
    if (cond) JUMP_BY(in->imm);                     \
    FALL_THROUGH();                                 \
  })
      NPUVP_BRANCH_OPS(BRANCH_HANDLER)
#undef BRANCH_HANDLER

      // Loads and stores inside the cached DMI region run here; any other
      // access goes through the semantic function (TLM, a new region, a fault).
      // They leave DataPort::last_latency alone: only cycle mode reads it.
#define LOAD_HANDLER(name, T)                                                  \
  HANDLERS(name, {                                                             \
    const uint64_t off = x[in->rs1] +                                          \
                         static_cast<uint64_t>(static_cast<int64_t>(in->imm)) - \
                         dmi_r_start_;                                         \
    if (__builtin_expect(off >= dmi_r_span_, 0)) goto generic;                 \
    T v;                                                                       \
    std::memcpy(&v, dmi_r_host_ + off, sizeof(T));                             \
    WRITE_RD(static_cast<uint64_t>(static_cast<int64_t>(v)));                  \
    FALL_THROUGH();                                                            \
  })
      NPUVP_LOAD_OPS(LOAD_HANDLER)
#undef LOAD_HANDLER

#define STORE_HANDLER(name, T)                                                 \
  HANDLERS(name, {                                                             \
    const uint64_t off = x[in->rs1] +                                          \
                         static_cast<uint64_t>(static_cast<int64_t>(in->imm)) - \
                         dmi_w_start_;                                         \
    if (__builtin_expect(off >= dmi_w_span_, 0)) goto generic;                 \
    const T v = static_cast<T>(x[in->rs2]);                                    \
    std::memcpy(dmi_w_host_ + off, &v, sizeof(T));                             \
    FALL_THROUGH();                                                            \
  })
      NPUVP_STORE_OPS(STORE_HANDLER)
#undef STORE_HANDLER

      HANDLERS(lui, {
        WRITE_RD(static_cast<uint64_t>(static_cast<int64_t>(in->imm)));
        FALL_THROUGH();
      })
      HANDLERS(auipc, {
        WRITE_RD(PC_OF(in) + static_cast<uint64_t>(static_cast<int64_t>(in->imm)));
        FALL_THROUGH();
      })
      HANDLERS(jal, {
        WRITE_RD(PC_OF(in) + kLen);
        JUMP_BY(in->imm);
      })
      HANDLERS(jalr, {
        // The target before rd: rd may be rs1.
        const uint64_t target =
            (x[in->rs1] + static_cast<uint64_t>(static_cast<int64_t>(in->imm))) & ~uint64_t{1};
        WRITE_RD(PC_OF(in) + kLen);
        GO_TO(target);
      })

    generic : {
      // Any other instruction: its semantic function, at its cycle (the
      // devices it reaches see it).
      const uint64_t here = PC_OF(in);
      h.cycle = end - left;
      generic_length_ = in->length;  // `in` may be freed by the time a StopSignal lands
      const uint64_t npc = in->exec(h, *in, here);
      x[0] = 0;
      // A device reached by the access may have asked the loop to stop
      // (limit_ zeroed) or invalidated decoded code (this page freed).
      if (__builtin_expect(limit_ != end || page_ != page, 0)) {
        --left;
        pc = npc;
        goto leave;
      }
      GO_TO(npc);
    }

    not_decoded : {
      // A guard slot past the page's end: continue on the next page.
      if ((PC_OF(in) >> kPageShift) != page_tag) {
        pc = PC_OF(in);
        goto leave;
      }
      // A slot not decoded yet: decode it here and run it. One that does not
      // decode raises its trap in the general loop.
      if (in->exec == nullptr) {
        fill(*in, PC_OF(in));
        // Fetching it from outside DMI may have reached a device that asked
        // the loop to stop.
        if (__builtin_expect(limit_ != end, 0)) {
          pc = PC_OF(in);
          goto leave;
        }
        if (in->id != isa::InsnId::kCount) DISPATCH();
      }
      goto hand_over;
    }

    hand_over:
      // An instruction that needs attention (CSR, system, fence, Xnpu) or
      // raises a trap: one step of the general loop.
      pc = PC_OF(in);
      handed_over = true;
      goto leave;
    } catch (const Trap&) {
      // Re-run the faulting instruction in the general loop, which raises
      // the trap with full bookkeeping (it has no side effects before it
      // faults: semantic functions read every source before they write).
      pc = PC_OF(in);
      handed_over = true;
    } catch (const StopSignal&) {
      // A device stopped the core during this instruction's access (HTIF
      // exit): the access completed, so the instruction retires.
      stop_pending_ = false;
      x[0] = 0;
      --left;
      pc = PC_OF(in) + generic_length_;
    }
#undef PC_OF
#undef DISPATCH
#undef FALL_THROUGH
#undef GO_TO
#undef JUMP_BY
#undef HANDLERS
#undef WRITE_RD
  leave:
    const uint64_t cycle = end - left;
    instret_ += cycle - first_cycle;
    h.pc = pc;
    h.cycle = cycle;
    if (handed_over) run_one_step();
  }
  h.instret = instret_;
}

const char* stop_reason_name(StopReason r) {
  switch (r) {
    case StopReason::Running: return "running";
    case StopReason::Exit: return "exit";
    case StopReason::UnhandledTrap: return "unhandled_trap";
    case StopReason::CycleLimit: return "cycle_limit";
    case StopReason::Deadlock: return "deadlock";
    case StopReason::Error: return "error";
  }
  return "?";
}

// ---------------------------------------------------------------------------
ScalarCore::ScalarCore(sc_core::sc_module_name name, const ScalarCoreConfig& config)
    : sc_module(name), ifetch("ifetch"), data("data"), config_(config) {
  impl_ = std::make_unique<Impl>(*this);
  hart_.pc = config_.reset_pc;
  hart_.csr.mhartid = config_.hartid;
  held_ = config_.start_in_reset;
  hart_.csr.pmp.configure(config_.pmp_entries, config_.pmp_granularity);
  ifetch.register_invalidate_direct_mem_ptr(this, &ScalarCore::invalidate_dmi);
  data.register_invalidate_direct_mem_ptr(this, &ScalarCore::invalidate_dmi);
  SC_HAS_PROCESS(ScalarCore);
  SC_THREAD(thread);
}

ScalarCore::~ScalarCore() = default;

void ScalarCore::invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end) {
  impl_->invalidate_dmi(start, end);
}

sc_core::sc_time ScalarCore::local_time() const {
  return config_.clock_period * static_cast<double>(hart_.cycle);
}

void ScalarCore::set_irq(unsigned n, bool level) {
  uint64_t bit = uint64_t{1} << n;
  hart_.irq_lines = level ? (hart_.irq_lines | bit) : (hart_.irq_lines & ~bit);
  for (auto& s : impl_->scheduled_irqs_)
    if (s.first == n) s.second = kNoDeadline;
  hart_.check_irq = true;
  impl_->interrupt_run();
  impl_->irq_event_.notify(sc_core::SC_ZERO_TIME);
}

void ScalarCore::schedule_irq(unsigned n, sc_core::sc_time at) {
  uint64_t cycle = impl_->cycle_of(at);
  bool found = false;
  for (auto& s : impl_->scheduled_irqs_) {
    if (s.first == n) {
      s.second = cycle;
      found = true;
    }
  }
  if (!found) impl_->scheduled_irqs_.emplace_back(n, cycle);
  // The line is low until then.
  hart_.irq_lines &= ~(uint64_t{1} << n);
  if (cycle <= hart_.cycle) impl_->raise_due_irqs();
  hart_.check_irq = true;
  impl_->interrupt_run();
  impl_->irq_event_.notify(sc_core::SC_ZERO_TIME);
}

void ScalarCore::request_stop(StopReason reason, int exit_code, const std::string& message) {
  if (stop_reason_ != StopReason::Running) return;
  stop_reason_ = reason;
  exit_code_ = exit_code;
  stop_message_ = message;
  impl_->interrupt_run();
  if (impl_->in_transport_) impl_->stop_pending_ = true;
}

void ScalarCore::release(uint64_t pc, sc_core::sc_time at) {
  if (!held_) return;
  held_ = false;
  release_pc_ = pc;
  release_at_ = at;
  release_event_.notify(sc_core::SC_ZERO_TIME);
}

void ScalarCore::request_park() {
  if (held_ || stop_reason_ != StopReason::Running) return;
  park_ = true;
  impl_->interrupt_run();
}

void ScalarCore::invalidate_decoded(uint64_t addr, uint64_t len) {
  impl_->invalidate_decoded(addr, len);
}

void ScalarCore::on_simulation_end() {
  if (stop_reason_ != StopReason::Running || held_) return;
  char buf[128];
  std::snprintf(buf, sizeof buf,
                "deadlock: the core sleeps in wfi at pc 0x%016" PRIx64
                " and no interrupt can wake it",
                hart_.pc);
  request_stop(StopReason::Deadlock, 0, buf);
  // If the simulation goes on (a platform whose other cores still work),
  // the sleeping thread wakes, sees the stop and reports it.
  impl_->irq_event_.notify(sc_core::SC_ZERO_TIME);
}

ScalarStats ScalarCore::stats() const {
  const Impl& m = *impl_;
  ScalarStats s;
  s.cycles = hart_.cycle;
  s.instret = m.retired();
  s.traps = m.traps_;
  s.interrupts = m.interrupts_;
  s.icache_hits = m.icache_hits_;
  s.icache_misses = m.icache_.misses();
  s.decoded_cache_fills = m.decoded_fills_;
  s.stall_raw = m.stall_raw_;
  s.stall_structural = m.stall_structural_;
  s.stall_branch = m.stall_branch_;
  s.stall_icache = m.stall_icache_;
  s.stall_memory = m.stall_memory_;
  s.stall_trap = m.stall_trap_;
  s.stall_npu = m.stall_npu_;
  s.by_class = m.by_class_;
  s.host_seconds = m.host_seconds_;
  return s;
}

void ScalarCore::thread() {
  Impl& m = *impl_;
  tlm_utils::tlm_quantumkeeper qk;
  qk.reset();
  const uint64_t quantum = std::max<uint64_t>(config_.quantum_cycles, 1);
  auto host_start = std::chrono::steady_clock::now();
  // Held in reset: nothing runs until release(); the core starts on the
  // release's cycle with cold caches.
  uint64_t quantum_epoch = 0;
  auto leave_reset = [&] {
    while (held_) sc_core::wait(release_event_);
    // The releasing initiator may be ahead of SystemC's time: start when
    // SystemC gets there, as a core started at time 0 starts with it.
    const sc_core::sc_time wake = release_at_ > config_.sync_skew ? release_at_ - config_.sync_skew : release_at_;
    if (wake > sc_core::sc_time_stamp()) sc_core::wait(wake - sc_core::sc_time_stamp());
    hart_.cycle = std::max(hart_.cycle, m.cycle_of(release_at_));
    quantum_epoch = hart_.cycle;
    hart_.pc = release_pc_;
    hart_.wfi = false;
    m.reset_caches();
  };
  if (held_) leave_reset();
  for (;;) {
    while (stop_reason_ == StopReason::Running && !park_) {
      m.raise_due_irqs();
      // The cycle limit counts from the release, like the quanta.
      const uint64_t cycle_limit = quantum_epoch + config_.max_cycles;
      if (config_.max_cycles != 0 && hart_.cycle >= cycle_limit) {
        char buf[96];
        std::snprintf(buf, sizeof buf,
                      "cycle limit of %" PRIu64 " cycles reached at pc 0x%016" PRIx64 " ",
                      config_.max_cycles, hart_.pc);
        request_stop(StopReason::CycleLimit, 0, buf + m.disasm_at(hart_.pc));
        break;
      }
      if (hart_.wfi) {
        // Asleep until an interrupt enabled in mie is pending (mstatus.MIE does
        // not matter for waking up). Time passes to the next scheduled line, or
        // to whatever another model does.
        if (((hart_.csr.mip | hart_.irq_lines) & hart_.csr.mie) == 0) {
          uint64_t wake = m.next_irq_deadline();
          if (wake != kNoDeadline) {
            if (config_.max_cycles != 0) wake = std::min(wake, cycle_limit);
            hart_.cycle = std::max(hart_.cycle, wake);
          } else {
            qk.set(m.offset());
            qk.sync();
            sc_core::wait(m.irq_event_);
            hart_.cycle = std::max(hart_.cycle, m.cycle_of(sc_core::sc_time_stamp()));
          }
          continue;
        }
        hart_.wfi = false;
      }
      if (hart_.irq_lines != 0 || hart_.csr.mip != 0) hart_.check_irq = true;
      // Quanta count from the cycle the core left reset, so that a core
      // released later runs the same quanta as one started at time 0.
      uint64_t limit = ((hart_.cycle - quantum_epoch) / quantum + 1) * quantum + quantum_epoch;
      limit = std::min(limit, m.next_irq_deadline());
      if (config_.max_cycles != 0) limit = std::min(limit, cycle_limit);
      if (limit <= hart_.cycle) limit = hart_.cycle + 1;  // a due deadline: still make progress
      m.limit_ = limit;
      m.run_quantum();
      // One SystemC wake-up per quantum: run() stops at quantum boundaries
      // (sync_skew before the boundary's edge).
      sc_core::sc_time off = m.offset();
      if (off > config_.sync_skew) {
        qk.set(off - config_.sync_skew);
        qk.sync();
      }
    }
    // Bring SystemC's time up to the core's, so that every model sees the end.
    sc_core::sc_time off = m.offset();
    if (off > sc_core::SC_ZERO_TIME) sc_core::wait(off);
    if (!park_ || stop_reason_ != StopReason::Running) break;
    park_ = false;
    held_ = true;
    if (park_handler_) park_handler_();
    leave_reset();
  }
  m.host_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
  if (debugger_ != nullptr) debugger_->core_stopped(debugger_id_, *this);
  if (stop_handler_) stop_handler_();
  else sc_core::sc_stop();
}

}  // namespace npuvp
