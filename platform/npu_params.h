// The models' parameter structs made from a preset's sections: one
// conversion, used by every platform that builds NPU parts (NpuPlatform for
// direct launches, ChipPlatform for the chip under firmware).
#pragma once

#include <cstdint>

#include <systemc>

#include "models/ai_core/ai_core.h"
#include "models/hbm/hbm_controller.h"
#include "models/l2_cache/l2_cache.h"
#include "models/noc/die_link.h"
#include "models/noc/noc.h"
#include "models/scalar_core/scalar_core.h"
#include "platform/preset.h"

namespace npuvp {

sc_core::sc_time period_of_hz(uint64_t hz);
sc_core::sc_time ps(uint64_t v);

ScalarCoreConfig scalar_config(const CpuPreset& c, SimMode mode, uint64_t max_cycles);
// An AI core's sync_skew (ScalarCoreConfig), from what it is: core `index`
// of its kind on die `die`. Cores that synchronise in the same cycle resume
// in one fixed order, the same in every platform: die by die, and on a die
// AIC g before AIV 2g and AIV 2g + 1 before AIC g + 1 (the order in which a
// direct launch creates the cores of any kind of launch, and so runs them
// at time 0). Rank r of R takes (R − r) ps; none if R is not below the
// AI-core period in ps.
sc_core::sc_time ai_core_sync_skew(const NpuPreset& np, uint32_t die, bool is_vector, uint32_t index);
AiCoreTiming ai_core_timing(const AiCoreTimingPreset& t);
// An AI core's configuration from what it is: core `index` of its kind on
// die `die`, with global id `global_id` (CoreTopology), in both platforms
// alike (scalar unit, timing, ids, hart id, sync_skew, buffer sizes). The
// launch fields (entry, blocks, cross-core group, trace) are the caller's.
AiCoreConfig ai_core_config(const NpuPreset& np, SimMode mode, uint64_t max_cycles, uint32_t die, bool is_vector,
                            uint32_t index, uint32_t global_id);
HbmParams hbm_params(const HbmPreset& h, bool functional);
L2Params l2_params(const L2Preset& l, sc_core::sc_time period, bool functional);
NocParams noc_params(const NocPreset& n, sc_core::sc_time period, bool functional);
LinkParams link_params(const DieLinkPreset& l, bool functional);

}  // namespace npuvp
