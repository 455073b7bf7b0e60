// The AI core's timing parameters (a preset's "ai_core" section), apart from
// the SystemC model so that presets and tests can use them alone.
// models/ai_core/TIMING.md says how the model uses each one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "isa/xnpu.h"

namespace npuvp {

// Vector-unit operation classes, each with its own cycles per repeat.
enum class VectorClass : uint8_t {
  Simple,          // add, sub, mul, max, min, and, or, not, abs, relu, scalar forms, dup
  FusedMulAdd,     // vmla, vmadd, vaxpy
  Divide,          // vdiv
  Transcendental,  // exp, ln, sqrt, rsqrt, reciprocal
  CompareSelect,   // compares, vsel, vsels
  Reduce,          // vcadd/vcmax/vcmin, block reductions
  Convert,         // vconv
  Transpose,       // vtranspose (one 16x16 matrix)
  Gather,          // vgather
  Copy,            // copy_ub2ub, per 32 B block
  kCount
};
const char* vector_class_name(VectorClass c);
VectorClass vector_class_of(isa::xnpu::Op op);

// A data path of an MTE: bandwidth and a fixed start-up latency.
struct MtePath {
  uint32_t bytes_per_cycle = 64;
  uint32_t latency = 20;
};

struct AiCoreTiming {
  uint32_t queue_depth = 16;  // instructions a pipe queue holds before the scalar unit waits
  uint32_t sync_latency = 1;  // cycles from set_flag executing to the flag being visible
  uint32_t cross_core_latency = 20;  // cycles from cross_set_flag executing to the other core seeing it
  // Vector unit
  std::array<uint32_t, static_cast<size_t>(VectorClass::kCount)> cycles_per_repeat{};
  uint32_t vector_latency = 8;  // from the last repeat's issue to its result in UB
  // UB banks (isa/XNPU.md, TIMING.md): rows of 32 B rotate through the bank
  // groups; each 64 KiB section is one bank of every group.
  uint32_t ub_bank_groups = 16;
  uint32_t ub_section_bytes = 64 * 1024;
  // The scalar unit's loads and stores to UB (its window at kUbWindowBase)
  // take this many cycles each: slow, as on the real core.
  uint32_t ub_scalar_latency = 10;
  // Data paths
  MtePath mte2;  // GM -> UB (AIV); GM -> L1/L0A/L0B (AIC)
  MtePath mte3;  // UB -> GM
  // The cube core (AIC)
  MtePath mte1{256, 4};  // L1 -> L0A/L0B/BiasTable
  MtePath fix{64, 20};   // FixPipe L0C -> GM/L1, in bytes of the destination
  // The cube computes one fractal per cycle (16x16x16 f16/bf16, 16x32x16 s8);
  // each mmad first pays cube_switch_cycles (the cube takes a new pair of
  // matrices), and its results reach L0C cube_latency cycles after the last
  // fractal.
  uint32_t cube_switch_cycles = 4;
  uint32_t cube_latency = 16;
  // GM transfers are booked in the memory system's calendars in windows of
  // this many cycles, in time order across cores (TIMING.md, "Booking
  // window"); 0 books up to a scalar quantum ahead.
  uint32_t gm_booking_window = 0;
};

}  // namespace npuvp
