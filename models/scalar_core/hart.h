// Architectural state of one RV64GC hart and the contract between the
// interpreter loop (scalar_core.cpp) and the semantic functions (exec_*.cpp).
#pragma once

#include <cstdint>
#include <cstring>

#include "isa/decoder.h"
#include "isa/insn_table.h"
#include "models/scalar_core/semantics/pmp.h"

namespace npuvp {

struct Hart;
struct Insn;

// A semantic function executes one decoded instruction at `pc` and returns
// the address of the next one. It reads every source before writing rd;
// writing x[0] is harmless (the loop clears x0 after every instruction).
// Exceptions are raised by throwing Trap.
using ExecFn = uint64_t (*)(Hart& h, const Insn& i, uint64_t pc);

// One entry of the decoded-instruction cache: everything the loop needs to
// execute and time the instruction without looking at its bits again.
struct Insn {
  ExecFn exec = nullptr;
  int32_t imm = 0;  // every RV64GC immediate (and CSR number) fits 32 bits
  uint32_t raw = 0;
  uint8_t rd = 0, rs1 = 0, rs2 = 0, rs3 = 0;
  uint8_t rm = 0;  // rounding mode (F/D), aq<<1|rl (A)
  uint8_t length = 4;
  isa::LatClass lat = isa::LatClass::Alu;
  // Scoreboard slots read and written, for the cycle-mode timing model:
  // 0 = none, 1..31 = x1..x31, 32..63 = f0..f31. Derived from the operand
  // pattern of the instruction's sem row.
  uint8_t dst = 0;
  uint8_t src[3] = {0, 0, 0};
  // Cycle-mode timing, resolved from the preset's latency table at decode.
  uint8_t latency = 1;    // issue to result ready
  uint8_t occupancy = 1;  // cycles the issue stage is held
  // Set for instructions that may change interrupt enables, privilege or
  // the code itself (CSR, system, fence classes): the loop syncs counters
  // into the Hart before them and looks at its flags after them.
  bool attention = false;
  isa::InsnId id = isa::InsnId::kCount;
};
// Half a cache line: the decoded-instruction cache holds one per halfword.
static_assert(sizeof(Insn) == 32, "keep Insn at 32 bytes");

// Exception causes (mcause with the interrupt bit clear).
enum class Cause : uint64_t {
  InsnMisaligned = 0,
  InsnAccessFault = 1,
  IllegalInsn = 2,
  Breakpoint = 3,
  LoadMisaligned = 4,
  LoadAccessFault = 5,
  StoreMisaligned = 6,
  StoreAccessFault = 7,
  EcallU = 8,
  EcallS = 9,
  EcallM = 11,
};

// Interrupt numbers (mcause = bit 63 | number; bit positions in mip/mie).
enum Irq : unsigned { kIrqMSoft = 3, kIrqMTimer = 7, kIrqMExt = 11 };

struct Trap {
  Cause cause;
  uint64_t tval;
};

// The NPU side of an AI core, attached to its scalar unit; a plain scalar
// core (the control CPU) has none, and Xnpu instructions are illegal there.
class NpuPort {
 public:
  virtual ~NpuPort() = default;
  // Issues Xnpu instruction i at cycle h.cycle (its register operands are in
  // h.x). Returns the cycles the scalar unit is held beyond the issue itself:
  // a full pipe queue, or a PIPE_S wait_flag / pipe_barrier.
  virtual uint64_t issue(Hart& h, const Insn& i, uint64_t pc) = 0;
  // The NPU's CSRs (custom ranges). False: not an NPU CSR.
  virtual bool csr_read(Hart& h, unsigned num, uint64_t& value) = 0;
  virtual bool csr_write(Hart& h, unsigned num, uint64_t value) = 0;
};

// Data memory as the semantic functions see it. Implemented by the core:
// a DMI fast path to host memory, and TLM-2.0 transactions otherwise.
// Accesses that nothing answers throw Trap{Load/StoreAccessFault, addr}.
// Misaligned loads and stores complete (as one access); the atomic helpers
// check alignment themselves.
class DataPort {
 public:
  template <class T>
  T load(uint64_t addr) {
    uint64_t off = addr - dmi_r_start_;
    if (off < dmi_r_size_ && dmi_r_size_ - off >= sizeof(T)) {
      T v;
      std::memcpy(&v, dmi_r_host_ + off, sizeof(T));
      last_latency = dmi_r_latency_;
      return v;
    }
    T v;
    load_slow(addr, &v, sizeof(T));
    return v;
  }
  template <class T>
  void store(uint64_t addr, T v) {
    uint64_t off = addr - dmi_w_start_;
    if (off < dmi_w_size_ && dmi_w_size_ - off >= sizeof(T)) {
      std::memcpy(dmi_w_host_ + off, &v, sizeof(T));
      last_latency = dmi_w_latency_;
      return;
    }
    store_slow(addr, &v, sizeof(T));
  }
  // Cycles the last access took beyond the pipeline's own latency.
  uint32_t last_latency = 0;

  virtual ~DataPort() = default;

 protected:
  virtual void load_slow(uint64_t addr, void* dst, unsigned size) = 0;
  virtual void store_slow(uint64_t addr, const void* src, unsigned size) = 0;

  // The DMI regions currently cached for reads and for writes (size 0: none).
  uint64_t dmi_r_start_ = 0, dmi_r_size_ = 0;
  uint8_t* dmi_r_host_ = nullptr;
  uint32_t dmi_r_latency_ = 0;
  uint64_t dmi_w_start_ = 0, dmi_w_size_ = 0;
  uint8_t* dmi_w_host_ = nullptr;
  uint32_t dmi_w_latency_ = 0;
};

// Machine-mode CSR state. Fields hold the architectural values; mstatus is
// kept whole, with the WARL legalisation done on write.
struct CsrState {
  uint64_t mstatus = 0;
  uint64_t misa = 0;
  uint64_t mie = 0;
  uint64_t mip = 0;  // software-writable bits only; MTIP/MEIP come from devices
  uint64_t mtvec = 0;
  uint64_t mscratch = 0;
  uint64_t mepc = 0;
  uint64_t mcause = 0;
  uint64_t mtval = 0;
  uint64_t mcounteren = 0;
  uint64_t mcountinhibit = 0;
  uint64_t medeleg = 0;  // read-only zero: no S mode
  uint64_t mideleg = 0;
  uint64_t mhartid = 0;
  uint8_t fflags = 0;
  uint8_t frm = 0;
  // mcycle/minstret as software sees them: the hart's own counter plus an
  // offset (set by CSR writes), so that Hart::cycle stays the core's real
  // local time. While counting is inhibited (mcountinhibit) the value is
  // frozen in *_frozen instead.
  uint64_t mcycle_offset = 0;
  uint64_t minstret_offset = 0;
  uint64_t mcycle_frozen = 0;
  uint64_t minstret_frozen = 0;
  uint64_t menvcfg = 0;  // only FIOM is writable
  Pmp pmp;
};

struct Hart {
  uint64_t x[32] = {};
  uint64_t f[32] = {};  // NaN-boxed: a single lives in the low 32 bits
  uint64_t pc = 0;
  Priv priv = Priv::M;
  CsrState csr;

  // Counters. `cycle` is the hart's local time in cycles (in functional mode
  // one per instruction); instret counts retired instructions.
  uint64_t cycle = 0;
  uint64_t instret = 0;
  // mtime as seen by this hart, kept up to date by the core before CSR reads.
  uint64_t time = 0;

  // Interrupt lines from devices (bit positions as in mip).
  uint64_t irq_lines = 0;

  // LR/SC reservation (address of the reserved doubleword, or ~0 for none).
  uint64_t reservation = ~uint64_t{0};

  // Set by semantic functions that need the loop's attention after they
  // return: wfi (sleep until an interrupt), fence.i (flush decoded code),
  // a CSR write that may unmask an interrupt.
  bool wfi = false;
  bool flush_icache = false;
  bool check_irq = false;
  // A CSR write or mret that may change what PMP allows (pmp CSRs,
  // mstatus.MPRV/MPP, the privilege): the loop re-derives its PMP checks.
  bool pmp_changed = false;

  DataPort* mem = nullptr;
  NpuPort* npu = nullptr;
  // Cycles an instruction holds the issue stage beyond its occupancy (set
  // by Xnpu instructions through NpuPort::issue; the loop consumes it).
  uint64_t stall = 0;

  // --- CSR access, implemented in csr.cpp. Both check privilege and
  // existence and throw Trap{IllegalInsn, raw} on a bad access.
  uint64_t csr_read(unsigned num, uint32_t raw);
  void csr_write(unsigned num, uint64_t value, uint32_t raw);

  // Enter a trap: sets mepc/mcause/mtval/mstatus and returns the handler pc.
  uint64_t take_trap(uint64_t cause, uint64_t tval, uint64_t epc);
  // mret: restores privilege and MIE, returns mepc.
  uint64_t do_mret();
  // The interrupt to take now, if any: returns its number, or -1.
  int pending_interrupt() const;

  // The privilege loads and stores are checked at: MPP while mstatus.MPRV
  // is set in M mode.
  Priv data_priv() const {
    if (priv == Priv::M && (csr.mstatus & (uint64_t{1} << 17)))
      return static_cast<Priv>((csr.mstatus >> 11) & 3);
    return priv;
  }

  // --- FP helpers
  bool fp_enabled() const { return ((csr.mstatus >> 13) & 3) != 0; }
  void fp_dirty() { csr.mstatus |= (uint64_t{3} << 13) | (uint64_t{1} << 63); }
};

}  // namespace npuvp
