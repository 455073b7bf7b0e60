// Zicsr, Zifencei and the privileged instructions of an M+U hart:
// CSR access, ecall, ebreak, mret, wfi, fence, fence.i.
#include <cstdint>

#include "models/scalar_core/semantics/exec_table.h"
#include "models/scalar_core/semantics/exec_util.h"

namespace npuvp {

namespace {

inline unsigned csr_number(const Insn& i) { return static_cast<unsigned>(i.imm) & 0xfff; }

// csrrw: reads the CSR only when rd != x0 (no read side effects otherwise).
inline uint64_t csr_swap(Hart& h, const Insn& i, uint64_t pc, uint64_t value) {
  unsigned c = csr_number(i);
  if (i.rd == 0) {
    h.csr_write(c, value, i.raw);
    return NEXT;
  }
  uint64_t old = h.csr_read(c, i.raw);
  h.csr_write(c, value, i.raw);
  WRITE_RD(old);
  return NEXT;
}

// csrrs/csrrc: writes only when the source operand field is non-zero (rs1
// is x0, or zimm is 0), so reading a read-only CSR this way is fine.
inline uint64_t csr_set_clear(Hart& h, const Insn& i, uint64_t pc, uint64_t value, bool set) {
  unsigned c = csr_number(i);
  uint64_t old = h.csr_read(c, i.raw);
  if (i.rs1 != 0) h.csr_write(c, set ? (old | value) : (old & ~value), i.raw);
  WRITE_RD(old);
  return NEXT;
}

}  // namespace

EXEC(csrrw) { return csr_swap(h, i, pc, RS1); }
EXEC(csrrs) { return csr_set_clear(h, i, pc, RS1, true); }
EXEC(csrrc) { return csr_set_clear(h, i, pc, RS1, false); }
// The immediate forms hold zimm in the rs1 field.
EXEC(csrrwi) { return csr_swap(h, i, pc, i.rs1); }
EXEC(csrrsi) { return csr_set_clear(h, i, pc, i.rs1, true); }
EXEC(csrrci) { return csr_set_clear(h, i, pc, i.rs1, false); }

EXEC(ecall) { throw Trap{h.priv == Priv::U ? Cause::EcallU : Cause::EcallM, 0}; }
EXEC(ebreak) { throw Trap{Cause::Breakpoint, pc}; }

EXEC(mret) {
  if (h.priv != Priv::M) sem::illegal(i);
  return h.do_mret();
}

// wfi: the loop sleeps until an interrupt is pending (even a disabled one).
// U mode may wait too, unless mstatus.TW forbids it.
EXEC(wfi) {
  if (h.priv == Priv::U && (h.csr.mstatus & sem::kMstatusTw)) sem::illegal(i);
  h.wfi = true;
  return NEXT;
}

// One hart, in-order, memory accesses complete in program order: fence has
// nothing to do. fence.i must drop decoded instructions.
EXEC(fence) { return NEXT; }
EXEC(fence_i) {
  h.flush_icache = true;
  return NEXT;
}

}  // namespace npuvp
