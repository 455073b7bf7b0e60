// Small helpers shared by the semantic functions: register access, traps,
// NaN boxing and rounding-mode resolution. Everything is inline: these run
// once per simulated instruction.
#pragma once

#include <cstdint>

#include "isa/numerics/softfloat.h"
#include "models/scalar_core/hart.h"

namespace npuvp::sem {

inline int64_t sext32(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
inline uint64_t sext32u(uint64_t v) { return static_cast<uint64_t>(sext32(v)); }

[[noreturn]] inline void illegal(const Insn& i) { throw Trap{Cause::IllegalInsn, i.raw}; }

// mstatus fields used outside csr.cpp.
inline constexpr uint64_t kMstatusMie = uint64_t{1} << 3;
inline constexpr uint64_t kMstatusMpie = uint64_t{1} << 7;
inline constexpr unsigned kMstatusMppShift = 11;
inline constexpr uint64_t kMstatusMpp = uint64_t{3} << kMstatusMppShift;
inline constexpr unsigned kMstatusFsShift = 13;
inline constexpr uint64_t kMstatusFs = uint64_t{3} << kMstatusFsShift;
inline constexpr uint64_t kMstatusMprv = uint64_t{1} << 17;
inline constexpr uint64_t kMstatusTw = uint64_t{1} << 21;
inline constexpr uint64_t kMstatusSd = uint64_t{1} << 63;

// --- floating point

// Every F/D instruction, including loads, stores and moves, is illegal while
// mstatus.FS is Off.
inline void require_fp(const Hart& h, const Insn& i) {
  if (!h.fp_enabled()) illegal(i);
}

// A single-precision operand: the low half of a properly NaN-boxed register,
// otherwise the canonical NaN.
inline uint32_t unbox_s(uint64_t v) {
  return (v >> 32) == 0xffffffffu ? static_cast<uint32_t>(v) : softfloat::kF32DefaultNan;
}
inline uint64_t box_s(uint32_t v) { return uint64_t{0xffffffff00000000} | v; }

inline uint32_t frs1_s(const Hart& h, const Insn& i) { return unbox_s(h.f[i.rs1]); }
inline uint32_t frs2_s(const Hart& h, const Insn& i) { return unbox_s(h.f[i.rs2]); }
inline uint32_t frs3_s(const Hart& h, const Insn& i) { return unbox_s(h.f[i.rs3]); }

inline void wfd_s(Hart& h, const Insn& i, uint32_t v) {
  h.f[i.rd] = box_s(v);
  h.fp_dirty();
}
inline void wfd_d(Hart& h, const Insn& i, uint64_t v) {
  h.f[i.rd] = v;
  h.fp_dirty();
}

// The rounding mode an instruction uses: its rm field, or frm when the field
// says dynamic (7). Reserved encodings (5, 6) and an invalid frm are illegal.
inline softfloat::Env fp_env(const Hart& h, const Insn& i) {
  unsigned rm = i.rm == 7 ? h.csr.frm : i.rm;
  if (rm > 4) illegal(i);
  softfloat::Env e;
  e.rm = static_cast<softfloat::Rounding>(rm);
  return e;
}
// An Env for the operations that have no rounding-mode field.
inline softfloat::Env fp_env_norm() { return softfloat::Env{}; }

// Accumulates exception flags into fflags (which dirties the FP state).
inline void fp_flags(Hart& h, const softfloat::Env& e) {
  if (e.flags) {
    h.csr.fflags |= e.flags;
    h.fp_dirty();
  }
}

}  // namespace npuvp::sem

// Shorthands for the bodies of semantic functions (only the exec_*.cpp files
// include this header). Every function has the ExecFn signature.
#define EXEC(name) uint64_t exec_##name(Hart& h, const Insn& i, uint64_t pc)
#define RS1 (h.x[i.rs1])
#define RS2 (h.x[i.rs2])
#define IMM (static_cast<uint64_t>(i.imm))
#define NEXT (pc + i.length)
#define WRITE_RD(v) (h.x[i.rd] = (v))
