// An AI core: a scalar unit (ScalarCore) that issues Xnpu instructions into
// per-pipe queues, the pipes that execute them in parallel (ordered only by
// flags and barriers), the core's local buffers, and the checkers that tell a
// kernel what it did wrong. models/ai_core/TIMING.md is the specification.
//
// The vector core (AIV) has PIPE_S, PIPE_V, PIPE_MTE2 and PIPE_MTE3 and a
// Unified Buffer. The cube core (AIC, config.is_vector == false) has PIPE_S,
// PIPE_MTE2 (GM -> L1/L0A/L0B), PIPE_MTE1 (L1 -> L0A/L0B/BiasTable), PIPE_M
// (the cube) and PIPE_FIX (L0C -> GM/L1) and the buffers L1, L0A, L0B, L0C
// and BiasTable; models/cube_unit/ gives its instructions' semantics. Each
// kind's instructions are illegal on the other.
//
// A kernel runs under firmware/kernel/kernel_start.S: the launcher sets the
// argument registers, sp and the CSRs below, and the start-up code asks for
// blocks (npu_next_block), calls the kernel entry (npu_entry) once per block
// with the same arguments, waits for every pipe, and writes npu_exit.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "isa/xnpu.h"
#include "models/ai_core/ai_core_timing.h"
#include "models/ai_core/cross_core.h"
#include "models/cube_unit/cube_unit.h"
#include "models/scalar_core/scalar_core.h"
#include "models/trace/trace_sink.h"

namespace npuvp {

// Where the scalar unit sees its own core's UB (isa/XNPU.md): loads and
// stores there reach the UB, slowly; everything else goes to the platform.
inline constexpr uint64_t kUbWindowBase = 0x40000000;

using isa::xnpu::Pipe;
inline constexpr size_t kPipeCount = 7;  // S, V, M, MTE1, MTE2, MTE3, FIX

// A GM range a launch gave the kernel (a tensor, or the kernel's own image
// and stack); the bounds checker reports MTE accesses outside all of them.
struct GmRegion {
  uint64_t base = 0;
  uint64_t size = 0;
  std::string name;
  bool writable = true;
};

// The cube core's local buffers (bytes; DESIGN.md, the preset).
struct CubeBufferSizes {
  uint32_t l1 = cube_unit::kL1Bytes;
  uint32_t l0a = cube_unit::kL0aBytes;
  uint32_t l0b = cube_unit::kL0bBytes;
  uint32_t l0c = cube_unit::kL0cBytes;
  uint32_t bt = cube_unit::kBtBytes;
};

struct AiCoreConfig {
  ScalarCoreConfig scalar;  // reset_pc: the start-up code's entry
  AiCoreTiming timing;
  uint32_t core_id = 0;     // within the die
  uint32_t global_id = 0;   // across the package: tags this core's memory traffic (RequesterId)
  uint32_t die_id = 0;
  uint32_t sub_block_idx = 0;
  bool is_vector = true;    // AIV (false: AIC)
  uint32_t ub_size = 192 * 1024;   // AIV only
  CubeBufferSizes cube_buffers;     // AIC only
  // The launch: the kernel's entry, the number of blocks, and the blocks this
  // core runs, in order.
  uint64_t entry = 0;
  uint32_t block_num = 1;
  std::vector<uint32_t> blocks;
  bool check_races = true;
  // A mixed launch: the core's AIC + 2 AIV group and its place in it
  // (CrossCoreFlags::kAic, or 1 + sub-block); nullptr: cross-core flags are
  // illegal instructions.
  CrossCoreFlags* cross = nullptr;
  unsigned cross_member = 0;
  TraceSink* trace = nullptr;  // one slice per pipe instruction, set->wait arrows
  // Under a dispatch block (platform/chip_platform.h): the core is held in
  // reset until start(), and npu_exit puts it back into reset instead of
  // stopping it, so that it can run the next launch.
  bool dispatched = false;
};

// One launch as a dispatch block gives it to a core: where the start-up code
// is, the kernel's entry, the blocks this core runs, its stack and the
// argument registers (a0..a7, fa0..fa7).
struct AiCoreLaunch {
  uint64_t start_pc = 0;
  uint64_t entry = 0;
  uint32_t block_num = 1;
  std::vector<uint32_t> blocks;
  uint64_t sp = 0;
  std::array<uint64_t, 8> x{}, f{};
  // A group launch: the AIC + 2 AIV group's flags and the core's place in
  // it (as AiCoreConfig::cross); nullptr: cross-core flags are illegal.
  CrossCoreFlags* cross = nullptr;
  unsigned cross_member = 0;
};

// Cycles a pipe lost, by reason (TIMING.md, "Counters"). PIPE_S: the scalar
// unit held by wait_flag(X, PIPE_S) (flag), pipe_barrier(PIPE_ALL)
// (barrier, or memory for the part the memory system added), its loads'
// memory latency (memory) and full pipe queues (queue_full). Other pipes: a
// wait_flag's head waiting for its flag; set_flag / pipe_barrier waiting
// for the pipe's earlier work (barrier), or for what GM latency and
// bandwidth added to it (memory); PIPE_V's UB bank conflict cycles.
struct StallCycles {
  uint64_t flag = 0;
  uint64_t barrier = 0;
  uint64_t memory = 0;
  uint64_t queue_full = 0;
  uint64_t bank_conflict = 0;
};

struct PipeStats {
  StallCycles stalls;
  uint64_t instructions = 0;
  uint64_t busy_cycles = 0;  // cycles the pipe was executing
  uint64_t wait_cycles = 0;  // cycles its head waited for a flag or barrier
  uint64_t bytes = 0;        // bytes moved (MTEs) or touched (V)
  uint64_t first_start = 0, last_end = 0;
};

// A kernel bug found by a checker.
struct KernelIssue {
  enum class Kind { OutOfBounds, Race, Deadlock, FlagLeftSet, Unaligned };
  Kind kind;
  bool fatal;           // the run stops (bounds, deadlock) or goes on (race, flag warning)
  std::string message;  // one line: core, pc, instruction, address, what
};

// "out_of_bounds", "race", ...: the names stats files use.
const char* kernel_issue_kind_name(KernelIssue::Kind k);

struct AiCoreStats {
  std::array<PipeStats, kPipeCount> pipes{};
  uint64_t cycles = 0;  // the core's last activity: scalar or pipes
  uint64_t blocks_run = 0;
  uint64_t bank_conflict_cycles = 0;
  // Floating-point operations of the vector unit: one per active lane of an
  // arithmetic instruction (two for a fused multiply-add), for the roofline.
  uint64_t vector_flops = 0;
  // The cube: fractals computed (one per cycle at peak, whatever the type)
  // and the operations the kernel asked for (2·m·n·k per mmad), for the
  // cube utilisation and the roofline.
  uint64_t cube_fractals = 0;
  uint64_t cube_flops = 0;
  uint64_t queue_full_cycles = 0;  // scalar unit held by a full queue
  uint64_t scalar_wait_cycles = 0;  // scalar unit held by PIPE_S waits and barriers
};

class AiCore : public sc_core::sc_module, public NpuPort {
 public:
  tlm_utils::simple_initiator_socket<AiCore> gm;    // MTE traffic to global memory
  tlm_utils::simple_initiator_socket<AiCore> data;  // the scalar unit's data traffic (all but its UB window)

  AiCore(sc_core::sc_module_name name, const AiCoreConfig& config);
  ~AiCore() override;

  ScalarCore& scalar() { return *scalar_; }
  const ScalarCore& scalar() const { return *scalar_; }
  void set_gm_regions(std::vector<GmRegion> regions) { regions_ = std::move(regions); }

  // Called by the platform when this core's scalar unit stopped.
  bool finished() const { return finished_; }
  AiCoreStats stats() const;
  const std::vector<KernelIssue>& issues() const;
  uint8_t* ub() { return ub_.data(); }
  // The cube core's buffers (empty spans on a vector core).
  cube_unit::Buffers cube_buffers() {
    return {{l1_.data(), l1_.size()}, {l0a_.data(), l0a_.size()}, {l0b_.data(), l0b_.size()},
            {l0c_.data(), l0c_.size()}, {bt_.data(), bt_.size()}};
  }
  const AiCoreConfig& config() const { return config_; }

  // NpuPort
  uint64_t issue(Hart& h, const Insn& i, uint64_t pc) override;
  bool csr_read(Hart& h, unsigned num, uint64_t& value) override;
  bool csr_write(Hart& h, unsigned num, uint64_t value) override;

  // Called when the scalar unit stops: checks for work that can never finish.
  void on_scalar_stopped();
  // When the simulation ended with this core waiting in cross_wait_flag: the
  // deadlock report (pc, instruction, event); else "".
  std::string cross_wait_deadlock() const;

  // Dispatched cores only: starts a core held in reset on `launch` at
  // simulated time `at` (its pipes, checkers, statistics and CSRs fresh, as
  // for a direct launch). False if the core is not in reset. The handler is
  // called when the core went back into reset after npu_exit (issues() then
  // holds what the checkers found in this launch).
  bool start(const AiCoreLaunch& launch, sc_core::sc_time at);
  bool in_reset() const { return scalar_->in_reset(); }
  void set_launch_done_handler(std::function<void()> handler) { launch_done_ = std::move(handler); }
  // The cycle the current (or last) launch started on; 0 for a direct launch.
  // stats() and launch_scalar_stats() count from it: a dispatched core's
  // figures are those of its last launch alone, as a direct launch's.
  uint64_t launch_start_cycle() const { return launch_start_cycle_; }
  ScalarStats launch_scalar_stats() const;

 private:
  // The scalar unit's data socket ends here: UB window or pass through.
  tlm_utils::simple_target_socket<AiCore> scalar_data_;
  void scalar_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool scalar_get_dmi(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int scalar_debug(tlm::tlm_generic_payload& trans);
  void invalidate_from_platform(sc_dt::uint64 start, sc_dt::uint64 end);
  void invalidate_gm_dmi(sc_dt::uint64 start, sc_dt::uint64 end);  // the MTEs' DMI (functional mode)
  bool in_ub_window(uint64_t addr, uint64_t len) const {
    return addr >= kUbWindowBase && addr + len <= kUbWindowBase + ub_.size();
  }

  class Pipes;
  AiCoreConfig config_;
  std::unique_ptr<ScalarCore> scalar_;
  std::unique_ptr<Pipes> pipes_;
  std::vector<uint8_t> ub_;
  std::vector<uint8_t> l1_, l0a_, l0b_, l0c_, bt_;
  std::vector<GmRegion> regions_;
  bool finished_ = false;
  // CSR state
  uint64_t mask0_ = ~uint64_t{0}, mask1_ = ~uint64_t{0}, mask_mode_ = 0, cmpmask_ = 0, pad_ = 0,
           pad_value_ = 0, fmatrix_ = 0;
  size_t next_block_ = 0;
  int64_t block_idx_ = -1;
  std::function<void()> launch_done_;
  uint64_t launch_start_cycle_ = 0;
  ScalarStats launch_scalar_base_{};  // the scalar unit's counters when the launch started
};


}  // namespace npuvp
