// Presets: a platform described as data (platform/presets/*.json), never as
// code. Loading checks every field; a missing, mistyped, out-of-range or
// unknown field is rejected with its JSON path, e.g.
//   preset mini.json: /cpu/timing/Div/latency: expected unsigned integer
// Any object may carry "comment" and "source" strings (and "<field>_source",
// "<field>_comment") saying where its figures come from; they are kept in the
// tree that `npuvp info` prints and otherwise ignored.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace npuvp {

class PresetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TimingRowPreset {
  uint32_t latency = 1;
  uint32_t occupancy = 1;
};

// Names of the latency classes, in the order of isa/latclasses.def (and so of
// isa::LatClass): the keys of /cpu/timing.
const std::vector<std::string>& latency_class_names();

struct CpuPreset {
  uint64_t clock_hz = 0;
  uint64_t quantum_cycles = 0;
  std::vector<TimingRowPreset> timing;  // indexed like latency_class_names()
  uint32_t taken_branch_penalty = 0;
  uint32_t trap_penalty = 0;
  uint32_t icache_size = 0, icache_line = 0, icache_ways = 0, icache_miss_penalty = 0;
  uint32_t pmp_entries = 16, pmp_granularity = 0;  // optional /pmp
};

struct RamPreset {
  uint64_t base = 0, size = 0;
  uint32_t read_latency = 0, write_latency = 0;  // cycles of the CPU clock
};

struct ClintPreset {
  uint64_t base = 0;
  uint64_t mtime_divider = 1;  // CPU cycles per mtime tick
  uint32_t latency = 0;        // cycles per access
};

struct HtifPreset {
  bool enabled = true;
  uint32_t latency = 0;
};

// ---- The NPU (optional section /npu): AI cores, GM = HBM per die, L2,
// on-die network, die-to-die link. Field by field as the models' parameter
// structs (models/ai_core/ai_core.h AiCoreTiming, models/hbm HbmParams,
// models/l2_cache L2Params, models/noc NocParams and LinkParams); this
// header stays free of SystemC, platform/npu_platform.cpp converts.

// Names of the vector-unit op classes in the order of npuvp::VectorClass:
// the keys of /npu/ai_core/timing/cycles_per_repeat.
const std::vector<std::string>& vector_class_names();

struct MtePathPreset {
  uint32_t bytes_per_cycle = 0;
  uint32_t latency = 0;
};

struct AiCoreTimingPreset {
  uint32_t queue_depth = 0;
  uint32_t sync_latency = 0;
  std::vector<uint32_t> cycles_per_repeat;  // indexed like vector_class_names()
  uint32_t vector_latency = 0;
  uint32_t ub_scalar_latency = 0;
  uint32_t ub_bank_groups = 0;
  uint32_t ub_section_bytes = 0;
  uint32_t gm_booking_window = 0;
  MtePathPreset mte2, mte3;
  MtePathPreset mte1, fix;  // the cube core's L1 -> L0 and FixPipe paths
  uint32_t cube_switch_cycles = 0;
  uint32_t cube_latency = 0;
  uint32_t cross_core_latency = 0;
};
// The cube core's local buffers, bytes (/npu/ai_core/cube_buffers).
struct CubeBuffersPreset {
  uint32_t l1 = 0, l0a = 0, l0b = 0, l0c = 0, bt = 0;
};

struct AiCorePreset {
  CpuPreset scalar;  // the scalar unit; its clock_hz is the AI core's clock
  AiCoreTimingPreset timing;
  uint32_t ub_size = 0;
  CubeBuffersPreset cube_buffers;
  uint32_t vector_lanes_fp16 = 0;         // lanes of one repeat (derived figures)
  uint32_t cube_macs_per_cycle_fp16 = 0;  // MACs per cycle of one cube core (derived figures)
  uint64_t stack_size = 0;                // GM stack the launcher gives each core
};

struct HbmPreset {
  uint64_t size = 0;  // per die
  uint32_t clock_period_ps = 0;
  uint32_t channels = 0, pseudo_channels = 0, bytes_per_cycle = 0, banks = 0, row_size = 0;
  uint64_t interleave = 0;
  std::string bank_mapping;  // "rotate" or "linear" (models/hbm/TIMING.md)
  uint32_t tCL = 0, tCWL = 0, tRCD = 0, tRP = 0, tRAS = 0, tRFC = 0, tREFI = 0, tWTR = 0, tRTW = 0;
  uint32_t controller_latency = 0;
};

struct L2Preset {
  uint64_t size = 0;  // per die
  uint32_t line_size = 0, ways = 0;
  std::string replacement;  // "lru" or "fifo"
  uint32_t slices = 0;
  uint64_t slice_interleave = 0;
  std::string slice_hash;  // "modulo" or "xor_fold"
  uint32_t bytes_per_cycle = 0, tag_latency = 0, hit_latency = 0;  // cycles of the AI-core clock
};

struct NocPreset {
  uint32_t latency = 0;                    // cycles of the AI-core clock, each way
  uint32_t requester_bytes_per_cycle = 0;  // per requester port and direction
  uint32_t l2_bytes_per_cycle = 0;         // the L2's port on the network (0: no limit)
};

struct DieLinkPreset {
  uint32_t clock_period_ps = 0;
  uint32_t bytes_per_cycle = 0;  // each way
  uint32_t latency_ns = 0;       // one way
};

struct NpuDiePreset {
  uint64_t gm_base = 0;  // where this die's HBM starts in the global address space
};

struct NpuPreset {
  bool present = false;
  std::vector<NpuDiePreset> dies;
  uint32_t aic_per_die = 0, aiv_per_die = 0;
  AiCorePreset ai_core;
  HbmPreset hbm;
  L2Preset l2;
  NocPreset noc;
  DieLinkPreset die_link;  // two dies only
};

// ---- The chip around the NPU (optional section /chip, needs /npu): the
// devices on the control CPU's bus for `npuvp boot` (platform/chip_platform.h).
struct DevicePreset {
  uint64_t base = 0;
  uint32_t latency = 0;  // cycles of the control CPU per access
};
struct ChipPreset {
  bool present = false;
  DevicePreset boot_rom, uart, plic, mailbox, dispatch, hbm_init, l2_ctrl;
  uint64_t boot_rom_size = 0;
  uint32_t plic_sources = 0;
  uint64_t hbm_init_stride = 0;  // die d's registers at hbm_init.base + d * stride
  uint64_t hbm_training_ns = 0;  // how long HBM training takes (simulated)
  uint64_t l2_ctrl_stride = 0;   // die d's L2 maintenance registers at l2_ctrl.base + d * stride
  uint32_t irq_uart = 0, irq_mailbox = 0, irq_dispatch = 0;  // PLIC source numbers
};

struct Preset {
  std::string name;
  std::string path;       // the file it came from
  nlohmann::json tree;    // as written, comments included
  CpuPreset cpu;
  RamPreset ram;
  ClintPreset clint;
  HtifPreset htif;
  NpuPreset npu;  // npu.present: the preset has an /npu section
  ChipPreset chip;  // chip.present: the preset has a /chip section
};

// The directory searched for preset names: $NPUVP_PRESET_DIR if set, else
// the source tree's platform/presets (compiled in).
std::string preset_dir();
// Names of the presets in preset_dir(), sorted.
std::vector<std::string> preset_names();

// `name_or_file`: a path (contains '/' or ends in .json) or a preset name
// looked up in preset_dir(). Throws PresetError.
Preset load_preset(const std::string& name_or_file);
// Checks and converts a parsed tree; `label` names it in error messages.
Preset parse_preset(const nlohmann::json& tree, const std::string& label);

// Figures derived from the preset, for `npuvp info`.
nlohmann::json derived_figures(const Preset& p);

}  // namespace npuvp
