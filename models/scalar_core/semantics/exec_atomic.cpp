// A: load-reserved/store-conditional and the AMOs.
//
// One reservation per hart (Hart::reservation, the reserved address). LR
// sets it, SC consumes it whether it succeeds or not, and a trap clears it
// (Hart::take_trap), so an SC can never pair with an LR from before a trap.
// Atomics need natural alignment: a misaligned LR raises LoadMisaligned, a
// misaligned SC or AMO StoreMisaligned (tval = the address). An AMO is a
// store as far as faults go: an access fault on its read half is reported as
// StoreAccessFault.
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "models/scalar_core/semantics/exec_table.h"
#include "models/scalar_core/semantics/exec_util.h"

namespace npuvp {

namespace {

constexpr uint64_t kNoReservation = ~uint64_t{0};

template <class T>
inline uint64_t aligned_address(const Hart& h, const Insn& i, Cause misaligned) {
  uint64_t addr = RS1;
  if (addr & (sizeof(T) - 1)) throw Trap{misaligned, addr};
  return addr;
}

// Sign-extends a 32-bit memory value into a register; 64-bit ones as is.
template <class T>
inline uint64_t to_reg(T v) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<std::make_signed_t<T>>(v)));
}

template <class T>
inline uint64_t lr(Hart& h, const Insn& i, uint64_t pc) {
  uint64_t addr = aligned_address<T>(h, i, Cause::LoadMisaligned);
  T v = h.mem->load<T>(addr);
  h.reservation = addr;
  WRITE_RD(to_reg(v));
  return NEXT;
}

template <class T>
inline uint64_t sc(Hart& h, const Insn& i, uint64_t pc) {
  uint64_t addr = aligned_address<T>(h, i, Cause::StoreMisaligned);
  bool reserved = h.reservation == addr;
  h.reservation = kNoReservation;
  if (reserved) h.mem->store<T>(addr, static_cast<T>(RS2));
  WRITE_RD(reserved ? 0 : 1);
  return NEXT;
}

template <class T, class Op>
inline uint64_t amo(Hart& h, const Insn& i, uint64_t pc, Op op) {
  uint64_t addr = aligned_address<T>(h, i, Cause::StoreMisaligned);
  T src = static_cast<T>(RS2);
  T old;
  try {
    old = h.mem->load<T>(addr);
  } catch (Trap& t) {
    if (t.cause == Cause::LoadAccessFault) t.cause = Cause::StoreAccessFault;
    throw;
  }
  h.mem->store<T>(addr, op(old, src));
  WRITE_RD(to_reg(old));
  return NEXT;
}

template <class T>
inline T smin(T a, T b) {
  using S = std::make_signed_t<T>;
  return static_cast<S>(a) < static_cast<S>(b) ? a : b;
}
template <class T>
inline T smax(T a, T b) {
  using S = std::make_signed_t<T>;
  return static_cast<S>(a) > static_cast<S>(b) ? a : b;
}

}  // namespace

#define NPUVP_ATOMICS(sfx, T)                                                              \
  EXEC(lr_##sfx) { return lr<T>(h, i, pc); }                                              \
  EXEC(sc_##sfx) { return sc<T>(h, i, pc); }                                              \
  EXEC(amoswap_##sfx) { return amo<T>(h, i, pc, [](T, T b) { return b; }); }             \
  EXEC(amoadd_##sfx) { return amo<T>(h, i, pc, [](T a, T b) { return T(a + b); }); }     \
  EXEC(amoxor_##sfx) { return amo<T>(h, i, pc, [](T a, T b) { return T(a ^ b); }); }     \
  EXEC(amoand_##sfx) { return amo<T>(h, i, pc, [](T a, T b) { return T(a & b); }); }     \
  EXEC(amoor_##sfx) { return amo<T>(h, i, pc, [](T a, T b) { return T(a | b); }); }      \
  EXEC(amomin_##sfx) { return amo<T>(h, i, pc, smin<T>); }                                \
  EXEC(amomax_##sfx) { return amo<T>(h, i, pc, smax<T>); }                                \
  EXEC(amominu_##sfx) { return amo<T>(h, i, pc, [](T a, T b) { return std::min(a, b); }); } \
  EXEC(amomaxu_##sfx) { return amo<T>(h, i, pc, [](T a, T b) { return std::max(a, b); }); }

NPUVP_ATOMICS(w, uint32_t)
NPUVP_ATOMICS(d, uint64_t)

#undef NPUVP_ATOMICS

}  // namespace npuvp
