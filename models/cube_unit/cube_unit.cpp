// The cube-core instructions (cube_unit.h; isa/XNPU.md "The cube core").
// One walk per instruction enumerates its accesses (bounds, checkers); the
// semantics are written separately per operation, over the same address
// formulas (the helpers below), so layout arithmetic lives in one place.
#include "models/cube_unit/cube_unit.h"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "models/cube_unit/layout.h"
#include "models/cube_unit/mmad.h"
#include "isa/numerics/softfloat.h"

namespace npuvp::cube_unit {

using isa::InsnId;
using isa::xnpu::dtype_bytes;
namespace sf = softfloat;

const char* space_name(Space s) {
  switch (s) {
    case Space::GM: return "GM";
    case Space::L1: return "L1";
    case Space::L0A: return "L0A";
    case Space::L0B: return "L0B";
    case Space::L0C: return "L0C";
    case Space::BT: return "BiasTable";
  }
  return "?";
}

const char* status_name(Status s) {
  switch (s) {
    case Status::Ok: return "ok";
    case Status::Misaligned: return "misaligned";
    case Status::OutOfBounds: return "out_of_bounds";
    case Status::Unsupported: return "unsupported";
    case Status::GmFault: return "gm_fault";
  }
  return "?";
}

Span Buffers::of(Space s) const {
  switch (s) {
    case Space::L1: return l1;
    case Space::L0A: return l0a;
    case Space::L0B: return l0b;
    case Space::L0C: return l0c;
    case Space::BT: return bt;
    default: return {};
  }
}

bool is_cube_op(Op op) {
  switch (op) {
    case Op::copy_gm2l1: case Op::copy_gm2l1_nd2nz: case Op::load2d_gm2l0a: case Op::load2d_gm2l0b:
    case Op::load2d_l12l0a: case Op::load2d_l12l0b: case Op::copy_l12bt: case Op::mmad:
    case Op::fix_l0c2gm: case Op::fix_l0c2l1: case Op::load3d_l12l0a:
      return true;
    default:
      return false;
  }
}

bool make_cube_op(const isa::Decoded& d, uint64_t rs1, uint64_t rs2, uint64_t rs3, uint64_t fmatrix, CubeOp& out) {
  const isa::xnpu::Info* x = isa::xnpu::lookup(d.id);
  if (!x || !is_cube_op(x->op)) return false;
  out = CubeOp{};
  out.id = d.id;
  out.op = x->op;
  out.type = x->type;
  out.type2 = x->type2;
  switch (x->op) {
    case Op::copy_gm2l1:
    case Op::copy_l12bt:
      out.dst = rs1, out.src = rs2, out.copy = isa::xnpu::unpack_copy(rs3);
      break;
    case Op::copy_gm2l1_nd2nz:
      out.nd = isa::xnpu::unpack_nd2nz(rs1, rs3), out.dst = out.nd.dst, out.src = rs2;
      break;
    case Op::load2d_gm2l0a: case Op::load2d_gm2l0b: case Op::load2d_l12l0a: case Op::load2d_l12l0b:
      out.dst = rs1, out.src = rs2, out.load = isa::xnpu::unpack_load2d(rs3);
      break;
    case Op::mmad:
      out.addr = isa::xnpu::unpack_addrs(rs1), out.mmad = isa::xnpu::unpack_mmad(rs2);
      out.bias = rs3;
      break;
    case Op::fix_l0c2gm:
    case Op::fix_l0c2l1:
      out.dst = rs1, out.fix = isa::xnpu::unpack_fix(rs2, rs3);
      break;
    case Op::load3d_l12l0a:
      out.load3d = isa::xnpu::unpack_load3d(rs1, rs2, rs3, fmatrix), out.dst = out.load3d.dst, out.src = out.load3d.src;
      break;
    default:
      return false;
  }
  return true;
}

namespace {

constexpr uint64_t kBlock = 32;

uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// Source and destination spaces of the data-movement rows.
Space src_space(Op op) {
  switch (op) {
    case Op::copy_gm2l1: case Op::copy_gm2l1_nd2nz: case Op::load2d_gm2l0a: case Op::load2d_gm2l0b:
      return Space::GM;
    case Op::fix_l0c2gm: case Op::fix_l0c2l1:
      return Space::L0C;
    default:
      return Space::L1;
  }
}
Space dst_space(Op op) {
  switch (op) {
    case Op::copy_gm2l1: case Op::copy_gm2l1_nd2nz: case Op::fix_l0c2l1: return Space::L1;
    case Op::load2d_gm2l0a: case Op::load2d_l12l0a: case Op::load3d_l12l0a: return Space::L0A;
    case Op::load2d_gm2l0b: case Op::load2d_l12l0b: return Space::L0B;
    case Op::copy_l12bt: return Space::BT;
    case Op::mmad: return Space::L0C;
    default: return Space::GM;
  }
}

bool fix_source_is_s32(const CubeOp& op) { return op.type == DType::s32; }

// load3d: the reserved geometries (XNPU.md "Load3D"), or nullptr.
const char* load3d_reserved(const CubeOp& op) {
  const auto& p = op.load3d;
  const auto g = layout::Load3dGeometry::of(op.type, p);
  if (p.stride_w == 0 || p.stride_h == 0) return "load3d: stride 0";
  if (p.filter_w == 0 || p.filter_h == 0) return "load3d: filter size 0";
  if (p.dilation_w == 0 || p.dilation_h == 0) return "load3d: dilation 0";
  if (p.fm.l1_w == 0 || p.fm.l1_h == 0) return "load3d: empty feature map (npu_fmatrix l1W or l1H is 0)";
  if (p.channel_size == 0 || p.channel_size % g.c0) return "load3d: channelSize is not a positive multiple of C0";
  if (p.k_start % g.c0 || p.k_extension % g.c0) return "load3d: kStartPt or kExtension is not a multiple of C0";
  if (g.wo < 1 || g.ho < 1) return "load3d: the dilated filter is larger than the padded feature map";
  if (uint64_t{p.k_start} + p.k_extension > g.k) return "load3d: kStartPt + kExtension is past K = C1*kH*kW*C0";
  return nullptr;
}

// Why op is a reserved combination that does nothing (XNPU.md "Alignment
// and bounds"), or nullptr when it runs: the one decision behind supported()
// and the reason a launch reports.
const char* reserved_reason(const CubeOp& op) {
  switch (op.op) {
    case Op::load3d_l12l0a:
      return load3d_reserved(op);
    case Op::mmad:
      return op.mmad.init_raw <= 2 ? nullptr : "mmad: init 3 is reserved";
    case Op::load2d_gm2l0a: case Op::load2d_gm2l0b: case Op::load2d_l12l0a: case Op::load2d_l12l0b:
      return !op.load.transpose || dtype_bytes(op.type) == 2 ? nullptr : "load2d: transpose of 8-bit elements is reserved";
    case Op::fix_l0c2gm:
    case Op::fix_l0c2l1:
      if (op.op == Op::fix_l0c2l1 && op.fix.atomic_add) return "fixpipe: atomic add into L1 is reserved";
      if (op.fix.per_channel && !(fix_source_is_s32(op) && op.type2 == DType::f16))
        return "fixpipe: a per-channel scale other than s32 -> f16 is reserved";
      return nullptr;
    default:
      return nullptr;
  }
}

bool supported(const CubeOp& op) { return reserved_reason(op) == nullptr; }

// Merges consecutive ranges of the same space and direction before passing them on.
class Coalescer {
 public:
  explicit Coalescer(AccessSink& out) : out_(out) {}
  ~Coalescer() { flush(); }
  void add(Space s, uint64_t begin, uint64_t length, bool write) {
    if (length == 0) return;
    if (open_ && s == space_ && write == write_ && begin == begin_ + length_) {
      length_ += length;
      return;
    }
    flush();
    open_ = true, space_ = s, begin_ = begin, length_ = length, write_ = write;
  }
  void flush() {
    if (open_) out_.access(space_, begin_, length_, write_);
    open_ = false;
  }

 private:
  AccessSink& out_;
  bool open_ = false, write_ = false;
  Space space_ = Space::GM;
  uint64_t begin_ = 0, length_ = 0;
};

// One walk that lists the accesses of an instruction, in execution order.
template <typename F>
void walk_accesses(const CubeOp& op, F&& emit) {
  switch (op.op) {
    case Op::copy_gm2l1:
    case Op::copy_l12bt: {
      const auto& p = op.copy;
      if (p.block_count == 0 || p.block_len == 0) return;
      const uint64_t len = uint64_t{p.block_len} * kBlock;
      for (uint64_t i = 0; i < p.block_count; ++i) {
        emit(src_space(op.op), op.src + i * (p.block_len + p.src_stride) * kBlock, len, false);
        emit(dst_space(op.op), op.dst + i * (p.block_len + p.dst_stride) * kBlock, len, true);
      }
      return;
    }
    case Op::copy_gm2l1_nd2nz: {
      const auto& p = op.nd;
      const unsigned s = dtype_bytes(op.type);
      const uint64_t row_bytes = uint64_t{p.d_value} * s, blocks = ceil_div(row_bytes, kBlock);
      if (p.nd_num == 0 || p.n_value == 0 || p.d_value == 0) return;
      for (uint64_t i = 0; i < p.nd_num; ++i)
        for (uint64_t j = 0; j < p.n_value; ++j) {
          emit(Space::GM, layout::nd2nz_src_row(op.src, p, s, i, j), row_bytes, false);
          for (uint64_t c = 0; c < blocks; ++c) emit(Space::L1, layout::nd2nz_dst_block(p, s, i, j, c), kBlock, true);
        }
      return;
    }
    case Op::load2d_gm2l0a: case Op::load2d_gm2l0b: case Op::load2d_l12l0a: case Op::load2d_l12l0b: {
      const auto& p = op.load;
      for (uint64_t i = 0; i < p.repeat; ++i) {
        emit(src_space(op.op), layout::load2d_src(op.src, p, i), kFractalBytes, false);
        emit(dst_space(op.op), layout::load2d_dst(op.dst, p, i), kFractalBytes, true);
      }
      return;
    }
    case Op::load3d_l12l0a: {
      const auto& p = op.load3d;
      if (p.m_extension == 0 || p.k_extension == 0 || load3d_reserved(op)) return;
      const auto g = layout::Load3dGeometry::of(op.type, p);
      // Whole feature-map rows of every channel block the window reaches: the
      // rows its output rows and filter rows reach, clipped to the map.
      const uint64_t taps = uint64_t{p.filter_w} * p.filter_h, t0 = p.k_start / g.c0, t1 = t0 + g.k1 - 1;
      const int64_t ho0 = static_cast<int64_t>(p.m_start / static_cast<uint64_t>(g.wo)),
                    ho1 = static_cast<int64_t>((p.m_start + g.m1 * 16 - 1) / static_cast<uint64_t>(g.wo));
      const int64_t h0 = std::max<int64_t>(0, ho0 * p.stride_h - p.fm.pad_top),
                    h1 = std::min<int64_t>(p.fm.l1_h - 1,
                                           ho1 * p.stride_h + int64_t{p.filter_h - 1} * p.dilation_h - p.fm.pad_top);
      const uint64_t row = uint64_t{p.fm.l1_w} * kBlock;
      if (h0 <= h1)
        for (uint64_t c1 = t0 / taps; c1 <= t1 / taps; ++c1)
          emit(Space::L1, p.src + (c1 * p.fm.l1_h + static_cast<uint64_t>(h0)) * row,
               static_cast<uint64_t>(h1 - h0 + 1) * row, false);
      emit(Space::L0A, p.dst, g.m1 * g.k1 * kFractalBytes, true);
      return;
    }
    case Op::mmad: {
      const auto g = layout::MmadGeometry::of(op.type, op.mmad);
      if (g.m1 == 0 || g.n1 == 0) return;
      if (g.k1) {
        emit(Space::L0A, op.addr.src0, uint64_t{g.m1} * g.k1 * kFractalBytes, false);
        emit(Space::L0B, op.addr.src1, uint64_t{g.k1} * g.n1 * kFractalBytes, false);
      }
      if (op.mmad.init == isa::xnpu::MmadInit::Bias) emit(Space::BT, op.bias, uint64_t{g.n1} * 16 * 4, false);
      const uint64_t c_bytes = uint64_t{g.m1} * g.n1 * kL0cFractalBytes;
      if (op.mmad.init == isa::xnpu::MmadInit::L0c) emit(Space::L0C, op.addr.dst, c_bytes, false);
      emit(Space::L0C, op.addr.dst, c_bytes, true);
      return;
    }
    case Op::fix_l0c2gm:
    case Op::fix_l0c2l1: {
      const auto& p = op.fix;
      if (p.m == 0 || p.n == 0) return;
      const uint64_t jb_count = ceil_div(p.n, 16);
      for (uint64_t jb = 0; jb < jb_count; ++jb)
        emit(Space::L0C, layout::l0c_row(p.src, p.src_stride, jb, 0), uint64_t{p.m} * 64, false);
      if (p.per_channel) emit(Space::L1, p.scale, uint64_t{p.n} * 4, false);
      const Space d = dst_space(op.op);
      const unsigned sd = dtype_bytes(op.type2);
      if (!p.nz_out) {
        for (uint64_t i = 0; i < p.m; ++i) {
          const uint64_t a = op.dst + i * p.dst_stride * sd;
          if (p.atomic_add) emit(d, a, uint64_t{p.n} * sd, false);
          emit(d, a, uint64_t{p.n} * sd, true);
        }
      } else {
        const unsigned c0 = static_cast<unsigned>(kBlock / sd);
        for (uint64_t cb = 0; cb < ceil_div(p.n, c0); ++cb) {
          const uint64_t cols = std::min<uint64_t>(c0, p.n - cb * c0);
          for (uint64_t i = 0; i < p.m; ++i) {
            const uint64_t a = layout::nz_elem(op.dst, p.dst_stride, sd, i, cb * c0);
            if (p.atomic_add) emit(d, a, cols * sd, false);
            emit(d, a, cols * sd, true);
          }
        }
      }
      return;
    }
    default:
      return;
  }
}

// The same bytes as walk_accesses, per space and direction, listed in an
// order that lets the coalescer merge them into a few large ranges: every
// source before every destination, and the ND->NZ copy's L1 blocks by 32 B
// column block (a column block's rows are consecutive blocks) instead of row
// by row. For checks whose verdict depends only on which bytes are touched
// (bounds, the race checker's union), never for order-dependent reports.
template <typename F>
void walk_footprint(const CubeOp& op, F&& emit) {
  switch (op.op) {
    case Op::copy_gm2l1:
    case Op::copy_l12bt: {
      const auto& p = op.copy;
      if (p.block_count == 0 || p.block_len == 0) return;
      const uint64_t len = uint64_t{p.block_len} * kBlock;
      for (uint64_t i = 0; i < p.block_count; ++i)
        emit(src_space(op.op), op.src + i * (p.block_len + p.src_stride) * kBlock, len, false);
      for (uint64_t i = 0; i < p.block_count; ++i)
        emit(dst_space(op.op), op.dst + i * (p.block_len + p.dst_stride) * kBlock, len, true);
      return;
    }
    case Op::copy_gm2l1_nd2nz: {
      const auto& p = op.nd;
      const unsigned s = dtype_bytes(op.type);
      const uint64_t row_bytes = uint64_t{p.d_value} * s, blocks = ceil_div(row_bytes, kBlock);
      if (p.nd_num == 0 || p.n_value == 0 || p.d_value == 0) return;
      for (uint64_t i = 0; i < p.nd_num; ++i)
        for (uint64_t j = 0; j < p.n_value; ++j) emit(Space::GM, layout::nd2nz_src_row(op.src, p, s, i, j), row_bytes, false);
      // Rows j of one column block are the consecutive 32 B blocks from row 0's.
      for (uint64_t i = 0; i < p.nd_num; ++i)
        for (uint64_t c = 0; c < blocks; ++c)
          emit(Space::L1, layout::nd2nz_dst_block(p, s, i, 0, c), uint64_t{p.n_value} * kBlock, true);
      return;
    }
    case Op::load2d_gm2l0a: case Op::load2d_gm2l0b: case Op::load2d_l12l0a: case Op::load2d_l12l0b: {
      const auto& p = op.load;
      for (uint64_t i = 0; i < p.repeat; ++i)
        emit(src_space(op.op), layout::load2d_src(op.src, p, i), kFractalBytes, false);
      for (uint64_t i = 0; i < p.repeat; ++i)
        emit(dst_space(op.op), layout::load2d_dst(op.dst, p, i), kFractalBytes, true);
      return;
    }
    case Op::fix_l0c2gm:
    case Op::fix_l0c2l1: {
      const auto& p = op.fix;
      if (p.m == 0 || p.n == 0) return;
      const uint64_t jb_count = ceil_div(p.n, 16);
      for (uint64_t jb = 0; jb < jb_count; ++jb)
        emit(Space::L0C, layout::l0c_row(p.src, p.src_stride, jb, 0), uint64_t{p.m} * 64, false);
      if (p.per_channel) emit(Space::L1, p.scale, uint64_t{p.n} * 4, false);
      const Space d = dst_space(op.op);
      const unsigned sd = dtype_bytes(op.type2);
      for (int pass = p.atomic_add ? 0 : 1; pass < 2; ++pass) {  // the atomic add's reads, then the writes
        const bool write = pass == 1;
        if (!p.nz_out) {
          for (uint64_t i = 0; i < p.m; ++i) emit(d, op.dst + i * p.dst_stride * sd, uint64_t{p.n} * sd, write);
        } else {
          const unsigned c0 = static_cast<unsigned>(kBlock / sd);
          for (uint64_t cb = 0; cb < ceil_div(p.n, c0); ++cb) {
            const uint64_t cols = std::min<uint64_t>(c0, p.n - cb * c0);
            for (uint64_t i = 0; i < p.m; ++i)
              emit(d, layout::nz_elem(op.dst, p.dst_stride, sd, i, cb * c0), cols * sd, write);
          }
        }
      }
      return;
    }
    default:  // mmad lists whole operands already
      walk_accesses(op, emit);
      return;
  }
}

// ---- semantics

struct Ctx {
  const CubeOp& op;
  const Buffers& b;
  GmPort& gm;
  uint8_t* at(Space s, uint64_t a) const { return b.of(s).data + a; }
};

std::vector<uint8_t>& scratch() {
  thread_local std::vector<uint8_t> v;
  return v;
}

Status read_from(const Ctx& c, Space s, uint64_t a, void* to, size_t n) {
  if (s == Space::GM) return c.gm.read(a, to, n) ? Status::Ok : Status::GmFault;
  std::memcpy(to, c.at(s, a), n);
  return Status::Ok;
}
Status write_to(const Ctx& c, Space s, uint64_t a, const void* from, size_t n) {
  if (s == Space::GM) return c.gm.write(a, from, n) ? Status::Ok : Status::GmFault;
  std::memcpy(c.at(s, a), from, n);
  return Status::Ok;
}

Status exec_copy(const Ctx& c) {
  const CubeOp& op = c.op;
  const auto& p = op.copy;
  if (p.block_count == 0 || p.block_len == 0) return Status::Ok;
  const uint64_t len = uint64_t{p.block_len} * kBlock;
  const Space s = src_space(op.op), d = dst_space(op.op);
  for (uint64_t i = 0; i < p.block_count; ++i) {
    const uint64_t from = op.src + i * (p.block_len + p.src_stride) * kBlock;
    const uint64_t to = op.dst + i * (p.block_len + p.dst_stride) * kBlock;
    if (s == Space::GM) {
      if (!c.gm.read(from, c.at(d, to), len)) return Status::GmFault;
    } else {
      std::memmove(c.at(d, to), c.at(s, from), len);
    }
  }
  return Status::Ok;
}

Status exec_nd2nz(const Ctx& c) {
  const CubeOp& op = c.op;
  const auto& p = op.nd;
  if (p.nd_num == 0 || p.n_value == 0 || p.d_value == 0) return Status::Ok;
  const unsigned s = dtype_bytes(op.type);
  const uint64_t row_bytes = uint64_t{p.d_value} * s, blocks = ceil_div(row_bytes, kBlock);
  std::vector<uint8_t>& row = scratch();
  row.assign(blocks * kBlock, 0);
  const uint64_t whole = row_bytes / kBlock, tail = row_bytes % kBlock;
  const uint64_t block_step = p.dst_nz_c0_stride * kBlock;  // nd2nz_dst_block(.., c + 1) - (.., c)
  uint8_t* const l1 = c.b.l1.data;
  for (uint64_t i = 0; i < p.nd_num; ++i)
    for (uint64_t j = 0; j < p.n_value; ++j) {
      const uint64_t src = layout::nd2nz_src_row(op.src, p, s, i, j);
      // Straight from GM when it is host memory; else through the row buffer,
      // whose bytes past the row's end (in its last 32 B block) stay zeros.
      const uint8_t* from = c.gm.read_in_place(src, row_bytes);
      if (from == nullptr) {
        if (!c.gm.read(src, row.data(), row_bytes)) return Status::GmFault;
        from = row.data();
      }
      uint8_t* to = l1 + layout::nd2nz_dst_block(p, s, i, j, 0);
      for (uint64_t cb = 0; cb < whole; ++cb, to += block_step) std::memcpy(to, from + cb * kBlock, kBlock);
      if (tail != 0) {
        uint8_t last[kBlock] = {};
        std::memcpy(last, from + whole * kBlock, tail);
        std::memcpy(to, last, kBlock);
      }
    }
  return Status::Ok;
}

// One 16 x 16 fractal of two-byte elements, transposed: to[r][col] = from[col][r].
void transpose_fractal16(const uint8_t* from, uint8_t* to) {
#if defined(__SSE2__)
  // Four 8 x 8 blocks, each by three rounds of interleaving (16, 32, 64 bits).
  for (int br = 0; br < 2; ++br)
    for (int bc = 0; bc < 2; ++bc) {
      const uint8_t* in = from + bc * 8 * 32 + br * 16;  // input rows 8bc.., columns 8br..
      __m128i r[8], a[8], b[8];
      for (int i = 0; i < 8; ++i) r[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i * 32));
      for (int i = 0; i < 4; ++i) {
        a[2 * i] = _mm_unpacklo_epi16(r[2 * i], r[2 * i + 1]);
        a[2 * i + 1] = _mm_unpackhi_epi16(r[2 * i], r[2 * i + 1]);
      }
      for (int g = 0; g < 2; ++g) {
        b[4 * g + 0] = _mm_unpacklo_epi32(a[4 * g], a[4 * g + 2]);
        b[4 * g + 1] = _mm_unpackhi_epi32(a[4 * g], a[4 * g + 2]);
        b[4 * g + 2] = _mm_unpacklo_epi32(a[4 * g + 1], a[4 * g + 3]);
        b[4 * g + 3] = _mm_unpackhi_epi32(a[4 * g + 1], a[4 * g + 3]);
      }
      uint8_t* out = to + br * 8 * 32 + bc * 16;  // output rows 8br.., columns 8bc..
      for (int col = 0; col < 4; ++col) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + (2 * col) * 32), _mm_unpacklo_epi64(b[col], b[4 + col]));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + (2 * col + 1) * 32), _mm_unpackhi_epi64(b[col], b[4 + col]));
      }
    }
#else
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned col = 0; col < 16; ++col) std::memcpy(to + (r * 16 + col) * 2, from + (col * 16 + r) * 2, 2);
#endif
}

Status exec_load2d(const Ctx& c) {
  const CubeOp& op = c.op;
  const auto& p = op.load;
  const Space s = src_space(op.op), d = dst_space(op.op);
  uint8_t frac[kFractalBytes];
  for (uint64_t i = 0; i < p.repeat; ++i) {
    // (From GM through a copy, so a refused read leaves the fractal unwritten; L1 is never L0A/L0B.)
    const uint64_t from_addr = layout::load2d_src(op.src, p, i);
    const uint8_t* from = frac;
    if (s == Space::GM) {
      if (!c.gm.read(from_addr, frac, sizeof frac)) return Status::GmFault;
    } else {
      from = c.at(s, from_addr);
    }
    uint8_t* to = c.at(d, layout::load2d_dst(op.dst, p, i));
    if (!p.transpose)
      std::memcpy(to, from, kFractalBytes);
    else
      transpose_fractal16(from, to);
  }
  return Status::Ok;
}

// im2col: each 32 B row of a destination fractal is one pixel's C0 channels
// (kStartPt and kExtension are whole C0 blocks), copied or padded.
Status exec_load3d(const Ctx& c) {
  const auto& p = c.op.load3d;
  if (p.m_extension == 0 || p.k_extension == 0) return Status::Ok;
  const auto g = layout::Load3dGeometry::of(c.op.type, p);
  uint8_t pad_row[kBlock];
  for (unsigned b = 0; b < kBlock; ++b) pad_row[b] = static_cast<uint8_t>(p.pad_value >> (8 * (b % g.s)));
  for (uint64_t i = 0; i < g.m1 * 16; ++i)
    for (uint64_t kb = 0; kb < g.k1; ++kb) {
      const auto px = g.pixel(p, i, kb);
      const uint8_t* from = g.inside(p, px) ? c.at(Space::L1, g.src_block(p, px)) : pad_row;
      std::memcpy(c.at(Space::L0A, g.dst_row(p, i, kb)), from, kBlock);
    }
  return Status::Ok;
}

Status exec_mmad(const Ctx& c) {
  const CubeOp& op = c.op;
  MmadBuffers mb;
  mb.l0a = c.b.l0a.data + op.addr.src0;
  mb.l0b = c.b.l0b.data + op.addr.src1;
  mb.l0c = c.b.l0c.data + op.addr.dst;
  mb.bias = op.mmad.init == isa::xnpu::MmadInit::Bias ? c.b.bt.data + op.bias : nullptr;
  mmad(op.type, op.mmad, mb);
  return Status::Ok;
}

uint32_t load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

uint32_t relu_f32(uint32_t x) {
  if ((x & 0x7fffffffu) > 0x7f800000u) return sf::kF32DefaultNan;
  return (x >> 31) ? 0u : x;
}

// FixPipe of one element: the L0C value (f32 or s32 bits) of column j to the
// destination type's bits (XNPU.md "FixPipe").
uint32_t fix_convert(const CubeOp& op, uint32_t v, uint32_t scale_bits) {
  sf::Env e;
  const bool relu = op.fix.relu;
  if (op.type == DType::f32) {
    const uint32_t x = relu ? relu_f32(v) : v;
    switch (op.type2) {
      case DType::f16: return sf::f32_to_f16(x, e);
      case DType::bf16: return sf::f32_to_bf16(x, e);
      default: return x;
    }
  }
  // s32 source
  if (op.type2 == DType::s32) {
    const int32_t x = static_cast<int32_t>(v);
    return relu && x < 0 ? 0u : v;
  }
  uint32_t x = sf::f32_from_i32(static_cast<int32_t>(v), e);  // RNE
  x = sf::f32_mul(x, scale_bits, e);                             // RNE
  if (relu) x = relu_f32(x);
  return sf::f32_to_f16(x, e);
}

// The f32-source conversions again, in integer arithmetic the compiler can
// vectorise: the same bits as softfloat's (round to nearest even, gradual
// underflow, overflow to infinity, NaN -> the canonical NaN), checked against
// independent references in the tests.
uint16_t f32_to_bf16_rne(uint32_t x) {
  if ((x & 0x7fffffffu) > 0x7f800000u) return sf::kBf16DefaultNan;
#ifdef NPUVP_FAULT_FIX_BF16_TRUNCATES  // fault injection (tests/xnpu_conform): rounds toward zero
  return static_cast<uint16_t>(x >> 16);
#endif
  return static_cast<uint16_t>((x + 0x7fffu + (x >> 16 & 1)) >> 16);
}
uint16_t f32_to_f16_rne(uint32_t x) {
  const uint16_t sign = static_cast<uint16_t>(x >> 16 & 0x8000);
  const uint32_t a = x & 0x7fffffffu;
  if (a > 0x7f800000u) return sf::kF16DefaultNan;
  if (a >= 0x477ff000u) return sign | 0x7c00;  // |x| >= 65520 (max f16 + half an ulp) or inf
  if (a >= 0x38800000u) {                      // normal in f16: rebias the exponent, round off 13 bits
    const uint32_t v = a - 0x38000000u;
    return sign | static_cast<uint16_t>((v + 0xfffu + (v >> 13 & 1)) >> 13);
  }
  if (a <= 0x33000000u) return sign;  // |x| <= 2^-25: rounds to zero (2^-25 is a tie, to even)
  // f16 subnormal: the significand in units of 2^-24, rounded.
  const uint32_t e = a >> 23, m = (a & 0x7fffffu) | 0x800000u, shift = 126 - e;
  const uint32_t half = 1u << (shift - 1), rest = m & ((1u << shift) - 1);
  uint32_t r = m >> shift;
  if (rest > half || (rest == half && (r & 1))) ++r;
  return sign | static_cast<uint16_t>(r);
}

// One element's conversion per kind of FixPipe row (fix_runs).
struct FixToF32 {
  bool relu;
  uint32_t operator()(uint32_t v, uint64_t) const { return relu ? relu_f32(v) : v; }
};
struct FixToBf16 {
  bool relu;
  uint32_t operator()(uint32_t v, uint64_t) const { return f32_to_bf16_rne(relu ? relu_f32(v) : v); }
};
struct FixToF16 {
  bool relu;
  uint32_t operator()(uint32_t v, uint64_t) const { return f32_to_f16_rne(relu ? relu_f32(v) : v); }
};
struct FixAny {  // s32 sources, dequantisation, per-channel scales
  const Ctx& c;
  uint32_t operator()(uint32_t v, uint64_t j) const {
    const auto& p = c.op.fix;
    const uint32_t scale = p.per_channel ? load32(c.at(Space::L1, p.scale + 4 * j)) : p.scale;
    return fix_convert(c.op, v, scale);
  }
};

uint32_t add_bits(DType t, uint32_t a, uint32_t b) {
  sf::Env e;
  switch (t) {
    case DType::f16: return sf::f16_add(static_cast<uint16_t>(a), static_cast<uint16_t>(b), e);
    case DType::bf16: return sf::bf16_add(static_cast<uint16_t>(a), static_cast<uint16_t>(b), e);
    case DType::f32: return sf::f32_add(a, b, e);
    default: return a + b;  // s32: wraps
  }
}

// FixPipe with `Sd`-byte destination elements and the conversion `convert`.
template <unsigned Sd, class Convert>
Status fix_runs(const Ctx& c, const Convert& convert) {
  const CubeOp& op = c.op;
  const auto& p = op.fix;
  const Space d = dst_space(op.op);
  // One destination run at a time: a whole ND row, or one row of one NZ column block.
  constexpr unsigned c0 = static_cast<unsigned>(kBlock / Sd);
  const uint64_t run_cols = p.nz_out ? c0 : p.n;
  std::vector<uint8_t>& buf = scratch();
  buf.resize(run_cols * Sd * 2);
  uint8_t* out = buf.data();
  uint8_t* old = buf.data() + run_cols * Sd;
  const uint64_t runs_per_row = p.nz_out ? ceil_div(p.n, c0) : 1;
  for (uint64_t cb = 0; cb < runs_per_row; ++cb)
    for (uint64_t i = 0; i < p.m; ++i) {
      const uint64_t j0 = cb * run_cols, cols = std::min<uint64_t>(run_cols, p.n - j0);
      const uint64_t a = p.nz_out ? layout::nz_elem(op.dst, p.dst_stride, Sd, i, j0) : op.dst + i * p.dst_stride * Sd;
      if (p.atomic_add)
        if (const Status st = read_from(c, d, a, old, cols * Sd); st != Status::Ok) return st;
      // Columns in pieces within one 16-column L0C fractal column (contiguous there).
      for (uint64_t jj = 0; jj < cols;) {
        const uint64_t j = j0 + jj, piece = std::min<uint64_t>(16 - j % 16, cols - jj);
        const uint8_t* from = c.at(Space::L0C, layout::l0c_row(p.src, p.src_stride, j / 16, i) + (j % 16) * 4);
        for (uint64_t e = 0; e < piece; ++e) {
          uint32_t r = convert(load32(from + 4 * e), j + e);
          if (p.atomic_add) {
            uint32_t o = 0;
            std::memcpy(&o, old + (jj + e) * Sd, Sd);
            r = add_bits(op.type2, o, r);
          }
          std::memcpy(out + (jj + e) * Sd, &r, Sd);  // little-endian host: the low bytes
        }
        jj += piece;
      }
      if (const Status st = write_to(c, d, a, out, cols * Sd); st != Status::Ok) return st;
    }
  return Status::Ok;
}

Status exec_fix(const Ctx& c) {
  const CubeOp& op = c.op;
  const auto& p = op.fix;
  if (p.m == 0 || p.n == 0) return Status::Ok;
  if (op.type == DType::f32 && !p.per_channel) {
    switch (op.type2) {
      case DType::f32: return fix_runs<4>(c, FixToF32{p.relu});
      case DType::bf16: return fix_runs<2>(c, FixToBf16{p.relu});
      case DType::f16: return fix_runs<2>(c, FixToF16{p.relu});
      default: break;
    }
  }
  return dtype_bytes(op.type2) == 4 ? fix_runs<4>(c, FixAny{c}) : fix_runs<2>(c, FixAny{c});
}

struct BoundsCheck {
  const Buffers& b;
  bool ok = true;
  void operator()(Space s, uint64_t begin, uint64_t length, bool) {
    if (s == Space::GM) return;
    const uint64_t size = b.of(s).size;
    if (begin > size || length > size - begin) ok = false;
  }
};

}  // namespace

bool check_alignment(const CubeOp& op, Misalignment* bad) {
  const auto check = [bad](Space s, uint64_t a) {
    const uint32_t need = alignment_of(s);
    if (a % need == 0) return true;
    if (bad) *bad = {s, a, need};
    return false;
  };
  switch (op.op) {
    case Op::copy_gm2l1: case Op::copy_gm2l1_nd2nz:
      return check(Space::L1, op.dst);
    case Op::copy_l12bt:
      return check(Space::L1, op.src) && check(Space::BT, op.dst);
    case Op::load2d_gm2l0a: case Op::load2d_gm2l0b:
      return check(dst_space(op.op), op.dst);
    case Op::load2d_l12l0a: case Op::load2d_l12l0b:
      return check(Space::L1, op.src) && check(dst_space(op.op), op.dst);
    case Op::mmad:
      return check(Space::L0A, op.addr.src0) && check(Space::L0B, op.addr.src1) && check(Space::L0C, op.addr.dst) &&
             (op.mmad.init != isa::xnpu::MmadInit::Bias || check(Space::BT, op.bias));
    case Op::load3d_l12l0a:
      return check(Space::L1, op.load3d.src) && check(Space::L0A, op.load3d.dst);
    case Op::fix_l0c2gm: case Op::fix_l0c2l1:
      return check(Space::L0C, op.fix.src) && (op.op != Op::fix_l0c2l1 || check(Space::L1, op.dst)) &&
             (!op.fix.per_channel || check(Space::L1, op.fix.scale));
    default:
      return true;
  }
}

Work work(const CubeOp& op) {
  Work w;
  switch (op.op) {
    case Op::copy_gm2l1: case Op::copy_l12bt:
      if (op.copy.block_len) w.bursts = op.copy.block_count;
      w.bytes = uint64_t{op.copy.block_count} * op.copy.block_len * kBlock;
      break;
    case Op::copy_gm2l1_nd2nz:
      if (op.nd.d_value) w.bursts = uint64_t{op.nd.nd_num} * op.nd.n_value;
      w.bytes = w.bursts * ceil_div(uint64_t{op.nd.d_value} * dtype_bytes(op.type), kBlock) * kBlock;
      break;
    case Op::load2d_gm2l0a: case Op::load2d_gm2l0b: case Op::load2d_l12l0a: case Op::load2d_l12l0b:
      w.fractals = op.load.repeat;
      w.bytes = uint64_t{op.load.repeat} * kFractalBytes;
      break;
    case Op::mmad: {
      const auto g = layout::MmadGeometry::of(op.type, op.mmad);
      w.fractals = uint64_t{g.m1} * g.n1 * g.k1;
      break;
    }
    case Op::load3d_l12l0a: {
      if (op.load3d.k_extension == 0) break;
      const auto g = layout::Load3dGeometry::of(op.type, op.load3d);
      w.fractals = g.m1 * g.k1;
      w.bytes = w.fractals * kFractalBytes;
      break;
    }
    case Op::fix_l0c2gm: case Op::fix_l0c2l1: {
      const auto& p = op.fix;
      const unsigned sd = dtype_bytes(op.type2);
      w.fractals = ceil_div(p.m, 16) * ceil_div(p.n, 16);
      w.bursts = p.nz_out ? uint64_t{p.m} * ceil_div(p.n, kBlock / sd) : p.m;
      if (p.n == 0) w.bursts = 0;
      w.bytes = uint64_t{p.m} * p.n * sd;
      break;
    }
    default:
      break;
  }
  return w;
}

const char* unsupported_reason(const CubeOp& op) {
  if (!is_cube_op(op.op)) return "not a cube instruction";
  return reserved_reason(op);
}

void for_each_access(const CubeOp& op, AccessSink& sink) {
  Coalescer co(sink);
  walk_accesses(op, [&co](Space s, uint64_t b, uint64_t l, bool w) { co.add(s, b, l, w); });
}

void for_each_footprint(const CubeOp& op, AccessSink& sink) {
  Coalescer co(sink);
  walk_footprint(op, [&co](Space s, uint64_t b, uint64_t l, bool w) { co.add(s, b, l, w); });
}

Status execute(const CubeOp& op, const Buffers& buffers, GmPort& gm) {
  if (!is_cube_op(op.op) || !supported(op)) return Status::Unsupported;
  if (!check_alignment(op)) return Status::Misaligned;
  // Whether a byte lies outside its buffer depends only on which bytes are
  // touched: the footprint's few ranges answer it for the many pieces.
  BoundsCheck bounds{buffers};
  walk_footprint(op, [&bounds](Space s, uint64_t b, uint64_t l, bool w) { bounds(s, b, l, w); });
  if (!bounds.ok) return Status::OutOfBounds;
  const Ctx c{op, buffers, gm};
  switch (op.op) {
    case Op::copy_gm2l1: case Op::copy_l12bt: return exec_copy(c);
    case Op::copy_gm2l1_nd2nz: return exec_nd2nz(c);
    case Op::load2d_gm2l0a: case Op::load2d_gm2l0b: case Op::load2d_l12l0a: case Op::load2d_l12l0b:
      return exec_load2d(c);
    case Op::mmad: return exec_mmad(c);
    case Op::fix_l0c2gm: case Op::fix_l0c2l1: return exec_fix(c);
    case Op::load3d_l12l0a: return exec_load3d(c);
    default: return Status::Unsupported;
  }
}

}  // namespace npuvp::cube_unit
