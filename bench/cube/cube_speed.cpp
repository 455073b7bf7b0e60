// cube_speed: host speed of the cube-core semantics (models/cube_unit), the
// figure issue 4 asks for: a SIZE x SIZE x SIZE bf16 GEMM in functional mode,
// executed as the instruction stream of a tiled cube kernel through
// cube_unit::execute (MTE2 nd2nz GM->L1, MTE1 load2d L1->L0A/L0B, mmad,
// FixPipe L0C->GM), side by side in one process with the host's own
// single-threaded OpenBLAS cblas_sgemm on the same shape in fp32 (the same
// values, widened). Prints both times, their ratio, and the mmad throughput
// of single instructions in fractals per host second.
//
//   cube_speed [SIZE] [--fractals-only | --gemm-only] [--no-blas] [--breakdown]
//              [--kernel portable|avx2|avx512]
//
// (--breakdown runs the GEMM a second time with a clock around each
// instruction and prints the host time per instruction kind; --kernel selects the mmad implementation, default the fastest the host runs;
// all give the same bits.)
// If OpenBLAS does not know the host CPU it runs its SSE3 kernels; the
// benchmark then runs itself again with OPENBLAS_CORETYPE set to the best
// core type the host's features allow (set it yourself to choose another).
//
// Times are the thread's CPU time (what the computation cost on a shared
// machine) and the wall clock. The result is checked: sampled elements bit for
// bit against the documented accumulation order (XNPU.md "mmad numerics",
// computed here with host doubles), and every element against sgemm's within
// the error bound of K binary32 roundings. A failed check exits with 1.
#include <cblas.h>

#include "bench/common/openblas_core.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

#include "isa/xnpu.h"
#include "models/cube_unit/cube_unit.h"
#include "models/cube_unit/mmad.h"

namespace {

using npuvp::isa::InsnId;
namespace cu = npuvp::cube_unit;
namespace x = npuvp::isa::xnpu;

// ---------------------------------------------------------------- clocks
struct Clock {
  timespec cpu0{};
  std::chrono::steady_clock::time_point wall0;
  Clock() {
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
    wall0 = std::chrono::steady_clock::now();
  }
  double cpu() const {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec - cpu0.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec - cpu0.tv_nsec);
  }
  double wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count(); }
};

// ---------------------------------------------------------------- the core's buffers and GM
// Large arrays (GM, and OpenBLAS's operands alike) in transparent huge pages
// where the kernel offers them, so neither side of the comparison spends its
// time in TLB misses over 64 MiB strided rows.
template <typename T>
struct HugeArray {
  T* data = nullptr;
  size_t count = 0;
  HugeArray() = default;
  explicit HugeArray(size_t n) { resize(n); }
  HugeArray(const HugeArray&) = delete;
  HugeArray& operator=(const HugeArray&) = delete;
  ~HugeArray() {
    if (data) munmap(data, count * sizeof(T));
  }
  void resize(size_t n) {
    void* p = mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      std::fprintf(stderr, "cube_speed: cannot map %zu bytes\n", n * sizeof(T));
      std::exit(1);
    }
    madvise(p, n * sizeof(T), MADV_HUGEPAGE);  // advice only: fine if refused
    data = static_cast<T*>(p), count = n;
  }
  size_t size() const { return count; }
  T& operator[](size_t i) { return data[i]; }
  const T& operator[](size_t i) const { return data[i]; }
};

constexpr uint64_t kGmBase = 0x100000000ull;

struct FlatGm final : cu::GmPort {
  HugeArray<uint8_t> mem;
  bool read(uint64_t a, void* d, size_t n) override {
    if (a < kGmBase || a - kGmBase > mem.size() || n > mem.size() - (a - kGmBase)) return false;
    std::memcpy(d, mem.data + (a - kGmBase), n);
    return true;
  }
  bool write(uint64_t a, const void* s, size_t n) override {
    if (a < kGmBase || a - kGmBase > mem.size() || n > mem.size() - (a - kGmBase)) return false;
    std::memcpy(mem.data + (a - kGmBase), s, n);
    return true;
  }
};

const char* const kKinds[4] = {"MTE2 copy_gm2l1_nd2nz", "MTE1 load2d", "mmad", "FixPipe fix_l0c2gm"};
int kind_of(x::Op op) {
  switch (op) {
    case x::Op::copy_gm2l1: case x::Op::copy_gm2l1_nd2nz: return 0;
    case x::Op::load2d_gm2l0a: case x::Op::load2d_gm2l0b: case x::Op::load2d_l12l0a: case x::Op::load2d_l12l0b:
      return 1;
    case x::Op::mmad: return 2;
    default: return 3;
  }
}

struct Core {
  std::vector<uint8_t> l1 = std::vector<uint8_t>(cu::kL1Bytes), l0a = std::vector<uint8_t>(cu::kL0aBytes),
                       l0b = std::vector<uint8_t>(cu::kL0bBytes), l0c = std::vector<uint8_t>(cu::kL0cBytes),
                       bt = std::vector<uint8_t>(cu::kBtBytes);
  FlatGm gm;
  uint64_t instructions = 0;
  // Host time per kind of instruction (wall clock around execute), when timing.
  bool timing = false;
  struct Share {
    uint64_t count = 0;
    double seconds = 0;
  };
  Share share[4];  // MTE2, MTE1, mmad, FixPipe
  cu::Buffers bufs() {
    return {{l1.data(), l1.size()}, {l0a.data(), l0a.size()}, {l0b.data(), l0b.size()},
            {l0c.data(), l0c.size()}, {bt.data(), bt.size()}};
  }
  // Decodes and executes one instruction as the AI core model does: make_cube_op, then execute.
  void run(InsnId id, uint64_t rs1, uint64_t rs2, uint64_t rs3) {
    npuvp::isa::Decoded d;
    d.id = id;
    cu::CubeOp op;
    if (!cu::make_cube_op(d, rs1, rs2, rs3, op)) {
      std::fprintf(stderr, "cube_speed: %s is not a cube instruction\n", npuvp::isa::info(id).mnemonic);
      std::exit(1);
    }
    const auto t0 = timing ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    const cu::Status s = cu::execute(op, bufs(), gm);
    if (timing) {
      Share& sh = share[kind_of(op.op)];
      ++sh.count;
      sh.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    if (s != cu::Status::Ok) {
      std::fprintf(stderr, "cube_speed: %s failed: %s\n", npuvp::isa::info(id).mnemonic, cu::status_name(s));
      std::exit(1);
    }
    ++instructions;
  }
};

// ---------------------------------------------------------------- the tiled kernel
// One AI core computes C (M x N, f32, ND) = A (M x K, bf16, ND) x B (K x N, bf16, ND)
// in output tiles of kBaseM x kBaseN: L1 takes kStepK of A and B per step
// (double-buffered), L0A/L0B take kBaseK of them (double-buffered), L0C holds
// the whole tile; FixPipe writes it out once per tile.
constexpr uint32_t kBaseM = 128, kBaseN = 256, kBaseK = 64, kStepK = 256;
constexpr uint32_t kL1A[2] = {0, 0x10000}, kL1B[2] = {0x20000, 0x40000};  // 64 KiB A, 128 KiB B each
constexpr uint32_t kL0A[2] = {0, 0x4000}, kL0B[2] = {0, 0x8000};          // 16 KiB, 32 KiB each

struct Gemm {
  uint32_t m, n, k;
  uint64_t a, b, c;  // GM addresses
};

void tiled_gemm(Core& core, const Gemm& g) {
  constexpr uint32_t m1 = kBaseM / 16, n1 = kBaseN / 16, k1 = kBaseK / 16, s1 = kStepK / 16;
  unsigned l1 = 0, l0 = 0;
  for (uint32_t mt = 0; mt < g.m / kBaseM; ++mt)
    for (uint32_t nt = 0; nt < g.n / kBaseN; ++nt) {
      for (uint32_t ks = 0; ks < g.k / kStepK; ++ks, l1 ^= 1) {
        // MTE2: A[mt][ks] (128 rows of 256) and B[ks][nt] (256 rows of 256) into L1 NZ.
        const x::Nd2NzParams pa{kL1A[l1], 1, kBaseM, kStepK, 0, static_cast<uint16_t>(g.k), kBaseM, 0};
        core.run(InsnId::xnpu_copy_gm2l1_nd2nz_u16, x::pack_nd2nz_rs1(pa),
                 g.a + (uint64_t{mt} * kBaseM * g.k + uint64_t{ks} * kStepK) * 2, x::pack_nd2nz_rs3(pa));
        const x::Nd2NzParams pb{kL1B[l1], 1, kStepK, kBaseN, 0, static_cast<uint16_t>(g.n), kStepK, 0};
        core.run(InsnId::xnpu_copy_gm2l1_nd2nz_u16, x::pack_nd2nz_rs1(pb),
                 g.b + (uint64_t{ks} * kStepK * g.n + uint64_t{nt} * kBaseN) * 2, x::pack_nd2nz_rs3(pb));
        for (uint32_t kb = 0; kb < kStepK / kBaseK; ++kb, l0 ^= 1) {
          // MTE1: L1 NZ A fractal (mb, kf) is #kf*m1+mb; L0A ZZ wants #mb*k1+kf: one load per fractal row.
          for (uint32_t mb = 0; mb < m1; ++mb) {
            const x::Load2dParams lp{static_cast<uint16_t>(kb * k1 * m1 + mb), k1, m1, 0, false};
            core.run(InsnId::xnpu_load2d_l12l0a_u16, kL0A[l0] + mb * k1 * 512, kL1A[l1], x::pack_load2d(lp));
          }
          // L1 NZ B fractal (kf, nb) is #nb*s1+kf; L0B ZN wants #kf*n1+nb, each transposed.
          for (uint32_t kf = 0; kf < k1; ++kf) {
            const x::Load2dParams lp{static_cast<uint16_t>(kb * k1 + kf), n1, s1, 0, true};
            core.run(InsnId::xnpu_load2d_l12l0b_u16, kL0B[l0] + kf * n1 * 512, kL1B[l1], x::pack_load2d(lp));
          }
          const bool first = ks == 0 && kb == 0;
          core.run(InsnId::xnpu_mmad_bf16, x::pack_addrs({0, kL0A[l0], kL0B[l0]}),
                   x::pack_mmad(kBaseM, kBaseN, kBaseK, first ? x::MmadInit::Zero : x::MmadInit::L0c), 0);
        }
      }
      // FixPipe: the f32 tile to GM, NZ -> ND.
      x::FixParams f;
      f.src = 0, f.m = kBaseM, f.n = kBaseN, f.src_stride = kBaseM, f.dst_stride = g.n;
      core.run(InsnId::xnpu_fix_l0c2gm_f32_f32, g.c + (uint64_t{mt} * kBaseM * g.n + uint64_t{nt} * kBaseN) * 4,
               x::pack_fix_rs2(f), x::pack_fix_rs3(f));
    }
}

// ---------------------------------------------------------------- data and reference
float bf16_value(uint16_t h) {
  const uint32_t u = uint32_t{h} << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
// |v| in about [2^-6, 4), some -0: every product and partial sum stays a normal binary32.
// (A splitmix64 stream: cheap enough for 2 x 16M operands.)
struct Random {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
};
uint16_t random_bf16(Random& r) {
  const uint64_t v = r.next();
  if (v % 16 == 0) return 0x8000;
  return static_cast<uint16_t>((v >> 4 & 1) << 15 | (121 + (v >> 5) % 8) << 7 | (v >> 8 & 127));
}

// One mmad instruction repeated over the same L0A/L0B/L0C: fractals per host second.
struct FractalRate {
  const char* name;
  InsnId id;
  uint16_t m, n, k;
};
void fractal_rates() {
  const FractalRate rates[] = {
      {"mmad.bf16 16x16x16", InsnId::xnpu_mmad_bf16, 16, 16, 16},
      {"mmad.f16 16x16x16", InsnId::xnpu_mmad_f16, 16, 16, 16},
      {"mmad.s8 16x16x32", InsnId::xnpu_mmad_s8, 16, 16, 32},
      {"mmad.bf16 128x256x64", InsnId::xnpu_mmad_bf16, 128, 256, 64},
      {"mmad.f16 128x256x64", InsnId::xnpu_mmad_f16, 128, 256, 64},
      {"mmad.s8 128x256x64", InsnId::xnpu_mmad_s8, 128, 256, 64},
  };
  std::printf("%-24s %12s %14s\n", "instruction", "fractals", "fractals/s");
  for (const FractalRate& r : rates) {
    Core core;
    Random rng{7};
    for (size_t i = 0; i < core.l0a.size(); i += 2) {
      const uint16_t v = random_bf16(rng);
      std::memcpy(&core.l0a[i], &v, 2);
    }
    for (size_t i = 0; i < core.l0b.size(); i += 2) {
      const uint16_t v = random_bf16(rng);
      std::memcpy(&core.l0b[i], &v, 2);
    }
    npuvp::isa::Decoded d;
    d.id = r.id;
    cu::CubeOp op;
    cu::make_cube_op(d, x::pack_addrs({0, 0, 0}), x::pack_mmad(r.m, r.n, r.k, x::MmadInit::L0c), 0, op);
    const uint64_t per = cu::work(op).fractals;
    uint64_t fractals = 0;
    const Clock clock;
    while (clock.cpu() < 0.5 || fractals < 1000) {
      for (int i = 0; i < 16; ++i) core.run(r.id, x::pack_addrs({0, 0, 0}), x::pack_mmad(r.m, r.n, r.k, x::MmadInit::L0c), 0);
      fractals += 16 * per;
    }
    std::printf("%-24s %12llu %14.4g\n", r.name, static_cast<unsigned long long>(fractals),
                static_cast<double>(fractals) / clock.cpu());
  }
}

}  // namespace

int main(int argc, char** argv) {
  uint32_t size = 4096;
  bool fractals = true, gemm = true, blas = true, breakdown = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--fractals-only") {
      gemm = false;
    } else if (a == "--gemm-only") {
      fractals = false;
    } else if (a == "--breakdown") {
      breakdown = true;
    } else if (a == "--no-blas") {
      blas = false;
    } else if (a == "--kernel" && i + 1 < argc) {
      const std::string name = argv[++i];
      bool known = false;
      for (cu::MmadKernel k : {cu::MmadKernel::Portable, cu::MmadKernel::Avx2, cu::MmadKernel::Avx512})
        if (name == cu::mmad_kernel_name(k)) {
          known = true;
          if (!cu::set_mmad_kernel(k)) {
            std::fprintf(stderr, "cube_speed: this host cannot run the %s mmad kernel\n", name.c_str());
            return 2;
          }
        }
      if (!known) {
        std::fprintf(stderr, "cube_speed: unknown mmad kernel '%s' (portable, avx2, avx512)\n", name.c_str());
        return 2;
      }
    } else if (!a.empty() && a[0] != '-' && std::atoi(a.c_str()) > 0) {
      size = static_cast<uint32_t>(std::atoi(a.c_str()));
    } else {
      std::fprintf(stderr,
                   "usage: cube_speed [SIZE] [--fractals-only | --gemm-only] [--no-blas] [--breakdown] "
                   "[--kernel portable|avx2|avx512]\n");
      return 2;
    }
  }
  if (size % kBaseN != 0 || size % kStepK != 0 || size > 4096) {
    std::fprintf(stderr, "cube_speed: SIZE must be a multiple of %u up to 4096 (got %u)\n", kBaseN, size);
    return 2;
  }
  if (blas && gemm) npuvp::bench::use_the_hosts_best_openblas_kernels(argv, "cube_speed");
  std::printf("mmad kernel: %s\n", cu::mmad_kernel_name(cu::mmad_kernel()));
  if (fractals) fractal_rates();
  if (!gemm) return 0;

  const uint32_t M = size, N = size, K = size;
  const Gemm g{M, N, K, kGmBase, kGmBase + uint64_t{M} * K * 2, kGmBase + uint64_t{M} * K * 2 + uint64_t{K} * N * 2};
  Core core;
  core.gm.mem.resize(uint64_t{M} * K * 2 + uint64_t{K} * N * 2 + uint64_t{M} * N * 4);
  std::vector<uint16_t> a(uint64_t{M} * K), b(uint64_t{K} * N);
  Random rng{2026};
  for (auto& v : a) v = random_bf16(rng);
  for (auto& v : b) v = random_bf16(rng);
  std::memcpy(&core.gm.mem[g.a - kGmBase], a.data(), a.size() * 2);
  std::memcpy(&core.gm.mem[g.b - kGmBase], b.data(), b.size() * 2);

  std::printf("\n%ux%ux%u GEMM, tiles %ux%u, L1 step k %u, L0 k %u\n", M, N, K, kBaseM, kBaseN, kStepK, kBaseK);
  const Clock sim_clock;
  tiled_gemm(core, g);
  const double sim_cpu = sim_clock.cpu(), sim_wall = sim_clock.wall();
  std::printf("%-34s %10s %10s\n", "", "cpu s", "wall s");
  std::printf("%-34s %10.3f %10.3f   (%llu instructions)\n", "cube_unit::execute, bf16 -> f32", sim_cpu, sim_wall,
              static_cast<unsigned long long>(core.instructions));
  const float* c = reinterpret_cast<const float*>(&core.gm.mem[g.c - kGmBase]);

  // The documented chain on sampled elements, bit for bit.
  int bad = 0;
  Random pick{1};
  for (int t = 0; t < 256; ++t) {
    const uint32_t i = static_cast<uint32_t>(pick.next() % M), j = static_cast<uint32_t>(pick.next() % N);
    float acc = 0.0f;
    for (uint32_t kk = 0; kk < K; ++kk)
      acc = static_cast<float>(static_cast<double>(acc) + static_cast<double>(bf16_value(a[uint64_t{i} * K + kk])) *
                                                              static_cast<double>(bf16_value(b[uint64_t{kk} * N + j])));
    uint32_t want, got;
    std::memcpy(&want, &acc, 4);
    std::memcpy(&got, &c[uint64_t{i} * N + j], 4);
    if (want != got && ++bad <= 5) std::fprintf(stderr, "cube_speed: C[%u][%u] = %a, want %a\n", i, j, c[uint64_t{i} * N + j], acc);
  }
  // Where the time went: a second, timed run of the same stream (its own figures, not the ones above).
  if (breakdown) {
    core.timing = true;
    tiled_gemm(core, g);
    double total = 0;
    for (const auto& sh : core.share) total += sh.seconds;
    std::printf("breakdown (wall clock per instruction kind, a second run):\n");
    for (int kind = 0; kind < 4; ++kind)
      std::printf("  %-24s %8llu instructions %8.3f s %5.1f%%\n", kKinds[kind],
                  static_cast<unsigned long long>(core.share[kind].count), core.share[kind].seconds,
                  100.0 * core.share[kind].seconds / total);
  }
  std::printf("documented order: 256 sampled elements, %d differ\n", bad);
  if (!blas) return bad ? 1 : 0;

  openblas_set_num_threads(1);
  HugeArray<float> af(a.size()), bf(b.size()), cf(uint64_t{M} * N);
  for (size_t i = 0; i < a.size(); ++i) af[i] = bf16_value(a[i]);
  for (size_t i = 0; i < b.size(); ++i) bf[i] = bf16_value(b[i]);
  const Clock blas_clock;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(M), static_cast<int>(N), static_cast<int>(K),
              1.0f, af.data, static_cast<int>(K), bf.data, static_cast<int>(N), 0.0f, cf.data, static_cast<int>(N));
  const double blas_cpu = blas_clock.cpu(), blas_wall = blas_clock.wall();
  const std::string blas_name = std::string("OpenBLAS sgemm 1 thread (") + openblas_get_corename() + ")";
  std::printf("%-34s %10.3f %10.3f\n", blas_name.c_str(), blas_cpu, blas_wall);
  std::printf("ratio cube_unit / OpenBLAS: %.2f (cpu), %.2f (wall)\n", sim_cpu / blas_cpu, sim_wall / blas_wall);

  // Every element against sgemm, within K roundings of the magnitude sum (|a|,|b| < 4).
  uint64_t far = 0;
  const double tol = static_cast<double>(K) * K * 16.0 * std::ldexp(1.0, -24);
  for (uint64_t e = 0; e < uint64_t{M} * N; ++e)
    if (!(std::fabs(static_cast<double>(c[e]) - cf[e]) <= tol)) ++far;
  std::printf("against sgemm: %llu of %llu elements outside the rounding bound\n", static_cast<unsigned long long>(far),
              static_cast<unsigned long long>(uint64_t{M} * N));
  return bad || far ? 1 : 0;
}
