// The platform of the AI-core tests, shared by the driver (which builds it)
// and the tests (which predict cycle counts from it).
#pragma once

#include <cstdint>

#include "models/ai_core/ai_core_timing.h"

namespace npuvp {

inline constexpr uint64_t kRamBase = 0x80000000;
inline constexpr uint64_t kRamSize = 256ull << 20;
inline constexpr uint32_t kRamLatency = 10;  // cycles per transaction

inline AiCoreTiming test_timing() {
  AiCoreTiming t;
  t.queue_depth = 16;
  t.sync_latency = 1;
  t.cycles_per_repeat.fill(1);
  t.cycles_per_repeat[static_cast<size_t>(VectorClass::Divide)] = 4;
  t.cycles_per_repeat[static_cast<size_t>(VectorClass::Transcendental)] = 4;
  t.vector_latency = 8;
  t.ub_bank_groups = 16;
  t.ub_section_bytes = 64 * 1024;
  t.mte2 = {64, 20};
  t.mte3 = {64, 20};
  t.mte1 = {256, 4};
  t.fix = {64, 20};
  t.cube_switch_cycles = 4;
  t.cube_latency = 16;
  return t;
}

}  // namespace npuvp
