// Where a kernel launch goes, computed once for both ways of running it:
// the direct launch (platform/npu_platform.h) and the launch the host sends
// through the firmware (platform/chip_platform.h), so that both give the
// kernel the same cores, blocks, entries, stacks, tensor addresses and
// argument registers.
//
// Cores (CorePlacement): a launch runs its blocks on units of its kind, die
// by die (only die `die` when it is not -1):
//   aiv  one vector core (AIV) per unit, AIV 0, 1, ... of each die;
//   aic  one cube core (AIC) per unit, AIC 0, 1, ...;
//   mix  one group per unit: AIC g with AIVs 2g and 2g+1 of its die
//        (g < min(AIC, AIV / 2)); the AIC runs NAME_mix_aic, the AIVs
//        NAME_mix_aiv, every core of the group the same blocks.
// Block b runs on unit b mod units; a unit with several blocks runs them in
// order. Cores are listed unit by unit (a group: AIC, AIV 2g, AIV 2g+1).
//
// Core numbers: the global id (hart id, RequesterId of the core's traffic)
// counts the AIVs die by die, then the AICs die by die; the dispatch block's
// core number (models/devices/AI_CORE_DISPATCH.md) counts per die the AICs,
// then the AIVs; its group number counts the groups die by die.
//
// GM (LaunchPlan): die 0 holds the kernel image (linked at its GM base by
// firmware/kernel/kernel.ld); then, in order, each core's stack on its own
// die, then each tensor on its die (die 0 unless given); every stack and
// tensor on a 4 KiB boundary. Arguments follow the RISC-V psABI (lp64d) for
// named arguments: tensors (their address) and integers in a0..a7, floats in
// fa0..fa7 (an f32 NaN-boxed).
//
// No SystemC here: the placement is tested on its own (tests/launch_placement).
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/elf_loader.h"
#include "platform/preset.h"

namespace npuvp {

// A launch that cannot be set up (bad arguments, no such symbol, a tensor
// that does not fit): one line saying what.
class LaunchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The cores a launch runs its blocks on: the vector cores (AIV), the cube
// cores (AIC), or groups of one AIC and its two AIVs (Mix: the AIC runs the
// kernel's NAME_mix_aic, the AIVs NAME_mix_aiv, every core of the group the
// same blocks, and the three share cross-core flags). Cube instructions are
// illegal on an AIV, vector ones on an AIC.
enum class CoreKind : uint8_t { Aiv, Aic, Mix };
const char* core_kind_name(CoreKind k);  // "aiv", "aic", "mix"

// A tensor in GM. `bytes` is its contents at the start (an output's size
// and initial contents, usually zeros); it is placed on die `die` (-1: die 0).
struct LaunchTensor {
  std::string name;  // for reports and the bounds checker ("x", "arg0")
  std::vector<uint8_t> bytes;
  int die = -1;
  bool is_output = false;  // its contents are returned in LaunchResult::outputs
};

// One argument of the kernel's C function, in order. Following the RISC-V
// psABI (lp64d) for named arguments: tensors (their GM address) and Int take
// a0..a7 in order; F32 and F64 take fa0..fa7 in order (an F32 NaN-boxed).
// More than eight of either kind is a LaunchError.
struct KernelArg {
  enum class Kind : uint8_t { Tensor, Int, F32, F64 };
  Kind kind = Kind::Int;
  uint64_t value = 0;  // Tensor: index into LaunchRequest::tensors; else the bits (F32 in 31:0)

  static KernelArg tensor(size_t index) { return {Kind::Tensor, index}; }
  static KernelArg integer(uint64_t v) { return {Kind::Int, v}; }
  static KernelArg f32_bits(uint32_t bits) { return {Kind::F32, bits}; }
  static KernelArg f64_bits(uint64_t bits) { return {Kind::F64, bits}; }
  static KernelArg f32(float f);
  static KernelArg f64(double d);
};

// How many cores of each kind, and their numbers.
struct CoreTopology {
  uint32_t dies = 1, aic_per_die = 0, aiv_per_die = 0;

  static CoreTopology of(const NpuPreset& np);
  uint32_t groups_per_die() const { return aic_per_die < aiv_per_die / 2 ? aic_per_die : aiv_per_die / 2; }
  uint32_t global_id(uint32_t die, bool is_vector, uint32_t id) const {
    return is_vector ? die * aiv_per_die + id : dies * aiv_per_die + die * aic_per_die + id;
  }
  uint32_t dispatch_index(uint32_t die, bool is_vector, uint32_t id) const {
    return die * (aic_per_die + aiv_per_die) + (is_vector ? aic_per_die + id : id);
  }
};

// One core that runs blocks.
struct PlacedCore {
  uint32_t die = 0;
  uint32_t id = 0;  // within its kind on its die
  bool is_vector = true;
  uint32_t global_id = 0, dispatch_index = 0;
  uint32_t unit = 0;    // the unit (core or group) it belongs to, 0..units_used-1
  uint32_t group = 0;   // mix: the group's number on the chip (dispatch GROUP_MASK bit)
  uint32_t member = 0;  // mix: 0 the AIC, 1 + sub-block an AIV (CrossCoreFlags members)
  std::string entry_symbol;  // the kernel function it calls per block
  std::vector<uint32_t> blocks;  // in the order it runs them
};

struct CorePlacement {
  CoreKind kind = CoreKind::Aiv;
  uint32_t blocks = 0;
  uint32_t units_available = 0;  // cores (aiv, aic) or groups (mix) the launch could use
  uint32_t units_used = 0;       // min(units_available, blocks)
  std::vector<PlacedCore> cores;  // unit by unit
};

// Throws LaunchError: no blocks, no such die, no core of the kind.
// `entry`: the kernel's function ("" -> "kernel_main"); a mixed launch's
// cores call entry + "_mix_aic" / "_mix_aiv".
CorePlacement place_blocks(const CoreTopology& topology, CoreKind kind, uint32_t blocks, int die,
                           const std::string& entry, const std::string& preset_name);

// A GM range the launch gave the kernel (the bounds checker's GmRegion).
struct PlacedRegion {
  uint64_t base = 0, size = 0;
  std::string name;
  bool writable = true;
};

struct LaunchPlan {
  CorePlacement cores;
  std::vector<uint64_t> entry;      // per core of `cores`: its entry symbol's address
  std::vector<uint64_t> stack_top;  // per core of `cores`: its initial sp
  std::vector<uint64_t> tensor_addr;
  std::vector<PlacedRegion> regions;  // the kernel image, the stacks, the tensors
  std::array<uint64_t, 8> x{}, f{};   // a0..a7, fa0..fa7 (bit patterns)
  std::string entry_name;             // the entry the launch named (default applied)

  // Places `bytes` more on `die` after everything else (4 KiB aligned);
  // throws LaunchError naming `what` when it does not fit.
  uint64_t place(uint32_t die, uint64_t bytes, const std::string& what);

  // Filled by plan_launch for place().
  std::vector<uint64_t> cursor, die_end;
  std::string preset_name;
};

// The whole placement of a launch of `kernel` (read from `elf_path`) on the
// NPU `np`. Throws LaunchError (and what place_blocks throws).
LaunchPlan plan_launch(const NpuPreset& np, const std::string& preset_name, const ElfImage& kernel,
                       const std::string& elf_path, CoreKind kind, uint32_t blocks, int die,
                       const std::string& entry, const std::vector<LaunchTensor>& tensors,
                       const std::vector<KernelArg>& args);

}  // namespace npuvp
