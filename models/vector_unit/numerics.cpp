// Element arithmetic (numerics.h): a switch on the type, then softfloat (f32
// +, -, *, /, fma, sqrt in RNE on the host FPU, bit-identical: host_f32.h).
#include "models/vector_unit/numerics.h"

#include "isa/numerics/softfloat.h"
#include "models/vector_unit/host_f32.h"

namespace npuvp::vector_unit::num {
namespace sf = softfloat;
using isa::xnpu::dtype_bytes;
using isa::xnpu::is_float;

namespace {

int64_t sext(uint32_t v, unsigned bits) {
  const uint64_t m = uint64_t{1} << (bits - 1);
  const uint64_t x = v & ((m << 1) - 1);
  return static_cast<int64_t>((x ^ m) - m);
}
unsigned width(DType t) { return 8 * dtype_bytes(t); }
uint32_t trunc_bits(DType t, uint64_t v) {
  return width(t) == 32 ? static_cast<uint32_t>(v) : static_cast<uint32_t>(v & ((1u << width(t)) - 1));
}
// Integer value of a bit pattern of type t (signed or unsigned).
int64_t ival(DType t, uint32_t v) {
  return isa::xnpu::is_signed_int(t) ? sext(v, width(t)) : static_cast<int64_t>(v & (width(t) == 32 ? ~0u : (1u << width(t)) - 1));
}
int64_t int_min(DType t) { return isa::xnpu::is_signed_int(t) ? -(int64_t{1} << (width(t) - 1)) : 0; }
int64_t int_max(DType t) {
  return isa::xnpu::is_signed_int(t) ? (int64_t{1} << (width(t) - 1)) - 1 : (int64_t{1} << width(t)) - 1;
}
uint32_t saturate(DType t, int64_t v) {
  if (v < int_min(t)) v = int_min(t);
  if (v > int_max(t)) v = int_max(t);
  return trunc_bits(t, static_cast<uint64_t>(v));
}

bool is_nan(DType t, uint32_t a) {
  switch (t) {
    case DType::f16: return sf::f16_is_nan(static_cast<uint16_t>(a));
    case DType::bf16: return sf::bf16_is_nan(static_cast<uint16_t>(a));
    case DType::f32: return sf::f32_is_nan(a);
    default: return false;
  }
}
uint32_t default_nan(DType t) {
  switch (t) {
    case DType::f16: return sf::kF16DefaultNan;
    case DType::bf16: return sf::kBf16DefaultNan;
    default: return sf::kF32DefaultNan;
  }
}
uint32_t sign_bit(DType t) { return 1u << (width(t) - 1); }

// Binary softfloat operation by type.
#define NPUVP_FLOAT_BINOP(fn)                                                                    \
  switch (t) {                                                                                   \
    case DType::f16: return sf::f16_##fn(static_cast<uint16_t>(a), static_cast<uint16_t>(b), e); \
    case DType::bf16: return sf::bf16_##fn(static_cast<uint16_t>(a), static_cast<uint16_t>(b), e); \
    default: return sf::f32_##fn(a, b, e);                                                        \
  }

// f32 +, -, *, / on the host FPU (host_f32.h: the same bits as softfloat RNE);
// f16 and bf16 by softfloat.
#define NPUVP_HOST_F32_BINOP(fn)                         \
  uint32_t f##fn(DType t, uint32_t a, uint32_t b) {      \
    if (t == DType::f32) return hf::fn(a, b);            \
    sf::Env e;                                           \
    NPUVP_FLOAT_BINOP(fn)                                \
  }
NPUVP_HOST_F32_BINOP(add)
NPUVP_HOST_F32_BINOP(sub)
NPUVP_HOST_F32_BINOP(mul)
NPUVP_HOST_F32_BINOP(div)
#undef NPUVP_HOST_F32_BINOP
uint32_t fmax(DType t, uint32_t a, uint32_t b) { sf::Env e; NPUVP_FLOAT_BINOP(max) }
uint32_t fmin(DType t, uint32_t a, uint32_t b) { sf::Env e; NPUVP_FLOAT_BINOP(min) }
#undef NPUVP_FLOAT_BINOP

bool flt(DType t, uint32_t a, uint32_t b) {
  sf::Env e;
  switch (t) {
    case DType::f16: return sf::f16_lt(static_cast<uint16_t>(a), static_cast<uint16_t>(b), e);
    case DType::bf16: return sf::bf16_lt(static_cast<uint16_t>(a), static_cast<uint16_t>(b), e);
    default: return sf::f32_lt(a, b, e);
  }
}
bool feq(DType t, uint32_t a, uint32_t b) {
  sf::Env e;
  switch (t) {
    case DType::f16: return sf::f16_eq(static_cast<uint16_t>(a), static_cast<uint16_t>(b), e);
    case DType::bf16: return sf::bf16_eq(static_cast<uint16_t>(a), static_cast<uint16_t>(b), e);
    default: return sf::f32_eq(a, b, e);
  }
}

// Float bit pattern of type t -> f32 (exact).
uint32_t widen(DType t, uint32_t a) {
  sf::Env e;
  switch (t) {
    case DType::f16: return sf::f16_to_f32(static_cast<uint16_t>(a), e);
    case DType::bf16: return sf::bf16_to_f32(static_cast<uint16_t>(a), e);
    default: return a;
  }
}

sf::Rounding to_softfloat(RoundMode rm) {
  switch (rm) {
#ifdef NPUVP_FAULT_FLOOR_AS_CEIL  // a broken model for the conformance suite's fault test (tests/xnpu_conform)
    case RoundMode::floor: return sf::kRup;
#else
    case RoundMode::floor: return sf::kRdn;
#endif
    case RoundMode::ceil: return sf::kRup;
    case RoundMode::round: return sf::kRmm;
    case RoundMode::trunc:
    case RoundMode::odd: return sf::kRtz;
    default: return sf::kRne;
  }
}

// f32 -> float type `to` under rm (round to odd: truncate, then set the last
// bit when inexact).
uint32_t f32_to_float(uint32_t a, DType to, RoundMode rm) {
  sf::Env e;
  e.rm = to_softfloat(rm);
  uint32_t r;
  switch (to) {
    case DType::f16: r = sf::f32_to_f16(a, e); break;
    case DType::bf16: r = sf::f32_to_bf16(a, e); break;
    default: r = a; break;
  }
  if (rm == RoundMode::odd && (e.flags & sf::kInexact) && !is_nan(to, r)) r |= 1;
  return r;
}

// Integer -> float type `to` under rm.
uint32_t int_to_float(int64_t v, DType to, RoundMode rm) {
  sf::Env e;
  e.rm = to_softfloat(rm);
  uint32_t r;
  const auto i = static_cast<int32_t>(v);  // every source integer type fits in 32 bits
  switch (to) {
    case DType::f16: r = sf::f16_from_i32(i, e); break;
    case DType::bf16: r = sf::bf16_from_i32(i, e); break;
    default: r = sf::f32_from_i32(i, e); break;
  }
  if (rm == RoundMode::odd && (e.flags & sf::kInexact)) r |= 1;
  return r;
}

// f32 -> integer type `to`: rounded by rm, saturated, NaN -> 0.
uint32_t f32_to_int(uint32_t a, DType to, RoundMode rm) {
  if (sf::f32_is_nan(a)) return 0;
  sf::Env e;
  e.rm = to_softfloat(rm);
  int64_t v = sf::f32_to_i64(a, e);
  if (rm == RoundMode::odd && (e.flags & sf::kInexact) && (v & 1) == 0) v += (a >> 31) ? -1 : 1;
  return saturate(to, v);
}

}  // namespace

uint32_t add(DType t, uint32_t a, uint32_t b) {
  return is_float(t) ? fadd(t, a, b) : trunc_bits(t, static_cast<uint64_t>(ival(t, a) + ival(t, b)));
}
uint32_t sub(DType t, uint32_t a, uint32_t b) {
  return is_float(t) ? fsub(t, a, b) : trunc_bits(t, static_cast<uint64_t>(ival(t, a) - ival(t, b)));
}
uint32_t mul(DType t, uint32_t a, uint32_t b) {
  if (is_float(t)) return fmul(t, a, b);
  return trunc_bits(t, static_cast<uint64_t>(ival(t, a)) * static_cast<uint64_t>(ival(t, b)));
}
uint32_t div(DType t, uint32_t a, uint32_t b) { return fdiv(t, a, b); }

uint32_t max(DType t, uint32_t a, uint32_t b) {
  if (!is_float(t)) return ival(t, a) >= ival(t, b) ? a : b;
  if (is_nan(t, a) || is_nan(t, b)) return default_nan(t);
  return fmax(t, a, b);
}
uint32_t min(DType t, uint32_t a, uint32_t b) {
  if (!is_float(t)) return ival(t, a) <= ival(t, b) ? a : b;
  if (is_nan(t, a) || is_nan(t, b)) return default_nan(t);
  return fmin(t, a, b);
}

uint32_t fma(DType t, uint32_t a, uint32_t b, uint32_t c) {
  if (!is_float(t)) return add(t, mul(t, a, b), c);
  sf::Env e;
  switch (t) {
    case DType::f16:
      return sf::f16_fma(static_cast<uint16_t>(a), static_cast<uint16_t>(b), static_cast<uint16_t>(c), e);
    case DType::bf16:
      return sf::bf16_fma(static_cast<uint16_t>(a), static_cast<uint16_t>(b), static_cast<uint16_t>(c), e);
    default: return hf::fma(a, b, c);
  }
}

uint32_t abs(DType t, uint32_t a) {
  if (!is_float(t)) return ival(t, a) < 0 ? trunc_bits(t, static_cast<uint64_t>(-ival(t, a))) : a;
  if (is_nan(t, a)) return default_nan(t);
  return a & ~sign_bit(t);
}

uint32_t relu(DType t, uint32_t a) {
  if (!is_float(t)) return ival(t, a) < 0 ? 0 : a;
  if (is_nan(t, a)) return default_nan(t);
  return (a & sign_bit(t)) ? 0 : a;
}

uint32_t leaky_relu(DType t, uint32_t a, uint32_t alpha) {
  if (is_nan(t, a)) return default_nan(t);
  return (a & sign_bit(t)) ? fmul(t, a, alpha) : a;
}

uint32_t sqrt(DType t, uint32_t a) {
  sf::Env e;
  switch (t) {
    case DType::f16: return sf::f16_sqrt(static_cast<uint16_t>(a), e);
    case DType::bf16: return sf::bf16_sqrt(static_cast<uint16_t>(a), e);
    default: return hf::sqrt(a);
  }
}

uint32_t reciprocal(DType t, uint32_t a) {
  const uint32_t one = t == DType::f16 ? 0x3c00u : t == DType::bf16 ? 0x3f80u : 0x3f800000u;
  return fdiv(t, one, a);
}

uint32_t exp(DType t, uint32_t a) { return f32_to_float(exp_f32(widen(t, a)), t, RoundMode::rint); }
uint32_t ln(DType t, uint32_t a) { return f32_to_float(ln_f32(widen(t, a)), t, RoundMode::rint); }
uint32_t rsqrt(DType t, uint32_t a) { return f32_to_float(rsqrt_f32(widen(t, a)), t, RoundMode::rint); }

bool compare(Cmp c, DType t, uint32_t a, uint32_t b) {
  if (!is_float(t)) {
    const int64_t x = ival(t, a), y = ival(t, b);
    switch (c) {
      case Cmp::eq: return x == y;
      case Cmp::ne: return x != y;
      case Cmp::lt: return x < y;
      case Cmp::gt: return x > y;
      case Cmp::le: return x <= y;
      case Cmp::ge: return x >= y;
    }
    return false;
  }
  switch (c) {
    case Cmp::eq: return feq(t, a, b);
    case Cmp::ne: return !feq(t, a, b);
    case Cmp::lt: return flt(t, a, b);
    case Cmp::gt: return flt(t, b, a);
    case Cmp::le: return flt(t, a, b) || feq(t, a, b);
    case Cmp::ge: return flt(t, b, a) || feq(t, a, b);
  }
  return false;
}

uint32_t convert(DType from, DType to, uint32_t bits, RoundMode rm) {
  if (is_float(from)) {
    const uint32_t w = widen(from, bits);  // exact
    return is_float(to) ? f32_to_float(w, to, rm) : f32_to_int(w, to, rm);
  }
  const int64_t v = ival(from, bits);
  return is_float(to) ? int_to_float(v, to, rm) : saturate(to, v);
}

}  // namespace npuvp::vector_unit::num
