// The NPU assembled from a preset's "npu" section, to run one kernel launch:
// per die, the vector AI cores (AiCore, each with its scalar unit), the
// on-die network (Noc), the L2 (L2Cache) and the HBM (HbmController); on a
// two-die package the die-to-die link (DieLink) between the networks; the
// HTIF over the kernel ELF's tohost/fromhost words so that kernels can
// printf. Every core's GM traffic (MTE transfers, instruction fetch, scalar
// loads and stores) takes the real path: core -> Noc -> L2 -> HBM, or
// core -> Noc -> DieLink -> the other die's Noc -> L2 -> HBM.
//
// Address map (global, one physical space; /npu/dies/N/gm_base):
//   die N's GM = [gm_base, gm_base + /npu/hbm/size)
//   die 0: the kernel image (linked at die 0's gm_base by
//          firmware/kernel/kernel.ld), then the stacks of the die's cores,
//          then the tensors placed on die 0; other dies: stacks, tensors.
//   Every stack and tensor starts on a 4 KiB boundary.
//
// A launch: its cores, blocks, stacks, tensor addresses and argument
// registers come from platform/launch_placement.h (block b on unit b mod
// units of the launch's kind: vector cores, cube cores, or AIC + 2 AIV
// groups; a core with several blocks runs them in order). Each core
// starts in firmware/kernel/kernel_start.S with sp at the top of its own
// stack and the kernel's arguments in a0..a7 / fa0..fa7; the simulation
// stops when every core has written npu_exit (or stopped otherwise).
//
// SystemC cannot start twice in one process: construct one NpuPlatform per
// process and call run() once (launch() does both).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <systemc>

#include "models/ai_core/ai_core.h"
#include "models/scalar_core/scalar_core.h"
#include "platform/elf_loader.h"
#include "platform/launch_placement.h"
#include "platform/preset.h"

namespace npuvp {

class HbmController;
class L2Cache;
class Noc;
class DieLink;
class Htif;
class ChromeTrace;

struct LaunchRequest {
  std::string elf_path;  // built with add_npu_kernel (firmware/kernel)
  std::string entry_symbol;  // the kernel's C function; "" -> kDefaultEntry
  uint32_t blocks = 1;
  CoreKind cores = CoreKind::Aiv;
  std::vector<LaunchTensor> tensors;
  // The kernel's arguments in order. Empty: every tensor, in order.
  std::vector<KernelArg> args;
  SimMode mode = SimMode::Cycle;
  uint64_t max_cycles = 0;  // per core; 0: no limit
  int die = -1;             // run blocks only on this die's cores (-1: all dies)
  std::ostream* console = nullptr;  // the kernels' printf; nullptr: stdout
  bool check_races = true;

  // A Chrome/Perfetto JSON timeline (models/trace/chrome_trace.h): "" none.
  // One track per pipe per core, named from the kernel ELF's symbols, at the
  // AI core clock; only slices overlapping [trace_from, trace_to) cycles;
  // the file never grows past trace_max_bytes.
  std::string trace_path;
  uint64_t trace_from = 0;
  uint64_t trace_to = UINT64_MAX;
  uint64_t trace_max_bytes = 256ull << 20;
  // A progress line (simulated cycles, host speed), rewritten in place with
  // '\r', once the run has taken progress_after_s seconds of host time, and
  // cleared at the end; nullptr: none (the launcher passes stderr only when
  // it is a terminal). It does not change any result.
  std::ostream* progress = nullptr;
  double progress_after_s = 2.0;
  // Result regions: GM ranges [addr, addr + size) the pipes may write even
  // inside the (otherwise read-only) kernel image, copied out after the run
  // into LaunchResult::read_back whatever the outcome. `npuvp conform` gives
  // a test kernel's signature region this way. Outside GM: comes back empty.
  struct GmRange {
    uint64_t addr = 0, size = 0;
  };
  std::vector<GmRange> read_back;

  static constexpr const char* kDefaultEntry = "kernel_main";
};

// One core that ran blocks.
struct CoreResult {
  uint32_t global_index = 0;  // the RequesterId of its traffic
  uint32_t die = 0;
  uint32_t core_id = 0;       // within the die
  bool is_vector = true;
  std::vector<uint32_t> blocks;
  uint64_t pc = 0;  // its scalar unit's pc when it stopped
  StopReason reason = StopReason::Running;  // Exit: wrote npu_exit
  std::string message;
  AiCoreStats stats;
  ScalarStats scalar;
};

struct LaunchResult {
  // Exit when every core wrote npu_exit and no fatal issue was found;
  // otherwise the first core's reason that was not Exit (or Error).
  StopReason reason = StopReason::Running;
  std::string message;          // why, when not a clean exit
  uint64_t cycles = 0;          // the last core's finish, in AI-core cycles
  double clock_hz = 0;
  std::vector<std::vector<uint8_t>> outputs;  // per tensor: its bytes if is_output, else empty
  std::vector<uint64_t> tensor_addresses;     // per tensor: its GM address
  std::vector<std::vector<uint8_t>> read_back;  // per LaunchRequest::read_back range
  std::vector<CoreResult> cores;
  std::vector<KernelIssue> issues;            // from every core, core by core
  nlohmann::json stats;                       // see NpuPlatform::stats_json
  // With a trace: whether it hit its size cap (its otherData says at which
  // cycle), and the file's size.
  bool trace_truncated = false;
  uint64_t trace_bytes = 0;

  bool ok() const { return reason == StopReason::Exit; }
};

class NpuPlatform : public sc_core::sc_module {
 public:
  // Builds the platform for `request` (SystemC fixes the structure before
  // the simulation starts). Throws LaunchError or PresetError (no "npu"
  // section) or ElfError.
  NpuPlatform(sc_core::sc_module_name name, const Preset& preset, const LaunchRequest& request);
  ~NpuPlatform() override;

  // Runs the launch to its end; call once.
  LaunchResult run();

  // Where things are (valid after construction).
  uint64_t gm_base(uint32_t die) const;
  uint64_t tensor_address(size_t index) const { return tensor_addr_.at(index); }
  size_t core_count() const { return cores_.size(); }  // cores that run blocks
  AiCore& core(size_t i) { return *cores_.at(i).core; }
  HbmController& hbm(uint32_t die) { return *dies_.at(die).hbm; }
  L2Cache& l2(uint32_t die) { return *dies_.at(die).l2; }
  Noc& noc(uint32_t die) { return *dies_.at(die).noc; }
  DieLink* die_link() { return link_.get(); }  // nullptr on one die
  ChromeTrace* trace() { return trace_.get(); }  // nullptr without trace_path

  // Copies [addr, addr+len) of GM to or from the host; false outside GM.
  bool gm_access(uint64_t addr, void* data, uint64_t len, bool write);

 private:
  struct Die {
    std::unique_ptr<Noc> noc;
    std::unique_ptr<L2Cache> l2;
    std::unique_ptr<HbmController> hbm;
  };
  struct Core {
    std::unique_ptr<AiCore> core;
    uint32_t global_index = 0;
    uint32_t die = 0;
    bool stopped = false;
  };

  void simulate();  // sc_start to the end, with the progress line if asked
  void on_core_stopped(size_t i);
  void on_htif_exit(int code);
  nlohmann::json stats_json(const LaunchResult& r) const;

  Preset preset_;
  LaunchRequest request_;
  ElfImage elf_;
  std::vector<Die> dies_;
  std::unique_ptr<DieLink> link_;
  std::unique_ptr<Htif> htif_;
  std::unique_ptr<ChromeTrace> trace_;  // before the cores, which report into it
  std::vector<std::unique_ptr<CrossCoreFlags>> cross_;  // per AIC + 2 AIV group of a mixed launch
  std::vector<Core> cores_;
  std::vector<uint64_t> tensor_addr_;
  std::vector<GmRegion> regions_;
  size_t running_ = 0;
  std::string platform_error_;  // e.g. a kernel that exited through HTIF
};

// Builds an NpuPlatform named "npu" and runs it: one launch per process.
LaunchResult launch(const Preset& preset, const LaunchRequest& request);

// A launch's statistics as JSON (`npuvp launch --stats`): `r` and the memory
// system's counters over the launch (platform/memory_counters.h); `trace`
// may be nullptr. The same for a direct launch and one through the firmware.
struct MemoryCounters;
nlohmann::json launch_stats_json(const Preset& preset, const LaunchRequest& request, const LaunchResult& r,
                                 const MemoryCounters& mem, const ChromeTrace* trace);

}  // namespace npuvp
