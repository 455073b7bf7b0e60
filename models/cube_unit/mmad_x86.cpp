// mmad kernels for x86-64 hosts with AVX-512 (F, BW) or AVX2 (with FMA and
// F16C); mmad_kernels.h describes them. Each kernel is compiled for its
// instruction set by a #pragma GCC target region, so the library stays
// baseline x86-64 and mmad.cpp calls a kernel only on a host that has it.
// Inside the regions there are only intrinsics and this file's own code: an
// inline function from a header instantiated there (std::min, say) could be
// the copy the linker keeps for the whole program.
//
// Why the results are the specification's bits (mmad.cpp): f32 step =
// fma(a, b, acc) with the host's fused multiply-add, rounded to nearest even
// (MXCSR default: no flush to zero) -- the specified step itself, whatever
// the operands; vectors run across independent columns j, and every
// element's chain stays in ascending k. NaN results become 0x7fc00000 at the
// end (a NaN stays NaN under fma). s8: 16-bit pairs a[k]b[k] + a[k+1]b[k+1]
// (vpmaddwd, exact) summed modulo 2^32, where order does not matter.
#include "models/cube_unit/mmad_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

namespace npuvp::cube_unit::mmad_detail {

using isa::xnpu::DType;

bool avx512_usable() {
  __builtin_cpu_init();  // (also checks that the OS saves the vector registers)
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("fma") &&
         __builtin_cpu_supports("f16c");
}
bool avx2_usable() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

namespace {

// Where a register tile's accumulators start.
enum class Init : uint8_t { Zero, Bias, Acc };

inline uint32_t umin(uint32_t a, uint32_t b) { return a < b ? a : b; }
inline uint32_t round_up(uint32_t v, uint32_t to) { return (v + to - 1) / to * to; }

// The start of each chunk of k, and what its tiles start from and end with.
struct Chunk {
  uint32_t k0, kc;
  Init init;
  bool last;
};
inline Chunk chunk_at(const Job& j, uint32_t k0) {
  const Init first = j.from_l0c ? Init::Acc : j.bias ? Init::Bias : Init::Zero;
  return {k0, umin(kChunkK, j.k - k0), k0 == 0 ? first : Init::Acc, k0 + kChunkK >= j.k};
}

}  // namespace

// ============================================================== AVX-512
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx2,fma,f16c")
namespace {
namespace k512 {

// Transposes 16 rows of 16 32-bit elements: r[i] lane c becomes r[c] lane i.
inline void transpose16(__m512i r[16]) {
  __m512i t[16], u[16];
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_unpacklo_epi32(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_epi32(r[2 * i], r[2 * i + 1]);
  }
  for (int g = 0; g < 4; ++g) {
    u[4 * g + 0] = _mm512_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
    u[4 * g + 1] = _mm512_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
    u[4 * g + 2] = _mm512_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
    u[4 * g + 3] = _mm512_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
  }
  // u[4g + c] holds in its 128-bit lane L column 4L + c of rows 4g..4g+3: gather the lanes.
  for (int c = 0; c < 4; ++c) {
    const __m512i v0 = _mm512_shuffle_i32x4(u[c], u[4 + c], 0x44);
    const __m512i v1 = _mm512_shuffle_i32x4(u[c], u[4 + c], 0xee);
    const __m512i v2 = _mm512_shuffle_i32x4(u[8 + c], u[12 + c], 0x44);
    const __m512i v3 = _mm512_shuffle_i32x4(u[8 + c], u[12 + c], 0xee);
    r[c] = _mm512_shuffle_i32x4(v0, v2, 0x88);
    r[4 + c] = _mm512_shuffle_i32x4(v0, v2, 0xdd);
    r[8 + c] = _mm512_shuffle_i32x4(v1, v3, 0x88);
    r[12 + c] = _mm512_shuffle_i32x4(v1, v3, 0xdd);
  }
}

// 16 f16 or bf16 values -> their binary32 bits (exact).
inline __m512i widen16(const uint8_t* p, bool half) {
  const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return half ? _mm512_castps_si512(_mm512_cvtph_ps(h)) : _mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16);
}

inline __m512 canonical_nan(__m512 v) {
  const __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
  return _mm512_mask_blend_ps(nan, v, _mm512_castsi512_ps(_mm512_set1_epi32(0x7fc00000)));
}

// ---- f16 / bf16

void pack_a_float(const Job& j, float* ap) {
  const size_t n = size_t{j.m1} * j.k1 * 256;
  for (size_t i = 0; i < n; i += 16) _mm512_store_si512(ap + i, widen16(j.l0a + 2 * i, j.in == DType::f16));
}

// B rows k0..k0+kc-1 to Bp[jb][kk - k0][16], kcp = kc rounded up to 16 rows per jb.
void pack_b_float(const Job& j, const Chunk& ch, float* bp) {
  const uint32_t kcp = round_up(ch.kc, 16);
  for (uint32_t kb = ch.k0 / 16; kb * 16 < ch.k0 + ch.kc; ++kb)
    for (uint32_t jb = 0; jb < j.n1; ++jb) {
      const uint8_t* f = j.l0b + (size_t{kb} * j.n1 + jb) * 512;  // ZN: (kk, jj) at jj*16 + kk
      __m512i r[16];
      for (int jj = 0; jj < 16; ++jj) r[jj] = widen16(f + jj * 32, j.in == DType::f16);
      transpose16(r);
      float* out = bp + (size_t{jb} * kcp + (kb * 16 - ch.k0)) * 16;
      for (int t = 0; t < 16; ++t) _mm512_store_si512(out + t * 16, r[t]);
    }
}

// R rows x Q column fractals of C over one chunk.
//   a: packed A at the tile's first row and the chunk's first k (row r, k t of
//      the f-th fractal after it at a[f*256 + r*16 + t]);
//   bp: packed B of the first column fractal, the next one bstride floats on;
//   c: L0C of the tile's first row, rows 64 B apart, column fractals cstride B apart.
template <int R, int Q>
inline void float_tile(const float* a, const float* bp, size_t bstride, uint8_t* c, size_t cstride,
                       const uint8_t* bias, const Chunk& ch) {
  __m512 acc[R][Q];
  for (int q = 0; q < Q; ++q)
    for (int r = 0; r < R; ++r)
      acc[r][q] = ch.init == Init::Zero   ? _mm512_setzero_ps()
                  : ch.init == Init::Bias ? _mm512_loadu_ps(bias + q * 64)
                                          : _mm512_loadu_ps(c + q * cstride + r * 64);
  uint32_t kk = 0;
  for (; kk + 16 <= ch.kc; kk += 16, a += 256) {
#pragma GCC unroll 16
    for (int t = 0; t < 16; ++t) {
      __m512 b[Q];
      for (int q = 0; q < Q; ++q) b[q] = _mm512_load_ps(bp + q * bstride + (kk + t) * 16);
      for (int r = 0; r < R; ++r) {
        const __m512 av = _mm512_set1_ps(a[r * 16 + t]);
        for (int q = 0; q < Q; ++q) acc[r][q] = _mm512_fmadd_ps(av, b[q], acc[r][q]);
      }
    }
  }
  for (int t = 0; kk < ch.kc; ++kk, ++t) {
    __m512 b[Q];
    for (int q = 0; q < Q; ++q) b[q] = _mm512_load_ps(bp + q * bstride + kk * 16);
    for (int r = 0; r < R; ++r) {
      const __m512 av = _mm512_set1_ps(a[r * 16 + t]);
      for (int q = 0; q < Q; ++q) acc[r][q] = _mm512_fmadd_ps(av, b[q], acc[r][q]);
    }
  }
  for (int q = 0; q < Q; ++q)
    for (int r = 0; r < R; ++r) _mm512_storeu_ps(c + q * cstride + r * 64, ch.last ? canonical_nan(acc[r][q]) : acc[r][q]);
}

void run_float(const Job& j) {
  float* ap = static_cast<float*>(j.a_pack);
  float* bp = static_cast<float*>(j.b_pack);
  pack_a_float(j, ap);
  const size_t cstride = size_t{j.m1} * 1024;
  for (uint32_t k0 = 0; k0 < j.k; k0 += kChunkK) {
    const Chunk ch = chunk_at(j, k0);
    pack_b_float(j, ch, bp);
    const size_t bstride = size_t{round_up(ch.kc, 16)} * 16;
    const auto a_at = [&](uint32_t ib, uint32_t r0) { return ap + (size_t{ib} * j.k1 + k0 / 16) * 256 + r0 * 16; };
    const auto c_at = [&](uint32_t jb, uint32_t ib, uint32_t r0) {
      return j.l0c + (size_t{jb} * j.m1 + ib) * 1024 + r0 * 64;
    };
    uint32_t jb = 0;
    for (; jb + 2 <= j.n1; jb += 2)
      for (uint32_t ib = 0; ib < j.m1; ++ib)
        for (uint32_t r0 = 0; r0 < 16; r0 += 8)
          float_tile<8, 2>(a_at(ib, r0), bp + jb * bstride, bstride, c_at(jb, ib, r0), cstride,
                           j.bias ? j.bias + jb * 64 : nullptr, ch);
    if (jb < j.n1)
      for (uint32_t ib = 0; ib < j.m1; ++ib)
        float_tile<16, 1>(a_at(ib, 0), bp + jb * bstride, bstride, c_at(jb, ib, 0), cstride,
                          j.bias ? j.bias + jb * 64 : nullptr, ch);
  }
}

// ---- s8

void pack_a_int(const Job& j, int16_t* ap) {
  const size_t n = size_t{j.m1} * j.k1 * 512;
  for (size_t i = 0; i < n; i += 32)
    _mm512_store_si512(ap + i, _mm512_cvtepi8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(j.l0a + i))));
}

// B rows k0..k0+kc-1 as 16-bit pairs (k even, k odd) per column: Bp[jb][(kk - k0)/2][16],
// rows at and past k zeroed (so the last pair of an odd k adds nothing).
void pack_b_int(const Job& j, const Chunk& ch, int32_t* bp) {
  const uint32_t pairs = round_up(ch.kc, 32) / 2;
  for (uint32_t kb = ch.k0 / 32; kb * 32 < ch.k0 + ch.kc; ++kb)
    for (uint32_t jb = 0; jb < j.n1; ++jb) {
      const uint8_t* f = j.l0b + (size_t{kb} * j.n1 + jb) * 512;  // ZN: (kk, jj) at jj*32 + kk
      const uint32_t valid = j.k - kb * 32;
      const __mmask32 keep = valid >= 32 ? ~__mmask32{0} : (__mmask32{1} << valid) - 1;
      __m512i r[16];
      for (int jj = 0; jj < 16; ++jj)
        r[jj] = _mm512_maskz_mov_epi16(
            keep, _mm512_cvtepi8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(f + jj * 32))));
      transpose16(r);
      int32_t* out = bp + (size_t{jb} * pairs + (kb * 32 - ch.k0) / 2) * 16;
      for (int p = 0; p < 16; ++p) _mm512_store_si512(out + p * 16, r[p]);
    }
}

inline __m512i pair_of(const int16_t* p) {
  int32_t v;
  __builtin_memcpy(&v, p, 4);
  return _mm512_set1_epi32(v);
}

// As float_tile, over 16-bit pairs: a at a[f*512 + r*32 + t], bp pair rows of 16 words.
template <int R, int Q>
inline void int_tile(const int16_t* a, const int32_t* bp, size_t bstride, uint8_t* c, size_t cstride,
                     const uint8_t* bias, const Chunk& ch) {
  __m512i acc[R][Q];
  for (int q = 0; q < Q; ++q)
    for (int r = 0; r < R; ++r)
      acc[r][q] = ch.init == Init::Zero   ? _mm512_setzero_si512()
                  : ch.init == Init::Bias ? _mm512_loadu_si512(bias + q * 64)
                                          : _mm512_loadu_si512(c + q * cstride + r * 64);
  const uint32_t pairs = (ch.kc + 1) / 2;
  uint32_t p = 0;
  for (; p + 16 <= pairs; p += 16, a += 512) {
#pragma GCC unroll 16
    for (int t = 0; t < 16; ++t) {
      __m512i b[Q];
      for (int q = 0; q < Q; ++q) b[q] = _mm512_load_si512(bp + q * bstride + (p + t) * 16);
      for (int r = 0; r < R; ++r) {
        const __m512i av = pair_of(a + r * 32 + 2 * t);
        for (int q = 0; q < Q; ++q) acc[r][q] = _mm512_add_epi32(acc[r][q], _mm512_madd_epi16(av, b[q]));
      }
    }
  }
  for (int t = 0; p < pairs; ++p, ++t) {
    __m512i b[Q];
    for (int q = 0; q < Q; ++q) b[q] = _mm512_load_si512(bp + q * bstride + p * 16);
    for (int r = 0; r < R; ++r) {
      const __m512i av = pair_of(a + r * 32 + 2 * t);
      for (int q = 0; q < Q; ++q) acc[r][q] = _mm512_add_epi32(acc[r][q], _mm512_madd_epi16(av, b[q]));
    }
  }
  for (int q = 0; q < Q; ++q)
    for (int r = 0; r < R; ++r) _mm512_storeu_si512(c + q * cstride + r * 64, acc[r][q]);
}

void run_int(const Job& j) {
  int16_t* ap = static_cast<int16_t*>(j.a_pack);
  int32_t* bp = static_cast<int32_t*>(j.b_pack);
  pack_a_int(j, ap);
  const size_t cstride = size_t{j.m1} * 1024;
  for (uint32_t k0 = 0; k0 < j.k; k0 += kChunkK) {
    const Chunk ch = chunk_at(j, k0);
    pack_b_int(j, ch, bp);
    const size_t bstride = size_t{round_up(ch.kc, 32) / 2} * 16;
    const auto a_at = [&](uint32_t ib, uint32_t r0) { return ap + (size_t{ib} * j.k1 + k0 / 32) * 512 + r0 * 32; };
    const auto c_at = [&](uint32_t jb, uint32_t ib, uint32_t r0) {
      return j.l0c + (size_t{jb} * j.m1 + ib) * 1024 + r0 * 64;
    };
    uint32_t jb = 0;
    for (; jb + 2 <= j.n1; jb += 2)
      for (uint32_t ib = 0; ib < j.m1; ++ib)
        for (uint32_t r0 = 0; r0 < 16; r0 += 8)
          int_tile<8, 2>(a_at(ib, r0), bp + jb * bstride, bstride, c_at(jb, ib, r0), cstride,
                         j.bias ? j.bias + jb * 64 : nullptr, ch);
    if (jb < j.n1)
      for (uint32_t ib = 0; ib < j.m1; ++ib)
        int_tile<16, 1>(a_at(ib, 0), bp + jb * bstride, bstride, c_at(jb, ib, 0), cstride,
                        j.bias ? j.bias + jb * 64 : nullptr, ch);
  }
}

}  // namespace k512
}  // namespace

void run_avx512(const Job& j) {
  if (j.in == DType::s8)
    k512::run_int(j);
  else
    k512::run_float(j);
}
#pragma GCC pop_options

// ============================================================== AVX2
#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c")
namespace {
namespace k256 {

// Transposes 8 rows of 8 32-bit elements.
inline void transpose8(__m256 r[8]) {
  __m256 t[8], s[8];
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  for (int g = 0; g < 2; ++g) {
    s[4 * g + 0] = _mm256_shuffle_ps(t[4 * g], t[4 * g + 2], 0x44);
    s[4 * g + 1] = _mm256_shuffle_ps(t[4 * g], t[4 * g + 2], 0xee);
    s[4 * g + 2] = _mm256_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0x44);
    s[4 * g + 3] = _mm256_shuffle_ps(t[4 * g + 1], t[4 * g + 3], 0xee);
  }
  // s[4g + c] holds in its 128-bit half h column 4h + c of rows 4g..4g+3.
  for (int c = 0; c < 4; ++c) {
    r[c] = _mm256_permute2f128_ps(s[c], s[4 + c], 0x20);
    r[4 + c] = _mm256_permute2f128_ps(s[c], s[4 + c], 0x31);
  }
}

// A 16 x 16 matrix of 32-bit elements as rows of two halves (x[i][0] columns 0-7,
// x[i][1] columns 8-15), transposed in four 8 x 8 blocks and stored as 16 rows of 16.
inline void transpose16_store(__m256 x[16][2], float* out) {
  for (int hi = 0; hi < 2; ++hi)      // output rows 8*hi.. come from input columns 8*hi..
    for (int half = 0; half < 2; ++half) {  // output columns 8*half.. come from input rows 8*half..
      __m256 r[8];
      for (int i = 0; i < 8; ++i) r[i] = x[8 * half + i][hi];
      transpose8(r);
      for (int i = 0; i < 8; ++i) _mm256_store_ps(out + (8 * hi + i) * 16 + 8 * half, r[i]);
    }
}

// 8 f16 or bf16 values -> binary32 (exact).
inline __m256 widen8(const uint8_t* p, bool half) {
  const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return half ? _mm256_cvtph_ps(h) : _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}

inline __m256 canonical_nan(__m256 v) {
  return _mm256_blendv_ps(v, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fc00000)), _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
}

// ---- f16 / bf16 (layouts as in the AVX-512 kernels)

void pack_a_float(const Job& j, float* ap) {
  const size_t n = size_t{j.m1} * j.k1 * 256;
  for (size_t i = 0; i < n; i += 8) _mm256_store_ps(ap + i, widen8(j.l0a + 2 * i, j.in == DType::f16));
}

void pack_b_float(const Job& j, const Chunk& ch, float* bp) {
  const uint32_t kcp = round_up(ch.kc, 16);
  for (uint32_t kb = ch.k0 / 16; kb * 16 < ch.k0 + ch.kc; ++kb)
    for (uint32_t jb = 0; jb < j.n1; ++jb) {
      const uint8_t* f = j.l0b + (size_t{kb} * j.n1 + jb) * 512;
      __m256 x[16][2];
      for (int jj = 0; jj < 16; ++jj)
        for (int h = 0; h < 2; ++h) x[jj][h] = widen8(f + jj * 32 + h * 16, j.in == DType::f16);
      transpose16_store(x, bp + (size_t{jb} * kcp + (kb * 16 - ch.k0)) * 16);
    }
}

// R rows x one column fractal (two 8-lane halves), as k512::float_tile.
template <int R>
inline void float_tile(const float* a, const float* bp, uint8_t* c, const uint8_t* bias, const Chunk& ch) {
  __m256 acc[R][2];
  for (int h = 0; h < 2; ++h)
    for (int r = 0; r < R; ++r)
      acc[r][h] = ch.init == Init::Zero   ? _mm256_setzero_ps()
                  : ch.init == Init::Bias ? _mm256_loadu_ps(reinterpret_cast<const float*>(bias + h * 32))
                                          : _mm256_loadu_ps(reinterpret_cast<const float*>(c + r * 64 + h * 32));
  uint32_t kk = 0;
  for (; kk + 16 <= ch.kc; kk += 16, a += 256) {
#pragma GCC unroll 16
    for (int t = 0; t < 16; ++t) {
      const __m256 b0 = _mm256_load_ps(bp + (kk + t) * 16), b1 = _mm256_load_ps(bp + (kk + t) * 16 + 8);
      for (int r = 0; r < R; ++r) {
        const __m256 av = _mm256_broadcast_ss(a + r * 16 + t);
        acc[r][0] = _mm256_fmadd_ps(av, b0, acc[r][0]);
        acc[r][1] = _mm256_fmadd_ps(av, b1, acc[r][1]);
      }
    }
  }
  for (int t = 0; kk < ch.kc; ++kk, ++t) {
    const __m256 b0 = _mm256_load_ps(bp + kk * 16), b1 = _mm256_load_ps(bp + kk * 16 + 8);
    for (int r = 0; r < R; ++r) {
      const __m256 av = _mm256_broadcast_ss(a + r * 16 + t);
      acc[r][0] = _mm256_fmadd_ps(av, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(av, b1, acc[r][1]);
    }
  }
  for (int h = 0; h < 2; ++h)
    for (int r = 0; r < R; ++r)
      _mm256_storeu_ps(reinterpret_cast<float*>(c + r * 64 + h * 32), ch.last ? canonical_nan(acc[r][h]) : acc[r][h]);
}

void run_float(const Job& j) {
  float* ap = static_cast<float*>(j.a_pack);
  float* bp = static_cast<float*>(j.b_pack);
  pack_a_float(j, ap);
  for (uint32_t k0 = 0; k0 < j.k; k0 += kChunkK) {
    const Chunk ch = chunk_at(j, k0);
    pack_b_float(j, ch, bp);
    const size_t bstride = size_t{round_up(ch.kc, 16)} * 16;
    for (uint32_t jb = 0; jb < j.n1; ++jb)
      for (uint32_t ib = 0; ib < j.m1; ++ib) {
        const float* a = ap + (size_t{ib} * j.k1 + k0 / 16) * 256;
        uint8_t* c = j.l0c + (size_t{jb} * j.m1 + ib) * 1024;
        const uint8_t* bias = j.bias ? j.bias + jb * 64 : nullptr;
        float_tile<6>(a, bp + jb * bstride, c, bias, ch);
        float_tile<6>(a + 6 * 16, bp + jb * bstride, c + 6 * 64, bias, ch);
        float_tile<4>(a + 12 * 16, bp + jb * bstride, c + 12 * 64, bias, ch);
      }
  }
}

// ---- s8

void pack_a_int(const Job& j, int16_t* ap) {
  const size_t n = size_t{j.m1} * j.k1 * 512;
  for (size_t i = 0; i < n; i += 16)
    _mm256_store_si256(reinterpret_cast<__m256i*>(ap + i),
                       _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(j.l0a + i))));
}

void pack_b_int(const Job& j, const Chunk& ch, int32_t* bp) {
  const uint32_t pairs = round_up(ch.kc, 32) / 2;
  const __m256i lane = _mm256_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  for (uint32_t kb = ch.k0 / 32; kb * 32 < ch.k0 + ch.kc; ++kb)
    for (uint32_t jb = 0; jb < j.n1; ++jb) {
      const uint8_t* f = j.l0b + (size_t{kb} * j.n1 + jb) * 512;
      const int valid = static_cast<int>(umin(j.k - kb * 32, 32));
      __m256 x[16][2];
      for (int jj = 0; jj < 16; ++jj)
        for (int h = 0; h < 2; ++h) {  // kk 16h..16h+15 = pairs 8h..8h+7
          const __m256i v = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(f + jj * 32 + h * 16)));
          const __m256i keep = _mm256_cmpgt_epi16(_mm256_set1_epi16(static_cast<int16_t>(valid - 16 * h)), lane);
          x[jj][h] = _mm256_castsi256_ps(_mm256_and_si256(v, keep));
        }
      transpose16_store(x, reinterpret_cast<float*>(bp + (size_t{jb} * pairs + (kb * 32 - ch.k0) / 2) * 16));
    }
}

inline __m256i pair_of(const int16_t* p) {
  int32_t v;
  __builtin_memcpy(&v, p, 4);
  return _mm256_set1_epi32(v);
}

template <int R>
inline void int_tile(const int16_t* a, const int32_t* bp, uint8_t* c, const uint8_t* bias, const Chunk& ch) {
  __m256i acc[R][2];
  for (int h = 0; h < 2; ++h)
    for (int r = 0; r < R; ++r)
      acc[r][h] = ch.init == Init::Zero   ? _mm256_setzero_si256()
                  : ch.init == Init::Bias ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bias + h * 32))
                                          : _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c + r * 64 + h * 32));
  const uint32_t pairs = (ch.kc + 1) / 2;
  uint32_t p = 0;
  for (; p + 16 <= pairs; p += 16, a += 512) {
#pragma GCC unroll 16
    for (int t = 0; t < 16; ++t) {
      const __m256i* row = reinterpret_cast<const __m256i*>(bp + (p + t) * 16);
      const __m256i b0 = _mm256_load_si256(row), b1 = _mm256_load_si256(row + 1);
      for (int r = 0; r < R; ++r) {
        const __m256i av = pair_of(a + r * 32 + 2 * t);
        acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(av, b0));
        acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(av, b1));
      }
    }
  }
  for (int t = 0; p < pairs; ++p, ++t) {
    const __m256i* row = reinterpret_cast<const __m256i*>(bp + p * 16);
    const __m256i b0 = _mm256_load_si256(row), b1 = _mm256_load_si256(row + 1);
    for (int r = 0; r < R; ++r) {
      const __m256i av = pair_of(a + r * 32 + 2 * t);
      acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(av, b0));
      acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(av, b1));
    }
  }
  for (int h = 0; h < 2; ++h)
    for (int r = 0; r < R; ++r) _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + r * 64 + h * 32), acc[r][h]);
}

void run_int(const Job& j) {
  int16_t* ap = static_cast<int16_t*>(j.a_pack);
  int32_t* bp = static_cast<int32_t*>(j.b_pack);
  pack_a_int(j, ap);
  for (uint32_t k0 = 0; k0 < j.k; k0 += kChunkK) {
    const Chunk ch = chunk_at(j, k0);
    pack_b_int(j, ch, bp);
    const size_t bstride = size_t{round_up(ch.kc, 32) / 2} * 16;
    for (uint32_t jb = 0; jb < j.n1; ++jb)
      for (uint32_t ib = 0; ib < j.m1; ++ib) {
        const int16_t* a = ap + (size_t{ib} * j.k1 + k0 / 32) * 512;
        uint8_t* c = j.l0c + (size_t{jb} * j.m1 + ib) * 1024;
        const uint8_t* bias = j.bias ? j.bias + jb * 64 : nullptr;
        int_tile<6>(a, bp + jb * bstride, c, bias, ch);
        int_tile<6>(a + 6 * 32, bp + jb * bstride, c + 6 * 64, bias, ch);
        int_tile<4>(a + 12 * 32, bp + jb * bstride, c + 12 * 64, bias, ch);
      }
  }
}

}  // namespace k256
}  // namespace

void run_avx2(const Job& j) {
  if (j.in == DType::s8)
    k256::run_int(j);
  else
    k256::run_float(j);
}
#pragma GCC pop_options

}  // namespace npuvp::cube_unit::mmad_detail
#else  // another host: only the portable kernel (mmad.cpp)
namespace npuvp::cube_unit::mmad_detail {
bool avx512_usable() { return false; }
bool avx2_usable() { return false; }
void run_avx512(const Job&) {}
void run_avx2(const Job&) {}
}  // namespace npuvp::cube_unit::mmad_detail
#endif
