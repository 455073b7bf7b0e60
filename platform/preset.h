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

struct Preset {
  std::string name;
  std::string path;       // the file it came from
  nlohmann::json tree;    // as written, comments included
  CpuPreset cpu;
  RamPreset ram;
  ClintPreset clint;
  HtifPreset htif;
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
