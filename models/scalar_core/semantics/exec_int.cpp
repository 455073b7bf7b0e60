// RV64I and M: integer computation, control transfer, loads and stores.
#include <cstdint>
#include <limits>

#include "models/scalar_core/semantics/exec_table.h"
#include "models/scalar_core/semantics/exec_util.h"

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

// --- branches. With C, every even target is aligned: no misaligned-fetch traps.
EXEC(beq) { return RS1 == RS2 ? pc + IMM : NEXT; }
EXEC(bne) { return RS1 != RS2 ? pc + IMM : NEXT; }
EXEC(blt) { return s64(RS1) < s64(RS2) ? pc + IMM : NEXT; }
EXEC(bge) { return s64(RS1) >= s64(RS2) ? pc + IMM : NEXT; }
EXEC(bltu) { return RS1 < RS2 ? pc + IMM : NEXT; }
EXEC(bgeu) { return RS1 >= RS2 ? pc + IMM : NEXT; }

// --- loads and stores
EXEC(lb) { WRITE_RD(load<int8_t>(h, i)); return NEXT; }
EXEC(lh) { WRITE_RD(load<int16_t>(h, i)); return NEXT; }
EXEC(lw) { WRITE_RD(load<int32_t>(h, i)); return NEXT; }
EXEC(ld) { WRITE_RD(load<int64_t>(h, i)); return NEXT; }
EXEC(lbu) { WRITE_RD(load<uint8_t>(h, i)); return NEXT; }
EXEC(lhu) { WRITE_RD(load<uint16_t>(h, i)); return NEXT; }
EXEC(lwu) { WRITE_RD(load<uint32_t>(h, i)); return NEXT; }
EXEC(sb) { store<uint8_t>(h, i); return NEXT; }
EXEC(sh) { store<uint16_t>(h, i); return NEXT; }
EXEC(sw) { store<uint32_t>(h, i); return NEXT; }
EXEC(sd) { store<uint64_t>(h, i); return NEXT; }

// --- register-immediate. Shift amounts are the low bits of imm (the
// decoder may or may not leave the funct bits of srai in it).
EXEC(addi) { WRITE_RD(RS1 + IMM); return NEXT; }
EXEC(slti) { WRITE_RD(s64(RS1) < i.imm ? 1 : 0); return NEXT; }
EXEC(sltiu) { WRITE_RD(RS1 < IMM ? 1 : 0); return NEXT; }
EXEC(xori) { WRITE_RD(RS1 ^ IMM); return NEXT; }
EXEC(ori) { WRITE_RD(RS1 | IMM); return NEXT; }
EXEC(andi) { WRITE_RD(RS1 & IMM); return NEXT; }
EXEC(slli) { WRITE_RD(RS1 << (i.imm & 63)); return NEXT; }
EXEC(srli) { WRITE_RD(RS1 >> (i.imm & 63)); return NEXT; }
EXEC(srai) { WRITE_RD(u64(s64(RS1) >> (i.imm & 63))); return NEXT; }
EXEC(addiw) { WRITE_RD(sext32u(RS1 + IMM)); return NEXT; }
EXEC(slliw) { WRITE_RD(sext32u(static_cast<uint32_t>(RS1) << (i.imm & 31))); return NEXT; }
EXEC(srliw) { WRITE_RD(sext32u(static_cast<uint32_t>(RS1) >> (i.imm & 31))); return NEXT; }
EXEC(sraiw) { WRITE_RD(u64(sext32(RS1) >> (i.imm & 31))); return NEXT; }

// --- register-register
EXEC(add) { WRITE_RD(RS1 + RS2); return NEXT; }
EXEC(sub) { WRITE_RD(RS1 - RS2); return NEXT; }
EXEC(sll) { WRITE_RD(RS1 << (RS2 & 63)); return NEXT; }
EXEC(slt) { WRITE_RD(s64(RS1) < s64(RS2) ? 1 : 0); return NEXT; }
EXEC(sltu) { WRITE_RD(RS1 < RS2 ? 1 : 0); return NEXT; }
EXEC(xor_) { WRITE_RD(RS1 ^ RS2); return NEXT; }
EXEC(srl) { WRITE_RD(RS1 >> (RS2 & 63)); return NEXT; }
EXEC(sra) { WRITE_RD(u64(s64(RS1) >> (RS2 & 63))); return NEXT; }
EXEC(or_) { WRITE_RD(RS1 | RS2); return NEXT; }
EXEC(and_) { WRITE_RD(RS1 & RS2); return NEXT; }
EXEC(addw) { WRITE_RD(sext32u(RS1 + RS2)); return NEXT; }
EXEC(subw) { WRITE_RD(sext32u(RS1 - RS2)); return NEXT; }
EXEC(sllw) { WRITE_RD(sext32u(static_cast<uint32_t>(RS1) << (RS2 & 31))); return NEXT; }
EXEC(srlw) { WRITE_RD(sext32u(static_cast<uint32_t>(RS1) >> (RS2 & 31))); return NEXT; }
EXEC(sraw) { WRITE_RD(u64(sext32(RS1) >> (RS2 & 31))); return NEXT; }

// --- M. Division never traps: x/0 gives all ones (quotient) or the dividend
// (remainder); the signed overflow MIN/-1 gives MIN and remainder 0.
EXEC(mul) { WRITE_RD(RS1 * RS2); return NEXT; }
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
EXEC(mulw) { WRITE_RD(sext32u(RS1 * RS2)); return NEXT; }
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
