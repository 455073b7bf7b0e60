// RV64I and M: integer computation, control transfer, loads and stores.
#include <cstdint>
#include <limits>

#include "models/scalar_core/semantics/exec_table.h"
#include "models/scalar_core/semantics/exec_util.h"
#include "models/scalar_core/semantics/int_ops.h"

namespace npuvp {

using sem::sext32;
using sem::sext32u;

namespace {

inline int64_t s64(uint64_t v) { return static_cast<int64_t>(v); }
inline uint64_t u64(int64_t v) { return static_cast<uint64_t>(v); }

// Load of a T at rs1+imm, sign- or zero-extended by T's signedness.
template <class T>
inline uint64_t load(Hart& h, const Insn& i) {
  return u64(static_cast<int64_t>(h.mem->load<T>(RS1 + IMM)));
}
template <class T>
inline void store(Hart& h, const Insn& i) {
  h.mem->store<T>(RS1 + IMM, static_cast<T>(RS2));
}

constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();
constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();

}  // namespace

// --- upper immediates and jumps. The decoder gives lui/auipc their
// immediate already shifted into place (imm[31:12] << 12, sign-extended).
EXEC(lui) { WRITE_RD(IMM); return NEXT; }
EXEC(auipc) { WRITE_RD(pc + IMM); return NEXT; }
EXEC(jal) { WRITE_RD(NEXT); return pc + IMM; }
EXEC(jalr) {
  uint64_t target = (RS1 + IMM) & ~uint64_t{1};  // before rd: rd may be rs1
  WRITE_RD(NEXT);
  return target;
}

// --- branches, loads and stores, register-immediate and register-register:
// generated from the lists in int_ops.h, which the functional fast loop
// inlines as well.
#define BRANCH_EXEC(name, cond) \
  EXEC(name) {                  \
    const uint64_t a = RS1, b = RS2; \
    return (cond) ? pc + IMM : NEXT; \
  }
NPUVP_BRANCH_OPS(BRANCH_EXEC)
#undef BRANCH_EXEC

#define LOAD_EXEC(name, T) \
  EXEC(name) { WRITE_RD(load<T>(h, i)); return NEXT; }
NPUVP_LOAD_OPS(LOAD_EXEC)
#undef LOAD_EXEC

#define STORE_EXEC(name, T) \
  EXEC(name) { store<T>(h, i); return NEXT; }
NPUVP_STORE_OPS(STORE_EXEC)
#undef STORE_EXEC

#define RI_EXEC(name, expr)             \
  EXEC(name) {                          \
    const uint64_t a = RS1, imm = IMM;  \
    WRITE_RD(expr);                     \
    return NEXT;                        \
  }
NPUVP_INT_RI_OPS(RI_EXEC)
#undef RI_EXEC

#define RR_EXEC(name, expr)            \
  EXEC(name) {                         \
    const uint64_t a = RS1, b = RS2;   \
    WRITE_RD(expr);                    \
    return NEXT;                       \
  }
NPUVP_INT_RR_OPS(RR_EXEC)
#undef RR_EXEC

// --- M. Division never traps: x/0 gives all ones (quotient) or the dividend
// (remainder); the signed overflow MIN/-1 gives MIN and remainder 0.
EXEC(mulh) {
  __int128 p = static_cast<__int128>(s64(RS1)) * s64(RS2);
  WRITE_RD(static_cast<uint64_t>(p >> 64));
  return NEXT;
}
EXEC(mulhsu) {
  // |signed| <= 2^63 times unsigned < 2^64 fits a signed 128-bit product.
  __int128 p = static_cast<__int128>(s64(RS1)) * static_cast<__int128>(RS2);
  WRITE_RD(static_cast<uint64_t>(p >> 64));
  return NEXT;
}
EXEC(mulhu) {
  unsigned __int128 p = static_cast<unsigned __int128>(RS1) * RS2;
  WRITE_RD(static_cast<uint64_t>(p >> 64));
  return NEXT;
}
EXEC(div) {
  int64_t a = s64(RS1), b = s64(RS2);
  WRITE_RD(b == 0 ? ~uint64_t{0} : (a == kMin64 && b == -1) ? u64(a) : u64(a / b));
  return NEXT;
}
EXEC(divu) {
  uint64_t a = RS1, b = RS2;
  WRITE_RD(b == 0 ? ~uint64_t{0} : a / b);
  return NEXT;
}
EXEC(rem) {
  int64_t a = s64(RS1), b = s64(RS2);
  WRITE_RD(b == 0 ? u64(a) : (a == kMin64 && b == -1) ? 0 : u64(a % b));
  return NEXT;
}
EXEC(remu) {
  uint64_t a = RS1, b = RS2;
  WRITE_RD(b == 0 ? a : a % b);
  return NEXT;
}
EXEC(divw) {
  int32_t a = static_cast<int32_t>(RS1), b = static_cast<int32_t>(RS2);
  int32_t q = b == 0 ? -1 : (a == kMin32 && b == -1) ? a : a / b;
  WRITE_RD(u64(q));
  return NEXT;
}
EXEC(divuw) {
  uint32_t a = static_cast<uint32_t>(RS1), b = static_cast<uint32_t>(RS2);
  WRITE_RD(sext32u(b == 0 ? ~uint32_t{0} : a / b));
  return NEXT;
}
EXEC(remw) {
  int32_t a = static_cast<int32_t>(RS1), b = static_cast<int32_t>(RS2);
  int32_t r = b == 0 ? a : (a == kMin32 && b == -1) ? 0 : a % b;
  WRITE_RD(u64(r));
  return NEXT;
}
EXEC(remuw) {
  uint32_t a = static_cast<uint32_t>(RS1), b = static_cast<uint32_t>(RS2);
  WRITE_RD(sext32u(b == 0 ? a : a % b));
  return NEXT;
}

}  // namespace npuvp
