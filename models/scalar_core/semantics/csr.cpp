// Machine-mode CSRs, trap entry, mret and interrupt selection for an RV64
// M+U hart without S mode or virtual memory (privileged spec v1.12). PMP
// entries and their WARL rules are in pmp.cpp.
//
// Choices where the spec leaves one:
// - misa reads RV64 IMAFDCU and ignores writes; UXL reads 2; the fields of
//   absent features (S mode, V, XS, endianness) are read-only zero.
// - mstatus.MPP written with S or the reserved value 2 becomes U.
// - mtvec MODE written with a reserved value (2, 3) becomes direct.
// - medeleg/mideleg do not exist (no S mode): access is illegal.
// - pmpcfg0/2 and pmpaddr0..15 hold the implemented entries (Pmp); the CSRs
//   of entries beyond those (pmpcfg4..14, pmpaddr16..63) read zero and
//   ignore writes; on RV64 the odd pmpcfg numbers do not exist.
// - Trigger module with no triggers: tselect, tdata1..3 read zero and ignore
//   writes, tinfo reads 1 ("no trigger here"); tcontrol does not exist.
// - mhpmcounter3..31 / mhpmevent3..31 (and hpmcounter3..31) read zero.
// - mcycle/minstret: a write replaces the increment of the writing
//   instruction, so the next instruction reads the value written. Setting an
//   mcountinhibit bit freezes the counter after the writing instruction.
// - A trap clears the LR reservation (allowed, not required).
#include <cstdint>

#include "models/scalar_core/hart.h"
#include "models/scalar_core/semantics/exec_util.h"

namespace npuvp {

using namespace sem;

namespace {

enum CsrNum : unsigned {
  kFflags = 0x001, kFrm = 0x002, kFcsr = 0x003,
  kCycle = 0xC00, kTime = 0xC01, kInstret = 0xC02, kHpmCounter31 = 0xC1F,
  kMstatus = 0x300, kMisa = 0x301, kMedeleg = 0x302, kMideleg = 0x303, kMie = 0x304,
  kMtvec = 0x305, kMcounteren = 0x306, kMenvcfg = 0x30A,
  kMcountinhibit = 0x320, kMhpmEvent3 = 0x323, kMhpmEvent31 = 0x33F,
  kMscratch = 0x340, kMepc = 0x341, kMcause = 0x342, kMtval = 0x343, kMip = 0x344,
  kPmpcfg0 = 0x3A0, kPmpcfg15 = 0x3AF, kPmpaddr0 = 0x3B0, kPmpaddr63 = 0x3EF,
  kTselect = 0x7A0, kTdata1 = 0x7A1, kTdata2 = 0x7A2, kTdata3 = 0x7A3, kTinfo = 0x7A4,
  kMcycle = 0xB00, kMinstret = 0xB02, kMhpmCounter3 = 0xB03, kMhpmCounter31 = 0xB1F,
  kMvendorid = 0xF11, kMarchid = 0xF12, kMimpid = 0xF13, kMhartid = 0xF14,
  kMconfigptr = 0xF15,
};

// misa: MXL=2 (RV64), extensions A C D F I M U.
constexpr uint64_t kMisaValue = (uint64_t{2} << 62) | (1u << ('A' - 'A')) | (1u << ('C' - 'A')) |
                           (1u << ('D' - 'A')) | (1u << ('F' - 'A')) | (1u << ('I' - 'A')) |
                           (1u << ('M' - 'A')) | (1u << ('U' - 'A'));

constexpr uint64_t kMstatusUxl64 = uint64_t{2} << 32;
constexpr uint64_t kMstatusWritable =
    kMstatusMie | kMstatusMpie | kMstatusMpp | kMstatusFs | kMstatusMprv | kMstatusTw;

constexpr uint64_t kIrqMask =
    (uint64_t{1} << kIrqMSoft) | (uint64_t{1} << kIrqMTimer) | (uint64_t{1} << kIrqMExt);

constexpr uint64_t kInhibitCy = 1u << 0;
constexpr uint64_t kInhibitIr = 1u << 2;
constexpr uint64_t kMcountinhibitWritable = 0xffffffffu & ~uint64_t{2};  // TM is not inhibitable
constexpr uint64_t kMcounterenWritable = 0xffffffffu;
constexpr uint64_t kMenvcfgFiom = 1;

[[noreturn]] void illegal(uint32_t raw) { throw Trap{Cause::IllegalInsn, raw}; }

// Privilege (csr[9:8] is the lowest level allowed) and, for writes, the
// read-only range (csr[11:10] == 3).
void check_access(const Hart& h, unsigned num, bool write, uint32_t raw) {
  if (((num >> 8) & 3) > static_cast<unsigned>(h.priv)) illegal(raw);
  if (write && (num >> 10) == 3) illegal(raw);
}

void require_fs(const Hart& h, uint32_t raw) {
  if (!h.fp_enabled()) illegal(raw);
}

uint64_t mcycle_value(const Hart& h) {
  return (h.csr.mcountinhibit & kInhibitCy) ? h.csr.mcycle_frozen : h.cycle + h.csr.mcycle_offset;
}
uint64_t minstret_value(const Hart& h) {
  return (h.csr.mcountinhibit & kInhibitIr) ? h.csr.minstret_frozen
                                            : h.instret + h.csr.minstret_offset;
}
// The value the next instruction will see is `v`: the loop still adds one
// for the writing instruction (to instret; to cycle at least one).
void set_mcycle(Hart& h, uint64_t v) {
  if (h.csr.mcountinhibit & kInhibitCy)
    h.csr.mcycle_frozen = v;
  else
    h.csr.mcycle_offset = v - (h.cycle + 1);
}
void set_minstret(Hart& h, uint64_t v) {
  if (h.csr.mcountinhibit & kInhibitIr)
    h.csr.minstret_frozen = v;
  else
    h.csr.minstret_offset = v - (h.instret + 1);
}
void set_mcountinhibit(Hart& h, uint64_t v) {
  v &= kMcountinhibitWritable;
  uint64_t turned_on = v & ~h.csr.mcountinhibit, turned_off = h.csr.mcountinhibit & ~v;
  // The writing instruction still counts; later ones do not (or again do).
  if (turned_on & kInhibitCy) h.csr.mcycle_frozen = h.cycle + 1 + h.csr.mcycle_offset;
  if (turned_on & kInhibitIr) h.csr.minstret_frozen = h.instret + 1 + h.csr.minstret_offset;
  if (turned_off & kInhibitCy) h.csr.mcycle_offset = h.csr.mcycle_frozen - (h.cycle + 1);
  if (turned_off & kInhibitIr) h.csr.minstret_offset = h.csr.minstret_frozen - (h.instret + 1);
  h.csr.mcountinhibit = v;
}

uint64_t mstatus_value(const Hart& h) {
  uint64_t v = (h.csr.mstatus & kMstatusWritable) | kMstatusUxl64;
  if ((v & kMstatusFs) == kMstatusFs) v |= kMstatusSd;
  return v;
}
void set_mstatus(Hart& h, uint64_t v) {
  v &= kMstatusWritable;
  uint64_t mpp = (v & kMstatusMpp) >> kMstatusMppShift;
  if (mpp != static_cast<uint64_t>(Priv::M)) v &= ~kMstatusMpp;  // S and 2 -> U
  if ((v & kMstatusFs) == kMstatusFs) v |= kMstatusSd;
  h.csr.mstatus = v;
}

// cycle/time/instret and hpmcounter3..31: in U mode only where mcounteren
// allows; they shadow the machine counters.
uint64_t user_counter(const Hart& h, unsigned num, uint32_t raw) {
  unsigned n = num - kCycle;
  if (h.priv == Priv::U && !((h.csr.mcounteren >> n) & 1)) illegal(raw);
  switch (n) {
    case 0: return mcycle_value(h);
    case 1: return h.time;
    case 2: return minstret_value(h);
    default: return 0;
  }
}

}  // namespace

uint64_t Hart::csr_read(unsigned num, uint32_t raw) {
  check_access(*this, num, false, raw);
  uint64_t npu_value;
  if (npu != nullptr && npu->csr_read(*this, num, npu_value)) return npu_value;
  switch (num) {
    case kFflags: require_fs(*this, raw); return csr.fflags;
    case kFrm: require_fs(*this, raw); return csr.frm;
    case kFcsr: require_fs(*this, raw); return (uint64_t{csr.frm} << 5) | csr.fflags;
    case kMstatus: return mstatus_value(*this);
    case kMisa: return kMisaValue;
    case kMie: return csr.mie & kIrqMask;
    case kMip: return (csr.mip | irq_lines) & kIrqMask;
    case kMtvec: return csr.mtvec;
    case kMcounteren: return csr.mcounteren;
    case kMenvcfg: return csr.menvcfg;
    case kMcountinhibit: return csr.mcountinhibit;
    case kMscratch: return csr.mscratch;
    case kMepc: return csr.mepc & ~uint64_t{1};
    case kMcause: return csr.mcause;
    case kMtval: return csr.mtval;
    case kTselect: case kTdata1: case kTdata2: case kTdata3: return 0;
    case kTinfo: return 1;
    case kMcycle: return mcycle_value(*this);
    case kMinstret: return minstret_value(*this);
    case kMvendorid: case kMarchid: case kMimpid: case kMconfigptr: return 0;
    case kMhartid: return csr.mhartid;
    default: break;
  }
  if (num >= kCycle && num <= kHpmCounter31) return user_counter(*this, num, raw);
  if ((num >= kMhpmCounter3 && num <= kMhpmCounter31) ||
      (num >= kMhpmEvent3 && num <= kMhpmEvent31))
    return 0;
  if (num >= kPmpaddr0 && num <= kPmpaddr63) return csr.pmp.read_addr(num - kPmpaddr0);
  if (num >= kPmpcfg0 && num <= kPmpcfg15 && !(num & 1)) return csr.pmp.read_cfg(num - kPmpcfg0);
  illegal(raw);
}

void Hart::csr_write(unsigned num, uint64_t value, uint32_t raw) {
  check_access(*this, num, true, raw);
  if (npu != nullptr && npu->csr_write(*this, num, value)) return;
  switch (num) {
    case kFflags:
      require_fs(*this, raw);
      csr.fflags = value & 0x1f;
      fp_dirty();
      return;
    case kFrm:
      require_fs(*this, raw);
      csr.frm = value & 7;
      fp_dirty();
      return;
    case kFcsr:
      require_fs(*this, raw);
      csr.fflags = value & 0x1f;
      csr.frm = (value >> 5) & 7;
      fp_dirty();
      return;
    case kMstatus:
      set_mstatus(*this, value);
      check_irq = true;
      pmp_changed = true;
      return;
    case kMisa: return;
    case kMie:
      csr.mie = value & kIrqMask;
      check_irq = true;
      return;
    case kMip:  // MSIP/MTIP/MEIP all come from devices: nothing to write
      check_irq = true;
      return;
    case kMtvec: {
      uint64_t mode = value & 3;
      csr.mtvec = (value & ~uint64_t{3}) | (mode == 1 ? 1 : 0);
      return;
    }
    case kMcounteren: csr.mcounteren = value & kMcounterenWritable; return;
    case kMenvcfg: csr.menvcfg = value & kMenvcfgFiom; return;
    case kMcountinhibit: set_mcountinhibit(*this, value); return;
    case kMscratch: csr.mscratch = value; return;
    case kMepc: csr.mepc = value & ~uint64_t{1}; return;
    case kMcause: csr.mcause = value; return;
    case kMtval: csr.mtval = value; return;
    case kTselect: case kTdata1: case kTdata2: case kTdata3: case kTinfo: return;
    case kMcycle: set_mcycle(*this, value); return;
    case kMinstret: set_minstret(*this, value); return;
    default: break;
  }
  if ((num >= kMhpmCounter3 && num <= kMhpmCounter31) ||
      (num >= kMhpmEvent3 && num <= kMhpmEvent31))
    return;
  if (num >= kPmpaddr0 && num <= kPmpaddr63) {
    csr.pmp.write_addr(num - kPmpaddr0, value);
    pmp_changed = true;
    return;
  }
  if (num >= kPmpcfg0 && num <= kPmpcfg15 && !(num & 1)) {
    csr.pmp.write_cfg(num - kPmpcfg0, value);
    pmp_changed = true;
    return;
  }
  illegal(raw);
}

uint64_t Hart::take_trap(uint64_t cause, uint64_t tval, uint64_t epc) {
  const bool interrupt = cause >> 63;
  csr.mepc = epc & ~uint64_t{1};
  csr.mcause = cause;
  csr.mtval = tval;
  uint64_t s = csr.mstatus & ~(kMstatusMpie | kMstatusMie | kMstatusMpp);
  if (csr.mstatus & kMstatusMie) s |= kMstatusMpie;
  s |= static_cast<uint64_t>(priv) << kMstatusMppShift;
  csr.mstatus = s;
  priv = Priv::M;
  reservation = ~uint64_t{0};
  wfi = false;
  uint64_t base = csr.mtvec & ~uint64_t{3};
  if (interrupt && (csr.mtvec & 3) == 1) base += 4 * (cause & ~(uint64_t{1} << 63));
  return base;
}

uint64_t Hart::do_mret() {
  Priv mpp = static_cast<Priv>((csr.mstatus & kMstatusMpp) >> kMstatusMppShift);
  uint64_t s = csr.mstatus & ~(kMstatusMie | kMstatusMpp);  // MPP <- U
  if (csr.mstatus & kMstatusMpie) s |= kMstatusMie;
  s |= kMstatusMpie;
  if (mpp != Priv::M) s &= ~kMstatusMprv;
  csr.mstatus = s;
  priv = mpp;
  check_irq = true;
  pmp_changed = true;
  return csr.mepc & ~uint64_t{1};
}

int Hart::pending_interrupt() const {
  uint64_t pending = (csr.mip | irq_lines) & csr.mie & kIrqMask;
  if (!pending) return -1;
  if (priv == Priv::M && !(csr.mstatus & kMstatusMie)) return -1;
  for (unsigned n : {unsigned{kIrqMExt}, unsigned{kIrqMSoft}, unsigned{kIrqMTimer}})
    if ((pending >> n) & 1) return static_cast<int>(n);
  return -1;
}

}  // namespace npuvp
