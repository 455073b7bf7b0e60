#include "isa/conformance/reference.h"

#include <cfenv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace npuvp::conformance {

namespace {

struct FloatFormat {
  int precision;  // significand bits, the hidden one included
  int exp_bits;
  int bias() const { return (1 << (exp_bits - 1)) - 1; }
  int emax() const { return bias(); }
  int emin() const { return 1 - bias(); }
};

FloatFormat format_of(Type t) {
  switch (t) {
    case Type::f16: return {11, 5};
    case Type::bf16: return {8, 8};
    default: return {24, 8};
  }
}

unsigned bits_of(Type t) { return size_of(t) * 8; }

// Rounds q (a double, not necessarily an integer) to an integer by mode r.
double round_integer(double q, Round r) {
  switch (r) {
    case Round::none:
    case Round::rint: return std::nearbyint(q);  // the host's default mode: nearest even
    case Round::floor: return std::floor(q);
    case Round::ceil: return std::ceil(q);
    case Round::round: return std::round(q);  // ties away from zero
    case Round::trunc: return std::trunc(q);
    case Round::odd: {
      double t = std::trunc(q);
      if (t != q && std::fmod(t, 2.0) == 0) t += std::copysign(1.0, q);
      return t;
    }
  }
  return q;
}

uint32_t encode_float(Type t, double v, Round r) {
  const FloatFormat f = format_of(t);
  const unsigned w = bits_of(t);
  const uint32_t sign = std::signbit(v) ? 1u << (w - 1) : 0u;
  const uint32_t exp_all = ((1u << f.exp_bits) - 1) << (f.precision - 1);
  if (std::isnan(v)) return canonical_nan(t);
  if (std::isinf(v)) return sign | exp_all;
  if (v == 0) return sign;
  const double a = std::fabs(v);
  int e2 = 0;
  std::frexp(a, &e2);
  int e = e2 - 1;  // a in [2^e, 2^(e+1))
  if (e < f.emin()) e = f.emin();
  const int quantum = e - (f.precision - 1);
  const double q = std::ldexp(v, -quantum);  // exact: a power-of-two scaling
  const double mag = std::fabs(round_integer(q, r));
  const double max_finite = std::ldexp(std::ldexp(1.0, f.precision) - 1, f.emax() - f.precision + 1);
  double result = std::ldexp(mag, quantum);
  if (result > max_finite) {
    // Overflow: to infinity when the mode rounds away from zero on this side.
    const bool neg = sign != 0;
    bool to_inf = false;
    switch (r) {
      case Round::none:
      case Round::rint:
      case Round::round: to_inf = true; break;
      case Round::floor: to_inf = neg; break;
      case Round::ceil: to_inf = !neg; break;
      case Round::trunc:
      case Round::odd: to_inf = false; break;
    }
    if (to_inf) return sign | exp_all;
    result = max_finite;
  }
  if (result == 0) return sign;
  int re2 = 0;
  std::frexp(result, &re2);
  const int re = re2 - 1;
  if (re < f.emin()) {  // subnormal: the exponent field is 0
    const double m = std::ldexp(result, -(f.emin() - (f.precision - 1)));
    return sign | static_cast<uint32_t>(m);
  }
  const double m = std::ldexp(result, -(re - (f.precision - 1))) - std::ldexp(1.0, f.precision - 1);
  return sign | static_cast<uint32_t>(re + f.bias()) << (f.precision - 1) | static_cast<uint32_t>(m);
}

double int_min(Type t) {
  return is_signed(t) ? -std::ldexp(1.0, static_cast<int>(bits_of(t)) - 1) : 0.0;
}
double int_max(Type t) {
  return is_signed(t) ? std::ldexp(1.0, static_cast<int>(bits_of(t)) - 1) - 1 : std::ldexp(1.0, bits_of(t)) - 1;
}

uint32_t mask_of(Type t) { return bits_of(t) == 32 ? 0xffffffffu : (1u << bits_of(t)) - 1; }

}  // namespace

unsigned size_of(Type t) {
  switch (t) {
    case Type::s8: case Type::u8: return 1;
    case Type::f16: case Type::bf16: case Type::s16: case Type::u16: return 2;
    default: return 4;
  }
}
bool is_float(Type t) { return t == Type::f16 || t == Type::f32 || t == Type::bf16; }
bool is_signed(Type t) { return t == Type::s8 || t == Type::s16 || t == Type::s32; }

const char* type_name(Type t) {
  static const char* const names[] = {"f16", "f32", "bf16", "s8", "u8", "s16", "u16", "s32", "u32"};
  return names[static_cast<unsigned>(t)];
}
bool type_from_name(const std::string& name, Type& t) {
  for (unsigned i = 0; i < 9; ++i)
    if (name == type_name(static_cast<Type>(i))) {
      t = static_cast<Type>(i);
      return true;
    }
  return false;
}
const char* round_name(Round r) {
  static const char* const names[] = {"none", "rint", "floor", "ceil", "round", "trunc", "odd"};
  return names[static_cast<unsigned>(r)];
}

uint32_t canonical_nan(Type t) {
  switch (t) {
    case Type::f16: return 0x7e00;
    case Type::bf16: return 0x7fc0;
    default: return 0x7fc00000;
  }
}

bool is_nan(Type t, uint32_t bits) {
  if (!is_float(t)) return false;
  const FloatFormat f = format_of(t);
  const uint32_t exp = (bits >> (f.precision - 1)) & ((1u << f.exp_bits) - 1);
  const uint32_t man = bits & ((1u << (f.precision - 1)) - 1);
  return exp == (1u << f.exp_bits) - 1 && man != 0;
}

double to_double(Type t, uint32_t bits) {
  bits &= mask_of(t);
  if (!is_float(t)) {
    if (!is_signed(t)) return static_cast<double>(bits);
    const unsigned w = bits_of(t);
    const int64_t v = (bits >> (w - 1)) ? static_cast<int64_t>(bits) - (int64_t{1} << w) : static_cast<int64_t>(bits);
    return static_cast<double>(v);
  }
  const FloatFormat f = format_of(t);
  const unsigned w = bits_of(t);
  const bool neg = bits >> (w - 1);
  const uint32_t exp = (bits >> (f.precision - 1)) & ((1u << f.exp_bits) - 1);
  const uint32_t man = bits & ((1u << (f.precision - 1)) - 1);
  double v;
  if (exp == (1u << f.exp_bits) - 1) {
    v = man ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
  } else if (exp == 0) {
    v = std::ldexp(static_cast<double>(man), f.emin() - (f.precision - 1));
  } else {
    v = std::ldexp(static_cast<double>(man | 1u << (f.precision - 1)), static_cast<int>(exp) - f.bias() - (f.precision - 1));
  }
  return neg ? -v : v;
}

uint32_t from_double(Type t, double v, Round r) {
  if (is_float(t)) return encode_float(t, v, r);
  if (std::isnan(v)) return 0;
  double i = std::isinf(v) ? v : round_integer(v, r);
  if (i < int_min(t)) i = int_min(t);
  if (i > int_max(t)) i = int_max(t);
  return static_cast<uint32_t>(static_cast<int64_t>(i)) & mask_of(t);
}

double round_to_odd(Arith op, double a, double b, double c) {
  volatile double x = a, y = b, z = c;
  const int old = std::fegetround();
  std::fesetround(FE_TOWARDZERO);
  std::feclearexcept(FE_INEXACT);
  volatile double r = 0;
  switch (op) {
    case Arith::add: r = x + y; break;
    case Arith::sub: r = x - y; break;
    case Arith::mul: r = x * y; break;
    case Arith::div: r = x / y; break;
    case Arith::sqrt: r = std::sqrt(x); break;
    case Arith::fma: r = std::fma(x, y, z); break;
  }
  const bool inexact = std::fetestexcept(FE_INEXACT);
  std::fesetround(old);
  double out = r;
  if (inexact && std::isfinite(out)) {
    uint64_t u;
    std::memcpy(&u, &out, 8);
    u |= 1;
    std::memcpy(&out, &u, 8);
  }
  return out;
}

// ---- The vector model (isa/XNPU.md "The vector model") ----

namespace {

enum class Kind { Binary, Fused, Unary, Scalar, Dup, Compare, CompareScalar, Select, SelectScalar, Reduce,
                  BlockReduce, Transpose, Gather, Convert, Unknown };

Kind kind_of(const std::string& op) {
  static const char* const binary[] = {"vadd", "vsub", "vmul", "vdiv", "vmax", "vmin", "vand", "vor"};
  static const char* const unary[] = {"vabs", "vexp", "vln", "vsqrt", "vrsqrt", "vrec", "vrelu", "vnot"};
  static const char* const scalar[] = {"vadds", "vmuls", "vmaxs", "vmins", "vlrelu"};
  for (const char* b : binary) if (op == b) return Kind::Binary;
  for (const char* u : unary) if (op == u) return Kind::Unary;
  for (const char* s : scalar) if (op == s) return Kind::Scalar;
  if (op == "vmla" || op == "vmadd" || op == "vaxpy") return Kind::Fused;
  if (op == "vdup") return Kind::Dup;
  if (op.rfind("vcmpvs_", 0) == 0) return Kind::CompareScalar;
  if (op.rfind("vcmpv_", 0) == 0) return Kind::Compare;
  if (op == "vsel") return Kind::Select;
  if (op == "vsels") return Kind::SelectScalar;
  if (op == "vcadd" || op == "vcmax" || op == "vcmin") return Kind::Reduce;
  if (op == "vcgadd" || op == "vcgmax" || op == "vcgmin") return Kind::BlockReduce;
  if (op == "vtranspose") return Kind::Transpose;
  if (op == "vgather") return Kind::Gather;
  if (op == "vconv") return Kind::Convert;
  return Kind::Unknown;
}

struct Fields {
  uint32_t dst, src0, src1;
  unsigned repeat, blk[3], rep[3];  // [0] dst, [1] src0, [2] src1
};

Fields fields(const VectorInsn& in) {
  Fields f{};
  f.dst = in.rs1 & 0xfffff;
  f.src0 = (in.rs1 >> 20) & 0xfffff;
  f.src1 = (in.rs1 >> 40) & 0xfffff;
  f.repeat = in.rs2 & 0xff;
  for (int k = 0; k < 3; ++k) {
    f.blk[k] = (in.rs2 >> (8 + 8 * k)) & 0xff;
    f.rep[k] = (in.rs2 >> (32 + 8 * k)) & 0xff;
  }
  return f;
}

// Byte address of lane i of repeat r of an operand (XNPU.md "Repeat").
uint32_t lane_addr(uint32_t base, unsigned blk, unsigned rep, unsigned r, unsigned i, unsigned s) {
  return base + 32 * (r * rep + blk * (i * s / 32)) + (i * s) % 32;
}

uint32_t load(const VectorState& st, uint32_t addr, unsigned s) {
  if (addr + s > st.ub.size()) throw std::out_of_range("reference: UB access outside 192 KiB");
  uint32_t v = 0;
  for (unsigned b = 0; b < s; ++b) v |= static_cast<uint32_t>(st.ub[addr + b]) << (8 * b);
  return v;
}
void store(VectorState& st, uint32_t addr, unsigned s, uint32_t v) {
  if (addr + s > st.ub.size()) throw std::out_of_range("reference: UB access outside 192 KiB");
  for (unsigned b = 0; b < s; ++b) st.ub[addr + b] = static_cast<uint8_t>(v >> (8 * b));
}

unsigned widest(const VectorInsn& in) {
  return std::max(size_of(in.type), kind_of(in.op) == Kind::Convert ? size_of(in.type2) : 0u);
}

bool active(const VectorState& st, unsigned lanes, unsigned r, unsigned i) {
  if (st.count_mode) return static_cast<uint64_t>(r) * lanes + i < st.mask0;
  return i < 64 ? (st.mask0 >> i) & 1 : (st.mask1 >> (i - 64)) & 1;
}

// ---- element operations, on bits of type t

uint32_t fp_result(Type t, double v) { return std::isnan(v) ? canonical_nan(t) : from_double(t, v, Round::rint); }

uint32_t arith(Type t, Arith op, uint32_t a, uint32_t b, uint32_t c = 0) {
  if (is_float(t)) {
    const double x = to_double(t, a), y = to_double(t, b), z = to_double(t, c);
    return fp_result(t, round_to_odd(op, x, y, z));
  }
  // Integers wrap (two's complement).
  const int64_t x = static_cast<int64_t>(to_double(t, a)), y = static_cast<int64_t>(to_double(t, b));
  int64_t r = 0;
  switch (op) {
    case Arith::add: r = x + y; break;
    case Arith::sub: r = x - y; break;
    case Arith::mul: r = static_cast<int64_t>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y)); break;
    default: throw std::logic_error("reference: integer " + std::to_string(static_cast<int>(op)));
  }
  return static_cast<uint32_t>(r) & mask_of(t);
}

// max/min: NaN if either is NaN; -0 < +0.
uint32_t maxmin(Type t, uint32_t a, uint32_t b, bool is_max) {
  if (is_float(t)) {
    if (is_nan(t, a) || is_nan(t, b)) return canonical_nan(t);
    const double x = to_double(t, a), y = to_double(t, b);
    bool a_wins;
    if (x == y) {
      const bool xs = std::signbit(x), ys = std::signbit(y);
      a_wins = is_max ? !xs || ys : xs || !ys;  // equal values: the sign decides (-0 < +0)
    } else {
      a_wins = is_max ? x > y : x < y;
    }
    return a_wins ? a : b;
  }
  const double x = to_double(t, a), y = to_double(t, b);
  return (is_max ? x >= y : x <= y) ? a : b;
}

bool compare(const std::string& cmp, Type t, uint32_t a, uint32_t b) {
  const double x = to_double(t, a), y = to_double(t, b);  // NaN compares false except ne
  if (cmp == "eq") return x == y;
  if (cmp == "ne") return !(x == y);
  if (cmp == "lt") return x < y;
  if (cmp == "gt") return x > y;
  if (cmp == "le") return x <= y;
  if (cmp == "ge") return x >= y;
  throw std::logic_error("reference: compare " + cmp);
}

uint32_t one_of(Type t) { return from_double(t, 1.0, Round::rint); }

// exp and ln: the fixed sequences of binary32 operations, each rounded to
// nearest even, that isa/XNPU.md specifies (its "Transcendental functions"
// points at the step-by-step statement), here on the host's float
// arithmetic: float +, *, / and fmaf are IEEE-754 binary32 operations in the
// default rounding mode (the library is built with -ffp-contract=off).
float f32(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}
uint32_t bits32(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
float pow2f(int k) { return f32(static_cast<uint32_t>(k + 127) << 23); }

uint32_t exp_f32(uint32_t x) {
  const uint32_t kLog2e = 0x3fb8aa3b, kLn2Hi = 0x3f317200, kLn2Lo = 0x35bfbe8e;
  const uint32_t kOverflow = 0x42b17218, kUnderflow = 0xc2cff1b5;
  static const uint32_t c[8] = {0x3f800000, 0x3f800000, 0x3f000000, 0x3e2aaaab,
                                0x3d2aaaab, 0x3c088889, 0x3ab60b61, 0x39500d01};
  if (is_nan(Type::f32, x)) return canonical_nan(Type::f32);
  if (x == 0xff800000u) return 0;
  const bool neg = x >> 31;
  if (!neg && x >= kOverflow) return 0x7f800000u;
  if (neg && x >= kUnderflow) return 0;
  volatile float t = f32(x) * f32(kLog2e);
  const int k = static_cast<int>(std::nearbyint(t));
  const float minus_k = static_cast<float>(-k);
  float r = std::fmaf(minus_k, f32(kLn2Hi), f32(x));
  r = std::fmaf(minus_k, f32(kLn2Lo), r);
  float p = f32(c[7]);
  for (int n = 6; n >= 0; --n) p = std::fmaf(p, r, f32(c[n]));
  volatile float out;
  if (k > 127) {
    volatile float a = p * pow2f(64);
    out = a * pow2f(k - 64);
  } else if (k < -126) {
    volatile float a = p * pow2f(k + 64);
    out = a * pow2f(-64);
  } else {
    out = p * pow2f(k);
  }
  return bits32(out);
}

uint32_t ln_f32(uint32_t x) {
  const uint32_t kLn2Hi = 0x3f317200, kLn2Lo = 0x35bfbe8e, kSqrt2 = 0x3fb504f3;
  static const uint32_t c[4] = {0x3eaaaaab, 0x3e4ccccd, 0x3e124925, 0x3de38e39};  // 1/3 1/5 1/7 1/9
  if (is_nan(Type::f32, x)) return canonical_nan(Type::f32);
  if ((x & 0x7fffffffu) == 0) return 0xff800000u;
  if (x >> 31) return canonical_nan(Type::f32);
  if (x == 0x7f800000u) return x;
  int e = 0;
  if ((x >> 23) == 0) {  // subnormal: scale by 2^23 (exact)
    x = bits32(f32(x) * pow2f(23));
    e = -23;
  }
  e += static_cast<int>(x >> 23) - 127;
  uint32_t m = (x & 0x007fffffu) | 0x3f800000u;
  if (m > kSqrt2) {
    m -= 1u << 23;
    e += 1;
  }
  volatile float f = f32(m) - 1.0f;
  volatile float d = 2.0f + f;
  volatile float sv = f / d;
  const float s = sv;
  volatile float z = s * s;
  float q = std::fmaf(f32(c[3]), z, f32(c[2]));
  q = std::fmaf(q, z, f32(c[1]));
  q = std::fmaf(q, z, f32(c[0]));
  volatile float qz = q * z;
  volatile float two_s = s + s;
  const float ln_m = std::fmaf(two_s, qz, two_s);
  const float ef = static_cast<float>(e);
  return bits32(std::fmaf(ef, f32(kLn2Hi), std::fmaf(ef, f32(kLn2Lo), ln_m)));
}

// f16/bf16: widened exactly to f32, computed there, rounded RNE to t.
uint32_t via_f32(Type t, uint32_t a, uint32_t (*fn)(uint32_t)) {
  const uint32_t wide = t == Type::f32 ? a : from_double(Type::f32, to_double(t, a), Round::rint);
  const uint32_t r = fn(is_nan(t, a) ? canonical_nan(Type::f32) : wide);
  if (is_nan(Type::f32, r)) return canonical_nan(t);
  return t == Type::f32 ? r : from_double(t, to_double(Type::f32, r), Round::rint);
}

uint32_t unary(const std::string& op, Type t, uint32_t a) {
  const unsigned w = bits_of(t);
  const uint32_t sign = 1u << (w - 1);
  if (op == "vabs") {
    if (is_float(t)) return is_nan(t, a) ? canonical_nan(t) : a & ~sign & mask_of(t);
    const int64_t x = static_cast<int64_t>(to_double(t, a));
    return static_cast<uint32_t>(x < 0 ? -x : x) & mask_of(t);
  }
  if (op == "vrelu") {
    if (is_float(t)) {
      if (is_nan(t, a)) return canonical_nan(t);
      return (a & sign) ? 0u : a;
    }
    return to_double(t, a) < 0 ? 0u : a;
  }
  if (op == "vnot") return ~a & mask_of(t);
  if (op == "vsqrt") return fp_result(t, round_to_odd(Arith::sqrt, to_double(t, a)));
  if (op == "vrec") return arith(t, Arith::div, one_of(t), a);
  if (op == "vexp") return via_f32(t, a, exp_f32);
  if (op == "vln") return via_f32(t, a, ln_f32);
  if (op == "vrsqrt") {
    // Two correctly rounded binary32 steps (XNPU.md), then RNE to t.
    const uint32_t s = fp_result(Type::f32, round_to_odd(Arith::sqrt, to_double(Type::f32, from_double(Type::f32, to_double(t, a), Round::rint))));
    const uint32_t q = arith(Type::f32, Arith::div, 0x3f800000u, s);
    return is_nan(Type::f32, q) ? canonical_nan(t) : from_double(t, to_double(Type::f32, q), Round::rint);
  }
  throw std::logic_error("reference: unary " + op);
}

uint32_t binary(const std::string& op, Type t, uint32_t a, uint32_t b) {
  if (op == "vadd" || op == "vadds") return arith(t, Arith::add, a, b);
  if (op == "vsub") return arith(t, Arith::sub, a, b);
  if (op == "vmul" || op == "vmuls") return arith(t, Arith::mul, a, b);
  if (op == "vdiv") return arith(t, Arith::div, a, b);
  if (op == "vmax" || op == "vmaxs") return maxmin(t, a, b, true);
  if (op == "vmin" || op == "vmins") return maxmin(t, a, b, false);
  if (op == "vand") return a & b;
  if (op == "vor") return a | b;
  if (op == "vlrelu") {
    const uint32_t sign = 1u << (bits_of(t) - 1);
    if (is_nan(t, a)) return canonical_nan(t);
    return (a & sign) ? arith(t, Arith::mul, a, b) : a;
  }
  throw std::logic_error("reference: binary " + op);
}

// Pairwise sum (lanes 2k and 2k+1 first, then pairs of pairs) in t.
uint32_t tree_sum(Type t, std::vector<uint32_t> v) {
  while (v.size() > 1) {
    std::vector<uint32_t> next;
    for (size_t k = 0; k + 1 < v.size(); k += 2) next.push_back(arith(t, Arith::add, v[k], v[k + 1]));
    v = next;
  }
  return v[0];
}

uint32_t neg_zero(Type t) { return 1u << (bits_of(t) - 1); }
uint32_t infinity(Type t, bool neg) { return from_double(t, neg ? -INFINITY : INFINITY, Round::rint); }

// max/min with the index: NaN wins at its first lane; ties keep the lowest index.
std::pair<uint32_t, uint32_t> arg_extreme(Type t, const std::vector<std::pair<uint32_t, unsigned>>& lanes, bool is_max) {
  if (lanes.empty()) return {infinity(t, is_max), 0};
  for (const auto& [v, i] : lanes)
    if (is_nan(t, v)) return {canonical_nan(t), i};
  uint32_t best = lanes[0].first;
  unsigned at = lanes[0].second;
  for (const auto& [v, i] : lanes) {
    const double x = to_double(t, v), y = to_double(t, best);
    // Strictly better only: a tie keeps the lowest index; -0 < +0.
    const bool better = is_max ? x > y || (x == y && std::signbit(y) && !std::signbit(x))
                               : x < y || (x == y && !std::signbit(y) && std::signbit(x));
    if (better) {
      best = v;
      at = i;
    }
  }
  return {best, at};
}

}  // namespace

bool reference_knows(const std::string& op) { return kind_of(op) != Kind::Unknown; }

unsigned lanes_of(const VectorInsn& in) { return 256 / widest(in); }

unsigned repeats_of(const VectorState& st, const VectorInsn& in) {
  const Kind k = kind_of(in.op);
  if (k == Kind::Transpose) return 1;
  if (st.count_mode) {
    const uint64_t l = lanes_of(in);
    return static_cast<unsigned>(std::min<uint64_t>(255, (st.mask0 + l - 1) / l));
  }
  return fields(in).repeat;
}

Span dst_span(const VectorState& st, const VectorInsn& in) {
  const Fields f = fields(in);
  const Kind k = kind_of(in.op);
  const unsigned s = size_of(k == Kind::Convert ? in.type2 : in.type);
  const unsigned lanes = lanes_of(in), reps = repeats_of(st, in);
  Span sp{f.dst, f.dst};
  auto add = [&](uint32_t lo, uint32_t hi) {
    sp.lo = std::min(sp.lo, lo);
    sp.hi = std::max(sp.hi, hi);
  };
  switch (k) {
    case Kind::Compare:
    case Kind::CompareScalar: add(f.dst, f.dst + reps * lanes / 8); break;
    case Kind::Transpose: add(f.dst, f.dst + 512); break;
    case Kind::Reduce: {
      const unsigned u = in.op == "vcadd" ? s : 2 * s;
      for (unsigned r = 0; r < reps; ++r) add(f.dst + r * f.rep[0] * u, f.dst + r * f.rep[0] * u + u);
      break;
    }
    case Kind::BlockReduce:
      for (unsigned r = 0; r < reps; ++r) add(f.dst + r * f.rep[0] * 8 * s, f.dst + r * f.rep[0] * 8 * s + 8 * s);
      break;
    default:
      for (unsigned r = 0; r < reps; ++r)
        for (unsigned i = 0; i < lanes; ++i) {
          const uint32_t a = lane_addr(f.dst, f.blk[0], f.rep[0], r, i, s);
          add(a, a + s);
        }
  }
  return sp;
}

void execute(VectorState& st, const VectorInsn& in) {
  const Kind k = kind_of(in.op);
  const Fields f = fields(in);
  const Type t = in.type;
  const unsigned s = size_of(t);
  const unsigned lanes = lanes_of(in), reps = repeats_of(st, in);
  const uint32_t scalar = static_cast<uint32_t>(in.rs3) & mask_of(t);

  if (k == Kind::Transpose) {
    std::vector<uint32_t> m(256);
    for (unsigned e = 0; e < 256; ++e) m[e] = load(st, f.src0 + 2 * e, 2);
    for (unsigned i = 0; i < 16; ++i)
      for (unsigned j = 0; j < 16; ++j) store(st, f.dst + 2 * (j * 16 + i), 2, m[i * 16 + j]);
    return;
  }

  for (unsigned r = 0; r < reps; ++r) {
    // Every source lane is read before any destination lane is written.
    std::vector<std::pair<unsigned, uint32_t>> writes;  // lane, value (element-wise kinds)
    auto src0 = [&](unsigned i) { return load(st, lane_addr(f.src0, f.blk[1], f.rep[1], r, i, s), s); };
    auto src1 = [&](unsigned i) { return load(st, lane_addr(f.src1, f.blk[2], f.rep[2], r, i, s), s); };
    auto dstv = [&](unsigned i) { return load(st, lane_addr(f.dst, f.blk[0], f.rep[0], r, i, s), s); };
    auto selbit = [&](unsigned i) { return (st.ub.at(st.cmpmask + r * lanes / 8 + i / 8) >> (i % 8)) & 1; };
    switch (k) {
      case Kind::Binary:
        for (unsigned i = 0; i < lanes; ++i)
          if (active(st, lanes, r, i)) writes.push_back({i, binary(in.op, t, src0(i), src1(i))});
        break;
      case Kind::Scalar:
        for (unsigned i = 0; i < lanes; ++i)
          if (active(st, lanes, r, i)) writes.push_back({i, binary(in.op, t, src0(i), scalar)});
        break;
      case Kind::Unary:
        for (unsigned i = 0; i < lanes; ++i)
          if (active(st, lanes, r, i)) writes.push_back({i, unary(in.op, t, src0(i))});
        break;
      case Kind::Dup:
        for (unsigned i = 0; i < lanes; ++i)
          if (active(st, lanes, r, i)) writes.push_back({i, scalar});
        break;
      case Kind::Fused:
        for (unsigned i = 0; i < lanes; ++i) {
          if (!active(st, lanes, r, i)) continue;
          uint32_t a, b, c;  // a*b + c
          if (in.op == "vmla") a = src0(i), b = src1(i), c = dstv(i);
          else if (in.op == "vmadd") a = src0(i), b = dstv(i), c = src1(i);
          else a = src0(i), b = scalar, c = dstv(i);  // vaxpy
          writes.push_back({i, arith(t, Arith::fma, a, b, c)});
        }
        break;
      case Kind::Select:
      case Kind::SelectScalar:
        for (unsigned i = 0; i < lanes; ++i)
          if (active(st, lanes, r, i))
            writes.push_back({i, selbit(i) ? src0(i) : (k == Kind::Select ? src1(i) : scalar)});
        break;
      case Kind::Compare:
      case Kind::CompareScalar: {
        const std::string cmp = in.op.substr(in.op.rfind('_') + 1);
        std::vector<uint8_t> bits(lanes / 8, 0);
        for (unsigned i = 0; i < lanes; ++i)
          if (active(st, lanes, r, i) && compare(cmp, t, src0(i), k == Kind::Compare ? src1(i) : scalar))
            bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
        for (unsigned b = 0; b < bits.size(); ++b) store(st, f.dst + r * lanes / 8 + b, 1, bits[b]);
        continue;
      }
      case Kind::Reduce:
      case Kind::BlockReduce: {
        const bool whole = k == Kind::Reduce;
        const unsigned group = whole ? lanes : 32 / s;
        std::vector<uint32_t> results;
        for (unsigned g0 = 0; g0 < lanes; g0 += group) {
          std::vector<uint32_t> vals;
          std::vector<std::pair<uint32_t, unsigned>> act;
          bool any = false;
          for (unsigned i = g0; i < g0 + group; ++i) {
            const bool on = active(st, lanes, r, i);
            any |= on;
            vals.push_back(on ? src0(i) : neg_zero(t));
            if (on) act.push_back({src0(i), i});
          }
          const std::string base = in.op.substr(whole ? 2 : 3);  // add, max, min
          if (base == "add") {
            results.push_back(any ? tree_sum(t, vals) : 0u);
          } else {
            const auto [v, idx] = arg_extreme(t, act, base == "max");
            results.push_back(v);
            if (whole) results.push_back(idx);
          }
        }
        const uint32_t at = whole ? f.dst + r * f.rep[0] * static_cast<uint32_t>(results.size()) * s
                                  : f.dst + r * f.rep[0] * 8 * s;
        for (unsigned n = 0; n < results.size(); ++n) store(st, at + n * s, s, results[n]);
        continue;
      }
      case Kind::Gather:
        for (unsigned i = 0; i < lanes; ++i)
          if (active(st, lanes, r, i)) {
            const uint32_t off = load(st, f.src0 + 4 * (r * lanes + i), 4);
            writes.push_back({i, load(st, static_cast<uint32_t>(in.rs3) + off, s)});
          }
        break;
      case Kind::Convert: {
        const Type d = in.type2;
        const unsigned ds = size_of(d);
        std::vector<std::pair<uint32_t, uint32_t>> cw;
        for (unsigned i = 0; i < lanes; ++i)
          if (active(st, lanes, r, i))
            cw.push_back({lane_addr(f.dst, f.blk[0], f.rep[0], r, i, ds), from_double(d, to_double(t, src0(i)), in.rm)});
        for (const auto& [a, v] : cw) store(st, a, ds, v);
        continue;
      }
      default: throw std::logic_error("reference: no semantics for " + in.op);
    }
    for (const auto& [i, v] : writes) store(st, lane_addr(f.dst, f.blk[0], f.rep[0], r, i, s), s, v);
  }
}

void data_copy(const std::string& op, Type t, const std::vector<uint8_t>& src, std::vector<uint8_t>& dst,
               uint64_t params, uint64_t pad_csr, uint64_t pad_value) {
  const uint64_t count = params & 0xffff, len = (params >> 16) & 0xffff, src_stride = (params >> 32) & 0xffff,
                 dst_stride = (params >> 48) & 0xffff;
  const unsigned s = size_of(t);
  auto put = [&](uint64_t at, uint8_t v) { dst.at(at) = v; };
  if (op == "copy_gm2ub" || op == "copy_ub2gm" || op == "copy_ub2ub" || op == "copy_ub2gm_add") {
    if (count == 0 || len == 0) return;
    for (uint64_t k = 0; k < count; ++k) {
      const uint64_t from = k * (len + src_stride) * 32, to = k * (len + dst_stride) * 32;
      if (op != "copy_ub2gm_add") {
        for (uint64_t b = 0; b < len * 32; ++b) put(to + b, src.at(from + b));
        continue;
      }
      // Atomic add: each destination element becomes itself plus the source's (RNE; s32 wraps).
      for (uint64_t b = 0; b < len * 32; b += s) {
        uint32_t x = 0, y = 0;
        for (unsigned i = 0; i < s; ++i) {
          x |= static_cast<uint32_t>(dst.at(to + b + i)) << (8 * i);
          y |= static_cast<uint32_t>(src.at(from + b + i)) << (8 * i);
        }
        const uint32_t r = arith(t, Arith::add, x, y);
        for (unsigned i = 0; i < s; ++i) put(to + b + i, static_cast<uint8_t>(r >> (8 * i)));
      }
    }
    return;
  }
  if (op == "copy_gm2ub_pad") {
    // blockLen and srcStride in bytes (GM), dstStride in 32 B blocks (UB);
    // with padding, left and right pad elements around each burst.
    const bool pad = (pad_csr >> 16) & 1;
    const uint64_t left = pad ? (pad_csr & 0xff) : 0, right = pad ? ((pad_csr >> 8) & 0xff) : 0;
    const uint64_t burst = left * s + len + right * s, blocks = (burst + 31) / 32;
    if (count == 0) return;
    for (uint64_t k = 0; k < count; ++k) {
      const uint64_t from = k * (len + src_stride), to = k * (blocks + dst_stride) * 32;
      uint64_t at = to;
      for (uint64_t e = 0; e < left; ++e)
        for (unsigned i = 0; i < s; ++i) put(at++, static_cast<uint8_t>(pad_value >> (8 * i)));
      for (uint64_t b = 0; b < len; ++b) put(at++, src.at(from + b));
      for (uint64_t e = 0; e < right; ++e)
        for (unsigned i = 0; i < s; ++i) put(at++, static_cast<uint8_t>(pad_value >> (8 * i)));
    }
    return;
  }
  if (op == "copy_ub2gm_pad") {
    // blockLen bytes; UB bursts start on 32 B blocks, srcStride blocks apart
    // after the burst's own; dstStride bytes of gap in GM.
    if (count == 0) return;
    const uint64_t blocks = (len + 31) / 32;
    for (uint64_t k = 0; k < count; ++k) {
      const uint64_t from = k * (blocks + src_stride) * 32, to = k * (len + dst_stride);
      for (uint64_t b = 0; b < len; ++b) put(to + b, src.at(from + b));
    }
    return;
  }
  throw std::logic_error("reference: no DataCopy " + op);
}

}  // namespace npuvp::conformance
