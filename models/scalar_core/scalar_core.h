// The RV64GC scalar core as a SystemC module: an interpreter over a
// decoded-instruction cache, with TLM-2.0 initiator sockets for instruction
// fetch and data, DMI to plain memory, and temporal decoupling (one SystemC
// wake-up per quantum). In cycle mode it follows the timing specification in
// models/scalar_core/TIMING.md; in functional mode every instruction takes
// one cycle and no pipeline state is tracked.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "isa/insn_table.h"
#include "models/scalar_core/hart.h"

namespace npuvp {

enum class SimMode { Cycle, Functional };

// One row of the latency table: when the result is ready, counted from the
// cycle the instruction issues, and how many cycles it keeps the issue stage.
struct LatencyRow {
  uint32_t latency = 1;
  uint32_t occupancy = 1;
};

struct ScalarTiming {
  std::array<LatencyRow, 32> rows{};  // indexed by isa::LatClass
  uint32_t taken_branch_penalty = 2;  // extra cycles after a taken branch/jump
  uint32_t trap_penalty = 4;          // extra cycles to redirect to mtvec/mepc
  // Instruction cache
  uint32_t icache_size = 32 * 1024;
  uint32_t icache_line = 64;
  uint32_t icache_ways = 4;
  uint32_t icache_miss_penalty = 30;  // plus the memory's own latency
  const LatencyRow& row(isa::LatClass c) const { return rows[static_cast<size_t>(c)]; }
  LatencyRow& row(isa::LatClass c) { return rows[static_cast<size_t>(c)]; }
};

struct ScalarCoreConfig {
  SimMode mode = SimMode::Cycle;
  uint64_t reset_pc = 0x80000000;
  uint64_t hartid = 0;
  uint64_t max_cycles = 0;  // 0: no limit
  sc_core::sc_time clock_period = sc_core::sc_time(1, sc_core::SC_NS);
  uint64_t quantum_cycles = 10000;
  uint64_t mtime_divider = 100;  // core cycles per mtime tick
  // Physical memory protection: implemented entries (0..16; 0: no PMP, the
  // CSRs read zero) and the granularity G (regions of 2^(G+2) bytes and up).
  unsigned pmp_entries = 16;
  unsigned pmp_granularity = 0;
  ScalarTiming timing;
  std::ostream* commit_log = nullptr;  // --trace-insn
  // Held in reset from the start: the core runs nothing until release().
  bool start_in_reset = false;
  // How long before a cycle's clock edge the core gives SystemC control at
  // the end of a quantum and when it leaves reset (less than clock_period).
  // Cores of one platform with distinct skews resume in a fixed order when
  // they synchronise at the same cycle, whatever order SystemC gives
  // simultaneous events (models/scalar_core/TIMING.md, "Synchronisation").
  sc_core::sc_time sync_skew = sc_core::SC_ZERO_TIME;
};

enum class StopReason {
  Running,
  Exit,           // the program asked to stop (HTIF), exit_code() is its status
  UnhandledTrap,  // a trap with nowhere to go (mtvec not executable)
  CycleLimit,     // max_cycles reached
  Deadlock,       // wfi with no interrupt that could ever wake the core
  Error,          // a model error (see message)
};

// "exit", "cycle_limit", ...: the names stats files and messages use.
const char* stop_reason_name(StopReason r);

struct ScalarStats {
  uint64_t cycles = 0;
  uint64_t instret = 0;
  uint64_t traps = 0;
  uint64_t interrupts = 0;
  uint64_t icache_hits = 0;
  uint64_t icache_misses = 0;
  uint64_t decoded_cache_fills = 0;
  // Stall cycles by reason (cycle mode)
  uint64_t stall_raw = 0;         // waiting for a source register (load-use, mul, fp)
  uint64_t stall_structural = 0;  // non-pipelined units (div, fp div/sqrt)
  uint64_t stall_branch = 0;      // taken-branch redirect
  uint64_t stall_icache = 0;      // instruction-cache misses
  uint64_t stall_memory = 0;      // data-memory latency beyond the pipeline
  uint64_t stall_trap = 0;
  uint64_t stall_npu = 0;         // Xnpu issue held by a full pipe queue or a PIPE_S wait
  std::array<uint64_t, 32> by_class{};  // retired instructions per LatClass
  double host_seconds = 0;

  // What was counted after `start` (taken from the same core earlier).
  ScalarStats since(const ScalarStats& start) const {
    ScalarStats d = *this;
    d.cycles -= start.cycles;
    d.instret -= start.instret;
    d.traps -= start.traps;
    d.interrupts -= start.interrupts;
    d.icache_hits -= start.icache_hits;
    d.icache_misses -= start.icache_misses;
    d.decoded_cache_fills -= start.decoded_cache_fills;
    d.stall_raw -= start.stall_raw;
    d.stall_structural -= start.stall_structural;
    d.stall_branch -= start.stall_branch;
    d.stall_icache -= start.stall_icache;
    d.stall_memory -= start.stall_memory;
    d.stall_trap -= start.stall_trap;
    d.stall_npu -= start.stall_npu;
    for (size_t i = 0; i < by_class.size(); ++i) d.by_class[i] -= start.by_class[i];
    d.host_seconds -= start.host_seconds;
    return d;
  }
};

class ScalarCore;

// A debugger attached to cores (platform/gdb). While one is attached, a core
// runs its quanta in the debug instantiation of its general interpreter loop,
// which calls before_insn() ahead of every instruction and is otherwise the
// same loop (so cycle counts do not change); without one, the loops are
// untouched and pay nothing.
class CoreDebugger {
 public:
  virtual ~CoreDebugger() = default;
  // Before core `id` executes the instruction at core.hart().pc. May block
  // (in host time only) while the debugger holds the simulation.
  virtual void before_insn(unsigned id, ScalarCore& core) = 0;
  // Core `id` has stopped for good (core.stop_reason() says why).
  virtual void core_stopped(unsigned id, ScalarCore& core) = 0;
};

class ScalarCore : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<ScalarCore> ifetch;
  tlm_utils::simple_initiator_socket<ScalarCore> data;

  ScalarCore(sc_core::sc_module_name name, const ScalarCoreConfig& config);
  ~ScalarCore() override;

  // Interrupt lines from devices (n: bit position in mip).
  void set_irq(unsigned n, bool level);
  // Raise line n at absolute simulated time `at` (used by the CLINT timer so
  // that a timer interrupt is taken at the exact cycle, whatever the quantum).
  void schedule_irq(unsigned n, sc_core::sc_time at);
  // Stop at the end of the current instruction (HTIF exit, a device error).
  void request_stop(StopReason reason, int exit_code, const std::string& message);
  // Reset control (a dispatch block): release() starts a core held in reset
  // at `pc` on the cycle of simulated time `at`, with its instruction and
  // decoded-instruction caches empty; request_park() puts a running core
  // back into reset at the end of the current instruction, and the park
  // handler is called once the core's time has been brought up to SystemC's.
  bool in_reset() const { return held_; }
  void release(uint64_t pc, sc_core::sc_time at);
  void request_park();
  void set_park_handler(std::function<void()> handler) { park_handler_ = std::move(handler); }
  // Forget decoded instructions in [addr, addr+len) (host wrote memory).
  void invalidate_decoded(uint64_t addr, uint64_t len);
  // Called by the platform when sc_start() returned: a core still running
  // then sleeps in wfi with nothing left that could wake it (a deadlock).
  void on_simulation_end();
  // Called once when the core stops, in place of the default sc_stop(): a
  // platform with several cores stops the simulation when all are done.
  void set_stop_handler(std::function<void()> handler) { stop_handler_ = std::move(handler); }
  // Attaches a debugger (nullptr detaches it); `id` is passed back to it.
  void set_debugger(CoreDebugger* debugger, unsigned id = 0) {
    debugger_ = debugger;
    debugger_id_ = id;
  }

  StopReason stop_reason() const { return stop_reason_; }
  const std::string& stop_message() const { return stop_message_; }
  int exit_code() const { return exit_code_; }
  const Hart& hart() const { return hart_; }
  Hart& hart() { return hart_; }
  ScalarStats stats() const;
  const ScalarCoreConfig& config() const { return config_; }
  // The core's local time: sc_time_stamp() plus its decoupled offset.
  sc_core::sc_time local_time() const;

 private:
  class Impl;
  void thread();
  void invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end);

  ScalarCoreConfig config_;
  Hart hart_;
  std::unique_ptr<Impl> impl_;
  StopReason stop_reason_ = StopReason::Running;
  std::string stop_message_;
  int exit_code_ = 0;
  std::function<void()> stop_handler_;
  CoreDebugger* debugger_ = nullptr;
  unsigned debugger_id_ = 0;
  std::function<void()> park_handler_;
  bool held_ = false, park_ = false;
  uint64_t release_pc_ = 0;
  sc_core::sc_time release_at_;
  sc_core::sc_event release_event_;
};

}  // namespace npuvp
