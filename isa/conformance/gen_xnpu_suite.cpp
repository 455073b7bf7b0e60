// Generates the Xnpu conformance suite (isa/conformance/xnpu/) from the ISA
// table: for every vector-core row of isa/xnpu.def that the reference model
// (reference.h) knows, one NPU kernel in assembly (NAME.S) whose cases each
// fill the UB, set the mask CSRs, issue the instruction and copy the bytes it
// may write into the signature region, and the signature a correct model
// leaves there (NAME.signature), computed by the reference model.
// COVERAGE.md lists every row, covered or not (and why not).
//
//   gen_xnpu_suite OUT_DIR          writes the files (see isa/CONFORMANCE.md)
//   gen_xnpu_suite --check DIR      fails unless DIR is exactly what it would write
//
// Everything is deterministic: the same table gives the same bytes.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "isa/conformance/reference.h"
#include "isa/conformance/reference_cube.h"
#include "isa/insn_table.h"
#include "isa/xnpu.h"

namespace {

using namespace npuvp::conformance;
namespace isa = npuvp::isa;

// ---- The rows, from the table
struct Row {
  std::string ident;     // xnpu_vadd_f16
  std::string mnemonic;  // xnpu.vadd.f16
  std::string op;        // vadd
  Type type = Type::u8, type2 = Type::u8;
  std::string pipe;
  uint32_t match = 0;
  isa::Format format{};
};

std::vector<Row> table_rows() {
  std::map<std::string, Row> by_ident;
  std::vector<std::string> order;
  auto add = [&](const char* ident, const char* op, const char* type, const char* type2, const char* pipe) {
    Row r;
    r.ident = ident;
    r.op = op;
    type_from_name(type, r.type);
    type_from_name(type2, r.type2);
    r.pipe = pipe;
    by_ident[r.ident] = r;
    order.push_back(r.ident);
  };
#define XNPU(i_, o_, t_, t2_, p_) add(#i_, #o_, #t_, #t2_, #p_);
#include "isa/xnpu.def"
#undef XNPU
  std::vector<Row> rows;
  for (const std::string& id : order) {
    Row r = by_ident[id];
    for (const isa::InsnInfo& info : isa::kInsnTable)
      if (r.ident == info.ident) {
        r.mnemonic = info.mnemonic;
        r.match = info.match;
        r.format = info.format;
      }
    rows.push_back(r);
  }
  return rows;
}

// x10, x11, x12 carry rs1, rs2, rs3 in every generated instruction.
uint32_t encode(const Row& r, unsigned rm = 0) {
  uint32_t w = r.match | 10u << 15 | 11u << 20;
  if (r.format == isa::Format::XNPU_R4 || r.format == isa::Format::XNPU_C4) w |= 12u << 27;
  if (r.format == isa::Format::XNPU_VCVT) w |= rm << 12;
  return w;
}

const Row* find_row(const std::vector<Row>& rows, const std::string& ident) {
  for (const Row& r : rows)
    if (r.ident == ident) return &r;
  return nullptr;
}

// ---- Deterministic data
uint64_t fnv(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h ? h : 1;
}

// The kernel's fill routine (xs_fill below), on the host.
void fill(std::vector<uint8_t>& ub, uint32_t at, uint32_t bytes, uint64_t seed, uint64_t and_mask, uint64_t or_mask) {
  uint64_t x = seed;
  for (uint32_t o = 0; o < bytes; o += 8) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const uint64_t v = (x & and_mask) | or_mask;
    for (unsigned b = 0; b < 8; ++b) ub.at(at + o + b) = static_cast<uint8_t>(v >> (8 * b));
  }
}

uint64_t replicate(uint32_t pattern, unsigned size) {
  uint64_t v = 0;
  for (unsigned b = 0; b < 64; b += size * 8) v |= static_cast<uint64_t>(pattern) << b;
  return v;
}

// Value distributions, as (and, or) masks on random bits per element:
// Arith: sign, 8 binades near 1, every mantissa; ToInt: binades 2..2^16
// (fractions, ties and saturation of every integer type); Positive: Arith
// without the sign; Raw: any bits.
enum class Dist { Raw, Arith, Positive, ToInt };
std::pair<uint64_t, uint64_t> masks(Type t, Dist d) {
  uint32_t a = 0xffffffff, o = 0;
  if (is_float(t) && d != Dist::Raw) {
    switch (t) {
      case Type::f16: a = 0x9fff, o = d == Dist::ToInt ? 0x4000 : 0x2000; break;
      case Type::bf16: a = 0x87ff, o = d == Dist::ToInt ? 0x4000 : 0x3800; break;
      default: a = 0x87ffffff, o = d == Dist::ToInt ? 0x40000000 : 0x38000000; break;
    }
    if (d == Dist::Positive) a &= ~(1u << (size_of(t) * 8 - 1));
  }
  const unsigned s = size_of(t);
  return {replicate(a & (s == 4 ? 0xffffffff : (1u << (8 * s)) - 1), s), replicate(o, s)};
}

// Special values of each type: zeros, infinities, quiet and signalling
// NaNs, the smallest and largest subnormals, the smallest normal, the
// largest finite, and a few ordinary numbers.
std::vector<uint32_t> specials(Type t) {
  switch (t) {
    case Type::f16:
      return {0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7d00, 0xfe01, 0x0001, 0x83ff, 0x0400,
              0x7bff, 0xfbff, 0x3c00, 0xbc00, 0x3800, 0x3e00, 0xc100};
    case Type::bf16:
      return {0x0000, 0x8000, 0x7f80, 0xff80, 0x7fc0, 0x7fa0, 0xffc1, 0x0001, 0x807f, 0x0080,
              0x7f7f, 0xff7f, 0x3f80, 0xbf80, 0x3f00, 0x3fc0, 0xc020};
    case Type::f32:
      return {0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00001, 0x00000001,
              0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000,
              0xc0200000};
    case Type::s8: case Type::u8: return {0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x81, 0x40, 0x3f};
    case Type::s16: case Type::u16:
      return {0x0000, 0x0001, 0xffff, 0x7fff, 0x8000, 0x7ffe, 0x8001, 0x0002, 0x007f, 0x0080, 0x00ff, 0x0100, 0xff7f,
              0x0801, 0xfffe};
    default:
      return {0x00000000, 0x00000001, 0xffffffff, 0x7fffffff, 0x80000000, 0x01000001, 0xfeffffff, 0x00000801,
              0x7fffff80, 0x0000ffff, 0xffff8000, 0x00010000, 0x00000100, 0x01000003};
  }
}

// Values at the edges of conversions (ties, integer ranges, f16 overflow),
// in the source type where it can hold them (rounded to it otherwise).
std::vector<uint32_t> conversion_edges(Type s) {
  static const double v[] = {0.5,    1.5,     2.5,      -0.5,    -1.5,        -2.5,     127.5,   128.0,
                             -128.5, -129.0,  255.5,    256.0,   32767.5,     32768.0,  -32768.5, 65504.0,
                             65519.0, 65520.0, 1e-7,    -6e-8,   3.0e9,       -3.0e9,   16777217.0, 2049.0,
                             257.0,  -0.0,    1e10,     0.25,    0.75,        -0.75};
  std::vector<uint32_t> out = specials(s);
  for (double d : v) out.push_back(from_double(s, d, Round::rint));
  return out;
}

// ---- A case: what the kernel does and the reference computes
struct Fill {
  uint32_t at, bytes;
  uint64_t seed, and_mask, or_mask;
};
// Bytes copied into the UB by scalar stores (xs_copy), after the fills.
struct Block {
  uint32_t at;
  std::vector<uint8_t> bytes;  // a multiple of 8
};
struct Case {
  std::string label;  // also the signature symbol: sig_<label>
  std::string note;   // one line for the reader
  std::vector<Fill> fills;
  std::vector<Block> blocks;
  uint64_t mask0 = ~0ull, mask1 = ~0ull;
  bool count_mode = false;
  uint32_t cmpmask = 0;
  VectorInsn insn;
  unsigned rm = 0;
  Span out;  // 32 B aligned UB window copied to the signature
  // A case with its own instruction sequence (synchronisation): `body` is
  // emitted in place of the fills, CSRs, instruction and copy above (the
  // blocks are only placed in .rodata), and `expect` is its signature part.
  std::string body;
  std::vector<uint8_t> expect;
};

// The scalar unit sees its UB at this address (isa/XNPU.md "The scalar unit and UB").
constexpr uint64_t kUbWindow = 0x40000000;
constexpr uint32_t kDst = 0x0000, kSrc0 = 0x8000, kSrc1 = 0x10000, kAux = 0x18000, kTable = 0x20000;

uint64_t pack_addrs(uint32_t d, uint32_t s0, uint32_t s1) {
  return static_cast<uint64_t>(d) | static_cast<uint64_t>(s0) << 20 | static_cast<uint64_t>(s1) << 40;
}
struct Strides {
  unsigned db = 1, s0b = 1, s1b = 1, dr = 8, s0r = 8, s1r = 8;
};
uint64_t pack_config(unsigned repeat, Strides s) {
  return static_cast<uint64_t>(repeat) | static_cast<uint64_t>(s.db) << 8 | static_cast<uint64_t>(s.s0b) << 16 |
         static_cast<uint64_t>(s.s1b) << 24 | static_cast<uint64_t>(s.dr) << 32 | static_cast<uint64_t>(s.s0r) << 40 |
         static_cast<uint64_t>(s.s1r) << 48;
}

// Bytes [lo, hi) an operand's lanes cover over `reps` repeats.
Span operand_span(uint32_t base, unsigned blk, unsigned rep, unsigned reps, unsigned lanes, unsigned s) {
  Span sp{base, base};
  for (unsigned r = 0; r < std::max(reps, 1u); ++r)
    for (unsigned i = 0; i < lanes; ++i) {
      const uint32_t a = base + 32 * (r * rep + blk * (i * s / 32)) + (i * s) % 32;
      sp.lo = std::min(sp.lo, a);
      sp.hi = std::max(sp.hi, a + s);
    }
  return sp;
}
Span align(Span s, uint32_t a) { return {s.lo / a * a, (s.hi + a - 1) / a * a}; }

enum class Shape { Elementwise, Compare, Reduce, Transpose, Gather };
Shape shape_of(const std::string& op) {
  if (op.rfind("vcmpv", 0) == 0) return Shape::Compare;
  if (op == "vcadd" || op == "vcmax" || op == "vcmin" || op == "vcgadd" || op == "vcgmax" || op == "vcgmin")
    return Shape::Reduce;
  if (op == "vtranspose") return Shape::Transpose;
  if (op == "vgather") return Shape::Gather;
  return Shape::Elementwise;
}
bool reads_src1(const std::string& op) {
  static const char* const ops[] = {"vadd", "vsub", "vmul", "vdiv", "vmax", "vmin", "vand", "vor",
                                    "vmla", "vmadd", "vsel"};
  for (const char* o : ops)
    if (op == o) return true;
  return op.rfind("vcmpv_", 0) == 0;
}
bool has_scalar(const std::string& op) {
  return op == "vadds" || op == "vmuls" || op == "vmaxs" || op == "vmins" || op == "vlrelu" || op == "vaxpy" ||
         op == "vdup" || op == "vsels" || op.rfind("vcmpvs_", 0) == 0;
}
bool uses_cmpmask(const std::string& op) { return op == "vsel" || op == "vsels"; }

Dist dist_for(const Row& r) {
  if (!is_float(r.type)) return Dist::Raw;
  if (r.op == "vln" || r.op == "vsqrt" || r.op == "vrsqrt") return Dist::Positive;
  if (r.op == "vconv" && !is_float(r.type2)) return Dist::ToInt;
  return Dist::Arith;
}

// Everything a case does before its instruction, from its operands: the
// fills (destination window first, raw bits; then the sources), and the
// output window.
void lay_out(Case& c, const Row& row, uint64_t seed_base) {
  VectorState st;
  st.mask0 = c.mask0;
  st.mask1 = c.mask1;
  st.count_mode = c.count_mode;
  st.cmpmask = c.cmpmask;
  const VectorInsn& in = c.insn;
  const unsigned lanes = lanes_of(in), reps = repeats_of(st, in);
  const uint32_t dst = in.rs1 & 0xfffff, src0 = (in.rs1 >> 20) & 0xfffff, src1 = (in.rs1 >> 40) & 0xfffff;
  auto blk = [&](int k) { return static_cast<unsigned>((in.rs2 >> (8 + 8 * k)) & 0xff); };
  auto rep = [&](int k) { return static_cast<unsigned>((in.rs2 >> (32 + 8 * k)) & 0xff); };
  const Shape sh = shape_of(row.op);
  const unsigned s = size_of(row.type);

  c.out = align(dst_span(st, in), 32);
  if (c.out.hi == c.out.lo) c.out = {dst - dst % 32, dst - dst % 32 + 32};  // repeat 0: a window anyway
  uint64_t seed = seed_base;
  auto add_fill = [&](Span sp, Dist d, Type t) {
    sp = align(sp, 8);
    const auto [a, o] = masks(t, d);
    c.fills.push_back({sp.lo, sp.hi - sp.lo, seed = seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e5bbull, a, o});
    if (c.fills.back().seed == 0) c.fills.back().seed = 1;
  };
  add_fill(c.out, Dist::Raw, Type::u32);
  const unsigned reads = std::max(reps, 1u);
  if (sh == Shape::Transpose) {
    add_fill({src0, src0 + 512}, Dist::Raw, Type::u16);
    return;
  }
  if (sh == Shape::Gather) {
    // Offsets into a 4 KiB table at kTable, multiples of the element size.
    const uint32_t omask = 0xfffu & ~(s - 1);
    c.fills.push_back({src0, reads * lanes * 4, seed * 31 + 7, replicate(omask, 4), 0});
    add_fill({kTable, kTable + 4096}, Dist::Raw, Type::u32);
    return;
  }
  add_fill(operand_span(src0, blk(1), rep(1), reads, lanes, s), dist_for(row), row.type);
  if (reads_src1(row.op)) add_fill(operand_span(src1, blk(2), rep(2), reads, lanes, s), dist_for(row), row.type);
  if (uses_cmpmask(row.op)) add_fill({c.cmpmask, c.cmpmask + reads * lanes / 8 + 8}, Dist::Raw, Type::u32);
}

// Computes the case's signature bytes with the reference model.
std::vector<uint8_t> expected(const Case& c) {
  if (!c.body.empty()) return c.expect;
  VectorState st;
  for (const Fill& f : c.fills) fill(st.ub, f.at, f.bytes, f.seed, f.and_mask, f.or_mask);
  for (const Block& b : c.blocks) std::copy(b.bytes.begin(), b.bytes.end(), st.ub.begin() + b.at);
  st.mask0 = c.mask0;
  st.mask1 = c.mask1;
  st.count_mode = c.count_mode;
  st.cmpmask = c.cmpmask;
  execute(st, c.insn);
  return std::vector<uint8_t>(st.ub.begin() + c.out.lo, st.ub.begin() + c.out.hi);
}

// The scalar operand of a case: a random value of the distribution, or a special.
uint32_t scalar_for(const Row& row, uint64_t seed) {
  const auto [a, o] = masks(row.type, dist_for(row));
  uint64_t x = seed | 1;
  x ^= x << 13, x ^= x >> 7, x ^= x << 17;
  const unsigned s = size_of(row.type);
  const uint32_t m = s == 4 ? 0xffffffffu : (1u << (8 * s)) - 1;
  return static_cast<uint32_t>((x & a) | o) & m;
}

struct CaseSpec {
  std::string label, note;
  unsigned repeat = 1;
  Strides strides;
  uint32_t dst = kDst, src0 = kSrc0, src1 = kSrc1;
  uint64_t mask0 = ~0ull, mask1 = ~0ull;
  bool count_mode = false;
  bool specials = false;  // NaN/inf/subnormal pairs in the first lanes
  int scalar_special = -1;  // index into specials() for the scalar, -1: random
};

Case make_case(const Row& row, const CaseSpec& cs, unsigned rm) {
  Case c;
  c.label = cs.label;
  c.note = cs.note;
  c.mask0 = cs.mask0;
  c.mask1 = cs.mask1;
  c.count_mode = cs.count_mode;
  c.rm = rm;
  c.cmpmask = kAux;
  VectorInsn& in = c.insn;
  in.op = row.op;
  in.type = row.type;
  in.type2 = row.type2;
  in.rm = static_cast<Round>(rm);
  in.rs1 = pack_addrs(cs.dst, cs.src0, cs.src1);
  in.rs2 = pack_config(cs.repeat, cs.strides);
  const uint64_t seed = fnv(row.ident + "/" + cs.label);
  if (has_scalar(row.op)) {
    const std::vector<uint32_t> sp = specials(row.type);
    in.rs3 = cs.scalar_special >= 0 ? sp[static_cast<size_t>(cs.scalar_special) % sp.size()] : scalar_for(row, seed);
  }
  if (row.op == "vgather") in.rs3 = kTable;
  lay_out(c, row, seed);
  if (cs.specials) {
    // Lane i pairs special i mod n (src0) with special (i / n + i) mod n
    // (src1): the first pairs of every kind. Contiguous operands (the case
    // uses the default strides).
    const std::vector<uint32_t> sp = row.op == "vconv" ? conversion_edges(row.type) : specials(row.type);
    const unsigned s = size_of(row.type), n = static_cast<unsigned>(sp.size()), lanes = lanes_of(in);
    Block b0{cs.src0, std::vector<uint8_t>(lanes * s)}, b1{cs.src1, std::vector<uint8_t>(lanes * s)};
    for (unsigned i = 0; i < lanes; ++i)
      for (unsigned k = 0; k < s; ++k) {
        b0.bytes[i * s + k] = static_cast<uint8_t>(sp[i % n] >> (8 * k));
        b1.bytes[i * s + k] = static_cast<uint8_t>(sp[(i / n + i) % n] >> (8 * k));
      }
    c.blocks.push_back(b0);
    if (reads_src1(row.op)) c.blocks.push_back(b1);
  }
  return c;
}

// The corners every element-wise, compare and reduction row gets.
std::vector<CaseSpec> corner_specs(const Row& row) {
  const unsigned s = size_of(row.op == "vconv" ? std::max(size_of(row.type), size_of(row.type2)) == size_of(row.type)
                                                      ? row.type
                                                      : row.type2
                                                : row.type);
  const unsigned lanes = 256 / s;
  std::vector<CaseSpec> v;
  CaseSpec c;
  c.label = "rep1";
  c.note = "repeat 1, contiguous operands, every lane";
  v.push_back(c);
  c = {};
  c.label = "rep0";
  c.note = "repeat 0: nothing is written";
  c.repeat = 0;
  v.push_back(c);
  c = {};
  c.label = "rep255";
  c.note = "repeat 255: sources step 1 and 2 blocks (overlapping), destination repeat stride 0 (last repeat wins; fused rows accumulate)";
  c.repeat = 255;
  c.strides = {1, 1, 1, 0, 1, 2};
  if (shape_of(row.op) == Shape::Reduce) c.strides.dr = 1;
  if (shape_of(row.op) == Shape::Gather) c.repeat = 3;  // the offsets of 255 repeats do not fit the UB
  v.push_back(c);
  c = {};
  c.label = "stride_a";
  c.note = "repeat 3; block strides 2/1/0, repeat strides 16/8/1";
  c.repeat = 3;
  c.strides = {2, 1, 0, 16, 8, 1};
  v.push_back(c);
  c = {};
  c.label = "stride_b";
  c.note = "repeat 4; block strides 1/3/2, repeat strides 4 (overlapping destination)/0/5";
  c.repeat = 4;
  c.strides = {1, 3, 2, 4, 0, 5};
  v.push_back(c);
  c = {};
  c.label = "mask_bits";
  c.note = "bit mode, a pattern in both mask words";
  c.repeat = 2;
  c.mask0 = 0xf0f00ff05555a5a5ull;
  c.mask1 = 0x800000013c3cffffull;
  v.push_back(c);
  c = {};
  c.label = "mask_count";
  c.note = "count mode, 1.5 repeats + 3 lanes; the repeat field (5) is ignored";
  c.repeat = 5;
  c.count_mode = true;
  c.mask0 = lanes + lanes / 2 + 3;
  c.mask1 = 0;
  v.push_back(c);
  const bool fused = row.op == "vmla" || row.op == "vmadd" || row.op == "vaxpy";
  if (fused || shape_of(row.op) == Shape::Compare) {
    // Fused rows accumulate into a destination that stays put; compares
    // write one bit row per repeat: either way 255 repeats differ from 300.
    c = {};
    c.label = "count_cap";
    c.note = "count mode with 300 repeats' worth of elements: capped at 255 repeats";
    c.count_mode = true;
    c.mask0 = 300ull * lanes;
    c.mask1 = 0;
    c.strides = {1, 1, 1, 0, 0, 0};
    v.push_back(c);
  }
  if (shape_of(row.op) != Shape::Transpose) {
    c = {};
    c.label = "unaligned";
    c.note = "operand addresses on element but not 32 B boundaries (the address formula holds for any base)";
    c.repeat = 2;
    c.dst = kDst + 3 * size_of(row.op == "vconv" ? row.type2 : row.type);
    c.src0 = kSrc0 + 5 * size_of(row.type);
    c.src1 = kSrc1 + size_of(row.type);
    if (shape_of(row.op) == Shape::Compare) c.dst = kDst + 2;  // bit results: byte granular
    v.push_back(c);
  }
  if (is_float(row.type) || row.op == "vconv") {
    c = {};
    c.label = "specials";
    c.note = "zeros, infinities, NaNs, subnormals and edges, pairwise";
    v.push_back(c);
    v.back().specials = true;
  }
  if (has_scalar(row.op) && is_float(row.type)) {
    for (int k : {2, 4, 7}) {  // +inf, NaN, the smallest subnormal as the scalar
      c = {};
      c.label = "scalar_special" + std::to_string(k);
      c.note = "the scalar is special value " + std::to_string(k) + " of the type";
      c.scalar_special = k;
      v.push_back(c);
    }
  }
  return v;
}

struct TestFile {
  std::string name, title;
  std::string what;  // what each case does, for the file's header comment
  std::string text;  // more code after the helpers (a trap handler)
  std::vector<Case> cases;
  const Row* row;
  std::string whole;  // the whole program, written by its own emitter (not emit_asm)
  std::string issue;  // a fault test: NAME.issue (the reason's regular expression), no signature
};

const char* const kVectorCaseText =
    "Each fills the UB (scalar stores of xorshift64 words, and/or masks per\n"
    "// element), sets the mask CSRs, issues the instruction (rs1 = a0, rs2 = a1, rs3 = a2)\n"
    "// and copies the UB window it may write to its part of the signature.";

std::string hex64(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%" PRIx64, v);
  return b;
}

std::string emit_asm(const TestFile& f, const std::vector<Row>& rows) {
  if (!f.whole.empty()) return f.whole;
  const Row& barrier = *find_row(rows, "xnpu_pipe_barrier");
  const Row& ub2gm = *find_row(rows, "xnpu_copy_ub2gm_u8");
  std::ostringstream o;
  o << "// Generated by isa/conformance/gen_xnpu_suite.cpp from isa/xnpu.def and the\n"
       "// reference model (isa/conformance/reference.cpp); do not edit. See isa/CONFORMANCE.md.\n"
       "// "
    << f.title << ": " << f.cases.size()
    << " cases. " << (f.what.empty() ? kVectorCaseText : f.what.c_str())
    << "\n"
       "  .text\n  .globl kernel_main\n  .type kernel_main, @function\nkernel_main:\n"
       "  addi sp, sp, -16\n  sd ra, 8(sp)\n";
  const uint32_t barrier_all = barrier.match | static_cast<uint32_t>(npuvp::isa::xnpu::Pipe::ALL) << 20;
  char line[256];
  for (size_t k = 0; k < f.cases.size(); ++k) {
    const Case& c = f.cases[k];
    o << "\n  // case " << k << " (" << c.label << "): " << c.note << "\n";
    if (!c.body.empty()) {
      o << c.body;
      continue;
    }
    for (const Fill& fl : c.fills)
      o << "  li a0, " << hex64(fl.at) << "\n  li a1, " << hex64(fl.bytes) << "\n  li a2, " << hex64(fl.seed)
        << "\n  li a3, " << hex64(fl.and_mask) << "\n  li a4, " << hex64(fl.or_mask) << "\n  call xs_fill\n";
    for (size_t b = 0; b < c.blocks.size(); ++b)
      o << "  la a0, in_" << c.label << "_" << b << "\n  li a1, " << hex64(c.blocks[b].at) << "\n  li a2, "
        << c.blocks[b].bytes.size() << "\n  call xs_copy\n";
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // xnpu.pipe_barrier ALL\n", barrier_all);
    o << line;
    o << "  li t0, " << hex64(c.mask0) << "\n  csrw " << npuvp::isa::xnpu::kCsrMask0 << ", t0\n"
      << "  li t0, " << hex64(c.mask1) << "\n  csrw " << npuvp::isa::xnpu::kCsrMask1 << ", t0\n"
      << "  li t0, " << (c.count_mode ? 1 : 0) << "\n  csrw " << npuvp::isa::xnpu::kCsrMaskMode << ", t0\n"
      << "  li t0, " << hex64(c.cmpmask) << "\n  csrw " << npuvp::isa::xnpu::kCsrCmpMask << ", t0\n";
    o << "  li a0, " << hex64(c.insn.rs1) << "\n  li a1, " << hex64(c.insn.rs2) << "\n  li a2, " << hex64(c.insn.rs3)
      << "\n";
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // %s a0, a1%s%s\n", encode(*f.row, c.rm), f.row->mnemonic.c_str(),
                  f.row->format == isa::Format::XNPU_R4 ? ", a2" : "",
                  f.row->op == "vconv" ? (std::string(", ") + round_name(static_cast<Round>(c.rm))).c_str() : "");
    o << line;
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // xnpu.pipe_barrier ALL\n", barrier_all);
    o << line;
    // copy_ub2gm: one burst of the window's 32 B blocks into sig_<label>.
    const uint64_t params = 1 | static_cast<uint64_t>((c.out.hi - c.out.lo) / 32) << 16;
    o << "  la a0, sig_" << c.label << "\n  li a1, " << hex64(c.out.lo) << "\n  li a2, " << hex64(params) << "\n";
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // %s a0, a1, a2\n", encode(ub2gm), ub2gm.mnemonic.c_str());
    o << line;
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // xnpu.pipe_barrier ALL\n", barrier_all);
    o << line;
  }
  o << "\n  ld ra, 8(sp)\n  addi sp, sp, 16\n  ret\n  .size kernel_main, . - kernel_main\n\n"
       "// xs_fill(a0 = UB offset, a1 = bytes (a multiple of 8), a2 = xorshift64 state,\n"
       "//         a3 = and mask, a4 = or mask): 64-bit words through the scalar UB window.\n"
       "  .type xs_fill, @function\nxs_fill:\n"
       "  li t0, "
    << hex64(kUbWindow)
    << "\n  add a0, a0, t0\n  add a1, a1, a0\n1:\n"
       "  slli t1, a2, 13\n  xor a2, a2, t1\n  srli t1, a2, 7\n  xor a2, a2, t1\n  slli t1, a2, 17\n  xor a2, a2, t1\n"
       "  and t1, a2, a3\n  or t1, t1, a4\n  sd t1, 0(a0)\n  addi a0, a0, 8\n  bltu a0, a1, 1b\n  ret\n"
       "  .size xs_fill, . - xs_fill\n\n"
       "// xs_copy(a0 = source, a1 = UB offset, a2 = bytes (a multiple of 8)).\n"
       "  .type xs_copy, @function\nxs_copy:\n"
       "  li t0, "
    << hex64(kUbWindow)
    << "\n  add a1, a1, t0\n  add a2, a2, a0\n1:\n  ld t1, 0(a0)\n  sd t1, 0(a1)\n  addi a0, a0, 8\n  addi a1, a1, 8\n"
       "  bltu a0, a2, 1b\n  ret\n  .size xs_copy, . - xs_copy\n\n"
    << f.text
    << "// Input values the cases place in the UB.\n  .section .rodata\n  .p2align 3\n";
  for (const Case& c : f.cases)
    for (size_t b = 0; b < c.blocks.size(); ++b) {
      o << "in_" << c.label << "_" << b << ":";
      const std::vector<uint8_t>& by = c.blocks[b].bytes;
      for (size_t i = 0; i < by.size(); i += 8) {
        uint64_t v = 0;
        for (unsigned k = 0; k < 8; ++k) v |= static_cast<uint64_t>(by[i + k]) << (8 * k);
        o << (i % 32 == 0 ? "\n  .8byte " : ", ") << hex64(v);
      }
      o << "\n";
    }
  o << "\n"
       "// The signature: one part per case, 0xdeadbeef until the case's copy lands.\n"
       "  .data\n  .p2align 5\n  .globl begin_signature\nbegin_signature:\n";
  for (const Case& c : f.cases)
    o << "  .globl sig_" << c.label << "\nsig_" << c.label << ":\n  .fill " << (c.out.hi - c.out.lo) / 4
      << ", 4, 0xdeadbeef\n";
  o << "  .globl end_signature\nend_signature:\n";
  return o.str();
}

std::string emit_signature(const TestFile& f) {
  std::string s;
  char w[16];
  for (const Case& c : f.cases) {
    const std::vector<uint8_t> b = expected(c);
    for (size_t i = 0; i + 4 <= b.size(); i += 4) {
      const uint32_t v = b[i] | b[i + 1] << 8 | b[i + 2] << 16 | static_cast<uint32_t>(b[i + 3]) << 24;
      std::snprintf(w, sizeof w, "%08x\n", v);
      s += w;
    }
  }
  return s;
}

// ---- Synchronisation: set_flag, wait_flag, pipe_barrier
//
// Every case moves data GM -> UB (MTE2 or the scalar unit), through PIPE_V
// (vadds, vmuls) and back to the signature (MTE3 or the scalar unit), ordered
// only by the flags and barriers under test: a flag or barrier that does not
// hold its pipe lets a later pipe read bytes not yet written, and the
// signature shows it. Cases end with every flag they set consumed.
struct SyncEmitter {
  const std::vector<Row>& rows;
  std::ostringstream o;

  void word(const Row& r, uint32_t w, const std::string& text) {
    char line[160];
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // %s\n", w, text.c_str());
    o << line;
  }
  static const char* pipe(unsigned p) { return npuvp::isa::xnpu::pipe_name(static_cast<npuvp::isa::xnpu::Pipe>(p)); }
  void flag(bool set, unsigned src, unsigned dst, unsigned ev) {
    const Row& r = *find_row(rows, set ? "xnpu_set_flag" : "xnpu_wait_flag");
    word(r, r.match | (src | dst << 4 | ev << 8) << 20,
         r.mnemonic + " " + pipe(src) + ", " + pipe(dst) + ", " + std::to_string(ev));
  }
  void barrier(unsigned p) {
    const Row& r = *find_row(rows, "xnpu_pipe_barrier");
    word(r, r.match | p << 20, r.mnemonic + " " + pipe(p));
  }
  void gm2ub(uint32_t ub, const std::string& gm_label, unsigned blocks) {
    const Row& r = *find_row(rows, "xnpu_copy_gm2ub_u8");
    o << "  li a0, " << hex64(ub) << "\n  la a1, " << gm_label << "\n  li a2, " << hex64(1 | uint64_t{blocks} << 16) << "\n";
    word(r, encode(r), r.mnemonic + " a0, a1, a2");
  }
  void ub2gm(const std::string& gm_label, uint32_t ub, unsigned blocks) {
    const Row& r = *find_row(rows, "xnpu_copy_ub2gm_u8");
    o << "  la a0, " << gm_label << "\n  li a1, " << hex64(ub) << "\n  li a2, " << hex64(1 | uint64_t{blocks} << 16) << "\n";
    word(r, encode(r), r.mnemonic + " a0, a1, a2");
  }
  void vector(const VectorInsn& in, const char* ident) {
    const Row& r = *find_row(rows, ident);
    o << "  li a0, " << hex64(in.rs1) << "\n  li a1, " << hex64(in.rs2) << "\n  li a2, " << hex64(in.rs3) << "\n";
    word(r, encode(r), r.mnemonic + " a0, a1, a2");
  }
  std::string take() {
    std::string s = o.str();
    o.str("");
    return s;
  }
};

constexpr unsigned kS = 0, kV = 1, kMte2 = 4, kMte3 = 5, kAll = 7;

TestFile sync_file(const std::vector<Row>& rows) {
  TestFile f;
  f.row = find_row(rows, "xnpu_set_flag");
  f.name = "sync";
  f.title = "xnpu.set_flag, xnpu.wait_flag, xnpu.pipe_barrier";
  f.what =
      "Each moves data GM -> UB -> PIPE_V -> GM (or through the scalar\n"
      "// unit) ordered only by the flags and barriers under test, and leaves no flag set.";
  SyncEmitter e{rows, {}};
  const uint32_t one_f16 = 0x3c00, two_f16 = 0x4000;
  auto vadds = [&](uint32_t dst, uint32_t src, unsigned repeat) {
    VectorInsn in;
    in.op = "vadds";
    in.type = in.type2 = Type::f16;
    in.rs1 = pack_addrs(dst, src, 0);
    in.rs2 = pack_config(repeat, Strides{});
    in.rs3 = one_f16;
    return in;
  };
  auto vmuls = [&](uint32_t dst, uint32_t src) {
    VectorInsn in = vadds(dst, src, 1);
    in.op = "vmuls";
    in.rs3 = two_f16;
    return in;
  };
  // Input bytes (f16, the arithmetic distribution) and the reference result.
  auto input = [&](const std::string& label, unsigned bytes) {
    Block b{kSrc0, std::vector<uint8_t>(bytes)};
    VectorState st;
    const auto [a, o] = masks(Type::f16, Dist::Arith);
    fill(st.ub, kSrc0, bytes, fnv("sync/" + label), a, o);
    std::copy(st.ub.begin() + kSrc0, st.ub.begin() + kSrc0 + bytes, b.bytes.begin());
    return b;
  };
  auto result = [&](const Block& in, const std::vector<VectorInsn>& prog, unsigned bytes) {
    VectorState st;
    std::copy(in.bytes.begin(), in.bytes.end(), st.ub.begin() + kSrc0);
    for (const VectorInsn& i : prog) execute(st, i);
    return std::vector<uint8_t>(st.ub.begin() + kDst, st.ub.begin() + kDst + bytes);
  };
  auto add_case = [&](const std::string& label, const std::string& note, Block in, std::vector<uint8_t> expect) {
    Case c;
    c.label = label;
    c.note = note;
    c.blocks.push_back(std::move(in));
    c.expect = std::move(expect);
    c.out = {kDst, kDst + static_cast<uint32_t>(c.expect.size())};
    c.body = e.take();
    f.cases.push_back(std::move(c));
  };

  // Full mask, bit mode, for every case.
  e.o << "  li t0, -1\n  csrw " << npuvp::isa::xnpu::kCsrMask0 << ", t0\n  csrw " << npuvp::isa::xnpu::kCsrMask1
      << ", t0\n  csrw " << npuvp::isa::xnpu::kCsrMaskMode << ", zero\n";
  const std::string prologue = e.take();

  // MTE2 -> V -> MTE3 on each event; V -> MTE2 and MTE3 -> V keep the next
  // case from overwriting what this one still reads.
  for (unsigned ev = 0; ev < 8; ++ev) {
    const std::string label = "flags_ev" + std::to_string(ev);
    const Block in = input(label, 256);
    if (ev == 0) e.o << prologue;
    e.gm2ub(kSrc0, "in_" + label + "_0", 8);
    e.flag(true, kMte2, kV, ev);
    e.flag(false, kMte2, kV, ev);
    e.vector(vadds(kDst, kSrc0, 1), "xnpu_vadds_f16");
    e.flag(true, kV, kMte3, ev);
    e.flag(true, kV, kMte2, ev);
    e.flag(false, kV, kMte3, ev);
    e.ub2gm("sig_" + label, kDst, 8);
    e.flag(true, kMte3, kV, ev);
    e.flag(false, kV, kMte2, ev);
    e.flag(false, kMte3, kV, ev);
    add_case(label, "GM -> UB -> vadds -> GM on event " + std::to_string(ev) + ", ordered by flags only", in,
             result(in, {vadds(kDst, kSrc0, 1)}, 256));
  }
  {
    // Two events in flight on one pair of pipes, waited for in the other order.
    const std::string label = "two_events";
    Block in = input(label, 512);
    Block lo{in.at, std::vector<uint8_t>(in.bytes.begin(), in.bytes.begin() + 256)};
    e.gm2ub(kSrc0, "in_" + label + "_0", 8);
    e.flag(true, kMte2, kV, 1);
    e.o << "  li a0, " << hex64(kSrc0 + 256) << "\n  la a1, in_" << label << "_0 + 256\n  li a2, "
        << hex64(1 | uint64_t{8} << 16) << "\n";
    e.word(*find_row(rows, "xnpu_copy_gm2ub_u8"), encode(*find_row(rows, "xnpu_copy_gm2ub_u8")),
           "xnpu.copy_gm2ub.u8 a0, a1, a2");
    e.flag(true, kMte2, kV, 2);
    e.flag(false, kMte2, kV, 2);
    e.flag(false, kMte2, kV, 1);
    e.vector(vadds(kDst, kSrc0, 2), "xnpu_vadds_f16");
    e.flag(true, kV, kMte3, 6);
    e.flag(false, kV, kMte3, 6);
    e.ub2gm("sig_" + label, kDst, 16);
    e.barrier(kAll);
    add_case(label, "two halves on events 1 and 2, waited for as 2 then 1", in,
             result(in, {vadds(kDst, kSrc0, 2)}, 512));
  }
  {
    // The scalar unit writes the UB, V computes: S -> V.
    const std::string label = "scalar_to_v";
    const Block in = input(label, 256);
    e.o << "  la a0, in_" << label << "_0\n  li a1, " << hex64(kSrc0) << "\n  li a2, 256\n  call xs_copy\n";
    e.flag(true, kS, kV, 3);
    e.flag(false, kS, kV, 3);
    e.vector(vadds(kDst, kSrc0, 1), "xnpu_vadds_f16");
    e.flag(true, kV, kMte3, 3);
    e.flag(false, kV, kMte3, 3);
    e.ub2gm("sig_" + label, kDst, 8);
    e.barrier(kAll);
    add_case(label, "scalar stores to the UB, then set_flag/wait_flag S -> V", in,
             result(in, {vadds(kDst, kSrc0, 1)}, 256));
  }
  {
    // V computes, the scalar unit reads the result: V -> S.
    const std::string label = "v_to_scalar";
    const Block in = input(label, 256);
    e.gm2ub(kSrc0, "in_" + label + "_0", 8);
    e.flag(true, kMte2, kV, 4);
    e.flag(false, kMte2, kV, 4);
    e.vector(vadds(kDst, kSrc0, 1), "xnpu_vadds_f16");
    e.flag(true, kV, kS, 5);
    e.flag(false, kV, kS, 5);
    e.o << "  li t0, " << hex64(kUbWindow + kDst) << "\n  la t1, sig_" << label << "\n  addi t2, t0, 256\n"
        << "1:\n  ld t3, 0(t0)\n  sd t3, 0(t1)\n  addi t0, t0, 8\n  addi t1, t1, 8\n  bltu t0, t2, 1b\n";
    e.barrier(kAll);
    add_case(label, "set_flag/wait_flag V -> S, then the scalar unit copies the result", in,
             result(in, {vadds(kDst, kSrc0, 1)}, 256));
  }
  {
    // Barriers of single pipes between dependent instructions of that pipe.
    const std::string label = "pipe_barriers";
    const Block in = input(label, 256);
    e.gm2ub(kSrc0, "in_" + label + "_0", 8);
    e.barrier(kMte2);
    e.flag(true, kMte2, kV, 7);
    e.flag(false, kMte2, kV, 7);
    e.vector(vadds(kDst + 0x1000, kSrc0, 1), "xnpu_vadds_f16");
    e.barrier(kV);
    e.vector(vmuls(kDst, kDst + 0x1000), "xnpu_vmuls_f16");
    e.flag(true, kV, kMte3, 0);
    e.flag(false, kV, kMte3, 0);
    e.ub2gm("sig_" + label, kDst, 8);
    e.barrier(kMte3);
    e.barrier(kS);
    e.barrier(kAll);
    add_case(label, "pipe_barrier MTE2, V, MTE3, S between dependent work, flags across pipes", in,
             result(in, {vadds(kDst + 0x1000, kSrc0, 1), vmuls(kDst, kDst + 0x1000)}, 256));
  }
  return f;
}

// ---- DataCopy: the copy_* rows of the vector core
//
// GM -> UB and UB -> UB cases copy into a prefilled UB window and then copy
// the window to the signature; UB -> GM cases copy straight into their part
// of the signature (a result region, prefilled with 0xdeadbeef words, which
// gaps between bursts and an atomic add's left operand keep visible).
struct CopyCase {
  std::string label, note;
  uint64_t count, len, src_stride, dst_stride;
  uint64_t pad_csr = 0, pad_value = 0;
};

TestFile copy_file(const Row& row, const std::vector<Row>& rows) {
  TestFile f;
  f.row = &row;
  f.name = row.ident.substr(5);
  f.title = row.mnemonic;
  f.what =
      "Each prefills its destination (UB window or signature part), runs one\n"
      "// copy, and leaves in the signature every byte the copy may have written.";
  const std::string op = row.op;
  const bool to_gm = op == "copy_ub2gm" || op == "copy_ub2gm_pad" || op == "copy_ub2gm_add";
  const bool from_gm = op == "copy_gm2ub" || op == "copy_gm2ub_pad";
  const bool bytes = op == "copy_gm2ub_pad" || op == "copy_ub2gm_pad";
  const unsigned s = size_of(row.type);
  std::vector<CopyCase> cases;
  if (!bytes) {
    cases = {{"one_burst", "one burst of 8 blocks", 1, 8, 0, 0},
             {"gaps", "3 bursts of 2 blocks, source gap 1, destination gap 3", 3, 2, 1, 3},
             {"many", "9 bursts of 1 block, destination gap 2", 9, 1, 0, 2},
             {"count0", "blockCount 0: nothing moves", 0, 4, 0, 0},
             {"len0", "blockLen 0: nothing moves", 2, 0, 1, 1}};
  } else if (op == "copy_gm2ub_pad") {
    const uint64_t pv = s == 1 ? 0xa5 : s == 2 ? 0x7e00 : 0x12345678;
    cases = {{"nopad", "2 bursts of 37 bytes, GM gap 5 bytes, UB gap 1 block, padding off", 2, 37, 5, 1, 0x0302, pv},
             {"pad", "3 bursts of 20 bytes, 2 left and 3 right pad elements", 3, 20, 3, 0, 0x10302, pv},
             {"pad_right", "one burst of 64 bytes, 5 right pad elements", 1, 64, 0, 0, 0x10500, pv},
             {"count0", "blockCount 0: nothing moves", 0, 10, 0, 0, 0x10101, pv}};
  } else {
    cases = {{"gaps", "3 bursts of 45 bytes, UB gap 1 block, GM gap 7 bytes", 3, 45, 1, 7},
             {"whole", "2 bursts of 64 bytes, no gaps", 2, 64, 0, 0},
             {"short", "one burst of 5 bytes", 1, 5, 0, 0},
             {"count0", "blockCount 0: nothing moves", 0, 8, 0, 0}};
  }
  SyncEmitter e{rows, {}};
  const uint32_t kWindow = 2048;  // bytes every case may read from its source
  for (const CopyCase& cc : cases) {
    const uint64_t params = cc.count | cc.len << 16 | cc.src_stride << 32 | cc.dst_stride << 48;
    const uint64_t seed = fnv(row.ident + "/" + cc.label);
    // The source bytes and the extent of the writes (bytes some run changes).
    const Dist d = to_gm && op == "copy_ub2gm_add" && is_float(row.type) ? Dist::Arith : Dist::Raw;
    const auto [am, om] = masks(d == Dist::Raw ? Type::u32 : row.type, d);
    std::vector<uint8_t> src(0x30000);
    fill(src, 0, kWindow, seed | 1, am, om);
    src.resize(kWindow);
    uint64_t extent = 0;
    for (uint8_t pattern : {0x00, 0xff}) {
      std::vector<uint8_t> probe(0x10000, pattern), ref = probe;
      data_copy(op, row.type, src, probe, params, cc.pad_csr, cc.pad_value);
      for (uint64_t i = 0; i < probe.size(); ++i)
        if (probe[i] != ref[i]) extent = std::max(extent, i + 1);
    }
    const uint32_t window = std::max<uint32_t>(32, static_cast<uint32_t>((extent + 31) / 32 * 32));
    Case c;
    c.label = cc.label;
    c.note = cc.note;
    c.out = {kDst, kDst + window};
    std::vector<uint8_t> dst;
    auto emit_fill = [&](uint32_t at, uint32_t n, uint64_t fseed, uint64_t a, uint64_t o) {
      c.fills.push_back({at, n, fseed, a, o});
      e.o << "  li a0, " << hex64(at) << "\n  li a1, " << hex64(n) << "\n  li a2, " << hex64(fseed) << "\n  li a3, "
          << hex64(a) << "\n  li a4, " << hex64(o) << "\n  call xs_fill\n";
    };
    if (op == "copy_gm2ub_pad") {
      e.o << "  li t0, " << hex64(cc.pad_csr) << "\n  csrw " << npuvp::isa::xnpu::kCsrPad << ", t0\n  li t0, "
          << hex64(cc.pad_value) << "\n  csrw " << npuvp::isa::xnpu::kCsrPadValue << ", t0\n";
    }
    if (to_gm) {
      emit_fill(kSrc0, kWindow, seed | 1, am, om);
      e.barrier(kAll);
      e.o << "  la a0, sig_" << c.label << "\n  li a1, " << hex64(kSrc0) << "\n  li a2, " << hex64(params) << "\n";
      dst.assign(window, 0);
      for (uint32_t i = 0; i < window; i += 4) {
        const uint32_t w = 0xdeadbeef;
        std::memcpy(&dst[i], &w, 4);
      }
    } else {
      // The UB window, prefilled; the source in GM (.rodata) or in the UB.
      VectorState st;
      const uint64_t wseed = seed * 0x9e3779b97f4a7c15ull + 1;
      fill(st.ub, kDst, window, wseed, ~0ull, 0);
      emit_fill(kDst, window, wseed, ~0ull, 0);
      if (from_gm) {
        c.blocks.push_back({0, src});  // only placed in .rodata: in_<label>_0
        e.barrier(kAll);
        e.o << "  li a0, " << hex64(kDst) << "\n  la a1, in_" << c.label << "_0\n  li a2, " << hex64(params) << "\n";
      } else {
        emit_fill(kSrc0, kWindow, seed | 1, am, om);
        e.barrier(kAll);
        e.o << "  li a0, " << hex64(kDst) << "\n  li a1, " << hex64(kSrc0) << "\n  li a2, " << hex64(params) << "\n";
      }
      dst.assign(st.ub.begin() + kDst, st.ub.begin() + kDst + window);
    }
    e.word(row, encode(row), row.mnemonic + " a0, a1, a2");
    e.barrier(kAll);
    if (!to_gm) {
      e.ub2gm("sig_" + c.label, kDst, window / 32);
      e.barrier(kAll);
    }
    data_copy(op, row.type, src, dst, params, cc.pad_csr, cc.pad_value);
    dst.resize(window);
    c.expect = dst;
    c.body = e.take();
    f.cases.push_back(std::move(c));
  }
  return f;
}

// ---- The cube core: copies into L1/L0A/L0B/BiasTable, mmad, FixPipe
//
// Every case stages its operands through the instructions themselves (GM ->
// L0A/L0B by Load2D, or GM -> L1 -> L0A/L0B/BiasTable), runs mmad, and
// FixPipes L0C into its part of the signature (GM, prefilled with
// 0xdeadbeef words, which stay where FixPipe must not write). The reference
// (reference_cube.h) mirrors each instruction on its own buffers;
// pipe_barrier ALL orders the steps.
struct CubeEmitter {
  const std::vector<Row>& rows;
  CubeState st;
  std::ostringstream o;
  std::vector<Block> blocks;  // the case's GM inputs, in_<label>_<index>
  std::string label;
  std::vector<uint8_t> sig;   // the case's signature part (the reference's GM)

  static std::string li(const char* reg, uint64_t v) { return std::string("  li ") + reg + ", " + hex64(v) + "\n"; }
  void insn(const std::string& ident, const std::string& setup) {
    const Row& r = *find_row(rows, ident);
    const Row& b = *find_row(rows, "xnpu_pipe_barrier");
    char line[192];
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // %s a0, a1, a2\n  .4byte 0x%08x  // xnpu.pipe_barrier ALL\n",
                  encode(r), r.mnemonic.c_str(), b.match | static_cast<uint32_t>(npuvp::isa::xnpu::Pipe::ALL) << 20);
    o << setup << line;
  }
  // A GM input (padded to 32 B); returns its label.
  std::string input(std::vector<uint8_t> bytes) {
    bytes.resize((bytes.size() + 31) / 32 * 32);
    blocks.push_back({0, bytes});
    return "in_" + label + "_" + std::to_string(blocks.size() - 1);
  }
  static uint64_t l2d(uint32_t start, uint32_t repeat, uint32_t stride, uint32_t gap = 0, bool tr = false) {
    return start | uint64_t{repeat} << 16 | uint64_t{stride} << 24 | uint64_t{gap} << 40 | uint64_t{tr} << 56;
  }
  // load2d_gm2l0{a,b}: `repeat` fractals from a GM input.
  void gm2l0(bool a, unsigned es, uint32_t dst, const std::vector<uint8_t>& data, uint64_t params) {
    const std::string lab = input(data);
    insn(std::string("xnpu_load2d_gm2l0") + (a ? "a" : "b") + (es == 1 ? "_u8" : "_u16"),
         li("a0", dst) + "  la a1, " + lab + "\n" + li("a2", params));
    std::vector<uint8_t> src = data;
    src.resize(src.size() + 512 * 256);
    load2d(src, 0, a ? st.l0a : st.l0b, dst, params, es);
  }
  // copy_gm2l1: one burst of the input's 32 B blocks.
  void gm2l1(uint32_t dst, const std::vector<uint8_t>& data) {
    const std::string lab = input(data);
    const uint64_t n = (data.size() + 31) / 32;
    insn("xnpu_copy_gm2l1_u8", li("a0", dst) + "  la a1, " + lab + "\n" + li("a2", 1 | n << 16));
    std::copy(data.begin(), data.end(), st.l1.begin() + dst);
  }
  void l12l0(bool a, unsigned es, uint32_t dst, uint32_t src, uint64_t params) {
    insn(std::string("xnpu_load2d_l12l0") + (a ? "a" : "b") + (es == 1 ? "_u8" : "_u16"),
         li("a0", dst) + li("a1", src) + li("a2", params));
    load2d(st.l1, src, a ? st.l0a : st.l0b, dst, params, es);
  }
  void l12bt(uint32_t dst, uint32_t src, uint32_t blocks32) {
    insn("xnpu_copy_l12bt_u8", li("a0", dst) + li("a1", src) + li("a2", 1 | uint64_t{blocks32} << 16));
    std::copy(st.l1.begin() + src, st.l1.begin() + src + 32 * blocks32, st.bt.begin() + dst);
  }
  static uint64_t mm_rs1(uint32_t c, uint32_t a, uint32_t b) { return c | uint64_t{a} << 20 | uint64_t{b} << 40; }
  static uint64_t mm_rs2(uint32_t m, uint32_t n, uint32_t k, uint32_t init) {
    return m | uint64_t{n} << 12 | uint64_t{k} << 24 | uint64_t{init} << 36;
  }
  void mm(Type t, uint64_t rs1, uint64_t rs2, uint64_t rs3 = 0) {
    insn(std::string("xnpu_mmad_") + type_name(t), li("a0", rs1) + li("a1", rs2) + li("a2", rs3));
    mmad(st, t, rs1, rs2, rs3);
  }
  static uint64_t fix_rs2(uint32_t src, uint32_t m, uint32_t n, uint32_t stride, unsigned flags = 0) {
    return src | uint64_t{m} << 20 | uint64_t{n} << 32 | uint64_t{stride} << 44 | uint64_t{flags} << 60;
  }
  // fix_l0c2gm into the case's signature part at byte `at`.
  void fix(Type s, Type d, uint32_t at, uint64_t rs2, uint64_t rs3) {
    insn(std::string("xnpu_fix_l0c2gm_") + type_name(s) + "_" + type_name(d),
         "  la a0, sig_" + label + "\n" + (at ? li("t0", at) + "  add a0, a0, t0\n" : std::string()) + li("a1", rs2) +
             li("a2", rs3));
    std::vector<uint8_t> out(sig.begin() + at, sig.end());
    fixpipe(st, s, d, out, rs2, rs3);
    std::copy(out.begin(), out.end(), sig.begin() + at);
  }
  void begin(const std::string& l, size_t sig_bytes) {
    label = l;
    blocks.clear();
    sig.assign((sig_bytes + 31) / 32 * 32, 0);
    for (size_t i = 0; i < sig.size(); i += 4) sig[i] = 0xef, sig[i + 1] = 0xbe, sig[i + 2] = 0xad, sig[i + 3] = 0xde;
  }
  Case end(const std::string& note) {
    Case c;
    c.label = label;
    c.note = note;
    c.body = o.str();
    o.str("");
    c.blocks = blocks;
    c.expect = sig;
    c.out = {0, static_cast<uint32_t>(sig.size())};
    return c;
  }
};

// Random elements of a cube input type (f16/bf16 near 1 with both signs, s8 any).
std::vector<uint8_t> cube_data(Type t, size_t elems, const std::string& seed) {
  std::vector<uint8_t> b((elems * size_of(t) + 7) / 8 * 8);
  const auto [a, o] = t == Type::s8 ? std::pair<uint64_t, uint64_t>{~0ull, 0} : masks(t, Dist::Arith);
  fill(b, 0, static_cast<uint32_t>(b.size()), fnv(seed) | 1, a, o);
  b.resize(elems * size_of(t));
  return b;
}

// Special values of f16/bf16 (zeros, infinities, NaNs, subnormals, extremes)
// scattered through random data.
std::vector<uint8_t> cube_specials(Type t, size_t elems, const std::string& seed) {
  std::vector<uint8_t> b = cube_data(t, elems, seed);
  if (t == Type::s8) {
    const uint8_t ext[] = {0x80, 0x7f, 0xff, 0x00, 0x01};
    for (size_t i = 0; i < elems; i += 2) b[i] = ext[(i / 2) % 5];
    return b;
  }
  const std::vector<uint32_t> sp = specials(t);
  for (size_t i = 0; i < elems; i += 3) {
    const uint32_t v = sp[(i / 3) % sp.size()];
    b[2 * i] = static_cast<uint8_t>(v), b[2 * i + 1] = static_cast<uint8_t>(v >> 8);
  }
  return b;
}

// A cube-core kernel says so: `npuvp conform` launches it with --core aic.
const char* const kCoreAicMarker = "  .globl _kernel_core_aic\n  .set _kernel_core_aic, 1\n";

constexpr uint32_t kL0A = 0, kL0B = 0, kL0C = 0, kL1A = 0, kL1B = 0x20000, kL1Bias = 0x40000, kL1Scale = 0x41000;

TestFile mmad_file(const Row& row, const std::vector<Row>& rows) {
  TestFile f;
  f.row = &row;
  f.name = row.ident.substr(5);
  f.title = row.mnemonic;
  f.text = kCoreAicMarker;
  f.what =
      "Each stages A and B into L0A/L0B with Load2D (from GM, or through L1),\n"
      "// runs mmad and FixPipes L0C (f32 or s32, ND) into its part of the signature.";
  const Type t = row.type;
  const unsigned es = size_of(t), k0 = 32 / es;
  const Type acc = t == Type::s8 ? Type::s32 : Type::f32;
  CubeEmitter e{rows, {}, {}, {}, {}, {}};
  // One mmad of m x n x k from random A (ZZ fractals) and B (ZN fractals) in GM.
  auto simple = [&](const std::string& label, uint32_t m, uint32_t n, uint32_t k, bool special, const std::string& note) {
    const uint32_t M1 = (m + 15) / 16, N1 = (n + 15) / 16, K1 = (k + k0 - 1) / k0;
    e.begin(label, size_t{m} * n * 4);
    auto data = [&](uint32_t fr, const char* w) {
      return special ? cube_specials(t, fr * 512 / es, label + w) : cube_data(t, fr * 512 / es, label + w);
    };
    e.gm2l0(true, es, kL0A, data(M1 * K1, "a"), CubeEmitter::l2d(0, M1 * K1, 1));
    e.gm2l0(false, es, kL0B, data(K1 * N1, "b"), CubeEmitter::l2d(0, K1 * N1, 1));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(m, n, k, 0));
    e.fix(acc, acc, 0, CubeEmitter::fix_rs2(kL0C, m, n, M1 * 16), n);
    f.cases.push_back(e.end(note));
  };
  simple("m16n16k16", 16, 16, 16, false, "one fractal each, init 0 (C = A*B)");
  simple("m1n1k1", 1, 1, 1, false, "m = n = k = 1: one product");
  simple("m33n17k40", 33, 17, 40, false, "m, n, k off fractal boundaries (k-padding never summed)");
  // The largest k L0A/L0B hold with m = n = 16: 128 fractals (64 KiB).
  const uint32_t kmax = t == Type::s8 ? 4095 : 2047;
  simple("kmax", 16, 16, kmax, false, "k = " + std::to_string(kmax) + " (L0A/L0B full): the long ascending chain");
  if (t != Type::s8) simple("specials", 32, 16, 48, true, "NaN, inf, -0, subnormal inputs; NaN results canonical");
  else simple("extremes", 32, 16, 96, true, "s8 extremes (-128, 127, -1, 0, 1) among random values");
  {
    // init 1: the chain continues from L0C (k = 32 + 16 split at a fractal boundary).
    const std::string label = "accumulate";
    e.begin(label, 16 * 16 * 4);
    e.gm2l0(true, es, kL0A, cube_data(t, 3 * 512 / es, label + "a"), CubeEmitter::l2d(0, 3, 1));
    e.gm2l0(false, es, kL0B, cube_data(t, 3 * 512 / es, label + "b"), CubeEmitter::l2d(0, 3, 1));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(16, 16, 2 * k0, 0));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A + 1024, kL0B + 1024), CubeEmitter::mm_rs2(16, 16, k0, 1));
    e.fix(acc, acc, 0, CubeEmitter::fix_rs2(kL0C, 16, 16, 16), 16);
    f.cases.push_back(e.end("init 0 of k = 2 fractals, then init 1 (C += A*B) of one more"));
  }
  {
    // init 2: bias from the BiasTable (GM -> L1 -> BiasTable); then k = 0 keeps the bias alone.
    const std::string label = "bias";
    e.begin(label, 2 * 16 * 32 * 4);
    std::vector<uint8_t> bias(128);
    if (t != Type::s8) {
      fill(bias, 0, 128, fnv(label + "bias") | 1, masks(Type::f32, Dist::Arith).first, masks(Type::f32, Dist::Arith).second);
    } else {  // next to INT32_MAX and INT32_MIN: the sums wrap around
      for (unsigned j = 0; j < 32; ++j) {
        const uint32_t v = j % 2 ? 0x80000100u - j : 0x7ffff000u + j;
        for (unsigned b = 0; b < 4; ++b) bias[4 * j + b] = static_cast<uint8_t>(v >> (8 * b));
      }
    }
    e.gm2l1(kL1Bias, bias);
    e.l12bt(64, kL1Bias, 4);
    e.gm2l0(true, es, kL0A, cube_data(t, 512 / es, label + "a"), CubeEmitter::l2d(0, 1, 1));
    e.gm2l0(false, es, kL0B, cube_data(t, 2 * 512 / es, label + "b"), CubeEmitter::l2d(0, 2, 1));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(16, 32, k0, 2), 64);
    e.fix(acc, acc, 0, CubeEmitter::fix_rs2(kL0C, 16, 32, 16), 32);
    e.mm(t, CubeEmitter::mm_rs1(kL0C + 0x1000, kL0A, kL0B), CubeEmitter::mm_rs2(16, 32, 0, 2), 64);
    e.fix(acc, acc, 16 * 32 * 4, CubeEmitter::fix_rs2(kL0C + 0x1000, 16, 32, 16), 32);
    f.cases.push_back(e.end("init 2 (C = bias + A*B), bias copied GM -> L1 -> BiasTable; then k = 0 (the bias alone)"));
  }
  {
    // Through L1: A as ZZ fractals, B (k x n) loaded with transpose (u16) or as its ZN fractals (s8).
    const std::string label = "via_l1";
    e.begin(label, 32 * 32 * 4);
    e.gm2l1(kL1A, cube_data(t, 4 * 512 / es, label + "a"));
    e.gm2l1(kL1B, cube_data(t, 4 * 512 / es, label + "b"));
    // A (32 x 2k0) and B (2k0 x 32): 4 fractals each, in L0 order already.
    e.l12l0(true, es, kL0A, kL1A, CubeEmitter::l2d(0, 4, 1));
    e.l12l0(false, es, kL0B, kL1B, CubeEmitter::l2d(0, 4, 1, 0, t != Type::s8));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(32, 32, 2 * k0, 0));
    e.fix(acc, acc, 0, CubeEmitter::fix_rs2(kL0C, 32, 32, 32), 32);
    f.cases.push_back(e.end(std::string("GM -> L1 -> L0A/L0B by load2d_l12l0a/b") +
                            (t != Type::s8 ? " (L0B with transpose)" : "")));
  }
  return f;
}

// ---- Load3D (im2col), load3d_l12l0a.{u8,u16}: its own block (XNPU.md "Load3D").
//
// Each case copies a random NC1HWC0 feature map GM -> L1, sets npu_fmatrix,
// runs the load into L0A, and reads the window back out through the cube: an
// mmad by the identity (B = I, n = k = kExtension; f16 for u16, s8 for u8,
// exact) and FixPipe into its part of the signature, all M1*16 rows. The
// reference runs the same steps on its own buffers (reference_cube.h).
struct Load3dCase {
  const char* label;
  const char* note;
  unsigned c, h, w, kh, kw, sh, sw, dh, dw, pl, pr, pt, pb;
  unsigned m_start, m_ext, k_start_blocks, k_blocks;  // k in C0 blocks (kExtension <= 64 elements)
  uint16_t pad;
};

TestFile load3d_file(const Row& row, const std::vector<Row>& rows) {
  TestFile f;
  f.row = &row;
  f.name = row.ident.substr(5);
  f.title = row.mnemonic;
  f.text = kCoreAicMarker;
  f.what =
      "Each copies a feature map GM -> L1, sets npu_fmatrix, runs the im2col load into L0A,\n"
      "// then mmad by the identity and FixPipe put the window (all its fractal rows) in the signature.";
  const unsigned es = row.type == Type::u8 ? 1 : 2, c0 = 32 / es;
  const Type mm = es == 1 ? Type::s8 : Type::f16, acc = es == 1 ? Type::s32 : Type::f32;
  static const Load3dCase kU16[] = {
      {"stride1_pad1", "5x6 map, 3x3 filter, stride 1, pad 1: taps 0..3 of all 30 rows", 16, 5, 6, 3, 3, 1, 1, 1, 1,
       1, 1, 1, 1, 0, 30, 0, 4, 0xbc00},
      {"stride2_window", "two channel blocks, stride 2, asymmetric pad; window from row 3 and tap 8 (c1 0 -> 1)", 32,
       7, 9, 3, 3, 2, 2, 1, 1, 1, 2, 0, 1, 3, 17, 8, 4, 0x3555},
      {"dilation", "2x3 filter with dilation 2x3, stride 1x2; rows from 5, taps 2..4", 16, 8, 8, 2, 3, 1, 2, 2, 3, 2,
       0, 1, 1, 5, 20, 2, 3, 0x0000},
      {"one_by_one", "1x1 filter, four channel blocks, no padding: a plain gather of pixels", 64, 4, 4, 1, 1, 1, 1, 1,
       1, 0, 0, 0, 0, 0, 16, 0, 4, 0x7bff},
      {"past_last_row", "3x3 map, pad 1: rows 9..15 past Ho*Wo = 9 follow the formula (mostly padding)", 16, 3, 3, 3,
       3, 1, 1, 1, 1, 1, 1, 1, 1, 0, 9, 4, 4, 0xc000},
  };
  static const Load3dCase kU8[] = {
      {"stride1_pad1", "64 channels (two 32-channel blocks), 5x5 map, 3x3, pad 1: taps 3..4", 64, 5, 5, 3, 3, 1, 1, 1,
       1, 1, 1, 1, 1, 0, 25, 3, 2, 0x0080},
      {"stride2_dilation", "stride 2, dilation 2, pad 2; window from row 2 across c1 0 -> 1", 64, 9, 7, 3, 3, 2, 2, 2,
       2, 2, 2, 2, 2, 2, 14, 8, 2, 0x007f},
  };
  const auto& cases = es == 2 ? std::vector<Load3dCase>(std::begin(kU16), std::end(kU16))
                              : std::vector<Load3dCase>(std::begin(kU8), std::end(kU8));
  CubeEmitter e{rows, {}, {}, {}, {}, {}};
  for (const Load3dCase& k : cases) {
    const uint32_t k_ext = k.k_blocks * c0, m1 = (k.m_ext + 15) / 16, rows16 = m1 * 16;
    e.begin(k.label, size_t{rows16} * k_ext * 4);
    // The feature map, C1 blocks of h x w pixels of 32 B.
    const size_t fm_bytes = size_t{k.c / c0} * k.h * k.w * 32;
    e.gm2l1(kL1A, cube_data(mm, fm_bytes / es, std::string("load3d") + k.label));
    // The identity as ZN fractals of B (k_ext x k_ext) in L0B, from GM.
    const uint32_t k1 = k_ext / c0, n1 = (k_ext + 15) / 16;
    std::vector<uint8_t> id(size_t{k1} * n1 * 512);
    const uint32_t one = es == 1 ? 1 : 0x3c00;
    for (uint32_t kk = 0; kk < k_ext; ++kk) {
      const size_t at = (size_t{kk / c0} * n1 + kk / 16) * 512 + ((kk % 16) * c0 + kk % c0) * es;
      for (unsigned b = 0; b < es; ++b) id[at + b] = static_cast<uint8_t>(one >> (8 * b));
    }
    e.gm2l0(false, es, kL0B, id, CubeEmitter::l2d(0, k1 * n1, 1));
    const uint64_t fmatrix = uint64_t{k.w} | uint64_t{k.h} << 16 | uint64_t{k.pl} << 32 | uint64_t{k.pr} << 40 |
                             uint64_t{k.pt} << 48 | uint64_t{k.pb} << 56;
    const uint64_t rs1 = kL0A | uint64_t{kL1A} << 20 | uint64_t{k.c} << 40;
    const uint64_t rs2 = k_ext | uint64_t{k.m_ext} << 16 | uint64_t{k.k_start_blocks * c0} << 32 |
                         uint64_t{k.m_start} << 48;
    const uint64_t rs3 = uint64_t{k.sw} | uint64_t{k.sh} << 8 | uint64_t{k.kw} << 16 | uint64_t{k.kh} << 24 |
                         uint64_t{k.dw} << 32 | uint64_t{k.dh} << 40 | uint64_t{k.pad} << 48;
    e.insn(row.ident, CubeEmitter::li("t0", fmatrix) + "  csrw " + std::to_string(npuvp::isa::xnpu::kCsrFmatrix) +
                          ", t0\n" + CubeEmitter::li("a0", rs1) + CubeEmitter::li("a1", rs2) +
                          CubeEmitter::li("a2", rs3));
    load3d(e.st, rs1, rs2, rs3, fmatrix, es);
    e.mm(mm, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(rows16, k_ext, k_ext, 0));
    e.fix(acc, acc, 0, CubeEmitter::fix_rs2(kL0C, rows16, k_ext, rows16), k_ext);
    f.cases.push_back(e.end(k.note));
  }
  return f;
}

// FixPipe: L0C staged by an mmad (f16 for an f32 source, s8 for s32), then
// written by the row under test in every mode it has.
TestFile fix_file(const Row& row, const std::vector<Row>& rows) {
  TestFile f;
  f.row = &row;
  f.name = row.ident.substr(5);
  f.title = row.mnemonic;
  f.text = kCoreAicMarker;
  f.what =
      "Each stages L0C with an mmad (f16 inputs for an f32 source, s8 for s32),\n"
      "// then FixPipes it into its part of the signature in the mode under test.";
  const Type s = row.type, d = row.type2, in = s == Type::f32 ? Type::f16 : Type::s8;
  const unsigned es = size_of(in), k0 = 32 / es, ds = size_of(d);
  CubeEmitter e{rows, {}, {}, {}, {}, {}};
  // C = A*B, 32 x 32 (k = k0), with special inputs if asked.
  auto stage = [&](bool special) {
    const std::vector<uint8_t> a = special && in != Type::s8 ? cube_specials(in, 2 * 512 / es, e.label + "a")
                                                             : cube_data(in, 2 * 512 / es, e.label + "a");
    e.gm2l0(true, es, kL0A, a, CubeEmitter::l2d(0, 2, 1));
    e.gm2l0(false, es, kL0B, cube_data(in, 2 * 512 / es, e.label + "b"), CubeEmitter::l2d(0, 2, 1));
    e.mm(in, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(32, 32, k0, 0));
  };
  const uint32_t scale = s == Type::s32 && d == Type::f16 ? 0x3a800000 : 0;  // 2^-10: products of s8 fit f16
  auto one = [&](const std::string& label, uint32_t m, uint32_t n, unsigned flags, uint32_t dst_stride, bool special,
                 const std::string& note, bool twice = false) {
    const bool nz = flags & 8;
    const size_t bytes = nz ? ((n * ds + 31) / 32 * dst_stride) * 32 : size_t{m} * dst_stride * ds;
    e.begin(label, bytes);
    stage(special);
    if (flags & 4) {  // per-channel scales in L1: 2^-(j mod 12) per column
      std::vector<uint8_t> sc(4 * 32);
      for (unsigned j = 0; j < 32; ++j) {
        const uint32_t v = (127u - 6 - j % 12) << 23;
        for (unsigned b = 0; b < 4; ++b) sc[4 * j + b] = static_cast<uint8_t>(v >> (8 * b));
      }
      e.gm2l1(kL1Scale, sc);
    }
    const uint64_t rs3 = dst_stride | uint64_t{(flags & 4) ? kL1Scale : scale} << 32;
    if (twice) e.fix(s, d, 0, CubeEmitter::fix_rs2(kL0C, m, n, 32, flags & ~2u), rs3);
    e.fix(s, d, 0, CubeEmitter::fix_rs2(kL0C, m, n, 32, flags), rs3);
    f.cases.push_back(e.end(note));
  };
  one("nd", 32, 32, 0, 32, false, "NZ -> ND, the whole 32 x 32 result");
  one("window", 5, 19, 0, 23, false, "m = 5, n = 19 of it, dstStride 23: only the window is written");
  one("relu", 32, 32, 1, 32, s == Type::f32, "ReLU (negatives and -0 to +0, NaN stays NaN)");
  one("keep_nz", 20, 32, 8, 20, false, "NZ kept: 32 B rows, dstStride 20 rows between column blocks");
  one("atomic", 32, 32, 2, 32, false, "written, then atomic-added again (GM = r + r)", true);
  if (s == Type::f32) one("specials", 32, 32, 0, 32, true, "NaN, inf, subnormal results (overflow and underflow of the narrowing)");
  if (s == Type::s32 && d == Type::f16) one("per_channel", 32, 32, 4, 32, false, "per-channel scales from L1 (one f32 per column)");
  return f;
}


// ---- Cross-core flags: a mixed kernel (AIC + 2 AIV, `npuvp launch --core mix`)
//
// The AIC computes C = A*B (mmad f16, 16 x 16 x 16) and FixPipes it to GM,
// then cross_set_flag(PIPE_FIX, 1); each AIV waits for event 1, adds 1.0 to
// its 8 rows of C (GM -> UB -> vadds -> GM) and cross_set_flag(PIPE_MTE3, 2);
// the AIC waits for event 2 (both AIVs) and copies their rows with scalar
// loads. A flag that does not hold its side shows as 0xdeadbeef words.
TestFile cross_flags_file(const std::vector<Row>& rows) {
  TestFile f;
  f.row = find_row(rows, "xnpu_cross_set_flag");
  f.name = "cross_flags";
  f.title = "xnpu.cross_set_flag, xnpu.cross_wait_flag";
  CubeEmitter e{rows, {}, {}, {}, {}, {}};
  e.begin("aic_c", 1024);
  const std::vector<uint8_t> a = cube_data(Type::f16, 256, "cross_a"), b = cube_data(Type::f16, 256, "cross_b");
  e.gm2l0(true, 2, kL0A, a, CubeEmitter::l2d(0, 1, 1));
  e.gm2l0(false, 2, kL0B, b, CubeEmitter::l2d(0, 1, 1));
  e.mm(Type::f16, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(16, 16, 16, 0));
  e.fix(Type::f32, Type::f32, 0, CubeEmitter::fix_rs2(kL0C, 16, 16, 16), 16);
  const std::vector<uint8_t> c = e.sig;
  SyncEmitter s{rows, {}};
  const Row& cset = *find_row(rows, "xnpu_cross_set_flag");
  const Row& cwait = *find_row(rows, "xnpu_cross_wait_flag");
  auto cross_set = [&](unsigned pipe, unsigned ev) {
    s.word(cset, cset.match | (pipe | ev << 8) << 20,
           cset.mnemonic + " " + SyncEmitter::pipe(pipe) + ", " + std::to_string(ev));
  };
  auto cross_wait = [&](unsigned ev) { s.word(cwait, cwait.match | (ev << 8) << 20, cwait.mnemonic + " " + std::to_string(ev)); };
  constexpr unsigned kFix = 6;
  // The AIC.
  std::ostringstream o;
  o << "// Generated by isa/conformance/gen_xnpu_suite.cpp from isa/xnpu.def and the\n"
       "// reference model (isa/conformance/reference.cpp); do not edit. See isa/CONFORMANCE.md.\n"
       "// "
    << f.title
    << ": one hand-off AIC -> AIV -> AIC through GM.\n"
       "// The AIC: C = A*B (mmad f16 16x16x16) to GM, cross_set_flag(FIX, 1); waits for\n"
       "// event 2 from both AIVs, then copies their results with scalar loads.\n"
       "// Each AIV: waits for event 1, adds 1.0 to its 8 rows of C, cross_set_flag(MTE3, 2).\n"
       "  .globl _kernel_core_mix\n  .set _kernel_core_mix, 1\n"
       "  .text\n  .globl kernel_main_mix_aic\n  .type kernel_main_mix_aic, @function\nkernel_main_mix_aic:\n"
    << e.o.str();
  e.o.str("");
  cross_set(kFix, 1);
  cross_wait(2);
  o << s.take()
    << "  la t0, sig_aiv\n  la t1, sig_back\n  addi t2, t0, 1024\n"
       "1:\n  ld t3, 0(t0)\n  sd t3, 0(t1)\n  addi t0, t0, 8\n  addi t1, t1, 8\n  bltu t0, t2, 1b\n"
       "  ret\n  .size kernel_main_mix_aic, . - kernel_main_mix_aic\n\n"
       "  .globl kernel_main_mix_aiv\n  .type kernel_main_mix_aiv, @function\nkernel_main_mix_aiv:\n"
       "  li t0, -1\n  csrw "
    << npuvp::isa::xnpu::kCsrMask0 << ", t0\n  csrw " << npuvp::isa::xnpu::kCsrMask1 << ", t0\n  csrw "
    << npuvp::isa::xnpu::kCsrMaskMode << ", zero\n  csrr t0, " << npuvp::isa::xnpu::kCsrSubBlockIdx
    << "\n  slli t1, t0, 9  // this AIV's 8 rows: 512 B\n";
  cross_wait(1);
  o << s.take() << "  li a0, " << hex64(kSrc0) << "\n  la a1, sig_aic_c\n  add a1, a1, t1\n  li a2, " << hex64(1 | 16ull << 16)
    << "\n";
  const Row& gm2ub = *find_row(rows, "xnpu_copy_gm2ub_u8");
  s.word(gm2ub, encode(gm2ub), gm2ub.mnemonic + " a0, a1, a2");
  s.flag(true, kMte2, kV, 0);
  s.flag(false, kMte2, kV, 0);
  VectorInsn add1;
  add1.op = "vadds";
  add1.type = add1.type2 = Type::f32;
  add1.rs1 = pack_addrs(kDst, kSrc0, 0);
  add1.rs2 = pack_config(2, Strides{});
  add1.rs3 = 0x3f800000;
  s.vector(add1, "xnpu_vadds_f32");
  s.flag(true, kV, kMte3, 0);
  s.flag(false, kV, kMte3, 0);
  o << s.take() << "  la a0, sig_aiv\n  add a0, a0, t1\n  li a1, " << hex64(kDst) << "\n  li a2, " << hex64(1 | 16ull << 16)
    << "\n";
  const Row& ub2gm = *find_row(rows, "xnpu_copy_ub2gm_u8");
  s.word(ub2gm, encode(ub2gm), ub2gm.mnemonic + " a0, a1, a2");
  cross_set(kMte3, 2);
  o << s.take() << "  ret\n  .size kernel_main_mix_aiv, . - kernel_main_mix_aiv\n\n";
  o << "// Input values.\n  .section .rodata\n  .p2align 5\n";
  for (size_t i = 0; i < e.blocks.size(); ++i) {
    o << "in_aic_c_" << i << ":";
    const std::vector<uint8_t>& by = e.blocks[i].bytes;
    for (size_t k = 0; k < by.size(); k += 8) {
      uint64_t v = 0;
      for (unsigned q = 0; q < 8; ++q) v |= static_cast<uint64_t>(by[k + q]) << (8 * q);
      o << (k % 32 == 0 ? "\n  .8byte " : ", ") << hex64(v);
    }
    o << "\n";
  }
  // The reference: C, then C + 1.0 (the vector reference's vadds), copied back.
  VectorState vs;
  std::copy(c.begin(), c.end(), vs.ub.begin() + kSrc0);
  VectorInsn whole = add1;
  whole.rs2 = pack_config(4, Strides{});
  execute(vs, whole);
  const std::vector<uint8_t> aiv(vs.ub.begin() + kDst, vs.ub.begin() + kDst + 1024);
  o << "\n// The signature.\n  .data\n  .p2align 5\n  .globl begin_signature\nbegin_signature:\n";
  for (const char* part : {"aic_c", "aiv", "back"}) {
    o << "  .globl sig_" << part << "\nsig_" << part << ":\n  .fill 256, 4, 0xdeadbeef\n";
    Case k;
    k.label = part;
    k.note = "see the program";
    k.body = "  // (the program above)\n";
    k.expect = std::string(part) == "aic_c" ? c : aiv;
    k.out = {0, 1024};
    f.cases.push_back(k);
  }
  o << "  .globl end_signature\nend_signature:\n";
  f.whole = o.str();
  return f;
}

// ---- Alignment faults: a misaligned local address of a cube instruction
// does nothing and stops the launch as a kernel issue (isa/XNPU.md
// "Alignment and bounds"). Each program runs one such instruction; its
// NAME.issue holds the reason `npuvp conform` must see (a fault test).
std::vector<TestFile> misaligned_files(const std::vector<Row>& rows) {
  struct Fault {
    const char* name;
    const char* ident;
    uint64_t rs1, rs2, rs3;
    bool gm_rs1;  // rs1 is a GM address (FixPipe's destination)
    const char* space;
    uint32_t addr, required;
  };
  const Fault faults[] = {
      {"misaligned_l1", "xnpu_copy_gm2l1_u8", 0x10, 0, 1 | 1ull << 16, false, "L1", 0x10, 32},
      {"misaligned_l0a", "xnpu_mmad_f16", CubeEmitter::mm_rs1(0, 0x100, 0), CubeEmitter::mm_rs2(16, 16, 16, 0), 0, false,
       "L0A", 0x100, 512},
      {"misaligned_l0c", "xnpu_fix_l0c2gm_f32_f32", 0, CubeEmitter::fix_rs2(0x20, 16, 16, 16), 16, true, "L0C", 0x20, 64},
  };
  std::vector<TestFile> files;
  for (const Fault& fl : faults) {
    TestFile f;
    f.row = find_row(rows, fl.ident);
    f.name = fl.name;
    f.title = f.row->mnemonic;
    std::string mnemonic;  // as a regular expression
    for (char ch : f.row->mnemonic) mnemonic += ch == '.' ? std::string("\\.") : std::string(1, ch);
    char re[160];
    std::snprintf(re, sizeof re, "%s .*: %s address 0x%x is not %u-byte aligned\n", mnemonic.c_str(), fl.space, fl.addr,
                  fl.required);
    f.issue = re;
    std::ostringstream o;
    char line[160];
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // %s a0, a1, a2\n", encode(*f.row), f.row->mnemonic.c_str());
    o << "// Generated by isa/conformance/gen_xnpu_suite.cpp; do not edit. See isa/CONFORMANCE.md.\n"
         "// A fault test: "
      << f.title << " with a misaligned " << fl.space << " address; " << f.name
      << ".issue holds the reason the launch must stop with.\n"
      << kCoreAicMarker << "  .text\n  .globl kernel_main\n  .type kernel_main, @function\nkernel_main:\n"
      << (fl.gm_rs1 ? "  la a0, scratch\n" : "  li a0, " + hex64(fl.rs1) + "\n")
      << (std::string(fl.ident) == "xnpu_copy_gm2l1_u8" ? "  la a1, scratch\n" : "  li a1, " + hex64(fl.rs2) + "\n")
      << "  li a2, " << hex64(fl.rs3) << "\n"
      << line << "  ret\n  .size kernel_main, . - kernel_main\n\n  .data\n  .p2align 5\nscratch:\n  .fill 256, 4, 0\n";
    f.whole = o.str();
    files.push_back(f);
  }
  return files;
}

// ---- Reserved encodings: illegal instructions
//
// Every encoding the table leaves out of an Xnpu major opcode's operations
// is illegal: a type an operation does not have (vdiv.s16, vconv.s8.u8, a
// type code above 8), vconv's rounding mode 7, a reserved bit or pipe code of
// the synchronisation rows. Each case points t6 at its signature word, runs
// the encoding, and the trap handler stores mcause there (2: illegal
// instruction) and resumes after it.
TestFile illegal_file(const std::vector<Row>& rows) {
  TestFile f;
  f.row = find_row(rows, "xnpu_vadd_f16");
  f.name = "illegal";
  f.title = "reserved Xnpu encodings";
  f.what =
      "Each runs one encoding no row of the table defines; the trap\n"
      "// handler writes mcause (2: illegal instruction) to the case's signature word.";
  f.text =
      "// xs_trap: mcause to the word t6 points at, then resume after the instruction.\n"
      "  .p2align 2\n  .type xs_trap, @function\nxs_trap:\n  csrr t0, mcause\n  sw t0, 0(t6)\n"
      "  csrr t0, mepc\n  addi t0, t0, 4\n  csrw mepc, t0\n  mret\n  .size xs_trap, . - xs_trap\n\n";
  const uint32_t regs = 10u << 15 | 11u << 20;
  std::vector<std::pair<std::string, uint32_t>> words;  // label, encoding
  // Operation groups: the fixed bits of a row without its type field.
  struct Group {
    uint32_t opcode_bits;  // match with the rd field cleared
    std::string name;
    bool conversion, r4;
    std::vector<bool> has;
  };
  std::vector<Group> groups;
  for (const Row& r : rows) {
    if (r.format != isa::Format::XNPU_V && r.format != isa::Format::XNPU_VCVT && r.format != isa::Format::XNPU_R4) continue;
    const uint32_t key = r.match & ~(31u << 7);
    auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.opcode_bits == key; });
    if (g == groups.end()) {
      std::string n = r.op;
      if (r.format == isa::Format::XNPU_VCVT) n = std::string("vconv_to_") + type_name(r.type2);
      groups.push_back({key, n, r.format == isa::Format::XNPU_VCVT, r.format == isa::Format::XNPU_R4, std::vector<bool>(32)});
      g = groups.end() - 1;
    }
    g->has[(r.match >> 7) & 31] = true;
    if (r.format == isa::Format::XNPU_VCVT)
      words.push_back({"rm7_" + r.ident.substr(5), encode(r, 7)});
  }
  // Conversions to every type code, including those with no row at all (u16, u32).
  for (unsigned d = 0; d < 9; ++d) {
    const uint32_t key = 0x0bu | (0x10u | d) << 25;  // as a row's match: funct3 (the mode) 0
    if (std::none_of(groups.begin(), groups.end(), [&](const Group& g) { return g.opcode_bits == key; }))
      groups.push_back({key, std::string("vconv_to_") + type_name(static_cast<Type>(d)), true, false, std::vector<bool>(32)});
  }
  for (const Group& g : groups)
    for (unsigned code = 0; code < 10; ++code) {
      if (g.has[code]) continue;
      const std::string t = code < 9 ? type_name(static_cast<Type>(code)) : std::string("type9");
      uint32_t w = g.opcode_bits | code << 7 | regs | (g.r4 ? 12u << 27 : 0);
      if (g.conversion) w = (w & ~(7u << 12)) | 1u << 12;  // rint
      words.push_back({g.name + "_" + t, w});
    }
  words.push_back({"vadd_type31", (find_row(rows, "xnpu_vadd_f16")->match & ~(31u << 7)) | 31u << 7 | regs});
  // Synchronisation: imm[11] set; pipe codes 7 (set/wait) and 8 (barrier).
  const uint32_t set = find_row(rows, "xnpu_set_flag")->match, wait = find_row(rows, "xnpu_wait_flag")->match,
                 bar = find_row(rows, "xnpu_pipe_barrier")->match;
  words.push_back({"set_flag_imm11", set | 1u << 31 | (4u | 1u << 4) << 20});
  words.push_back({"set_flag_src_pipe7", set | (7u | 1u << 4) << 20});
  words.push_back({"wait_flag_dst_pipe7", wait | (4u | 7u << 4) << 20});
  words.push_back({"pipe_barrier_pipe8", bar | 8u << 20});
  words.push_back({"pipe_barrier_high_bits", bar | (1u | 1u << 4) << 20});

  for (size_t k = 0; k < words.size(); ++k) {
    Case c;
    c.label = words[k].first;
    c.note = "illegal";
    std::ostringstream b;
    if (k == 0) b << "  la t0, xs_trap\n  csrw mtvec, t0\n";
    char line[96];
    std::snprintf(line, sizeof line, "  .4byte 0x%08x\n", words[k].second);
    b << "  la t6, sig_" << c.label << "\n  li a0, 0\n  li a1, 0\n  li a2, 0\n" << line;
    c.body = b.str();
    c.expect = {2, 0, 0, 0};
    c.out = {0, 4};
    f.cases.push_back(std::move(c));
  }
  return f;
}

// ---- L1 results: copy_gm2l1_nd2nz and fix_l0c2l1
//
// The cube core cannot copy L1 out, so each case reads its L1 window back
// through the instructions themselves: load2d_l12l0a.u8 of the window's 512 B
// fractals into L0A (A = 16F x 32 s8, row r = the window's 32 B row r), an s8
// identity B (32 x 32) from GM into L0B, mmad.s8, and fix_l0c2gm.s32.s32 of
// the 16F x 32 result: every L1 byte, sign-extended, in the window's order.
// The window is prefilled with random bytes (copy_gm2l1) first, so bytes the
// instruction must not write stay visible.
constexpr uint32_t kL1Window = 0x10000;  // the L1 window under test (32 B aligned, clear of kL1Scale)

// Signature bytes of a read-back window of `fractals` 512 B fractals.
constexpr size_t readback_bytes(unsigned fractals) { return size_t{fractals} * 16 * 32 * 4; }

void prefill_l1(CubeEmitter& e, uint32_t l1, unsigned fractals) {
  e.gm2l1(l1, cube_data(Type::s8, size_t{fractals} * 512, e.label + "/prefill"));
}

void readback_l1(CubeEmitter& e, uint32_t l1, unsigned fractals, uint32_t sig_at) {
  const uint32_t m = 16 * fractals;  // at most 64 fractals: L0C holds 128 KiB of results
  std::vector<uint8_t> identity(2 * 512, 0);  // B (k x n = 32 x 32) in ZN: (kk, j) at fractal j/16, (j%16)*32 + kk
  for (unsigned j = 0; j < 32; ++j) identity[(j / 16) * 512 + (j % 16) * 32 + j] = 1;
  e.l12l0(true, 1, kL0A, l1, CubeEmitter::l2d(0, fractals, 1));
  e.gm2l0(false, 1, kL0B, identity, CubeEmitter::l2d(0, 2, 1));
  e.mm(Type::s8, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(m, 32, 32, 0));
  e.fix(Type::s32, Type::s32, sig_at, CubeEmitter::fix_rs2(kL0C, m, 32, m), 32);
}

const char* const kReadbackText =
    "Each prefills an L1 window with random bytes, runs the instruction under\n"
    "// test into it, and reads the window back: load2d_l12l0a.u8 of its fractals, mmad.s8\n"
    "// by an identity, fix_l0c2gm.s32.s32: every L1 byte, sign-extended, in window order.";

// copy_gm2l1_nd2nz.{u8,u16,u32}: ND rows from GM to NZ column blocks of 32 B in L1.
TestFile nd2nz_file(const Row& row, const std::vector<Row>& rows) {
  TestFile f;
  f.row = &row;
  f.name = row.ident.substr(5);
  f.title = row.mnemonic;
  f.text = kCoreAicMarker;
  f.what = kReadbackText;
  const unsigned s = size_of(row.type);
  CubeEmitter e{rows, {}, {}, {}, {}, {}};
  struct Nd {
    const char* label;
    const char* note;
    uint32_t nd_num, n_value, d_bytes;  // dValue = d_bytes / s
    uint32_t src_d_bytes, c0_stride, src_matrix_bytes, dst_matrix_bytes;
    unsigned fractals;  // the window read back
  };
  const Nd cases[] = {
      {"one_matrix", "one matrix, 20 rows of 40 B (2 blocks, 24 B of zeros), GM rows 52 B apart, dstNzC0Stride 32",
       1, 20, 40, 52, 32, 0, 0, 4},
      {"full_rows", "16 rows of 64 B (2 whole blocks, no zero tail), dstNzC0Stride 16", 1, 16, 64, 64, 16, 0, 0, 2},
      {"c0_stride_gap", "16 rows of 96 B (3 blocks), dstNzC0Stride 24: 8 rows between column blocks keep their bytes",
       1, 16, 96, 96, 24, 0, 0, 5},
      {"matrices", "ndNum 3 of 5 rows of 48 B, srcNdMatrixStride 7 rows, dstNzMatrixStride 512 B, dstNzC0Stride 8",
       3, 5, 48, 48, 8, 7 * 48, 512, 3},
      {"src_stride0", "srcDValue 0: every row of a matrix is its first GM row; 2 matrices 256 B apart", 2, 4, 32, 0, 16,
       32, 256, 1},
      {"short_rows", "one element per row (a row shorter than a block), 9 rows", 1, 9, 4, 12, 16, 0, 0, 1},
      {"many_rows", "255 rows of 16 B, dstNzC0Stride 256 (one column block)", 1, 255, 16, 16, 256, 0, 0, 16},
      {"counts0", "ndNum 0, then nValue 0, then dValue 0: nothing is written", 0, 8, 32, 32, 16, 0, 0, 1},
  };
  for (const Nd& c : cases) {
    e.begin(c.label, readback_bytes(c.fractals));
    prefill_l1(e, kL1Window, c.fractals);
    // The GM source: every byte any row may read.
    uint64_t extent = 32;
    for (uint64_t i = 0; i < std::max(c.nd_num, 1u); ++i)
      for (uint64_t j = 0; j < c.n_value; ++j)
        extent = std::max<uint64_t>(extent, i * c.src_matrix_bytes + j * c.src_d_bytes + c.d_bytes);
    const std::vector<uint8_t> src = cube_data(Type::s8, (extent + 31) / 32 * 32, e.label + "/src");
    const std::string lab = e.input(src);
    auto run = [&](uint32_t nd_num, uint32_t n_value, uint32_t d_value) {
      const uint64_t rs1 = kL1Window | uint64_t{nd_num} << 20 | uint64_t{n_value} << 32 | uint64_t{d_value} << 48;
      const uint64_t rs3 = (c.src_d_bytes / s) | uint64_t{c.c0_stride} << 16 | uint64_t{c.src_matrix_bytes / s} << 32 |
                           uint64_t{c.dst_matrix_bytes / s} << 48;
      e.insn(row.ident, CubeEmitter::li("a0", rs1) + "  la a1, " + lab + "\n" + CubeEmitter::li("a2", rs3));
      nd2nz(e.st, s, src, rs1, rs3);
    };
    if (std::string(c.label) == "counts0") {
      run(0, c.n_value, c.d_bytes / s);
      run(1, 0, c.d_bytes / s);
      run(1, c.n_value, 0);
    } else {
      run(c.nd_num, c.n_value, c.d_bytes / s);
    }
    readback_l1(e, kL1Window, c.fractals, 0);
    f.cases.push_back(e.end(c.note));
  }
  return f;
}

// fix_l0c2l1.{f32,s32}.*: FixPipe into L1, in every mode it has (atomic add
// into L1 is reserved: a fault test, l1_fault_files).
TestFile fix_l1_file(const Row& row, const std::vector<Row>& rows) {
  TestFile f;
  f.row = &row;
  f.name = row.ident.substr(5);
  f.title = row.mnemonic;
  f.text = kCoreAicMarker;
  f.what = std::string(kReadbackText) +
           "\n// L0C is staged by an mmad first (f16 inputs for an f32 source, s8 for s32).";
  const Type s = row.type, d = row.type2, in = s == Type::f32 ? Type::f16 : Type::s8;
  const unsigned es = size_of(in), k0 = 32 / es, ds = size_of(d);
  CubeEmitter e{rows, {}, {}, {}, {}, {}};
  auto stage = [&](bool special) {  // C = A*B, 32 x 32, k = k0
    const std::vector<uint8_t> a = special && in != Type::s8 ? cube_specials(in, 2 * 512 / es, e.label + "a")
                                                             : cube_data(in, 2 * 512 / es, e.label + "a");
    e.gm2l0(true, es, kL0A, a, CubeEmitter::l2d(0, 2, 1));
    e.gm2l0(false, es, kL0B, cube_data(in, 2 * 512 / es, e.label + "b"), CubeEmitter::l2d(0, 2, 1));
    e.mm(in, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(32, 32, k0, 0));
  };
  const uint32_t scale = s == Type::s32 && d == Type::f16 ? 0x3a800000 : 0;  // 2^-10: products of s8 fit f16
  auto one = [&](const std::string& label, uint32_t offset, uint32_t m, uint32_t n, unsigned flags,
                 uint32_t dst_stride, bool special, const std::string& note) {
    const bool nz = flags & 8;
    const size_t bytes = offset + (nz ? ((n * ds + 31) / 32 * dst_stride) * 32 : size_t{m} * dst_stride * ds);
    const unsigned fractals = static_cast<unsigned>((bytes + 511) / 512);
    e.begin(label, readback_bytes(fractals));
    stage(special);
    if (flags & 4) {  // per-channel scales in L1: 2^-(j mod 12) per column
      std::vector<uint8_t> sc(4 * 32);
      for (unsigned j = 0; j < 32; ++j) {
        const uint32_t v = (127u - 6 - j % 12) << 23;
        for (unsigned b = 0; b < 4; ++b) sc[4 * j + b] = static_cast<uint8_t>(v >> (8 * b));
      }
      e.gm2l1(kL1Scale, sc);
    }
    prefill_l1(e, kL1Window, fractals);
    const uint64_t rs1 = kL1Window + offset, rs2 = CubeEmitter::fix_rs2(kL0C, m, n, 32, flags);
    const uint64_t rs3 = dst_stride | uint64_t{(flags & 4) ? kL1Scale : scale} << 32;
    e.insn(row.ident, CubeEmitter::li("a0", rs1) + CubeEmitter::li("a1", rs2) + CubeEmitter::li("a2", rs3));
    fixpipe_l1(e.st, s, d, rs1, rs2, rs3);
    readback_l1(e, kL1Window, fractals, 0);
    f.cases.push_back(e.end(note));
  };
  one("nd", 0, 32, 32, 0, 32, false, "NZ -> ND, the whole 32 x 32 result");
  one("window", 0, 5, 19, 0, 23, false, "m = 5, n = 19 of it, dstStride 23: only the window is written");
  one("offset", 96, 7, 9, 0, 11, false, "m = 7, n = 9, dstStride 11, at L1 window + 96 (32 B but not 512 B aligned)");
  one("relu", 0, 32, 32, 1, 32, s == Type::f32, "ReLU (negatives and -0 to +0, NaN stays NaN)");
  one("keep_nz", 0, 20, 32, 8, 20, false, "NZ kept: 32 B rows, dstStride 20 rows between column blocks");
  if (s == Type::f32) one("specials", 0, 32, 32, 0, 32, true, "NaN, inf, subnormal results (overflow and underflow of the narrowing)");
  if (s == Type::s32 && d == Type::f16) one("per_channel", 0, 32, 32, 4, 32, false, "per-channel scales from L1 (one f32 per column)");
  return f;
}

// Fault tests of the L1 rows (NAME.issue, as misaligned_files): a misaligned
// L1 destination, and atomic add into L1 (reserved: the cube core cannot do it).
std::vector<TestFile> l1_fault_files(const std::vector<Row>& rows) {
  struct Fault {
    const char* name;
    const char* ident;
    uint64_t rs1, rs2, rs3;
    const char* reason;  // after "<mnemonic> ...: "
  };
  const Fault faults[] = {
      {"misaligned_nd2nz", "xnpu_copy_gm2l1_nd2nz_u16", 0x10 | 1ull << 20 | 1ull << 32 | 16ull << 48, 0, 16ull | 16ull << 16,
       "L1 address 0x10 is not 32-byte aligned"},
      {"misaligned_fix_l1", "xnpu_fix_l0c2l1_f32_f16", 0x08, CubeEmitter::fix_rs2(0, 16, 16, 16), 16,
       "L1 address 0x8 is not 32-byte aligned"},
      {"fix_l1_atomic", "xnpu_fix_l0c2l1_f32_f32", 0, CubeEmitter::fix_rs2(0, 16, 16, 16, 2), 16,
       "the cube core cannot execute it \\(unsupported: fixpipe: atomic add into L1"},
  };
  std::vector<TestFile> files;
  for (const Fault& fl : faults) {
    TestFile f;
    f.row = find_row(rows, fl.ident);
    f.name = fl.name;
    f.title = f.row->mnemonic;
    std::string mnemonic;  // as a regular expression
    for (char ch : f.row->mnemonic) mnemonic += ch == '.' ? std::string("\\.") : std::string(1, ch);
    f.issue = mnemonic + " .*: " + fl.reason + "\n";
    std::ostringstream o;
    char line[160];
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // %s a0, a1, a2\n", encode(*f.row), f.row->mnemonic.c_str());
    const bool gm_rs2 = f.row->op == "copy_gm2l1_nd2nz";
    o << "// Generated by isa/conformance/gen_xnpu_suite.cpp; do not edit. See isa/CONFORMANCE.md.\n"
         "// A fault test: "
      << f.title << " (" << fl.reason << "); " << f.name << ".issue holds the reason the launch must stop with.\n"
      << kCoreAicMarker << "  .text\n  .globl kernel_main\n  .type kernel_main, @function\nkernel_main:\n"
      << "  li a0, " << hex64(fl.rs1) << "\n"
      << (gm_rs2 ? std::string("  la a1, scratch\n") : "  li a1, " + hex64(fl.rs2) + "\n") << "  li a2, "
      << hex64(fl.rs3) << "\n"
      << line << "  ret\n  .size kernel_main, . - kernel_main\n\n  .data\n  .p2align 5\nscratch:\n  .fill 256, 4, 0\n";
    f.whole = o.str();
    files.push_back(f);
  }
  return files;
}

// ---- Cube buffer faults: misaligned L0B, BiasTable and L1 operands the
// other fault programs leave out, and accesses past the end of a buffer
// (isa/XNPU.md "Alignment and bounds"; the preset's sizes: L1 512 KiB,
// L0A/L0B 64 KiB, L0C 128 KiB, BiasTable 1 KiB). Each program runs one
// instruction that must do nothing and stop the launch; NAME.issue holds the
// one-line report: for a bounds fault the first range (in execution order,
// adjacent ranges of one space and direction merged) that leaves its buffer.
// Every expected range below is worked out by hand from the field values.
std::vector<TestFile> cube_buffer_fault_files(const std::vector<Row>& rows) {
  enum Gm { kNoGm, kGmRs1, kGmRs2 };  // which register holds a GM address (scratch + the value)
  struct Fault {
    const char* name;
    const char* ident;
    uint64_t rs1, rs2, rs3;
    Gm gm;
    const char* reason;  // the report after "<mnemonic> ...: ", plain text
    const char* why;     // for the program's header
  };
  using E = CubeEmitter;
  auto copy = [](uint64_t count, uint64_t len) { return count | len << 16; };  // DataCopyParams, no gaps
  const Fault faults[] = {
      // Alignment (L0B and L1 512/32 B, BiasTable 64 B).
      {"misaligned_load2d_l0b", "xnpu_load2d_l12l0b_u16", 0x100, 0, E::l2d(0, 1, 1), kNoGm,
       "L0B address 0x100 is not 512-byte aligned", "the L0B destination"},
      {"misaligned_load2d_gm_l0a", "xnpu_load2d_gm2l0a_u8", 0x100, 0, E::l2d(0, 1, 1), kGmRs2,
       "L0A address 0x100 is not 512-byte aligned", "the L0A destination of the GM form"},
      {"misaligned_load2d_l1", "xnpu_load2d_l12l0a_u16", 0, 0x8, E::l2d(0, 1, 1), kNoGm,
       "L1 address 0x8 is not 32-byte aligned", "the L1 source"},
      {"misaligned_mmad_l0b", "xnpu_mmad_f16", E::mm_rs1(0, 0, 0x80), E::mm_rs2(16, 16, 16, 0), 0, kNoGm,
       "L0B address 0x80 is not 512-byte aligned", "the L0B operand"},
      {"misaligned_mmad_bias", "xnpu_mmad_f16", E::mm_rs1(0, 0, 0), E::mm_rs2(16, 16, 16, 2), 0x20, kNoGm,
       "BiasTable address 0x20 is not 64-byte aligned", "the bias (init 2)"},
      {"misaligned_bt", "xnpu_copy_l12bt_u8", 0x20, 0, copy(1, 2), kNoGm,
       "BiasTable address 0x20 is not 64-byte aligned", "the BiasTable destination"},
      {"misaligned_bt_l1", "xnpu_copy_l12bt_u8", 0, 0x10, copy(1, 2), kNoGm, "L1 address 0x10 is not 32-byte aligned",
       "the L1 source of the BiasTable load"},
      {"misaligned_fix_scale", "xnpu_fix_l0c2gm_s32_f16", 0, E::fix_rs2(0, 16, 16, 16, 4), 16 | 0x104ull << 32, kGmRs1,
       "L1 address 0x104 is not 32-byte aligned", "the per-channel scale vector in L1"},
      // Bounds: the first range past its buffer.
      {"oob_copy_gm2l1", "xnpu_copy_gm2l1_u8", 0x7ffe0, 0, copy(1, 2), kGmRs2,
       "writes L1 [0x7ffe0, +64) outside the 524288 B L1", "one 64 B burst into the last 32 B of L1"},
      {"oob_nd2nz", "xnpu_copy_gm2l1_nd2nz_u16", 0x70000 | 1ull << 20 | 16ull << 32 | 32ull << 48, 0,
       32 | 0x800ull << 16, kGmRs2, "writes L1 [0x80000, +32) outside the 524288 B L1",
       "16 rows of 32 u16 at L1 0x70000, dstNzC0Stride 0x800: column block 1 starts at 0x70000 + 0x800 * 32"},
      {"oob_load2d_l0a", "xnpu_load2d_l12l0a_u16", 0xf000, 0, E::l2d(0, 2, 1, 7), kNoGm,
       "writes L0A [0x10000, +512) outside the 65536 B L0A",
       "repeat 2, dstGap 7 at L0A 0xf000: the last fractal at 0xf000 + 8 * 512"},
      {"oob_load2d_gm_l0b", "xnpu_load2d_gm2l0b_u16", 0xfe00, 0, E::l2d(0, 2, 1), kGmRs2,
       "writes L0B [0x10000, +512) outside the 65536 B L0B", "repeat 2 at L0B 0xfe00: the last fractal at 0x10000"},
      {"oob_load2d_l1", "xnpu_load2d_l12l0b_u16", 0, 0, E::l2d(1023, 2, 1), kNoGm,
       "reads L1 [0x80000, +512) outside the 524288 B L1",
       "startIndex 1023, repeat 2: the last source fractal at (1023 + 1) * 512"},
      {"oob_mmad_l0a", "xnpu_mmad_f16", E::mm_rs1(0, 0xfe00, 0), E::mm_rs2(16, 16, 32, 0), 0, kNoGm,
       "reads L0A [0xfe00, +1024) outside the 65536 B L0A", "m 16, k 32 (2 fractals of A) at L0A 0xfe00"},
      {"oob_mmad_l0b", "xnpu_mmad_s8", E::mm_rs1(0, 0, 0xfc00), E::mm_rs2(16, 48, 32, 0), 0, kNoGm,
       "reads L0B [0xfc00, +1536) outside the 65536 B L0B", "k 32, n 48 of s8 (3 fractals of B) at L0B 0xfc00"},
      {"oob_mmad_l0c", "xnpu_mmad_bf16", E::mm_rs1(0x1fc00, 0, 0), E::mm_rs2(32, 16, 16, 0), 0, kNoGm,
       "writes L0C [0x1fc00, +2048) outside the 131072 B L0C", "m 32, n 16 (2 KiB of C) at L0C 0x1fc00"},
      {"oob_mmad_l0c_acc", "xnpu_mmad_f16", E::mm_rs1(0x1fc00, 0, 0), E::mm_rs2(32, 16, 16, 1), 0, kNoGm,
       "reads L0C [0x1fc00, +2048) outside the 131072 B L0C",
       "as oob_mmad_l0c with init 1: the read of C is the first range"},
      {"oob_mmad_bias", "xnpu_mmad_f16", E::mm_rs1(0, 0, 0), E::mm_rs2(16, 32, 16, 2), 0x3c0, kNoGm,
       "reads BiasTable [0x3c0, +128) outside the 1024 B BiasTable", "n 32 biases (128 B) at BiasTable 0x3c0"},
      {"oob_mmad_bias_high", "xnpu_mmad_f16", E::mm_rs1(0, 0, 0), E::mm_rs2(16, 16, 16, 2), 1ull << 32, kNoGm,
       "reads BiasTable [0x100000000, +64) outside the 1024 B BiasTable",
       "rs3 = 2^32: the whole register is the BiasTable address (not its low 32 bits, 0)"},
      {"oob_bt", "xnpu_copy_l12bt_u8", 0x3c0, 0, copy(1, 4), kNoGm,
       "writes BiasTable [0x3c0, +128) outside the 1024 B BiasTable", "one 128 B burst at BiasTable 0x3c0"},
      {"oob_fix_l0c", "xnpu_fix_l0c2gm_f32_f16", 0, E::fix_rs2(0, 16, 32, 2048), 32, kGmRs1,
       "reads L0C [0x20000, +1024) outside the 131072 B L0C",
       "n 32, srcStride 2048: the second fractal column at 2048 * 64"},
      {"oob_fix_l1", "xnpu_fix_l0c2l1_f32_f32", 0x7ff00, E::fix_rs2(0, 16, 16, 16), 16, kNoGm,
       "writes L1 [0x7ff00, +1024) outside the 524288 B L1", "16 ND rows of 16 f32 (1 KiB) at L1 0x7ff00"},
      {"oob_fix_scale", "xnpu_fix_l0c2gm_s32_f16", 0, E::fix_rs2(0, 16, 16, 16, 4), 16 | 0x7ffe0ull << 32, kGmRs1,
       "reads L1 [0x7ffe0, +64) outside the 524288 B L1", "16 per-channel f32 scales (64 B) at L1 0x7ffe0"},
  };
  auto regex_of = [](const std::string& s) {
    std::string re;
    for (char ch : s) {
      if (std::strchr("\\^$.|?*+()[]{}", ch)) re += '\\';
      re += ch;
    }
    return re;
  };
  std::vector<TestFile> files;
  for (const Fault& fl : faults) {
    TestFile f;
    f.row = find_row(rows, fl.ident);
    f.name = fl.name;
    f.title = f.row->mnemonic;
    f.issue = regex_of(f.row->mnemonic) + " .*: " + regex_of(fl.reason) + "\n";
    auto reg = [](const char* r, uint64_t v, bool gm) {
      if (!gm) return "  li " + std::string(r) + ", " + hex64(v) + "\n";
      return "  la " + std::string(r) + ", scratch\n" + (v ? "  li t0, " + hex64(v) + "\n  add " + r + ", " + r + ", t0\n" : "");
    };
    char line[160];
    std::snprintf(line, sizeof line, "  .4byte 0x%08x  // %s a0, a1, a2\n", encode(*f.row), f.row->mnemonic.c_str());
    std::ostringstream o;
    o << "// Generated by isa/conformance/gen_xnpu_suite.cpp; do not edit. See isa/CONFORMANCE.md.\n"
         "// A fault test: "
      << f.title << ", " << fl.why << " (" << fl.reason << "); " << f.name
      << ".issue holds the reason the launch must stop with.\n"
      << kCoreAicMarker << "  .text\n  .globl kernel_main\n  .type kernel_main, @function\nkernel_main:\n"
      << reg("a0", fl.rs1, fl.gm == kGmRs1) << reg("a1", fl.rs2, fl.gm == kGmRs2) << reg("a2", fl.rs3, false) << line
      << "  ret\n  .size kernel_main, . - kernel_main\n\n  .data\n  .p2align 5\nscratch:\n  .fill 1024, 4, 0\n";
    f.whole = o.str();
    files.push_back(f);
  }
  return files;
}

// ---- Illegal instructions by core kind
//
// On a cube core: every custom-3 encoding no row of the table defines (the
// reserved row xnpu.custom3: funct2 3, the free funct3 codes, a type an
// operation lacks), found by asking the table, and every vector-core row
// (custom-0/1 and the UB copies). On a vector core: every cube row. The trap
// handler writes mcause (2: illegal instruction) to the case's signature word.
const char* const kTrapText =
    "// xs_trap: mcause to the word t6 points at, then resume after the instruction.\n"
    "  .p2align 2\n  .type xs_trap, @function\nxs_trap:\n  csrr t0, mcause\n  sw t0, 0(t6)\n"
    "  csrr t0, mepc\n  addi t0, t0, 4\n  csrw mepc, t0\n  mret\n  .size xs_trap, . - xs_trap\n\n";

void add_illegal_cases(TestFile& f, const std::vector<std::pair<std::string, uint32_t>>& words) {
  for (size_t k = 0; k < words.size(); ++k) {
    Case c;
    c.label = words[k].first;
    c.note = "illegal";
    std::ostringstream b;
    if (k == 0) b << "  la t0, xs_trap\n  csrw mtvec, t0\n";
    char line[96];
    std::snprintf(line, sizeof line, "  .4byte 0x%08x\n", words[k].second);
    b << "  la t6, sig_" << c.label << "\n  li a0, 0\n  li a1, 0\n  li a2, 0\n" << line;
    c.body = b.str();
    c.expect = {2, 0, 0, 0};
    c.out = {0, 4};
    f.cases.push_back(std::move(c));
  }
}

// The row a word decodes to (the most specific match), or nullptr.
const isa::InsnInfo* decoded_row(uint32_t w) {
  const isa::InsnInfo* best = nullptr;
  for (const isa::InsnInfo& info : isa::kInsnTable)
    if ((w & info.mask) == info.match && (!best || __builtin_popcount(info.mask) > __builtin_popcount(best->mask)))
      best = &info;
  return best;
}

TestFile illegal_aic_file(const std::vector<Row>& rows) {
  TestFile f;
  f.row = find_row(rows, "xnpu_custom3");
  f.name = "illegal_aic";
  f.title = "reserved custom-3 encodings and the vector rows, on a cube core";
  f.what =
      "Each runs one encoding a cube core must trap on; the trap\n"
      "// handler writes mcause (2: illegal instruction) to the case's signature word.";
  f.text = std::string(kCoreAicMarker) + kTrapText;
  const uint32_t regs = 10u << 15 | 11u << 20 | 12u << 27;
  std::vector<std::pair<std::string, uint32_t>> words;
  for (unsigned f2 = 0; f2 < 4; ++f2)
    for (unsigned f3 = 0; f3 < 8; ++f3)
      for (unsigned code = 0; code < 32; ++code) {
        if (code > 9 && code != 31) continue;  // the type codes, one past them, and the top code
        const uint32_t w = 0x7bu | code << 7 | f3 << 12 | regs | f2 << 25;
        const isa::InsnInfo* r = decoded_row(w);
        if (!r || std::string(r->ident) != "xnpu_custom3") continue;
        const std::string t = code < 9 ? type_name(static_cast<Type>(code)) : "type" + std::to_string(code);
        words.push_back({"c3_f2_" + std::to_string(f2) + "_f3_" + std::to_string(f3) + "_" + t, w});
      }
  for (const Row& r : rows)
    if (r.format != isa::Format::XNPU_C4 && r.format != isa::Format::XNPU_SYNC && r.format != isa::Format::XNPU_R)
      words.push_back({"vector_" + r.ident.substr(5), encode(r, r.format == isa::Format::XNPU_VCVT ? 1 : 0)});
  add_illegal_cases(f, words);
  return f;
}

TestFile illegal_cube_on_aiv_file(const std::vector<Row>& rows) {
  TestFile f;
  f.row = find_row(rows, "xnpu_mmad_f16");
  f.name = "illegal_cube_on_aiv";
  f.title = "the cube rows, on a vector core";
  f.what =
      "Each runs one cube-core row on a vector core; the trap\n"
      "// handler writes mcause (2: illegal instruction) to the case's signature word.";
  f.text = kTrapText;
  std::vector<std::pair<std::string, uint32_t>> words;
  for (const Row& r : rows)
    if (r.format == isa::Format::XNPU_C4) words.push_back({"cube_" + r.ident.substr(5), encode(r)});
  add_illegal_cases(f, words);
  return f;
}

// ---- mmad at the largest m, n, k the L0 buffers hold
//
// L0A and L0B hold 128 fractals of 512 B each (64 KiB), L0C 128 fractals of
// 1 KiB (128 KiB). mmad reads M1*K1 fractals of L0A, K1*N1 of L0B and writes
// M1*N1 of L0C (M1, N1 = ceil(m/16), ceil(n/16); K1 = ceil(k/k0), k0 = 16
// for f16/bf16, 32 for s8), so M1*K1, K1*N1 and M1*N1 are each at most 128:
// m and n at most 2048 (with the other and K1 at 1), k at most 16*128 = 2048
// for f16/bf16 and 4095 (the 12-bit field; 32*128 = 4096) for s8. m or n =
// 4095 (M1 or N1 = 256) needs 256 fractals of L0C as soon as the other is at
// least 1: no mmad of the ISA can compute it. The large operand is filled in GM by the kernel itself
// (xs_fill_gm, the generator's fill on the host) instead of 64 KiB of .rodata.
const char* const kFillGmText =
    "// xs_fill_gm(a0 = GM address, a1 = bytes (a multiple of 8), a2 = xorshift64 state,\n"
    "//            a3 = and mask, a4 = or mask): xs_fill's words, straight into GM.\n"
    "  .type xs_fill_gm, @function\nxs_fill_gm:\n  add a1, a1, a0\n1:\n"
    "  slli t1, a2, 13\n  xor a2, a2, t1\n  srli t1, a2, 7\n  xor a2, a2, t1\n  slli t1, a2, 17\n  xor a2, a2, t1\n"
    "  and t1, a2, a3\n  or t1, t1, a4\n  sd t1, 0(a0)\n  addi a0, a0, 8\n  bltu a0, a1, 1b\n  ret\n"
    "  .size xs_fill_gm, . - xs_fill_gm\n\n"
    "// The GM buffer the large operands are filled into.\n"
    "  .section .bss\n  .p2align 6\ngm_fill:\n  .zero 65536\n  .text\n\n";

// load2d_gm2l0{a,b} of `fractals` fractals of cube_data(t, ..., seed), filled in GM by the kernel.
void gm2l0_filled(CubeEmitter& e, bool a, Type t, uint32_t dst, unsigned fractals, const std::string& seed) {
  const unsigned es = size_of(t);
  const uint32_t bytes = fractals * 512;
  const auto [am, om] = t == Type::s8 ? std::pair<uint64_t, uint64_t>{~0ull, 0} : masks(t, Dist::Arith);
  e.o << "  la a0, gm_fill\n" << CubeEmitter::li("a1", bytes) << CubeEmitter::li("a2", fnv(seed) | 1)
      << CubeEmitter::li("a3", am) << CubeEmitter::li("a4", om) << "  call xs_fill_gm\n";
  const uint64_t params = CubeEmitter::l2d(0, fractals, 1);
  e.insn(std::string("xnpu_load2d_gm2l0") + (a ? "a" : "b") + (es == 1 ? "_u8" : "_u16"),
         CubeEmitter::li("a0", dst) + "  la a1, gm_fill\n" + CubeEmitter::li("a2", params));
  std::vector<uint8_t> src = cube_data(t, bytes / es, seed);
  load2d(src, 0, a ? e.st.l0a : e.st.l0b, dst, params, es);
}

TestFile mmad_limits_file(const Row& row, const std::vector<Row>& rows) {
  TestFile f;
  f.row = &row;
  f.name = row.ident.substr(5) + "_limits";
  f.title = row.mnemonic;
  f.text = std::string(kCoreAicMarker) + kFillGmText;
  f.what =
      "Each fills the large operand in GM (xs_fill_gm), loads A and B\n"
      "// into L0A/L0B with Load2D, runs mmad at a largest feasible m, n or k (a full L0A,\n"
      "// L0B or L0C), and FixPipes L0C (f32 or s32, ND) into its part of the signature.";
  const Type t = row.type;
  const unsigned es = size_of(t), k0 = 32 / es;
  const Type acc = t == Type::s8 ? Type::s32 : Type::f32;
  CubeEmitter e{rows, {}, {}, {}, {}, {}};
  auto one = [&](const std::string& label, uint32_t m, uint32_t n, uint32_t k, const std::string& note) {
    const uint32_t M1 = (m + 15) / 16, N1 = (n + 15) / 16, K1 = (k + k0 - 1) / k0;
    e.begin(label, size_t{m} * n * 4);
    if (M1 * K1 > 8) gm2l0_filled(e, true, t, kL0A, M1 * K1, label + "a");
    else e.gm2l0(true, es, kL0A, cube_data(t, M1 * K1 * 512 / es, label + "a"), CubeEmitter::l2d(0, M1 * K1, 1));
    if (K1 * N1 > 8) gm2l0_filled(e, false, t, kL0B, K1 * N1, label + "b");
    else e.gm2l0(false, es, kL0B, cube_data(t, K1 * N1 * 512 / es, label + "b"), CubeEmitter::l2d(0, K1 * N1, 1));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(m, n, k, 0));
    e.fix(acc, acc, 0, CubeEmitter::fix_rs2(kL0C, m, n, M1 * 16), n);
    f.cases.push_back(e.end(note));
  };
  one("m2048", 2048, 16, k0, "m = 2048, the largest m: L0A's 128 fractals of A (K1 = 1), L0C full");
  one("n2048", 16, 2048, k0, "n = 2048, the largest n: L0B's 128 fractals of B (K1 = 1), L0C full");
  if (t != Type::s8)
    one("k2048", 16, 16, 2048, "k = 2048, the largest k: L0A and L0B full, K1 = 128 without k-padding");
  {
    // The fields at 4095: only with the other dimension 0 does such an mmad
    // fit, and then it computes no element (XNPU.md: i < M1*16, j < N1*16)
    // and reads nothing; L0C keeps the result before it.
    const std::string label = "m4095_n4095_empty";
    e.begin(label, 16 * 16 * 4);
    e.gm2l0(true, es, kL0A, cube_data(t, 512 / es, label + "a"), CubeEmitter::l2d(0, 1, 1));
    e.gm2l0(false, es, kL0B, cube_data(t, 512 / es, label + "b"), CubeEmitter::l2d(0, 1, 1));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(16, 16, k0, 0));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(4095, 0, 4095, 0));
    e.mm(t, CubeEmitter::mm_rs1(kL0C, kL0A, kL0B), CubeEmitter::mm_rs2(0, 4095, 4095, 0));
    e.fix(acc, acc, 0, CubeEmitter::fix_rs2(kL0C, 16, 16, 16), 16);
    f.cases.push_back(e.end("m = 4095 with n = 0, n = 4095 with m = 0 (k = 4095 both): no element, L0C unchanged"));
  }
  return f;
}

// COVERAGE.md: why the mmad sizes stop where they do (mmad_limits_file).
std::string mmad_limits_text() {
  return "\nmmad sizes: m, n, k = 1 and 16 in mmad_TYPE (m1n1k1, m16n16k16, m33n17k40). The largest\n"
         "feasible sizes are in mmad_TYPE_limits and mmad_TYPE (kmax): L0A and L0B hold 128 fractals\n"
         "of 512 B (64 KiB), L0C 128 fractals of 1 KiB (128 KiB); an mmad reads M1*K1 fractals of\n"
         "L0A and K1*N1 of L0B and writes M1*N1 of L0C (M1, N1 = ceil(m/16), ceil(n/16), K1 =\n"
         "ceil(k/k0), k0 = 16 for f16/bf16 and 32 for s8), each product at most 128. So m <= 2048\n"
         "and n <= 2048 (the other of the two and K1 at 1: m2048, n2048, every type); k <= 2048\n"
         "for f16/bf16 (k2048, and kmax = 2047 with k-padding) and k <= 4095 for s8 (the 12-bit\n"
         "field; kmax). m or n = 4095 is infeasible: M1 (or N1) = 256 needs 256 L0C fractals\n"
         "(256 KiB) whenever the other of m, n is at least 1, and 256 L0A (L0B) fractals\n"
         "whenever k >= 1; no single mmad of the ISA can compute it (a larger GEMM is a loop of\n"
         "mmads, tests/programs); with the other 0 it computes nothing (m4095_n4095_empty).\n";
}

// COVERAGE.md: the illegal-instruction files by core kind.
std::string illegal_by_core_text(const std::vector<TestFile>& files) {
  size_t vector_on_aic = 0, cube_on_aiv = 0;
  for (const TestFile& f : files) {
    if (f.name == "illegal_aic")
      for (const Case& c : f.cases) vector_on_aic += c.label.rfind("vector_", 0) == 0;
    if (f.name == "illegal_cube_on_aiv") cube_on_aiv = f.cases.size();
  }
  std::ostringstream o;
  o << "\nRows of the other core kind (illegal): every vector-core row on a cube core, " << vector_on_aic
    << " cases\n(vector_ROW) in illegal_aic.S; every cube row on a vector core, " << cube_on_aiv
    << " cases in\nillegal_cube_on_aiv.S.\n";
  return o.str();
}

bool write_if_changed(const std::filesystem::path& p, const std::string& text) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream old;
  if (in) old << in.rdbuf();
  if (in && old.str() == text) return true;
  std::ofstream out(p, std::ios::binary);
  return static_cast<bool>(out << text);
}

}  // namespace

// A file's case labels, comma-separated (a COVERAGE.md cell).
std::string case_labels(const TestFile& f) {
  std::string s;
  for (size_t k = 0; k < f.cases.size(); ++k) s += (k ? ", " : "") + f.cases[k].label;
  return s;
}

int main(int argc, char** argv) {
  const bool check = argc == 3 && std::strcmp(argv[1], "--check") == 0;
  if (argc != 2 && !check) {
    std::fprintf(stderr,
                 "usage: gen_xnpu_suite OUT_DIR          write the suite\n"
                 "       gen_xnpu_suite --check DIR      exit 1 unless DIR holds exactly what it would write\n");
    return 2;
  }
  const std::filesystem::path out(argv[argc - 1]);
  const std::vector<Row> rows = table_rows();

  std::vector<TestFile> files;
  std::ostringstream coverage;
  coverage << "# Xnpu conformance suite: coverage\n\n"
              "<!-- Generated by isa/conformance/gen_xnpu_suite.cpp; do not edit. -->\n\n"
              "Every row of isa/xnpu.def, and the test file that covers it (cases: the\n"
              "corners each file runs, named by their signature symbols `sig_<case>`).\n\n"
              "| row | pipe | test | cases |\n|---|---|---|---|\n";
  unsigned covered = 0, total = 0;
  for (const Row& row : rows) {
    ++total;
    std::string why;
    // Rows with a program of their own (mmad also the largest feasible sizes).
    using Builder = TestFile (*)(const Row&, const std::vector<Row>&);
    static const std::map<std::string, Builder> own_program = {
        {"mmad", mmad_file},         {"fix_l0c2gm", fix_file},   {"fix_l0c2l1", fix_l1_file},
        {"copy_gm2l1_nd2nz", nd2nz_file}, {"load3d_l12l0a", load3d_file}};
    if (const auto own = own_program.find(row.op); own != own_program.end()) {
      files.push_back(own->second(row, rows));
      coverage << "| " << row.mnemonic << " | " << row.pipe << " | " << files.back().name << " | "
               << case_labels(files.back());
      if (row.op == "mmad") {
        files.push_back(mmad_limits_file(row, rows));
        coverage << "; " << files.back().name << ": " << case_labels(files.back());
      }
      coverage << " |\n";
      ++covered;
      continue;
    }
    if (row.format == isa::Format::XNPU_R) {  // the reserved custom-3 encodings, on a cube core
      files.push_back(illegal_aic_file(rows));
      unsigned reserved = 0;
      for (const Case& c : files.back().cases) reserved += c.label.rfind("c3_", 0) == 0;
      coverage << "| " << row.mnemonic << " | " << row.pipe << " | " << files.back().name << " | " << reserved
               << " reserved encodings (c3_f2_F_f3_F_TYPE: funct2, funct3, the type code), illegal on a cube core |\n";
      ++covered;
      continue;
    }
    if (row.format == isa::Format::XNPU_C4) {
      // The data movement rows are the staging steps of the mmad and FixPipe programs.
      static const std::map<std::string, std::string> staged = {
          {"xnpu_copy_gm2l1_u8", "mmad_f16, mmad_bf16, mmad_s8 (bias, via_l1), fix_l0c2gm_s32_f16 (per_channel)"},
          {"xnpu_load2d_gm2l0a_u8", "mmad_s8, fix_l0c2gm_s32_* (every case)"},
          {"xnpu_load2d_gm2l0b_u8", "mmad_s8, fix_l0c2gm_s32_* (every case)"},
          {"xnpu_load2d_gm2l0a_u16", "mmad_f16, mmad_bf16, fix_l0c2gm_f32_* (every case)"},
          {"xnpu_load2d_gm2l0b_u16", "mmad_f16, mmad_bf16, fix_l0c2gm_f32_* (every case)"},
          {"xnpu_load2d_l12l0a_u8", "mmad_s8 (via_l1)"},
          {"xnpu_load2d_l12l0b_u8", "mmad_s8 (via_l1)"},
          {"xnpu_load2d_l12l0a_u16", "mmad_f16, mmad_bf16 (via_l1)"},
          {"xnpu_load2d_l12l0b_u16", "mmad_f16, mmad_bf16 (via_l1, with transpose)"},
          {"xnpu_copy_l12bt_u8", "mmad_f16, mmad_bf16, mmad_s8 (bias)"},
      };
      const auto it = staged.find(row.ident);
      if (it != staged.end()) {
        coverage << "| " << row.mnemonic << " | " << row.pipe << " | (staging) | " << it->second << " |\n";
        ++covered;
        continue;
      }
      why = "not yet: no case builder for this cube row";
    }
    if (row.format != isa::Format::XNPU_C4 && row.op.rfind("copy_", 0) != 0 &&
             row.format != isa::Format::XNPU_SYNC && !reference_knows(row.op))
      why = "not yet: no semantics in the reference model";
    if (row.format == isa::Format::XNPU_SYNC && row.op.rfind("cross_", 0) == 0) {
      if (row.op == "cross_set_flag") files.push_back(cross_flags_file(rows));
      coverage << "| " << row.mnemonic << " | (operands) | cross_flags | aic_c, aiv, back (a mixed launch) |\n";
      ++covered;
      continue;
    } else if (row.format == isa::Format::XNPU_SYNC) {  // one program for the three rows
      if (files.empty() || files.front().name != "sync") files.insert(files.begin(), sync_file(rows));
      coverage << "| " << row.mnemonic << " | (operands) | sync | " << case_labels(files.front()) << " |\n";
      ++covered;
      continue;
    }
    if (why.empty() && row.op.rfind("copy_", 0) == 0) {
      files.push_back(copy_file(row, rows));
      coverage << "| " << row.mnemonic << " | " << row.pipe << " | " << files.back().name << " | "
               << case_labels(files.back()) << " |\n";
      ++covered;
      continue;
    }
    if (!why.empty()) {
      coverage << "| " << row.mnemonic << " | " << row.pipe << " | — | " << why << " |\n";
      continue;
    }
    // A conversion runs every rounding mode on the values that tell modes
    // apart (rep1, specials); the field corners run once, in rint.
    TestFile f;
    f.row = &row;
    f.name = row.ident.substr(5);  // without "xnpu_"
    f.title = row.mnemonic;
    const bool conversion = row.op == "vconv";
    for (unsigned rm = conversion ? 0 : 1; rm < (conversion ? 7u : 2u); ++rm)
      for (CaseSpec cs : corner_specs(row)) {
        if (conversion) {
          if (rm != 1 && cs.label != "rep1" && cs.label != "specials") continue;
          cs.label = std::string(round_name(static_cast<Round>(rm))) + "_" + cs.label;
        }
        f.cases.push_back(make_case(row, cs, rm));
      }
    coverage << "| " << row.mnemonic << " | " << row.pipe << " | " << f.name << " | " << case_labels(f) << " |\n";
    files.push_back(std::move(f));
    ++covered;
  }
  files.push_back(illegal_file(rows));
  coverage << "\nReserved encodings (a type an operation lacks, vconv rounding mode 7, reserved\n"
              "synchronisation bits and pipe codes): illegal, " << files.back().cases.size() << " cases in illegal.S.\n";
  coverage << mmad_limits_text();
  files.push_back(illegal_cube_on_aiv_file(rows));
  coverage << illegal_by_core_text(files);
  std::vector<TestFile> faults = misaligned_files(rows);
  for (TestFile& t : l1_fault_files(rows)) faults.push_back(std::move(t));
  for (TestFile& t : cube_buffer_fault_files(rows)) faults.push_back(std::move(t));
  coverage << "\nAlignment, bounds and reserved-mode faults of the cube core (fault tests: NAME.issue holds the\n"
              "reason the launch must stop with, a regular expression):\n\n"
              "| program | instruction | NAME.issue |\n|---|---|---|\n";
  for (const TestFile& f : faults)
    coverage << "| " << f.name << " | " << f.title << " | `" << f.issue.substr(0, f.issue.size() - 1) << "` |\n";
  files.insert(files.end(), faults.begin(), faults.end());
  coverage << "\n" << covered << " of " << total << " rows covered by " << files.size() << " test programs.\n";

  std::map<std::string, std::string> contents;  // file name -> text
  for (const TestFile& f : files) {
    contents[f.name + ".S"] = emit_asm(f, rows);
    if (f.issue.empty())
      contents[f.name + ".signature"] = emit_signature(f);
    else
      contents[f.name + ".issue"] = f.issue;
  }
  contents["COVERAGE.md"] = coverage.str();

  if (check) {
    // Stale: a file that differs or is missing, or one the generator no longer writes.
    unsigned stale = 0;
    for (const auto& [name, text] : contents) {
      std::ifstream in(out / name, std::ios::binary);
      std::ostringstream old;
      if (in) old << in.rdbuf();
      if (!in || old.str() != text) {
        std::fprintf(stderr, "gen_xnpu_suite: %s: %s\n", (out / name).c_str(), in ? "differs" : "missing");
        ++stale;
      }
    }
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(out, ec))
      if (!contents.count(e.path().filename().string())) {
        std::fprintf(stderr, "gen_xnpu_suite: %s: no longer generated\n", e.path().c_str());
        ++stale;
      }
    if (ec || stale) {
      std::fprintf(stderr,
                   "gen_xnpu_suite: %s is stale (%u files); regenerate: <build>/isa/conformance/gen_xnpu_suite %s\n",
                   out.c_str(), stale, "isa/conformance/xnpu");
      return 1;
    }
    std::printf("gen_xnpu_suite: %s: %zu files, as generated\n", out.c_str(), contents.size());
    return 0;
  }

  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  bool ok = true;
  for (const auto& [name, text] : contents) ok &= write_if_changed(out / name, text);
  // Files of rows that left the table.
  for (const auto& e : std::filesystem::directory_iterator(out, ec))
    if (!contents.count(e.path().filename().string())) std::filesystem::remove(e.path(), ec);
  if (!ok) {
    std::fprintf(stderr, "gen_xnpu_suite: cannot write into %s\n", out.c_str());
    return 1;
  }
  std::printf("gen_xnpu_suite: %zu test programs, %u of %u rows covered\n", files.size(), covered, total);
  return 0;
}
