// The Xnpu extension as seen by tools and models: what each Xnpu row does
// (operation, data types, pipe), the CSR numbers, and the layout of the
// 64-bit operand registers. Everything row-specific comes from isa/xnpu.def;
// isa/XNPU.md is the manual that explains it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "isa/insn_table.h"

namespace npuvp::isa::xnpu {

// ---- data types (the rd field of custom-0/custom-1 rows)
enum class DTypeKind : uint8_t { Float, Signed, Unsigned };

enum class DType : uint8_t {
#define XNPU_DTYPE(name, code, bytes, kind) name = code,
#include "isa/xnpu.def"
#undef XNPU_DTYPE
};

struct DTypeInfo {
  DType type;
  const char* name;
  uint8_t bytes;
  DTypeKind kind;
};

inline constexpr DTypeInfo kDTypes[] = {
#define XNPU_DTYPE(name, code, bytes, kind) {DType::name, #name, bytes, DTypeKind::kind},
#include "isa/xnpu.def"
#undef XNPU_DTYPE
};

constexpr const DTypeInfo& dtype_info(DType t) {
  for (const DTypeInfo& d : kDTypes)
    if (d.type == t) return d;
  return kDTypes[0];
}
constexpr unsigned dtype_bytes(DType t) { return dtype_info(t).bytes; }
constexpr const char* dtype_name(DType t) { return dtype_info(t).name; }
constexpr bool is_float(DType t) { return dtype_info(t).kind == DTypeKind::Float; }
constexpr bool is_signed_int(DType t) { return dtype_info(t).kind == DTypeKind::Signed; }

// ---- pipes (Ascend's pipe_t order); the codes are those of set_flag/wait_flag/pipe_barrier
enum class Pipe : uint8_t { S = 0, V = 1, M = 2, MTE1 = 3, MTE2 = 4, MTE3 = 5, FIX = 6, ALL = 7 };
inline constexpr const char* kPipeNames[8] = {"PIPE_S",    "PIPE_V",    "PIPE_M",   "PIPE_MTE1",
                                              "PIPE_MTE2", "PIPE_MTE3", "PIPE_FIX", "PIPE_ALL"};
constexpr const char* pipe_name(Pipe p) { return kPipeNames[static_cast<unsigned>(p) & 7]; }

// ---- operations (each Xnpu row is one operation on one type or type pair)
enum class Op : uint8_t {
  vadd, vsub, vmul, vdiv, vmax, vmin, vand, vor,
  vmla, vmadd, vsel,
  vabs, vexp, vln, vsqrt, vrsqrt, vrec, vrelu, vnot,
  vcmpv_eq, vcmpv_ne, vcmpv_lt, vcmpv_gt, vcmpv_le, vcmpv_ge,
  vcadd, vcmax, vcmin, vcgadd, vcgmax, vcgmin,
  vtranspose,
  vconv,
  vadds, vmuls, vmaxs, vmins, vlrelu, vaxpy, vdup, vsels,
  vcmpvs_eq, vcmpvs_ne, vcmpvs_lt, vcmpvs_gt, vcmpvs_le, vcmpvs_ge,
  vgather,
  copy_gm2ub, copy_ub2gm, copy_gm2ub_pad, copy_ub2gm_pad, copy_ub2gm_add, copy_ub2ub,
  set_flag, wait_flag, pipe_barrier, cross_set_flag, cross_wait_flag,
  reserved,
  // the cube core (custom-3)
  copy_gm2l1, copy_gm2l1_nd2nz, load2d_gm2l0a, load2d_gm2l0b, load2d_l12l0a, load2d_l12l0b, copy_l12bt,
  mmad,
  fix_l0c2gm, fix_l0c2l1,
  load3d_l12l0a,
};

struct Info {
  InsnId id = InsnId::kCount;
  Op op = Op::reserved;
  DType type = DType::u8;   // element type (the source type of a conversion)
  DType type2 = DType::u8;  // destination type of a conversion, else == type
  Pipe pipe = Pipe::S;
};

inline constexpr Info kRows[] = {
#define XNPU(ident, op, type, type2, pipe) {InsnId::ident, Op::op, DType::type, DType::type2, Pipe::pipe},
#include "isa/xnpu.def"
#undef XNPU
};
inline constexpr size_t kRowCount = sizeof(kRows) / sizeof(kRows[0]);

namespace detail {
constexpr std::array<int16_t, kInsnCount> build_index() {
  std::array<int16_t, kInsnCount> a{};
  for (auto& v : a) v = -1;
  for (size_t i = 0; i < kRowCount; ++i) a[static_cast<size_t>(kRows[i].id)] = static_cast<int16_t>(i);
  return a;
}
inline constexpr std::array<int16_t, kInsnCount> kIndex = build_index();
}  // namespace detail

// The Xnpu description of a row, or nullptr for a non-Xnpu row.
constexpr const Info* lookup(InsnId id) {
  const int16_t i = detail::kIndex[static_cast<size_t>(id)];
  return i < 0 ? nullptr : &kRows[i];
}
// The pipe an instruction is issued to (PIPE_S for every scalar instruction).
constexpr Pipe pipe_of(InsnId id) {
  const Info* x = lookup(id);
  return x ? x->pipe : Pipe::S;
}

// ---- conversion rounding modes (funct3 of vconv rows; Ascend's RoundMode)
enum class RoundMode : uint8_t { none = 0, rint = 1, floor = 2, ceil = 3, round = 4, trunc = 5, odd = 6 };
inline constexpr const char* kRoundModeNames[8] = {"none", "rint", "floor", "ceil", "round", "trunc", "odd", "7"};

// ---- CSRs. User read-only (0xcc0..): the launch's view of this core.
inline constexpr unsigned kCsrBlockIdx = 0xcc0;     // block index of this core's current block
inline constexpr unsigned kCsrBlockNum = 0xcc1;     // number of blocks of the launch
inline constexpr unsigned kCsrCoreId = 0xcc2;       // physical core id within the die
inline constexpr unsigned kCsrCoreKind = 0xcc3;     // 0 = cube (AIC), 1 = vector (AIV)
inline constexpr unsigned kCsrDieId = 0xcc4;        // die within the package
inline constexpr unsigned kCsrSubBlockIdx = 0xcc5;  // AIV index within its AIC group (0/1)
// User read-write (0x800..): state read by vector/MTE instructions at issue.
inline constexpr unsigned kCsrMask0 = 0x800;     // vector mask bits 63:0 (bit mode) / lane count (count mode)
inline constexpr unsigned kCsrMask1 = 0x801;     // vector mask bits 127:64 (bit mode)
inline constexpr unsigned kCsrMaskMode = 0x802;  // bit 0: 0 = bit mode, 1 = count mode
inline constexpr unsigned kCsrCmpMask = 0x803;   // UB byte address of vsel's/vsels' select bits
inline constexpr unsigned kCsrPad = 0x804;       // copy_gm2ub_pad: [7:0] left, [15:8] right pad elements, [16] enable
inline constexpr unsigned kCsrPadValue = 0x805;  // copy_gm2ub_pad: pad element bits (low bytes)
inline constexpr unsigned kCsrFmatrix = 0x806;   // load3d: the feature map in L1 (Ascend SetFmatrix; Fmatrix below)
// The launch, for the kernel start-up code (firmware/kernel/kernel_start.S).
inline constexpr unsigned kCsrNextBlock = 0xcc6;  // read: this core's next block (sets npu_block_idx), -1 when done
inline constexpr unsigned kCsrEntry = 0xcc7;      // read: the kernel's entry address
inline constexpr unsigned kCsrExit = 0x8ff;       // write: this core is done (the value is its status)

struct CsrName {
  unsigned number;
  const char* name;
};
inline constexpr CsrName kCsrNames[] = {
    {kCsrBlockIdx, "npu_block_idx"},   {kCsrBlockNum, "npu_block_num"}, {kCsrCoreId, "npu_core_id"},
    {kCsrCoreKind, "npu_core_kind"},   {kCsrDieId, "npu_die_id"},       {kCsrSubBlockIdx, "npu_sub_block_idx"},
    {kCsrMask0, "npu_mask0"},          {kCsrMask1, "npu_mask1"},        {kCsrMaskMode, "npu_mask_mode"},
    {kCsrCmpMask, "npu_cmpmask"},      {kCsrPad, "npu_pad"},            {kCsrPadValue, "npu_pad_value"},
    {kCsrFmatrix, "npu_fmatrix"},
    {kCsrNextBlock, "npu_next_block"}, {kCsrEntry, "npu_entry"},        {kCsrExit, "npu_exit"},
};

// ---- operand registers
// rs1 of vector instructions: three UB byte addresses, 20 bits each.
inline constexpr unsigned kAddrBits = 20;
inline constexpr unsigned kAddrDstShift = 0, kAddrSrc0Shift = 20, kAddrSrc1Shift = 40;
struct Addrs {
  uint32_t dst = 0, src0 = 0, src1 = 0;
};
constexpr uint64_t pack_addrs(const Addrs& a) {
  constexpr uint64_t m = (1u << kAddrBits) - 1;
  return (a.dst & m) << kAddrDstShift | (a.src0 & m) << kAddrSrc0Shift | (a.src1 & m) << kAddrSrc1Shift;
}
constexpr Addrs unpack_addrs(uint64_t r) {
  constexpr uint64_t m = (1u << kAddrBits) - 1;
  return {static_cast<uint32_t>(r >> kAddrDstShift & m), static_cast<uint32_t>(r >> kAddrSrc0Shift & m),
          static_cast<uint32_t>(r >> kAddrSrc1Shift & m)};
}

// rs2 of vector instructions: repeat count and strides (32 B units), 8 bits each.
inline constexpr unsigned kCfgRepeatShift = 0, kCfgDstBlkShift = 8, kCfgSrc0BlkShift = 16, kCfgSrc1BlkShift = 24,
                          kCfgDstRepShift = 32, kCfgSrc0RepShift = 40, kCfgSrc1RepShift = 48;
struct RepeatConfig {
  uint8_t repeat = 0;
  uint8_t dst_blk = 1, src0_blk = 1, src1_blk = 1;  // block stride (BinaryRepeatParams)
  uint8_t dst_rep = 8, src0_rep = 8, src1_rep = 8;  // repeat stride
};
constexpr uint64_t pack_config(const RepeatConfig& c) {
  return uint64_t{c.repeat} << kCfgRepeatShift | uint64_t{c.dst_blk} << kCfgDstBlkShift |
         uint64_t{c.src0_blk} << kCfgSrc0BlkShift | uint64_t{c.src1_blk} << kCfgSrc1BlkShift |
         uint64_t{c.dst_rep} << kCfgDstRepShift | uint64_t{c.src0_rep} << kCfgSrc0RepShift |
         uint64_t{c.src1_rep} << kCfgSrc1RepShift;
}
constexpr RepeatConfig unpack_config(uint64_t r) {
  auto b = [r](unsigned s) { return static_cast<uint8_t>(r >> s); };
  return {b(kCfgRepeatShift),  b(kCfgDstBlkShift),  b(kCfgSrc0BlkShift), b(kCfgSrc1BlkShift),
          b(kCfgDstRepShift), b(kCfgSrc0RepShift), b(kCfgSrc1RepShift)};
}

// rs3 of copy_* rows: Ascend's DataCopyParams, 16 bits each.
inline constexpr unsigned kCopyCountShift = 0, kCopyLenShift = 16, kCopySrcStrideShift = 32, kCopyDstStrideShift = 48;
struct CopyParams {
  uint16_t block_count = 0;  // bursts
  uint16_t block_len = 0;    // burst length: 32 B units (byte units in the _pad rows)
  uint16_t src_stride = 0;   // gap between bursts in the source
  uint16_t dst_stride = 0;   // gap between bursts in the destination
};
constexpr uint64_t pack_copy(const CopyParams& p) {
  return uint64_t{p.block_count} << kCopyCountShift | uint64_t{p.block_len} << kCopyLenShift |
         uint64_t{p.src_stride} << kCopySrcStrideShift | uint64_t{p.dst_stride} << kCopyDstStrideShift;
}
constexpr CopyParams unpack_copy(uint64_t r) {
  return {static_cast<uint16_t>(r >> kCopyCountShift), static_cast<uint16_t>(r >> kCopyLenShift),
          static_cast<uint16_t>(r >> kCopySrcStrideShift), static_cast<uint16_t>(r >> kCopyDstStrideShift)};
}

// imm of custom-2 rows.
struct SyncFields {
  Pipe src = Pipe::S, dst = Pipe::S;  // pipe_barrier: src is the pipe
  uint8_t event = 0;
};
constexpr uint32_t pack_sync(const SyncFields& s) {
  return static_cast<uint32_t>(s.src) | static_cast<uint32_t>(s.dst) << 4 | uint32_t{s.event} << 8;
}
constexpr SyncFields unpack_sync(int64_t imm) {
  return {static_cast<Pipe>(imm & 15), static_cast<Pipe>(imm >> 4 & 15), static_cast<uint8_t>(imm >> 8 & 7)};
}

// ---- cube core operand registers (isa/XNPU.md "The cube core")
// Local buffer address widths: every L1/L0A/L0B/L0C/BiasTable address is a
// byte offset into that buffer (20-bit fields where packed).
// rs2 of mmad: Ascend's MmadParams.
enum class MmadInit : uint8_t { Zero = 0, L0c = 1, Bias = 2 };  // 3 reserved
inline constexpr unsigned kMmadMShift = 0, kMmadNShift = 12, kMmadKShift = 24, kMmadInitShift = 36;
struct MmadParams {
  uint16_t m = 0, n = 0, k = 0;  // 0..4095 each
  MmadInit init = MmadInit::Zero;
  uint8_t init_raw = 0;  // the 2-bit field as encoded (3 = reserved)
};
constexpr uint64_t pack_mmad(uint16_t m, uint16_t n, uint16_t k, MmadInit init) {
  return uint64_t{m & 0xfffu} << kMmadMShift | uint64_t{n & 0xfffu} << kMmadNShift |
         uint64_t{k & 0xfffu} << kMmadKShift | uint64_t{static_cast<unsigned>(init) & 3u} << kMmadInitShift;
}
constexpr MmadParams unpack_mmad(uint64_t r) {
  const uint8_t i = static_cast<uint8_t>(r >> kMmadInitShift & 3);
  return {static_cast<uint16_t>(r >> kMmadMShift & 0xfff), static_cast<uint16_t>(r >> kMmadNShift & 0xfff),
          static_cast<uint16_t>(r >> kMmadKShift & 0xfff), static_cast<MmadInit>(i < 3 ? i : 0), i};
}

// rs3 of load2d_*: Ascend's LoadData2DParams (fractals of 512 B).
inline constexpr unsigned kLoadStartShift = 0, kLoadRepeatShift = 16, kLoadSrcStrideShift = 24,
                          kLoadDstGapShift = 40, kLoadTransposeShift = 56;
struct Load2dParams {
  uint16_t start_index = 0;  // first source fractal
  uint8_t repeat = 0;        // fractals moved
  uint16_t src_stride = 0;   // fractals between the starts of consecutive source fractals
  uint16_t dst_gap = 0;      // fractals between the end of one destination fractal and the next
  bool transpose = false;    // 16x16 transpose of each fractal (16-bit types)
};
constexpr uint64_t pack_load2d(const Load2dParams& p) {
  return uint64_t{p.start_index} << kLoadStartShift | uint64_t{p.repeat} << kLoadRepeatShift |
         uint64_t{p.src_stride} << kLoadSrcStrideShift | uint64_t{p.dst_gap} << kLoadDstGapShift |
         uint64_t{p.transpose} << kLoadTransposeShift;
}
constexpr Load2dParams unpack_load2d(uint64_t r) {
  return {static_cast<uint16_t>(r >> kLoadStartShift), static_cast<uint8_t>(r >> kLoadRepeatShift),
          static_cast<uint16_t>(r >> kLoadSrcStrideShift), static_cast<uint16_t>(r >> kLoadDstGapShift),
          ((r >> kLoadTransposeShift) & 1) != 0};
}

// load3d_l12l0a (im2col; Ascend LoadData3DParamsV2 with SetFmatrix), isa/XNPU.md "Load3D":
// rs1 = L0A destination [19:0] | L1 feature map [39:20] | channelSize [55:40];
// rs2 = kExtension [15:0] | mExtension [31:16] | kStartPt [47:32] | mStartPt [63:48];
// rs3 = strideW [7:0] | strideH [15:8] | filterW [23:16] | filterH [31:24] |
//       dilationW [39:32] | dilationH [47:40] | padValue [63:48] (element bits).
// The CSR npu_fmatrix: l1W [15:0] | l1H [31:16] | padLeft [39:32] | padRight [47:40] |
//       padTop [55:48] | padBottom [63:56].
inline constexpr unsigned kL3dDstShift = 0, kL3dSrcShift = 20, kL3dChannelShift = 40;
inline constexpr unsigned kL3dKExtShift = 0, kL3dMExtShift = 16, kL3dKStartShift = 32, kL3dMStartShift = 48;
inline constexpr unsigned kL3dStrideWShift = 0, kL3dStrideHShift = 8, kL3dFilterWShift = 16, kL3dFilterHShift = 24,
                          kL3dDilationWShift = 32, kL3dDilationHShift = 40, kL3dPadValueShift = 48;
inline constexpr unsigned kFmL1WShift = 0, kFmL1HShift = 16, kFmPadLeftShift = 32, kFmPadRightShift = 40,
                          kFmPadTopShift = 48, kFmPadBottomShift = 56;
struct Fmatrix {
  uint16_t l1_w = 0, l1_h = 0;  // the feature map's width and height in L1 (pixels)
  uint8_t pad_left = 0, pad_right = 0, pad_top = 0, pad_bottom = 0;
};
constexpr uint64_t pack_fmatrix(const Fmatrix& f) {
  return uint64_t{f.l1_w} << kFmL1WShift | uint64_t{f.l1_h} << kFmL1HShift | uint64_t{f.pad_left} << kFmPadLeftShift |
         uint64_t{f.pad_right} << kFmPadRightShift | uint64_t{f.pad_top} << kFmPadTopShift |
         uint64_t{f.pad_bottom} << kFmPadBottomShift;
}
constexpr Fmatrix unpack_fmatrix(uint64_t r) {
  return {static_cast<uint16_t>(r >> kFmL1WShift),      static_cast<uint16_t>(r >> kFmL1HShift),
          static_cast<uint8_t>(r >> kFmPadLeftShift),   static_cast<uint8_t>(r >> kFmPadRightShift),
          static_cast<uint8_t>(r >> kFmPadTopShift),    static_cast<uint8_t>(r >> kFmPadBottomShift)};
}
struct Load3dParams {
  uint32_t dst = 0, src = 0;     // L0A and L1 byte addresses
  uint16_t channel_size = 0;     // channels of the feature map (a multiple of C0)
  uint16_t k_extension = 0, m_extension = 0;  // the window: columns (multiple of C0) and rows
  uint16_t k_start = 0, m_start = 0;          // its first column (multiple of C0) and row
  uint8_t stride_w = 0, stride_h = 0, filter_w = 0, filter_h = 0, dilation_w = 0, dilation_h = 0;  // >= 1 each
  uint16_t pad_value = 0;        // element bits written where the filter is outside the map
  Fmatrix fm;                    // from npu_fmatrix at issue
};
constexpr uint64_t pack_load3d_rs1(const Load3dParams& p) {
  constexpr uint64_t m = (1u << kAddrBits) - 1;
  return (p.dst & m) << kL3dDstShift | (p.src & m) << kL3dSrcShift | uint64_t{p.channel_size} << kL3dChannelShift;
}
constexpr uint64_t pack_load3d_rs2(const Load3dParams& p) {
  return uint64_t{p.k_extension} << kL3dKExtShift | uint64_t{p.m_extension} << kL3dMExtShift |
         uint64_t{p.k_start} << kL3dKStartShift | uint64_t{p.m_start} << kL3dMStartShift;
}
constexpr uint64_t pack_load3d_rs3(const Load3dParams& p) {
  return uint64_t{p.stride_w} << kL3dStrideWShift | uint64_t{p.stride_h} << kL3dStrideHShift |
         uint64_t{p.filter_w} << kL3dFilterWShift | uint64_t{p.filter_h} << kL3dFilterHShift |
         uint64_t{p.dilation_w} << kL3dDilationWShift | uint64_t{p.dilation_h} << kL3dDilationHShift |
         uint64_t{p.pad_value} << kL3dPadValueShift;
}
constexpr Load3dParams unpack_load3d(uint64_t rs1, uint64_t rs2, uint64_t rs3, uint64_t fmatrix) {
  constexpr uint64_t m = (1u << kAddrBits) - 1;
  Load3dParams p;
  p.dst = static_cast<uint32_t>(rs1 >> kL3dDstShift & m);
  p.src = static_cast<uint32_t>(rs1 >> kL3dSrcShift & m);
  p.channel_size = static_cast<uint16_t>(rs1 >> kL3dChannelShift);
  p.k_extension = static_cast<uint16_t>(rs2 >> kL3dKExtShift);
  p.m_extension = static_cast<uint16_t>(rs2 >> kL3dMExtShift);
  p.k_start = static_cast<uint16_t>(rs2 >> kL3dKStartShift);
  p.m_start = static_cast<uint16_t>(rs2 >> kL3dMStartShift);
  p.stride_w = static_cast<uint8_t>(rs3 >> kL3dStrideWShift);
  p.stride_h = static_cast<uint8_t>(rs3 >> kL3dStrideHShift);
  p.filter_w = static_cast<uint8_t>(rs3 >> kL3dFilterWShift);
  p.filter_h = static_cast<uint8_t>(rs3 >> kL3dFilterHShift);
  p.dilation_w = static_cast<uint8_t>(rs3 >> kL3dDilationWShift);
  p.dilation_h = static_cast<uint8_t>(rs3 >> kL3dDilationHShift);
  p.pad_value = static_cast<uint16_t>(rs3 >> kL3dPadValueShift);
  p.fm = unpack_fmatrix(fmatrix);
  return p;
}

// copy_gm2l1_nd2nz: rs1 = L1 destination [19:0] | ndNum [31:20] | nValue [47:32] | dValue [63:48];
// rs3 = srcDValue [15:0] | dstNzC0Stride [31:16] | srcNdMatrixStride [47:32] | dstNzMatrixStride [63:48].
// Ascend's Nd2NzParams; dstNzNStride is 1.
inline constexpr unsigned kNdDstShift = 0, kNdNumShift = 20, kNdNShift = 32, kNdDShift = 48;
inline constexpr unsigned kNdSrcDShift = 0, kNdC0StrideShift = 16, kNdSrcMatrixShift = 32, kNdDstMatrixShift = 48;
struct Nd2NzParams {
  uint32_t dst = 0;                     // L1 byte address
  uint16_t nd_num = 0;                  // matrices (0..4095)
  uint16_t n_value = 0;                 // rows per matrix
  uint16_t d_value = 0;                 // elements per row
  uint16_t src_nd_matrix_stride = 0;    // GM: elements between matrices
  uint16_t src_d_value = 0;             // GM row stride, elements
  uint16_t dst_nz_c0_stride = 0;        // L1: 32 B rows between column blocks
  uint16_t dst_nz_matrix_stride = 0;    // L1: elements between matrices
};  // (Ascend's Nd2NzParams order)
constexpr uint64_t pack_nd2nz_rs1(const Nd2NzParams& p) {
  return uint64_t{p.dst & ((1u << kAddrBits) - 1)} << kNdDstShift | uint64_t{p.nd_num & 0xfffu} << kNdNumShift |
         uint64_t{p.n_value} << kNdNShift | uint64_t{p.d_value} << kNdDShift;
}
constexpr uint64_t pack_nd2nz_rs3(const Nd2NzParams& p) {
  return uint64_t{p.src_d_value} << kNdSrcDShift | uint64_t{p.dst_nz_c0_stride} << kNdC0StrideShift |
         uint64_t{p.src_nd_matrix_stride} << kNdSrcMatrixShift | uint64_t{p.dst_nz_matrix_stride} << kNdDstMatrixShift;
}
constexpr Nd2NzParams unpack_nd2nz(uint64_t rs1, uint64_t rs3) {
  return {static_cast<uint32_t>(rs1 >> kNdDstShift & ((1u << kAddrBits) - 1)),
          static_cast<uint16_t>(rs1 >> kNdNumShift & 0xfff),
          static_cast<uint16_t>(rs1 >> kNdNShift),
          static_cast<uint16_t>(rs1 >> kNdDShift),
          static_cast<uint16_t>(rs3 >> kNdSrcMatrixShift),
          static_cast<uint16_t>(rs3 >> kNdSrcDShift),
          static_cast<uint16_t>(rs3 >> kNdC0StrideShift),
          static_cast<uint16_t>(rs3 >> kNdDstMatrixShift)};
}

// fix_*: rs2 = L0C source [19:0] | m [31:20] | n [43:32] | srcStride [59:44] | flags [63:60];
// rs3 = dstStride [31:0] | scale [63:32] (f32 bits; per-channel: L1 address of f32 scales).
inline constexpr unsigned kFixSrcShift = 0, kFixMShift = 20, kFixNShift = 32, kFixSrcStrideShift = 44,
                          kFixReluBit = 60, kFixAtomicBit = 61, kFixPerChannelBit = 62, kFixNzOutBit = 63;
inline constexpr unsigned kFixDstStrideShift = 0, kFixScaleShift = 32;
struct FixParams {
  uint32_t src = 0;             // L0C byte address
  uint16_t m = 0, n = 0;        // rows and columns written (0..4095)
  uint16_t src_stride = 0;      // L0C: 64 B rows between the starts of 16-column fractal columns
  bool relu = false;            // ReLU before the conversion to the destination type
  bool atomic_add = false;      // GM only: dst = dst + result
  bool per_channel = false;     // s32 source: scale per column from L1 (rs3 [63:32] = its address)
  bool nz_out = false;          // keep NZ (else NZ -> ND)
  uint32_t dst_stride = 0;      // ND: elements between rows; NZ: 32 B rows between column blocks
  uint32_t scale = 0;           // f32 bits of the scalar scale / L1 address of the scale vector
};
constexpr uint64_t pack_fix_rs2(const FixParams& p) {
  return uint64_t{p.src & ((1u << kAddrBits) - 1)} << kFixSrcShift | uint64_t{p.m & 0xfffu} << kFixMShift |
         uint64_t{p.n & 0xfffu} << kFixNShift | uint64_t{p.src_stride} << kFixSrcStrideShift |
         uint64_t{p.relu} << kFixReluBit | uint64_t{p.atomic_add} << kFixAtomicBit |
         uint64_t{p.per_channel} << kFixPerChannelBit | uint64_t{p.nz_out} << kFixNzOutBit;
}
constexpr uint64_t pack_fix_rs3(const FixParams& p) {
  return uint64_t{p.dst_stride} << kFixDstStrideShift | uint64_t{p.scale} << kFixScaleShift;
}
constexpr FixParams unpack_fix(uint64_t rs2, uint64_t rs3) {
  return {static_cast<uint32_t>(rs2 >> kFixSrcShift & ((1u << kAddrBits) - 1)),
          static_cast<uint16_t>(rs2 >> kFixMShift & 0xfff),
          static_cast<uint16_t>(rs2 >> kFixNShift & 0xfff),
          static_cast<uint16_t>(rs2 >> kFixSrcStrideShift),
          ((rs2 >> kFixReluBit) & 1) != 0,
          ((rs2 >> kFixAtomicBit) & 1) != 0,
          ((rs2 >> kFixPerChannelBit) & 1) != 0,
          ((rs2 >> kFixNzOutBit) & 1) != 0,
          static_cast<uint32_t>(rs3 >> kFixDstStrideShift),
          static_cast<uint32_t>(rs3 >> kFixScaleShift)};
}

}  // namespace npuvp::isa::xnpu
