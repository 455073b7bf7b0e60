// The RV64I/M integer operations as lists of expressions: the one description
// of each that both the semantic functions (exec_int.cpp) and the functional
// fast loop (scalar_core.cpp, which inlines the hot ones) expand. Keeping a
// single list is what keeps the two paths architecturally identical.
#pragma once

#include <cstdint>

namespace npuvp::iop {

inline int64_t s64(uint64_t v) { return static_cast<int64_t>(v); }
inline uint64_t u64(int64_t v) { return static_cast<uint64_t>(v); }
inline int64_t sext32(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
inline uint64_t sext32u(uint64_t v) { return static_cast<uint64_t>(sext32(v)); }
inline uint32_t lo32(uint64_t v) { return static_cast<uint32_t>(v); }

}  // namespace npuvp::iop

// X(name, expr): rd = expr, of a = x[rs1] and b = x[rs2] (uint64_t).
#define NPUVP_INT_RR_OPS(X)                                        \
  X(add, a + b)                                                    \
  X(sub, a - b)                                                    \
  X(sll, a << (b & 63))                                            \
  X(slt, iop::s64(a) < iop::s64(b) ? 1 : 0)                        \
  X(sltu, a < b ? 1 : 0)                                           \
  X(xor_, a ^ b)                                                   \
  X(srl, a >> (b & 63))                                            \
  X(sra, iop::u64(iop::s64(a) >> (b & 63)))                        \
  X(or_, a | b)                                                    \
  X(and_, a & b)                                                   \
  X(addw, iop::sext32u(a + b))                                     \
  X(subw, iop::sext32u(a - b))                                     \
  X(sllw, iop::sext32u(iop::lo32(a) << (b & 31)))                  \
  X(srlw, iop::sext32u(iop::lo32(a) >> (b & 31)))                  \
  X(sraw, iop::u64(iop::sext32(a) >> (b & 31)))                    \
  X(mul, a * b)                                                    \
  X(mulw, iop::sext32u(a * b))

// X(name, expr): rd = expr, of a = x[rs1] and imm = the sign-extended
// immediate (uint64_t). Shift amounts are the low bits of imm (the decoder
// may or may not leave the funct bits of srai in it).
#define NPUVP_INT_RI_OPS(X)                                        \
  X(addi, a + imm)                                                 \
  X(slti, iop::s64(a) < iop::s64(imm) ? 1 : 0)                     \
  X(sltiu, a < imm ? 1 : 0)                                        \
  X(xori, a ^ imm)                                                 \
  X(ori, a | imm)                                                  \
  X(andi, a & imm)                                                 \
  X(slli, a << (imm & 63))                                         \
  X(srli, a >> (imm & 63))                                         \
  X(srai, iop::u64(iop::s64(a) >> (imm & 63)))                     \
  X(addiw, iop::sext32u(a + imm))                                  \
  X(slliw, iop::sext32u(iop::lo32(a) << (imm & 31)))               \
  X(srliw, iop::sext32u(iop::lo32(a) >> (imm & 31)))               \
  X(sraiw, iop::u64(iop::sext32(a) >> (imm & 31)))

// X(name, cond): taken when cond holds, of a = x[rs1] and b = x[rs2]. With
// C, every even target is aligned: no misaligned-fetch traps.
#define NPUVP_BRANCH_OPS(X)                                        \
  X(beq, a == b)                                                   \
  X(bne, a != b)                                                   \
  X(blt, iop::s64(a) < iop::s64(b))                                \
  X(bge, iop::s64(a) >= iop::s64(b))                               \
  X(bltu, a < b)                                                   \
  X(bgeu, a >= b)

// X(name, T): rd = the T at x[rs1] + imm, sign- or zero-extended by T.
#define NPUVP_LOAD_OPS(X) \
  X(lb, int8_t)           \
  X(lh, int16_t)          \
  X(lw, int32_t)          \
  X(ld, int64_t)          \
  X(lbu, uint8_t)         \
  X(lhu, uint16_t)        \
  X(lwu, uint32_t)

// X(name, T): the low T of x[rs2] to x[rs1] + imm.
#define NPUVP_STORE_OPS(X) \
  X(sb, uint8_t)           \
  X(sh, uint16_t)          \
  X(sw, uint32_t)          \
  X(sd, uint64_t)
