// The vector instructions over the UB (vector_unit.h). One walk over
// (repeat, lane) drives execution, the access list and the work count, so
// they cannot disagree. Within a repeat every source lane is read before any
// destination lane is written; repeats run in order (XNPU.md).
#include "models/vector_unit/vector_unit.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "models/vector_unit/data_copy.h"
#include "models/vector_unit/host_f32.h"
#include "models/vector_unit/numerics.h"

namespace npuvp::vector_unit {

using isa::InsnId;
using isa::xnpu::dtype_bytes;

namespace {

constexpr uint32_t kBlock = 32, kRepeatBytes = 256;

enum class Shape : uint8_t {
  Binary,      // dst <- src0, src1 (vmla/vmadd/vsel also read dst / select bits)
  Unary,       // dst <- src0
  Scalar,      // dst <- src0, scalar (vaxpy/vsels also read dst / select bits)
  Dup,         // dst <- scalar
  Compare,     // bits at dst <- src0, src1 (or scalar)
  Reduce,      // one result per repeat
  BlockReduce, // one result per block
  Transpose,
  Gather,
  Copy,
};

Shape shape_of(Op op) {
  switch (op) {
    case Op::vadd: case Op::vsub: case Op::vmul: case Op::vdiv: case Op::vmax: case Op::vmin:
    case Op::vand: case Op::vor: case Op::vmla: case Op::vmadd: case Op::vsel:
      return Shape::Binary;
    case Op::vabs: case Op::vexp: case Op::vln: case Op::vsqrt: case Op::vrsqrt: case Op::vrec:
    case Op::vrelu: case Op::vnot: case Op::vconv:
      return Shape::Unary;
    case Op::vadds: case Op::vmuls: case Op::vmaxs: case Op::vmins: case Op::vlrelu: case Op::vaxpy:
    case Op::vsels:
      return Shape::Scalar;
    case Op::vdup: return Shape::Dup;
    case Op::vcmpv_eq: case Op::vcmpv_ne: case Op::vcmpv_lt: case Op::vcmpv_gt: case Op::vcmpv_le:
    case Op::vcmpv_ge: case Op::vcmpvs_eq: case Op::vcmpvs_ne: case Op::vcmpvs_lt: case Op::vcmpvs_gt:
    case Op::vcmpvs_le: case Op::vcmpvs_ge:
      return Shape::Compare;
    case Op::vcadd: case Op::vcmax: case Op::vcmin: return Shape::Reduce;
    case Op::vcgadd: case Op::vcgmax: case Op::vcgmin: return Shape::BlockReduce;
    case Op::vtranspose: return Shape::Transpose;
    case Op::vgather: return Shape::Gather;
    default: return Shape::Copy;
  }
}

bool reads_dst(Op op) { return op == Op::vmla || op == Op::vmadd || op == Op::vaxpy; }
bool reads_select_bits(Op op) { return op == Op::vsel || op == Op::vsels; }
bool compares_scalar(Op op) { return op >= Op::vcmpvs_eq && op <= Op::vcmpvs_ge; }
num::Cmp cmp_of(Op op) {
  const int base = compares_scalar(op) ? static_cast<int>(Op::vcmpvs_eq) : static_cast<int>(Op::vcmpv_eq);
  return static_cast<num::Cmp>(static_cast<int>(op) - base);
}

// Lanes per repeat: 256 B of the widest element type.
unsigned lanes_of(const VectorOp& op) {
  return kRepeatBytes / std::max(dtype_bytes(op.type), dtype_bytes(op.type2));
}

unsigned repeats_of(const VectorOp& op) {
  if (!op.mask.count_mode) return op.cfg.repeat;
  const uint64_t l = lanes_of(op);
  return static_cast<unsigned>(std::min<uint64_t>((op.mask.lo + l - 1) / l, 255));
}

bool active(const VectorOp& op, unsigned r, unsigned i) {
  if (op.mask.count_mode) return uint64_t{r} * lanes_of(op) + i < op.mask.lo;
  return i < 64 ? (op.mask.lo >> i) & 1 : (op.mask.hi >> (i - 64)) & 1;
}

struct Stream {
  uint32_t base;
  uint32_t blk, rep;  // strides in 32 B units
  unsigned size;      // element bytes
  uint32_t lane(unsigned r, unsigned i) const {
    const uint32_t byte = i * size;
    return base + kBlock * (r * rep + blk * (byte / kBlock)) + byte % kBlock;
  }
};

// Coalesces consecutive ranges of one stream before reporting them.
class Coalescer {
 public:
  Coalescer(AccessSink& s, bool write) : sink_(s), write_(write) {}
  ~Coalescer() { flush(); }
  void add(uint64_t a, uint64_t n) {
    if (open_ && a == end_) {
      end_ += n;
      return;
    }
    flush();
    begin_ = a, end_ = a + n, open_ = true;
  }
  void flush() {
    if (open_) sink_.access(static_cast<uint32_t>(begin_), static_cast<uint32_t>(end_ - begin_), write_);
    open_ = false;
  }

 private:
  AccessSink& sink_;
  bool write_;
  bool open_ = false;
  uint64_t begin_ = 0, end_ = 0;
};

uint32_t load(const uint8_t* ub, uint32_t a, unsigned size) {
  uint32_t v = 0;
  std::memcpy(&v, ub + a, size);  // little-endian host
  return v;
}
void store(uint8_t* ub, uint32_t a, unsigned size, uint32_t v) { std::memcpy(ub + a, &v, size); }

struct Streams {
  Stream dst, src0, src1;
};
Streams streams_of(const VectorOp& op) {
  const unsigned s = dtype_bytes(op.type), d = dtype_bytes(op.type2);
  return {{op.addr.dst, op.cfg.dst_blk, op.cfg.dst_rep, d},
          {op.addr.src0, op.cfg.src0_blk, op.cfg.src0_rep, s},
#ifdef NPUVP_FAULT_SRC1_BLK_AS_SRC0  // a broken model for the conformance suite's fault test (tests/xnpu_conform)
          {op.addr.src1, op.cfg.src0_blk, op.cfg.src1_rep, s}};
#else
          {op.addr.src1, op.cfg.src1_blk, op.cfg.src1_rep, s}};
#endif
}

// Bytes of compare/select bits per repeat.
unsigned bit_bytes(const VectorOp& op) { return lanes_of(op) / 8; }

uint32_t neg_inf(DType t) { return t == DType::f16 ? 0xfc00u : t == DType::bf16 ? 0xff80u : 0xff800000u; }
uint32_t pos_inf(DType t) { return t == DType::f16 ? 0x7c00u : t == DType::bf16 ? 0x7f80u : 0x7f800000u; }
uint32_t neg_zero(DType t) { return 1u << (8 * dtype_bytes(t) - 1); }
bool is_nan_bits(DType t, uint32_t v) {
  if (t == DType::f32) return (v & 0x7fffffffu) > 0x7f800000u;
  if (t == DType::f16) return (v & 0x7fffu) > 0x7c00u;
  return (v & 0x7fffu) > 0x7f80u;
}

// Pairwise tree sum of n (a power of two) values in place; inactive lanes
// hold -0, the exact identity of round-to-nearest addition.
uint32_t tree_sum(DType t, uint32_t* v, unsigned n) {
  for (; n > 1; n /= 2)
    for (unsigned k = 0; k < n / 2; ++k) v[k] = num::add(t, v[2 * k], v[2 * k + 1]);
  return v[0];
}

struct MaxMin {
  uint32_t value;
  uint32_t index;
};
// First NaN wins; otherwise the strictly greatest (least), lowest index on ties.
MaxMin arg_extreme(DType t, bool is_max, const uint32_t* v, const bool* on, unsigned n) {
  MaxMin m{is_max ? neg_inf(t) : pos_inf(t), 0};
  bool any = false;
  for (unsigned i = 0; i < n; ++i) {
    if (!on[i]) continue;
    if (is_nan_bits(t, v[i])) return {num::max(t, v[i], v[i]), i};
    const bool better = !any || (is_max ? num::compare(num::Cmp::gt, t, v[i], m.value)
                                        : num::compare(num::Cmp::lt, t, v[i], m.value));
    if (better) m = {v[i], i};
    any = true;
  }
  return m;
}

// One walk over the instruction. Visitor callbacks:
//   read(stream-id, addr, bytes) / write(stream-id, addr, bytes) for accesses,
// and when `ub` is given the instruction is also performed.
// `perform` false: a dry run; only vgather then reads `ub` (its offsets and,
// when inside the UB of `size` bytes, nothing else).
template <class Access>
void walk(const VectorOp& op, uint8_t* ub, size_t size, bool perform, Access&& acc) {
  const Shape shape = shape_of(op.op);
  if (!perform && shape != Shape::Gather) ub = nullptr;
  const Streams st = streams_of(op);
  const unsigned L = lanes_of(op), nrep = repeats_of(op);
  const DType t = op.type;
  const unsigned ts = dtype_bytes(t);
  uint32_t in0[128], in1[128], in2[128], out[128];
  bool on[128];

  switch (shape) {
    case Shape::Binary:
    case Shape::Unary:
    case Shape::Scalar:
    case Shape::Dup: {
      const bool use_src0 = shape != Shape::Dup, use_src1 = shape == Shape::Binary;
      const bool use_dst_in = reads_dst(op.op), use_bits = reads_select_bits(op.op);
      for (unsigned r = 0; r < nrep; ++r) {
        uint8_t bits[16] = {};
        if (use_bits) {
          acc(3, op.cmpmask_addr + r * bit_bytes(op), bit_bytes(op), false);
          if (ub) std::memcpy(bits, ub + op.cmpmask_addr + r * bit_bytes(op), bit_bytes(op));
        }
        for (unsigned i = 0; i < L; ++i) {
          on[i] = active(op, r, i);
          if (!on[i]) continue;
          if (use_src0) acc(1, st.src0.lane(r, i), st.src0.size, false);
          if (use_src1) acc(2, st.src1.lane(r, i), st.src1.size, false);
          if (use_dst_in) acc(0, st.dst.lane(r, i), st.dst.size, false);
          if (!ub) continue;
          if (use_src0) in0[i] = load(ub, st.src0.lane(r, i), st.src0.size);
          if (use_src1) in1[i] = load(ub, st.src1.lane(r, i), st.src1.size);
          if (use_dst_in) in2[i] = load(ub, st.dst.lane(r, i), st.dst.size);
        }
        if (ub) {
          for (unsigned i = 0; i < L; ++i) {
            if (!on[i]) continue;
            const uint32_t a = in0[i], b = in1[i], s = op.scalar;
            const bool bit = (bits[i / 8] >> (i % 8)) & 1;
            uint32_t v = 0;
            switch (op.op) {
              case Op::vadd: v = num::add(t, a, b); break;
              case Op::vsub: v = num::sub(t, a, b); break;
              case Op::vmul: v = num::mul(t, a, b); break;
              case Op::vdiv: v = num::div(t, a, b); break;
              case Op::vmax: v = num::max(t, a, b); break;
              case Op::vmin: v = num::min(t, a, b); break;
              case Op::vand: v = a & b; break;
              case Op::vor: v = a | b; break;
              case Op::vmla: v = num::fma(t, a, b, in2[i]); break;
              case Op::vmadd: v = num::fma(t, a, in2[i], b); break;
              case Op::vsel: v = bit ? a : b; break;
              case Op::vabs: v = num::abs(t, a); break;
              case Op::vexp: v = num::exp(t, a); break;
              case Op::vln: v = num::ln(t, a); break;
              case Op::vsqrt: v = num::sqrt(t, a); break;
              case Op::vrsqrt: v = num::rsqrt(t, a); break;
              case Op::vrec: v = num::reciprocal(t, a); break;
              case Op::vrelu: v = num::relu(t, a); break;
              case Op::vnot: v = ~a & 0xffffu; break;
              case Op::vconv: v = num::convert(t, op.type2, a, op.rm); break;
              case Op::vadds: v = num::add(t, a, s); break;
              case Op::vmuls: v = num::mul(t, a, s); break;
              case Op::vmaxs: v = num::max(t, a, s); break;
              case Op::vmins: v = num::min(t, a, s); break;
              case Op::vlrelu: v = num::leaky_relu(t, a, s); break;
              case Op::vaxpy: v = num::fma(t, a, s, in2[i]); break;
              case Op::vsels: v = bit ? a : s; break;
              case Op::vdup: v = s; break;
              default: break;
            }
            out[i] = v;
          }
        }
        for (unsigned i = 0; i < L; ++i) {
          if (!on[i]) continue;
          acc(0, st.dst.lane(r, i), st.dst.size, true);
          if (ub) store(ub, st.dst.lane(r, i), st.dst.size, out[i]);
        }
      }
      return;
    }
    case Shape::Compare: {
      const bool scalar = compares_scalar(op.op);
      const num::Cmp c = cmp_of(op.op);
      for (unsigned r = 0; r < nrep; ++r) {
        uint8_t bits[16] = {};
        for (unsigned i = 0; i < L; ++i) {
          if (!active(op, r, i)) continue;
          acc(1, st.src0.lane(r, i), ts, false);
          if (!scalar) acc(2, st.src1.lane(r, i), ts, false);
          if (!ub) continue;
          const uint32_t a = load(ub, st.src0.lane(r, i), ts);
          const uint32_t b = scalar ? op.scalar : load(ub, st.src1.lane(r, i), ts);
          if (num::compare(c, t, a, b)) bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
        }
        const uint32_t at = op.addr.dst + r * bit_bytes(op);
        acc(0, at, bit_bytes(op), true);
        if (ub) std::memcpy(ub + at, bits, bit_bytes(op));
      }
      return;
    }
    case Shape::Reduce: {
      const bool sum = op.op == Op::vcadd;
      const unsigned result_bytes = sum ? ts : 2 * ts;
      for (unsigned r = 0; r < nrep; ++r) {
        bool any = false;
        for (unsigned i = 0; i < L; ++i) {
          on[i] = active(op, r, i);
          in0[i] = neg_zero(t);
          if (!on[i]) continue;
          any = true;
          acc(1, st.src0.lane(r, i), ts, false);
          if (ub) in0[i] = load(ub, st.src0.lane(r, i), ts);
        }
        const uint32_t at = op.addr.dst + r * op.cfg.dst_rep * result_bytes;
        acc(0, at, result_bytes, true);
        if (!ub) continue;
        if (sum) {
          store(ub, at, ts, any ? tree_sum(t, in0, L) : 0);
        } else {
          const MaxMin m = arg_extreme(t, op.op == Op::vcmax, in0, on, L);
          store(ub, at, ts, m.value);
          store(ub, at + ts, ts, m.index);
        }
      }
      return;
    }
    case Shape::BlockReduce: {
      const unsigned per_block = kBlock / ts;
      for (unsigned r = 0; r < nrep; ++r) {
        for (unsigned i = 0; i < L; ++i) {
          on[i] = active(op, r, i);
          in0[i] = neg_zero(t);
          if (!on[i]) continue;
          acc(1, st.src0.lane(r, i), ts, false);
          if (ub) in0[i] = load(ub, st.src0.lane(r, i), ts);
        }
        const uint32_t at = op.addr.dst + r * op.cfg.dst_rep * 8 * ts;
        acc(0, at, 8 * ts, true);
        if (!ub) continue;
        for (unsigned b = 0; b < 8; ++b) {
          uint32_t* v = in0 + b * per_block;
          const bool* o = on + b * per_block;
          const bool any = std::any_of(o, o + per_block, [](bool x) { return x; });
          uint32_t res;
          if (op.op == Op::vcgadd)
            res = any ? tree_sum(t, v, per_block) : 0;
          else
            res = arg_extreme(t, op.op == Op::vcgmax, v, o, per_block).value;
          store(ub, at + b * ts, ts, res);
        }
      }
      return;
    }
    case Shape::Transpose: {
      acc(1, op.addr.src0, 512, false);
      acc(0, op.addr.dst, 512, true);
      if (!ub) return;
      uint16_t m[256];
      std::memcpy(m, ub + op.addr.src0, 512);
      for (unsigned row = 0; row < 16; ++row)
        for (unsigned col = 0; col < 16; ++col) store(ub, op.addr.dst + 2 * (col * 16 + row), 2, m[row * 16 + col]);
      return;
    }
    case Shape::Gather: {
      // addr.src0 = the u32 offsets; scalar = base address.
      for (unsigned r = 0; r < nrep; ++r) {
        for (unsigned i = 0; i < L; ++i) {
          on[i] = active(op, r, i);
          if (!on[i]) continue;
          const uint32_t off_at = op.addr.src0 + 4 * (r * L + i);
          acc(2, off_at, 4, false);
          if (!ub || uint64_t{off_at} + 4 > size) continue;
          const uint64_t from = uint64_t{op.scalar} + load(ub, off_at, 4);
          acc(1, from, ts, false);
          out[i] = from + ts <= size ? load(ub, static_cast<uint32_t>(from), ts) : 0;
        }
        for (unsigned i = 0; i < L; ++i) {
          if (!on[i]) continue;
          acc(0, st.dst.lane(r, i), ts, true);
          if (perform) store(ub, st.dst.lane(r, i), ts, out[i]);
        }
      }
      return;
    }
    case Shape::Copy: {
      thread_local std::vector<CopyChunk> chunks;  // reused: no allocation per instruction
      chunks.clear();
      plan_copy(op.op, op.type, op.addr.dst, op.addr.src0, op.copy, PadConfig{}, chunks);
      for (const CopyChunk& c : chunks) {
        acc(1, static_cast<uint32_t>(c.src), c.length, false);
        acc(0, static_cast<uint32_t>(c.dst), c.length, true);
        if (ub) perform_chunk(c, ub, ub);
      }
      return;
    }
  }
}

// ---- The dense path of the element-wise shapes ----------------------------
// Binary/Unary/Scalar/Dup whose active lanes in every repeat are a prefix
// [0, n) (count mode; bit mode with a prefix mask, e.g. the full mask) are run
// a 32 B block of lanes at a time instead of lane by lane. It is the same
// walk: the same lanes are read, computed and written in the same order
// (every source lane of a repeat before any destination lane), and each
// stream's bytes reach the access visitor in the same order with breaks at
// the same points, so the coalesced ranges are the ones the generic walk
// reports, in the same order.

bool elementwise(Shape s) { return s == Shape::Binary || s == Shape::Unary || s == Shape::Scalar || s == Shape::Dup; }

// Bit mode: n when lanes [0, n) are the active ones of every repeat, else -1.
int mask_prefix(const VectorOp& op, unsigned L) {
  unsigned n = 0;
  while (n < L && active(op, 0, n)) ++n;
  for (unsigned i = n; i < L; ++i)
    if (active(op, 0, i)) return -1;
  return static_cast<int>(n);
}

// Active lanes of repeat r: [0, n).
unsigned prefix_of(const VectorOp& op, unsigned L, int bit_prefix, unsigned r) {
  if (!op.mask.count_mode) return static_cast<unsigned>(bit_prefix);
  const uint64_t first = uint64_t{r} * L;
  return op.mask.lo > first ? static_cast<unsigned>(std::min<uint64_t>(L, op.mask.lo - first)) : 0;
}

// Whether the dense path applies. The reads of one lane come from streams of
// one element size (vconv reads only src0).
bool dense_ok(const VectorOp& op, int& bit_prefix) {
  if (!elementwise(shape_of(op.op))) return false;
  if (reads_dst(op.op) && dtype_bytes(op.type) != dtype_bytes(op.type2)) return false;
  bit_prefix = op.mask.count_mode ? 0 : mask_prefix(op, lanes_of(op));
  return bit_prefix >= 0;
}

// One element-wise operation over lanes [0, n): the switch outside the loop.
// f32 arithmetic goes straight to host_f32.h, which is what num:: does for
// f32 (numerics.cpp), so the bits are the same.
void compute(const VectorOp& op, unsigned n, const uint32_t* in0, const uint32_t* in1, const uint32_t* in2,
             const uint8_t* bits, uint32_t* out) {
  const DType t = op.type;
  const uint32_t s = op.scalar;
  const bool f32 = t == DType::f32;
#define NPUVP_LANES(expr)                  \
  for (unsigned i = 0; i < n; ++i) {       \
    const uint32_t a = in0[i];             \
    (void)a;                               \
    out[i] = (expr);                       \
  }                                        \
  return;
  switch (op.op) {
    case Op::vadd: if (f32) { NPUVP_LANES(hf::add(a, in1[i])) } NPUVP_LANES(num::add(t, a, in1[i]))
    case Op::vsub: if (f32) { NPUVP_LANES(hf::sub(a, in1[i])) } NPUVP_LANES(num::sub(t, a, in1[i]))
    case Op::vmul: if (f32) { NPUVP_LANES(hf::mul(a, in1[i])) } NPUVP_LANES(num::mul(t, a, in1[i]))
    case Op::vdiv: if (f32) { NPUVP_LANES(hf::div(a, in1[i])) } NPUVP_LANES(num::div(t, a, in1[i]))
    case Op::vmax: NPUVP_LANES(num::max(t, a, in1[i]))
    case Op::vmin: NPUVP_LANES(num::min(t, a, in1[i]))
    case Op::vand: NPUVP_LANES(a & in1[i])
    case Op::vor: NPUVP_LANES(a | in1[i])
    case Op::vmla: NPUVP_LANES(num::fma(t, a, in1[i], in2[i]))
    case Op::vmadd: NPUVP_LANES(num::fma(t, a, in2[i], in1[i]))
    case Op::vsel: NPUVP_LANES(((bits[i / 8] >> (i % 8)) & 1) ? a : in1[i])
    case Op::vabs: NPUVP_LANES(num::abs(t, a))
    case Op::vexp: if (f32) { NPUVP_LANES(num::exp_f32(a)) } NPUVP_LANES(num::exp(t, a))
    case Op::vln: NPUVP_LANES(num::ln(t, a))
    case Op::vsqrt: NPUVP_LANES(num::sqrt(t, a))
    case Op::vrsqrt: NPUVP_LANES(num::rsqrt(t, a))
    case Op::vrec: NPUVP_LANES(num::reciprocal(t, a))
    case Op::vrelu: NPUVP_LANES(num::relu(t, a))
    case Op::vnot: NPUVP_LANES(~a & 0xffffu)
    case Op::vconv: NPUVP_LANES(num::convert(t, op.type2, a, op.rm))
    case Op::vadds: if (f32) { NPUVP_LANES(hf::add(a, s)) } NPUVP_LANES(num::add(t, a, s))
    case Op::vmuls: if (f32) { NPUVP_LANES(hf::mul(a, s)) } NPUVP_LANES(num::mul(t, a, s))
    case Op::vmaxs: NPUVP_LANES(num::max(t, a, s))
    case Op::vmins: NPUVP_LANES(num::min(t, a, s))
    case Op::vlrelu: NPUVP_LANES(num::leaky_relu(t, a, s))
    case Op::vaxpy: NPUVP_LANES(num::fma(t, a, s, in2[i]))
    case Op::vsels: NPUVP_LANES(((bits[i / 8] >> (i % 8)) & 1) ? a : s)
    case Op::vdup: NPUVP_LANES(s)
    default: NPUVP_LANES(0u)
  }
#undef NPUVP_LANES
}

// Lanes [0, n) of a stream in repeat r, one 32 B block (group of lanes) at a
// time: visit(first lane, lanes, address). With block stride 1 the blocks of
// a repeat are contiguous and form one group.
template <class Visit>
void for_groups(const Stream& st, unsigned r, unsigned n, Visit&& visit) {
  if (n == 0) return;
  const unsigned per = kBlock / st.size;
  if (st.blk == 1) {
    visit(0u, n, st.lane(r, 0));
    return;
  }
  for (unsigned i = 0; i < n; i += per) visit(i, std::min(per, n - i), st.lane(r, i));
}

void load_lanes(const uint8_t* ub, uint32_t at, unsigned size, unsigned count, uint32_t* v) {
  const uint8_t* p = ub + at;
  if (size == 4) {
    std::memcpy(v, p, 4 * count);  // little-endian host
  } else if (size == 2) {
    for (unsigned k = 0; k < count; ++k) v[k] = static_cast<uint32_t>(p[2 * k]) | static_cast<uint32_t>(p[2 * k + 1]) << 8;
  } else {
    for (unsigned k = 0; k < count; ++k) v[k] = p[k];
  }
}
void store_lanes(uint8_t* ub, uint32_t at, unsigned size, unsigned count, const uint32_t* v) {
  uint8_t* p = ub + at;
  if (size == 4) {
    std::memcpy(p, v, 4 * count);
  } else if (size == 2) {
    for (unsigned k = 0; k < count; ++k) {
      p[2 * k] = static_cast<uint8_t>(v[k]);
      p[2 * k + 1] = static_cast<uint8_t>(v[k] >> 8);
    }
  } else {
    for (unsigned k = 0; k < count; ++k) p[k] = static_cast<uint8_t>(v[k]);
  }
}

// The dense walk: accesses to `acc` (when `report`), the instruction performed
// when `ub` is given.
template <class Access>
void dense_walk(const VectorOp& op, int bit_prefix, uint8_t* ub, bool report, Access&& acc) {
  const Shape shape = shape_of(op.op);
  const Streams st = streams_of(op);
  const unsigned L = lanes_of(op), nrep = repeats_of(op);
  const bool use_src0 = shape != Shape::Dup, use_src1 = shape == Shape::Binary;
  const bool use_dst_in = reads_dst(op.op), use_bits = reads_select_bits(op.op);
  const unsigned bb = bit_bytes(op);
  // Every stream read per lane has the element size of src0 (dense_ok).
  const unsigned per = kBlock / st.src0.size;
  const bool one_group = (!use_src0 || st.src0.blk == 1) && (!use_src1 || st.src1.blk == 1) &&
                         (!use_dst_in || st.dst.blk == 1);
  uint32_t in0[128], in1[128], in2[128], out[128];
  for (unsigned r = 0; r < nrep; ++r) {
    const unsigned n = prefix_of(op, L, bit_prefix, r);
    uint8_t bits[16] = {};
    if (use_bits) {
      if (report) acc(3, op.cmpmask_addr + r * bb, bb, false);
      if (ub) std::memcpy(bits, ub + op.cmpmask_addr + r * bb, bb);
    }
    // Reads, lane group by lane group: src0, src1, dst (as lane by lane).
    const unsigned step = one_group ? std::max(n, 1u) : per;
    for (unsigned i = 0; i < n; i += step) {
      const unsigned c = std::min(step, n - i);
      if (use_src0) {
        if (report) acc(1, st.src0.lane(r, i), uint64_t{c} * st.src0.size, false);
        if (ub) load_lanes(ub, st.src0.lane(r, i), st.src0.size, c, in0 + i);
      }
      if (use_src1) {
        if (report) acc(2, st.src1.lane(r, i), uint64_t{c} * st.src1.size, false);
        if (ub) load_lanes(ub, st.src1.lane(r, i), st.src1.size, c, in1 + i);
      }
      if (use_dst_in) {
        if (report) acc(0, st.dst.lane(r, i), uint64_t{c} * st.dst.size, false);
        if (ub) load_lanes(ub, st.dst.lane(r, i), st.dst.size, c, in2 + i);
      }
    }
    if (ub) compute(op, n, in0, in1, in2, bits, out);
    for_groups(st.dst, r, n, [&](unsigned i, unsigned c, uint32_t at) {
      if (report) acc(0, at, uint64_t{c} * st.dst.size, true);
      if (ub) store_lanes(ub, at, st.dst.size, c, out + i);
    });
  }
}

// Bounds of the dense path without walking the lanes: lane addresses grow
// with the lane, so the last active lane of a repeat is its highest byte.
bool dense_in_bounds(const VectorOp& op, int bit_prefix, size_t size) {
  const Shape shape = shape_of(op.op);
  const Streams st = streams_of(op);
  const unsigned L = lanes_of(op), nrep = repeats_of(op);
  const bool use_src0 = shape != Shape::Dup, use_src1 = shape == Shape::Binary;
  uint64_t end = 0;
  if (reads_select_bits(op.op) && nrep > 0) end = uint64_t{op.cmpmask_addr} + uint64_t{nrep} * bit_bytes(op);
  for (unsigned r = 0; r < nrep; ++r) {
    const unsigned n = prefix_of(op, L, bit_prefix, r);
    if (n == 0) continue;
    end = std::max<uint64_t>(end, uint64_t{st.dst.lane(r, n - 1)} + st.dst.size);
    if (use_src0) end = std::max<uint64_t>(end, uint64_t{st.src0.lane(r, n - 1)} + st.src0.size);
    if (use_src1) end = std::max<uint64_t>(end, uint64_t{st.src1.lane(r, n - 1)} + st.src1.size);
  }
  return end <= size;
}

// Bounds check of every access, before anything is written.
struct BoundsCheck {
  size_t size;
  bool ok = true;
  void operator()(int, uint64_t a, uint64_t n, bool) {
    if (a + n > size) ok = false;
  }
};

}  // namespace

bool make_vector_op(const isa::Decoded& d, uint64_t rs1, uint64_t rs2, uint64_t rs3, const VectorCsrs& csrs,
                    VectorOp& out) {
  const isa::xnpu::Info* x = isa::xnpu::lookup(d.id);
  if (!x || x->pipe != isa::xnpu::Pipe::V) return false;
  out = VectorOp{};
  out.id = d.id;
  out.op = x->op;
  out.type = x->type;
  out.type2 = x->type2;
  out.mask = csrs.mask;
  out.cmpmask_addr = csrs.cmpmask_addr;
  if (x->op == Op::copy_ub2ub) {
    out.addr.dst = static_cast<uint32_t>(rs1);
    out.addr.src0 = static_cast<uint32_t>(rs2);
    out.copy = isa::xnpu::unpack_copy(rs3);
    return true;
  }
  out.addr = isa::xnpu::unpack_addrs(rs1);
  out.cfg = isa::xnpu::unpack_config(rs2);
  out.scalar = static_cast<uint32_t>(rs3);
  out.rm = static_cast<isa::xnpu::RoundMode>(d.rm);
  return true;
}

Work work(const VectorOp& op) {
  const Shape shape = shape_of(op.op);
  if (shape == Shape::Transpose) return {1, 32};
  if (shape == Shape::Copy) return {op.copy.block_count, 2u * op.copy.block_count * op.copy.block_len};
  const unsigned nrep = repeats_of(op), L = lanes_of(op);
  const unsigned src_blocks = L * dtype_bytes(op.type) / kBlock, dst_blocks = L * dtype_bytes(op.type2) / kBlock;
  unsigned per_repeat = src_blocks;
  switch (shape) {
    case Shape::Binary: per_repeat = 2 * src_blocks + dst_blocks * (reads_dst(op.op) ? 2 : 1); break;
    case Shape::Unary: per_repeat = src_blocks + dst_blocks; break;
    case Shape::Scalar: per_repeat = src_blocks + dst_blocks * (reads_dst(op.op) ? 2 : 1); break;
    case Shape::Dup: per_repeat = dst_blocks; break;
    case Shape::Compare: per_repeat = (compares_scalar(op.op) ? 1 : 2) * src_blocks + 1; break;
    case Shape::Reduce:
    case Shape::BlockReduce: per_repeat = src_blocks + 1; break;
    case Shape::Gather: per_repeat = 2 * dst_blocks + 4 * L / kBlock; break;
    default: break;
  }
  return {nrep, nrep * per_repeat};
}

void for_each_access(const VectorOp& op, const UbView& ub, AccessSink& sink) {
  // One coalescer per stream: 0 dst, 1 src0, 2 src1, 3 select bits; dst
  // reads (vmla) and writes separately.
  Coalescer w(sink, true), r0(sink, false), r1(sink, false), r2(sink, false), r3(sink, false);
  Coalescer* reads[4] = {&r0, &r1, &r2, &r3};
  auto add = [&](int s, uint64_t a, uint64_t n, bool wr) { (wr ? w : *reads[s]).add(a, n); };
  int bit_prefix = 0;
  if (dense_ok(op, bit_prefix))
    dense_walk(op, bit_prefix, nullptr, true, add);
  else
    walk(op, ub.data, ub.size, false, add);
}

Status execute(const VectorOp& op, UbView ub) {
  if (op.op == Op::reserved) return Status::Unsupported;
  int bit_prefix = 0;
  if (dense_ok(op, bit_prefix)) {
    if (!dense_in_bounds(op, bit_prefix, ub.size)) return Status::OutOfBounds;
    dense_walk(op, bit_prefix, ub.data, false, [](int, uint64_t, uint64_t, bool) {});
    return Status::Ok;
  }
  BoundsCheck check{ub.size};
  walk(op, ub.data, ub.size, false, check);
  if (!check.ok) return Status::OutOfBounds;
  walk(op, ub.data, ub.size, true, [](int, uint64_t, uint64_t, bool) {});
  return Status::Ok;
}

namespace detail {
void for_each_access_lane_by_lane(const VectorOp& op, const UbView& ub, AccessSink& sink) {
  Coalescer w(sink, true), r0(sink, false), r1(sink, false), r2(sink, false), r3(sink, false);
  Coalescer* reads[4] = {&r0, &r1, &r2, &r3};
  walk(op, ub.data, ub.size, false, [&](int s, uint64_t a, uint64_t n, bool wr) { (wr ? w : *reads[s]).add(a, n); });
}
Status execute_lane_by_lane(const VectorOp& op, UbView ub) {
  if (op.op == Op::reserved) return Status::Unsupported;
  BoundsCheck check{ub.size};
  walk(op, ub.data, ub.size, false, check);
  if (!check.ok) return Status::OutOfBounds;
  walk(op, ub.data, ub.size, true, [](int, uint64_t, uint64_t, bool) {});
  return Status::Ok;
}
}  // namespace detail

}  // namespace npuvp::vector_unit
