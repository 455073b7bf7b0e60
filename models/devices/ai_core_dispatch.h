// The AI-core dispatch block: the registers through which firmware releases
// AI cores from reset and starts a kernel on a set of them (entry point per
// core kind, argument block, block count, core mask or group mask, stacks),
// the per-core status of the last launch (done, trapped, bad access,
// deadlock) and the completion interrupt (a PLIC source). Register map and
// launch protocol: models/devices/AI_CORE_DISPATCH.md.
//
// Cores are numbered die by die; within a die the cube cores (AIC) first,
// then the vector cores (AIV). Group g of die d (AIC g with AIVs 2g and
// 2g+1, g < min(AIC, AIV/2)) is group d * that minimum + g; the block holds
// each group's cross-core flags. The block does not own the cores: the
// platform gives it a DispatchCores and tells it when a core finished.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/ai_core/ai_core.h"
#include "models/devices/register_bank.h"

namespace npuvp {

// What the dispatch block needs from the platform's cores.
class DispatchCores {
 public:
  virtual ~DispatchCores() = default;
  // Starts core c (held in reset) on `launch` at time `at`; false if it
  // cannot run (it stopped for good in an earlier launch).
  virtual bool start(unsigned c, const AiCoreLaunch& launch, sc_core::sc_time at) = 0;
  virtual std::string core_name(unsigned c) const = 0;  // "die0.aiv3"
  // A START written at `at` is about to start cores: returns when they
  // start (the platform aligns the memory system to the launch there:
  // AI_CORE_DISPATCH.md, "Launch start"). By default: at once.
  virtual sc_core::sc_time begin_launch(sc_core::sc_time at) { return at; }
};

class AiCoreDispatch : public sc_core::sc_module {
 public:
  static constexpr uint64_t kId = 0x000, kDies = 0x004, kAicPerDie = 0x008, kAivPerDie = 0x00C;
  static constexpr uint64_t kStartPc = 0x010, kEntry = 0x018, kArgs = 0x020, kStackBase = 0x028;
  static constexpr uint64_t kStackSize = 0x030, kBlocks = 0x034, kStart = 0x038, kActive = 0x03C;
  static constexpr uint64_t kIrqStatus = 0x040, kIrqEnable = 0x044, kError = 0x048, kErrorCore = 0x04C;
  static constexpr uint64_t kCycles = 0x050, kFailedCount = 0x058, kMode = 0x05C;
  static constexpr uint64_t kEntryAic = 0x060, kGroups = 0x068;
  static constexpr uint64_t kResetRelease = 0x080;  // 4 x 64-bit words: bit c = core c out of reset
  static constexpr uint64_t kCoreMask = 0x0A0;      // 4 x 64-bit words: bit c = core c takes part
  static constexpr uint64_t kGroupMask = 0x0C0;     // 2 x 64-bit words: bit g = group g takes part (MODE.GROUPS)
  static constexpr uint64_t kCoreStatus = 0x100;    // + 4*c
  static constexpr uint64_t kCoreUnit = 0x500;      // + 4*c: the core's unit in the last launch
  static constexpr uint64_t kSize = 0x1000;
  static constexpr unsigned kMaxCores = 256;
  static constexpr uint32_t kIdValue = 0x4455504E;  // "NPUD"
  static constexpr unsigned kArgWords = 16;         // argument block: a0..a7, then fa0..fa7 (bit patterns)
  static constexpr unsigned kMaxGroups = 128;
  static constexpr uint32_t kNoUnit = 0xFFFFFFFF;   // UNIT[c] of a core not in the last launch

  // MODE bits.
  enum Mode : uint32_t {
    kModeGroups = 1,      // units are the AIC + 2 AIV groups of GROUP_MASK (CORE_MASK unused)
    kModeStackTable = 2,  // STACK_BASE: a table of 64-bit stack tops indexed by core number
    kModeEntryAic = 4,    // the cube cores start with ENTRY_AIC, the vector cores with ENTRY
  };

  enum CoreState : uint32_t {
    kInReset = 0,
    kIdle = 1,       // out of reset, no launch yet
    kRunning = 2,
    kDone = 3,       // wrote npu_exit
    kTrapped = 4,    // an exception the kernel did not handle
    kBadAccess = 5,  // the bounds checker or the memory system refused an access
    kDeadlock = 6,   // waits that can never be satisfied
    kStopped = 7,    // any other stop (cycle limit, model error)
  };
  enum ErrorCode : uint32_t {
    kErrNone = 0,
    kErrCoreInReset = 1,  // START with a core in the mask held in reset
    kErrBusy = 2,         // START while a launch runs
    kErrNoCores = 3,      // empty mask
    kErrNoBlocks = 4,     // BLOCKS = 0
    kErrArgs = 5,         // the argument block is not in memory
    kErrCoreDead = 6,     // a core in the mask stopped for good in an earlier launch
    kErrStackTable = 7,   // MODE.STACK_TABLE and the table is not in memory
    kErrNoGroups = 8,     // MODE.GROUPS on a chip without groups, or a GROUP_MASK bit past them
  };
  enum Irq : uint32_t { kIrqDone = 1 };

  struct Params {
    unsigned dies = 1, aic_per_die = 0, aiv_per_die = 0;
    sc_core::sc_time clock_period = sc_core::sc_time(1, sc_core::SC_NS);  // the AI cores' clock (CYCLES)
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;
  };
  // Backdoor reads of the argument block (a descriptor fetch taking no time).
  using MemoryRead = std::function<bool(uint64_t addr, void* data, uint64_t len)>;

  tlm_utils::simple_target_socket<AiCoreDispatch> socket;

  // irq: the completion interrupt output. on_error: a launch the block
  // refused, in one line (the platform stops with it).
  AiCoreDispatch(sc_core::sc_module_name name, const Params& params, DispatchCores& cores, MemoryRead memory,
                 std::function<void(bool)> irq, std::function<void(const std::string&)> on_error);

  unsigned cores() const { return static_cast<unsigned>(state_.size()); }
  bool released(unsigned c) const { return (release_[c / 64] >> (c % 64)) & 1; }
  CoreState state(unsigned c) const { return state_.at(c); }
  unsigned groups() const { return static_cast<unsigned>(cross_.size()); }
  unsigned groups_per_die() const { return std::min(params_.aic_per_die, params_.aiv_per_die / 2); }
  // The platform reports that core c finished its part of the launch at
  // time `at` in `state`, after `cycles` of AI-core clock since its start.
  void core_finished(unsigned c, CoreState state, uint64_t cycles);
  uint64_t last_cycles() const { return cycles_; }
  bool busy() const { return active_ != 0; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void start(sc_core::sc_time now);
  void fail(ErrorCode code, unsigned core, const std::string& message);
  void update_irq();

  Params params_;
  DispatchCores& cores_;
  MemoryRead memory_;
  std::function<void(bool)> irq_;
  std::function<void(const std::string&)> on_error_;
  RegisterBank regs_;
  // A unit takes blocks: one core, or a group's AIC and two AIVs.
  struct Member {
    unsigned core, cross_member;
  };
  struct Unit {
    std::vector<Member> members;
    CrossCoreFlags* cross = nullptr;
  };
  // The units START selects, in order; false after fail().
  bool select_units(std::vector<Unit>& units);

  std::array<uint64_t, 4> release_{}, mask_{};
  std::array<uint64_t, 2> group_mask_{};
  std::vector<CoreState> state_;
  std::vector<uint32_t> unit_;  // per core: its unit in the last launch (UNIT[c])
  std::vector<std::unique_ptr<CrossCoreFlags>> cross_;  // per group
  uint64_t start_pc_ = 0, entry_ = 0, entry_aic_ = 0, args_ = 0, stack_base_ = 0;
  uint32_t mode_ = 0;
  uint32_t stack_size_ = 0, blocks_ = 0, irq_status_ = 0, irq_enable_ = 0, error_ = 0, error_core_ = 0;
  uint32_t active_ = 0, failed_ = 0;
  uint64_t cycles_ = 0;
  bool level_ = false;
};

}  // namespace npuvp
