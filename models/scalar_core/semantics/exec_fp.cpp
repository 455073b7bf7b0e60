// F and D, through npuvp_softfloat.
//
// Every instruction first requires mstatus.FS != Off. Single-precision
// operands are unboxed (an improperly NaN-boxed register reads as the
// canonical NaN) except by the pure transfers (fsw, fmv.x.w), which move the
// low 32 bits untouched. Instructions with an rm field resolve it (7 = frm)
// and raise illegal instruction on a reserved mode. Writing an f register or
// raising a flag sets FS (and SD) dirty.
#include <cstdint>

#include "isa/numerics/softfloat.h"
#include "models/scalar_core/semantics/exec_table.h"
#include "models/scalar_core/semantics/exec_util.h"

namespace npuvp {

namespace sf = softfloat;
using sem::box_s;
using sem::fp_env;
using sem::fp_flags;
using sem::frs1_s;
using sem::frs2_s;
using sem::frs3_s;
using sem::require_fp;
using sem::sext32u;
using sem::wfd_d;
using sem::wfd_s;

namespace {

constexpr uint32_t kSign32 = uint32_t{1} << 31;
constexpr uint64_t kSign64 = uint64_t{1} << 63;

#define FRS1_D (h.f[i.rs1])
#define FRS2_D (h.f[i.rs2])
#define FRS3_D (h.f[i.rs3])

// The shapes most instructions share; Op is a softfloat function.
template <uint32_t (*Op)(uint32_t, uint32_t, sf::Env&)>
inline uint64_t arith2_s(Hart& h, const Insn& i, uint64_t pc) {
  require_fp(h, i);
  sf::Env e = fp_env(h, i);
  uint32_t r = Op(frs1_s(h, i), frs2_s(h, i), e);
  wfd_s(h, i, r);
  fp_flags(h, e);
  return NEXT;
}
template <uint64_t (*Op)(uint64_t, uint64_t, sf::Env&)>
inline uint64_t arith2_d(Hart& h, const Insn& i, uint64_t pc) {
  require_fp(h, i);
  sf::Env e = fp_env(h, i);
  uint64_t r = Op(FRS1_D, FRS2_D, e);
  wfd_d(h, i, r);
  fp_flags(h, e);
  return NEXT;
}
// fmin/fmax: no rounding-mode field.
template <uint32_t (*Op)(uint32_t, uint32_t, sf::Env&)>
inline uint64_t minmax_s(Hart& h, const Insn& i, uint64_t pc) {
  require_fp(h, i);
  sf::Env e;
  uint32_t r = Op(frs1_s(h, i), frs2_s(h, i), e);
  wfd_s(h, i, r);
  fp_flags(h, e);
  return NEXT;
}
template <uint64_t (*Op)(uint64_t, uint64_t, sf::Env&)>
inline uint64_t minmax_d(Hart& h, const Insn& i, uint64_t pc) {
  require_fp(h, i);
  sf::Env e;
  uint64_t r = Op(FRS1_D, FRS2_D, e);
  wfd_d(h, i, r);
  fp_flags(h, e);
  return NEXT;
}
// Comparisons write an integer register.
template <bool (*Op)(uint32_t, uint32_t, sf::Env&)>
inline uint64_t cmp_s(Hart& h, const Insn& i, uint64_t pc) {
  require_fp(h, i);
  sf::Env e;
  bool r = Op(frs1_s(h, i), frs2_s(h, i), e);
  WRITE_RD(r ? 1 : 0);
  fp_flags(h, e);
  return NEXT;
}
template <bool (*Op)(uint64_t, uint64_t, sf::Env&)>
inline uint64_t cmp_d(Hart& h, const Insn& i, uint64_t pc) {
  require_fp(h, i);
  sf::Env e;
  bool r = Op(FRS1_D, FRS2_D, e);
  WRITE_RD(r ? 1 : 0);
  fp_flags(h, e);
  return NEXT;
}
// The fused multiply-adds: the variants negate the product and/or the addend
// by flipping input signs, which is exact (the product is never rounded, and
// any NaN result is canonical whatever the signs of NaN inputs).
inline uint64_t fma_s(Hart& h, const Insn& i, uint64_t pc, uint32_t neg_a, uint32_t neg_c) {
  require_fp(h, i);
  sf::Env e = fp_env(h, i);
  uint32_t r = sf::f32_fma(frs1_s(h, i) ^ neg_a, frs2_s(h, i), frs3_s(h, i) ^ neg_c, e);
  wfd_s(h, i, r);
  fp_flags(h, e);
  return NEXT;
}
inline uint64_t fma_d(Hart& h, const Insn& i, uint64_t pc, uint64_t neg_a, uint64_t neg_c) {
  require_fp(h, i);
  sf::Env e = fp_env(h, i);
  uint64_t r = sf::f64_fma(FRS1_D ^ neg_a, FRS2_D, FRS3_D ^ neg_c, e);
  wfd_d(h, i, r);
  fp_flags(h, e);
  return NEXT;
}
// Sign injection: pure bit operations on the (unboxed) operands.
inline uint64_t sgnj_s(Hart& h, const Insn& i, uint64_t pc, uint32_t (*sign)(uint32_t, uint32_t)) {
  require_fp(h, i);
  uint32_t a = frs1_s(h, i), b = frs2_s(h, i);
  wfd_s(h, i, (a & ~kSign32) | (sign(a, b) & kSign32));
  return NEXT;
}
inline uint64_t sgnj_d(Hart& h, const Insn& i, uint64_t pc, uint64_t (*sign)(uint64_t, uint64_t)) {
  require_fp(h, i);
  uint64_t a = FRS1_D, b = FRS2_D;
  wfd_d(h, i, (a & ~kSign64) | (sign(a, b) & kSign64));
  return NEXT;
}
// float -> integer: rd gets the result, 32-bit ones sign-extended.
template <class R, class T, R (*Op)(T, sf::Env&)>
inline uint64_t to_int(Hart& h, const Insn& i, uint64_t pc, T a) {
  sf::Env e = fp_env(h, i);
  R r = Op(a, e);
  if constexpr (sizeof(R) == 4) {
    WRITE_RD(sext32u(static_cast<uint32_t>(r)));
  } else {
    WRITE_RD(static_cast<uint64_t>(r));
  }
  fp_flags(h, e);
  return NEXT;
}

}  // namespace

// --- loads and stores: raw bits, no canonicalisation
EXEC(flw) {
  require_fp(h, i);
  uint32_t v = h.mem->load<uint32_t>(RS1 + IMM);
  wfd_s(h, i, v);
  return NEXT;
}
EXEC(fsw) {
  require_fp(h, i);
  h.mem->store<uint32_t>(RS1 + IMM, static_cast<uint32_t>(h.f[i.rs2]));
  return NEXT;
}
EXEC(fld) {
  require_fp(h, i);
  uint64_t v = h.mem->load<uint64_t>(RS1 + IMM);
  wfd_d(h, i, v);
  return NEXT;
}
EXEC(fsd) {
  require_fp(h, i);
  h.mem->store<uint64_t>(RS1 + IMM, h.f[i.rs2]);
  return NEXT;
}

// --- arithmetic
EXEC(fadd_s) { return arith2_s<sf::f32_add>(h, i, pc); }
EXEC(fsub_s) { return arith2_s<sf::f32_sub>(h, i, pc); }
EXEC(fmul_s) { return arith2_s<sf::f32_mul>(h, i, pc); }
EXEC(fdiv_s) { return arith2_s<sf::f32_div>(h, i, pc); }
EXEC(fadd_d) { return arith2_d<sf::f64_add>(h, i, pc); }
EXEC(fsub_d) { return arith2_d<sf::f64_sub>(h, i, pc); }
EXEC(fmul_d) { return arith2_d<sf::f64_mul>(h, i, pc); }
EXEC(fdiv_d) { return arith2_d<sf::f64_div>(h, i, pc); }
EXEC(fsqrt_s) {
  require_fp(h, i);
  sf::Env e = fp_env(h, i);
  uint32_t r = sf::f32_sqrt(frs1_s(h, i), e);
  wfd_s(h, i, r);
  fp_flags(h, e);
  return NEXT;
}
EXEC(fsqrt_d) {
  require_fp(h, i);
  sf::Env e = fp_env(h, i);
  uint64_t r = sf::f64_sqrt(FRS1_D, e);
  wfd_d(h, i, r);
  fp_flags(h, e);
  return NEXT;
}
EXEC(fmin_s) { return minmax_s<sf::f32_min>(h, i, pc); }
EXEC(fmax_s) { return minmax_s<sf::f32_max>(h, i, pc); }
EXEC(fmin_d) { return minmax_d<sf::f64_min>(h, i, pc); }
EXEC(fmax_d) { return minmax_d<sf::f64_max>(h, i, pc); }

// --- fused multiply-add: fmadd a*b+c, fmsub a*b-c, fnmsub -(a*b)+c, fnmadd -(a*b)-c
EXEC(fmadd_s) { return fma_s(h, i, pc, 0, 0); }
EXEC(fmsub_s) { return fma_s(h, i, pc, 0, kSign32); }
EXEC(fnmsub_s) { return fma_s(h, i, pc, kSign32, 0); }
EXEC(fnmadd_s) { return fma_s(h, i, pc, kSign32, kSign32); }
EXEC(fmadd_d) { return fma_d(h, i, pc, 0, 0); }
EXEC(fmsub_d) { return fma_d(h, i, pc, 0, kSign64); }
EXEC(fnmsub_d) { return fma_d(h, i, pc, kSign64, 0); }
EXEC(fnmadd_d) { return fma_d(h, i, pc, kSign64, kSign64); }

// --- sign injection
EXEC(fsgnj_s) { return sgnj_s(h, i, pc, [](uint32_t, uint32_t b) { return b; }); }
EXEC(fsgnjn_s) { return sgnj_s(h, i, pc, [](uint32_t, uint32_t b) { return ~b; }); }
EXEC(fsgnjx_s) { return sgnj_s(h, i, pc, [](uint32_t a, uint32_t b) { return a ^ b; }); }
EXEC(fsgnj_d) { return sgnj_d(h, i, pc, [](uint64_t, uint64_t b) { return b; }); }
EXEC(fsgnjn_d) { return sgnj_d(h, i, pc, [](uint64_t, uint64_t b) { return ~b; }); }
EXEC(fsgnjx_d) { return sgnj_d(h, i, pc, [](uint64_t a, uint64_t b) { return a ^ b; }); }

// --- comparisons and classification
EXEC(feq_s) { return cmp_s<sf::f32_eq>(h, i, pc); }
EXEC(flt_s) { return cmp_s<sf::f32_lt>(h, i, pc); }
EXEC(fle_s) { return cmp_s<sf::f32_le>(h, i, pc); }
EXEC(feq_d) { return cmp_d<sf::f64_eq>(h, i, pc); }
EXEC(flt_d) { return cmp_d<sf::f64_lt>(h, i, pc); }
EXEC(fle_d) { return cmp_d<sf::f64_le>(h, i, pc); }
EXEC(fclass_s) {
  require_fp(h, i);
  WRITE_RD(sf::f32_classify(frs1_s(h, i)));
  return NEXT;
}
EXEC(fclass_d) {
  require_fp(h, i);
  WRITE_RD(sf::f64_classify(FRS1_D));
  return NEXT;
}

// --- moves between register files: raw bits
EXEC(fmv_x_w) {
  require_fp(h, i);
  WRITE_RD(sext32u(h.f[i.rs1]));
  return NEXT;
}
EXEC(fmv_w_x) {
  require_fp(h, i);
  wfd_s(h, i, static_cast<uint32_t>(RS1));
  return NEXT;
}
EXEC(fmv_x_d) {
  require_fp(h, i);
  WRITE_RD(h.f[i.rs1]);
  return NEXT;
}
EXEC(fmv_d_x) {
  require_fp(h, i);
  wfd_d(h, i, RS1);
  return NEXT;
}

// --- float -> integer (saturating; see softfloat.h)
#define NPUVP_TO_INT(name, R, P, T, operand)                          \
  EXEC(name) {                                                       \
    require_fp(h, i);                                                \
    return to_int<R, T, sf::P>(h, i, pc, operand);                  \
  }
NPUVP_TO_INT(fcvt_w_s, int32_t, f32_to_i32, uint32_t, frs1_s(h, i))
NPUVP_TO_INT(fcvt_wu_s, uint32_t, f32_to_u32, uint32_t, frs1_s(h, i))
NPUVP_TO_INT(fcvt_l_s, int64_t, f32_to_i64, uint32_t, frs1_s(h, i))
NPUVP_TO_INT(fcvt_lu_s, uint64_t, f32_to_u64, uint32_t, frs1_s(h, i))
NPUVP_TO_INT(fcvt_w_d, int32_t, f64_to_i32, uint64_t, FRS1_D)
NPUVP_TO_INT(fcvt_wu_d, uint32_t, f64_to_u32, uint64_t, FRS1_D)
NPUVP_TO_INT(fcvt_l_d, int64_t, f64_to_i64, uint64_t, FRS1_D)
NPUVP_TO_INT(fcvt_lu_d, uint64_t, f64_to_u64, uint64_t, FRS1_D)
#undef NPUVP_TO_INT

// --- integer -> float, and between formats
#define NPUVP_FROM(name, P, arg, write)    \
  EXEC(name) {                             \
    require_fp(h, i);                      \
    sf::Env e = fp_env(h, i);              \
    auto r = sf::P(arg, e);                \
    write(h, i, r);                        \
    fp_flags(h, e);                        \
    return NEXT;                           \
  }
NPUVP_FROM(fcvt_s_w, f32_from_i32, static_cast<int32_t>(RS1), wfd_s)
NPUVP_FROM(fcvt_s_wu, f32_from_u32, static_cast<uint32_t>(RS1), wfd_s)
NPUVP_FROM(fcvt_s_l, f32_from_i64, static_cast<int64_t>(RS1), wfd_s)
NPUVP_FROM(fcvt_s_lu, f32_from_u64, RS1, wfd_s)
NPUVP_FROM(fcvt_d_w, f64_from_i32, static_cast<int32_t>(RS1), wfd_d)
NPUVP_FROM(fcvt_d_wu, f64_from_u32, static_cast<uint32_t>(RS1), wfd_d)
NPUVP_FROM(fcvt_d_l, f64_from_i64, static_cast<int64_t>(RS1), wfd_d)
NPUVP_FROM(fcvt_d_lu, f64_from_u64, RS1, wfd_d)
NPUVP_FROM(fcvt_s_d, f64_to_f32, FRS1_D, wfd_s)
NPUVP_FROM(fcvt_d_s, f32_to_f64, frs1_s(h, i), wfd_d)
#undef NPUVP_FROM

}  // namespace npuvp
