// The chip as firmware sees it: the control CPU (a ScalarCore, M mode) on a
// bus with the boot ROM, CLINT, PLIC, 16550 UART, host mailbox, AI-core
// dispatch block and each die's HBM initialisation registers, and the NPU's
// global memory behind die 0's network; the AI cores (cube and vector, every
// core of every die) held in reset until the dispatch block starts them.
// Each die's AI cores reach its network through a GmGate that refuses GM
// traffic until the firmware has brought that die's HBM up.
//
// Address map (the preset's /chip section; GM from /npu/dies):
//   /chip/boot_rom/base   boot ROM (the control CPU's reset vector)
//   /clint/base           CLINT
//   /chip/plic/base       PLIC (context 0: the control CPU's M mode)
//   /chip/uart/base       16550 UART (PLIC source /chip/irq/uart)
//   /chip/mailbox/base    host mailbox (PLIC source /chip/irq/mailbox)
//   /chip/dispatch/base   AI-core dispatch (PLIC source /chip/irq/dispatch)
//   /chip/hbm_init/base + d * stride   die d's HBM initialisation registers
//   /npu/dies/d/gm_base   die d's GM, through die 0's network (and the
//                         die-to-die link for die 1); the control CPU's own
//                         traffic does not pass the HBM gate: it runs the
//                         firmware from GM (loaded there by the host, as over
//                         PCIe), and only AI cores and their DMA need training.
//
// The host side: the firmware ELF is loaded into GM and its entry written into
// the boot ROM's `boot_target` word; the boot ROM jumps there. The host talks
// to the firmware through the mailbox (firmware/include/npuvp_mailbox.h):
// when the firmware reports ready, `boot` ends; a launch via firmware posts
// its launch request and ends when the firmware reports it done.
//
// A launch via firmware is placed exactly as a direct one
// (platform/launch_placement.h: the same image, stack and tensor addresses,
// the same cores, blocks, entries and argument registers; vector cores,
// cube cores, or AIC + 2 AIV groups on either or both dies): the host sends
// the firmware a core mask (a group mask for a mixed kernel) and a table of
// the cores' stack tops. Its kernel meets the memory system a direct launch meets
// at time 0, so that both give the same bytes, cycles and statistics:
// - the reference firmware flushes and invalidates every die's L2 and
//   precharges every die's HBM before START (models/devices/L2_CTRL.md,
//   HBM_INIT.md), and touches no GM from the flush to the completion;
// - the cores start at the first AI-core clock edge a cycle or more after
//   the START write that is outside an HBM refresh window, and every die's HBM
//   refresh timer restarts there (AI_CORE_DISPATCH.md, "Launch start"), as
//   a direct launch's cores start with the timers at time 0;
// - the AI cores synchronise with SystemC in a fixed order (sync_skew,
//   models/scalar_core/TIMING.md "Synchronisation"), so cores that reach
//   the memory system in the same cycle do so in the same order in both
//   platforms, whatever else the chip's SystemC event queue holds;
// - cycles and statistics count from that start: the cores' figures are
//   those of the launch alone, the memory system's counters are taken at
//   the start and at the completion (platform/memory_counters.h).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "models/ai_core/ai_core.h"
#include "platform/memory_counters.h"
#include "platform/npu_platform.h"
#include "platform/preset.h"

namespace npuvp {

class AiCoreDispatch;
class BootRom;
class Bus;
class Clint;
class GmGate;
class HbmInit;
class Htif;
class L2Ctrl;
class Mailbox;
class Plic;
class Uart16550;
template <class Core>
class IrqAdapter;

struct ChipOptions {
  std::string firmware;  // the firmware ELF; "" -> the reference firmware (default_firmware())
  std::string boot_rom;  // the boot ROM ELF; "" -> default_boot_rom()
  SimMode mode = SimMode::Cycle;
  uint64_t max_cycles = 0;         // control CPU cycles; 0: no limit
  std::ostream* uart = nullptr;    // the UART's output; nullptr: stdout
  std::ostream* commit_log = nullptr;  // the control CPU's --trace-insn
};

// Where the build put the reference firmware and boot ROM (compiled in).
std::string default_firmware();
std::string default_boot_rom();

struct BootResult {
  enum class Outcome {
    Ready,       // the firmware reported ready with status 0
    Failed,      // the firmware reported a failure (ready with a status, panic)
    ModelError,  // the model refused something (HBM not ready, a launch on a core in reset, a trap)
    Deadlock,    // the control CPU sleeps and nothing can wake it
    CycleLimit,
  };
  Outcome outcome = Outcome::ModelError;
  std::string message;     // why, when not Ready
  uint64_t ready_ns = 0;   // simulated time of the ready report
  uint64_t cores_passed = 0;
  uint64_t firmware_status = 0;
  bool ok() const { return outcome == Outcome::Ready; }
};

class ChipPlatform : public sc_core::sc_module {
 public:
  // `launch`: a kernel launch to send through the firmware once it is ready
  // (nullptr: boot only). Throws PresetError (no /chip or /npu), ElfError,
  // LaunchError.
  ChipPlatform(sc_core::sc_module_name name, const Preset& preset, const ChipOptions& options,
               const LaunchRequest* launch = nullptr);
  ~ChipPlatform() override;

  // Runs to the end (ready, or the launch's completion, or an error); once.
  BootResult run();
  // After run() with a launch: its result (as NpuPlatform's, cycles counted
  // from the dispatch block's start).
  const LaunchResult& launch_result() const { return launch_result_; }

  size_t ai_core_count() const { return cores_.size(); }
  AiCore& ai_core(size_t c) { return *cores_.at(c).core; }
  std::string ai_core_name(size_t c) const { return core_name(c); }  // "die0.aiv3"
  ScalarCore& cpu() { return *cpu_; }
  bool gm_access(uint64_t addr, void* data, uint64_t len, bool write);

 private:
  struct Die {
    std::unique_ptr<Noc> noc;
    std::unique_ptr<L2Cache> l2;
    std::unique_ptr<HbmController> hbm;
    std::unique_ptr<HbmInit> init;
    std::unique_ptr<L2Ctrl> l2_ctrl;
    std::unique_ptr<GmGate> gate;
  };
  struct Core {
    std::unique_ptr<AiCore> core;
    uint32_t die = 0, index = 0;  // index within its kind on its die
    bool is_vector = true;
    bool running = false;
  };
  class Cores;  // the DispatchCores the dispatch block drives

  void build_npu(const NpuPreset& np, bool functional);
  void build_devices(const Preset& p);
  void load_images();
  void map_gm0();
  void place_launch(const LaunchRequest& rq);
  void on_response(const std::vector<uint64_t>& words, sc_core::sc_time at);
  void on_core_finished(size_t c);
  sc_core::sc_time begin_launch(sc_core::sc_time at);
  MemoryCounters memory_counters() const;
  void platform_error(const std::string& message);
  void collect_launch();
  std::string core_name(size_t c) const;

  Preset preset_;
  ChipOptions options_;
  const LaunchRequest* launch_ = nullptr;
  std::vector<Die> dies_;
  std::unique_ptr<DieLink> link_;
  std::vector<Core> cores_;
  std::unique_ptr<Cores> dispatch_cores_;
  std::unique_ptr<ScalarCore> cpu_;
  std::unique_ptr<IrqAdapter<ScalarCore>> cpu_irq_;
  std::unique_ptr<Bus> bus_;
  std::unique_ptr<BootRom> rom_;
  std::unique_ptr<Clint> clint_;
  std::unique_ptr<Plic> plic_;
  std::unique_ptr<Uart16550> uart_;
  std::unique_ptr<Mailbox> mailbox_;
  std::unique_ptr<AiCoreDispatch> dispatch_;
  std::unique_ptr<Htif> htif_;  // over a host launch's kernel's tohost/fromhost

  // The host's launch, placed as NpuPlatform places a direct one.
  ElfImage kernel_;
  std::vector<uint64_t> tensor_addr_;
  std::vector<GmRegion> regions_;
  std::vector<uint64_t> launch_words_;  // the MB_LAUNCH request
  std::vector<size_t> launch_cores_;    // the cores it runs on (dispatch numbers), unit by unit
  bool launch_posted_ = false;

  BootResult result_;
  bool finished_ = false;
  LaunchResult launch_result_;
  uint64_t launch_status_ = 0;
  MemoryCounters launch_counters_start_, launch_counters_end_;  // the host's launch
};

// Boots the chip of `preset` to the firmware's ready report: one per process.
BootResult boot(const Preset& preset, const ChipOptions& options);
// Boots and sends `request` through the firmware's mailbox; `boot_result`
// (optional) receives how the boot went.
LaunchResult launch_via_firmware(const Preset& preset, const LaunchRequest& request, const ChipOptions& options,
                                 BootResult* boot_result = nullptr);

}  // namespace npuvp
