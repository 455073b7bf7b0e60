#include "models/devices/ai_core_dispatch.h"

#include <cstdio>
#include <stdexcept>

namespace npuvp {

using sc_core::sc_time;

namespace {
std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}
}  // namespace

AiCoreDispatch::AiCoreDispatch(sc_core::sc_module_name name, const Params& params, DispatchCores& cores,
                               MemoryRead memory, std::function<void(bool)> irq,
                               std::function<void(const std::string&)> on_error)
    : sc_core::sc_module(name),
      socket("socket"),
      params_(params),
      cores_(cores),
      memory_(std::move(memory)),
      irq_(std::move(irq)),
      on_error_(std::move(on_error)),
      regs_(this->name()) {
  const unsigned n = params_.dies * (params_.aic_per_die + params_.aiv_per_die);
  if (n == 0 || n > kMaxCores)
    throw std::invalid_argument(std::string(this->name()) + ": " + std::to_string(n) + " cores (1.." +
                                std::to_string(kMaxCores) + " supported)");
  state_.assign(n, kInReset);
  unit_.assign(n, kNoUnit);
  const unsigned groups = params_.dies * groups_per_die();
  if (groups > kMaxGroups)
    throw std::invalid_argument(std::string(this->name()) + ": " + std::to_string(groups) + " groups (at most " +
                                std::to_string(kMaxGroups) + " supported)");
  for (unsigned g = 0; g < groups; ++g) cross_.push_back(std::make_unique<CrossCoreFlags>());
  auto ro = [this](std::string nm, uint64_t off, unsigned size, uint64_t v) {
    regs_.add({std::move(nm), off, size, v, RegAccess::ReadOnly, nullptr, nullptr});
  };
  auto rw = [this](std::string nm, uint64_t off, unsigned size, auto* field) {
    regs_.add({std::move(nm), off, size, 0, RegAccess::ReadWrite,
               [field](sc_time) -> uint64_t { return *field; },
               [field](uint64_t v, sc_time) { *field = static_cast<std::remove_pointer_t<decltype(field)>>(v); }});
  };
  ro("id", kId, 4, kIdValue);
  ro("dies", kDies, 4, params_.dies);
  ro("aic_per_die", kAicPerDie, 4, params_.aic_per_die);
  ro("aiv_per_die", kAivPerDie, 4, params_.aiv_per_die);
  ro("groups", kGroups, 4, groups);
  rw("start_pc", kStartPc, 8, &start_pc_);
  rw("entry", kEntry, 8, &entry_);
  rw("entry_aic", kEntryAic, 8, &entry_aic_);
  rw("mode", kMode, 4, &mode_);
  rw("args", kArgs, 8, &args_);
  rw("stack_base", kStackBase, 8, &stack_base_);
  rw("stack_size", kStackSize, 4, &stack_size_);
  rw("blocks", kBlocks, 4, &blocks_);
  regs_.add({"start", kStart, 4, 0, RegAccess::WriteOnly, nullptr, [this](uint64_t v, sc_time now) {
               if (v & 1) start(now);
             }});
  regs_.add({"active", kActive, 4, 0, RegAccess::ReadOnly, [this](sc_time) -> uint64_t { return active_; }, nullptr});
  regs_.add({"irq_status", kIrqStatus, 4, 0, RegAccess::ReadWrite,
             [this](sc_time) -> uint64_t { return irq_status_; },
             [this](uint64_t v, sc_time) {
               irq_status_ &= ~static_cast<uint32_t>(v);  // write 1 to clear
               update_irq();
             }});
  regs_.add({"irq_enable", kIrqEnable, 4, 0, RegAccess::ReadWrite,
             [this](sc_time) -> uint64_t { return irq_enable_; },
             [this](uint64_t v, sc_time) {
               irq_enable_ = static_cast<uint32_t>(v) & kIrqDone;
               update_irq();
             }});
  regs_.add({"error", kError, 4, 0, RegAccess::ReadOnly, [this](sc_time) -> uint64_t { return error_; }, nullptr});
  regs_.add({"error_core", kErrorCore, 4, 0, RegAccess::ReadOnly,
             [this](sc_time) -> uint64_t { return error_core_; }, nullptr});
  regs_.add({"cycles", kCycles, 8, 0, RegAccess::ReadOnly, [this](sc_time) -> uint64_t { return cycles_; }, nullptr});
  regs_.add({"failed", kFailedCount, 4, 0, RegAccess::ReadOnly, [this](sc_time) -> uint64_t { return failed_; }, nullptr});
  for (unsigned w = 0; w < 4; ++w) {
    regs_.add({"reset_release" + std::to_string(w), kResetRelease + 8 * w, 8, 0, RegAccess::ReadWrite,
               [this, w](sc_time) -> uint64_t { return release_[w]; },
               [this, w, n](uint64_t v, sc_time) {
                 for (unsigned b = 0; b < 64; ++b) {
                   const unsigned c = 64 * w + b;
                   if (c >= n) break;
                   const bool out = (v >> b) & 1;
                   // Only cores not running a launch change state; a core
                   // that finished keeps its last status until reset.
                   if (state_[c] == kRunning) continue;
                   if (!out) state_[c] = kInReset;
                   else if (state_[c] == kInReset) state_[c] = kIdle;
                   release_[w] = (release_[w] & ~(uint64_t{1} << b)) | (uint64_t{out} << b);
                 }
               }});
    regs_.add({"core_mask" + std::to_string(w), kCoreMask + 8 * w, 8, 0, RegAccess::ReadWrite,
               [this, w](sc_time) -> uint64_t { return mask_[w]; },
               [this, w](uint64_t v, sc_time) { mask_[w] = v; }});
  }
  for (unsigned w = 0; w < 2; ++w)
    regs_.add({"group_mask" + std::to_string(w), kGroupMask + 8 * w, 8, 0, RegAccess::ReadWrite,
               [this, w](sc_time) -> uint64_t { return group_mask_[w]; },
               [this, w](uint64_t v, sc_time) { group_mask_[w] = v; }});
  for (unsigned c = 0; c < n; ++c) {
    regs_.add({"status" + std::to_string(c), kCoreStatus + 4 * c, 4, 0, RegAccess::ReadOnly,
               [this, c](sc_time) -> uint64_t { return state_[c]; }, nullptr});
    regs_.add({"unit" + std::to_string(c), kCoreUnit + 4 * c, 4, kNoUnit, RegAccess::ReadOnly,
               [this, c](sc_time) -> uint64_t { return unit_[c]; }, nullptr});
  }
  socket.register_b_transport(this, &AiCoreDispatch::b_transport);
}

void AiCoreDispatch::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  regs_.access(trans, sc_core::sc_time_stamp() + delay);
  delay += params_.latency;
}

void AiCoreDispatch::fail(ErrorCode code, unsigned core, const std::string& message) {
  error_ = code;
  error_core_ = core;
  if (on_error_) on_error_(std::string(name()) + ": " + message);
}

bool AiCoreDispatch::select_units(std::vector<Unit>& units) {
  const unsigned n = cores();
  auto selectable = [&](unsigned c) {
    if (released(c)) return true;
    fail(kErrCoreInReset, c,
         "START on core " + std::to_string(c) + " (" + cores_.core_name(c) +
             ") which is held in reset: set its bit in RESET_RELEASE before launching on it");
    return false;
  };
  if (!(mode_ & kModeGroups)) {
    for (unsigned c = 0; c < n; ++c) {
      if (!((mask_[c / 64] >> (c % 64)) & 1)) continue;
      if (!selectable(c)) return false;
      units.push_back({{{c, 0}}, nullptr});
    }
    if (units.empty()) {
      fail(kErrNoCores, 0, "START with an empty CORE_MASK");
      return false;
    }
    return true;
  }
  // Groups: AIC g of die d with AIVs 2g and 2g+1, members 0, 1, 2.
  const unsigned per_group_die = groups_per_die(), per_die = params_.aic_per_die + params_.aiv_per_die;
  for (unsigned g = 0; g < kMaxGroups; ++g) {
    if (!((group_mask_[g / 64] >> (g % 64)) & 1)) continue;
    if (g >= groups()) {
      fail(kErrNoGroups, g, "START on group " + std::to_string(g) + " of a chip with " + std::to_string(groups()) +
                                " AIC + 2 AIV groups");
      return false;
    }
    const unsigned d = g / per_group_die, i = g % per_group_die;
    const unsigned aic = d * per_die + i, aiv = d * per_die + params_.aic_per_die + 2 * i;
    Unit u{{{aic, CrossCoreFlags::kAic}, {aiv, 1}, {aiv + 1, 2}}, cross_[g].get()};
    for (const Member& m : u.members)
      if (!selectable(m.core)) return false;
    units.push_back(std::move(u));
  }
  if (units.empty()) {
    fail(groups() == 0 ? kErrNoGroups : kErrNoCores, 0,
         groups() == 0 ? "START with MODE.GROUPS on a chip without AIC + 2 AIV groups"
                       : "START with MODE.GROUPS and an empty GROUP_MASK");
    return false;
  }
  return true;
}

void AiCoreDispatch::start(sc_time now) {
  error_ = kErrNone;
  if (active_ != 0) return fail(kErrBusy, 0, "START while the previous launch still runs on " +
                                                 std::to_string(active_) + " cores (wait for IRQ_STATUS.DONE)");
  if (blocks_ == 0) return fail(kErrNoBlocks, 0, "START with BLOCKS = 0");
  std::vector<Unit> units;
  if (!select_units(units)) return;
  std::array<uint64_t, kArgWords> args{};
  if (!memory_ || !memory_(args_, args.data(), sizeof args))
    return fail(kErrArgs, 0, "the argument block at " + hex(args_) + " is not in memory");
  // Stack tops: the k-th started core's slice, or core c's word of the table.
  const size_t used = std::min<size_t>(units.size(), blocks_);
  std::vector<uint64_t> sp;
  for (size_t u = 0, k = 0; u < used; ++u) {
    for (const Member& m : units[u].members) {
      uint64_t top = stack_base_ + (++k) * uint64_t{stack_size_};
      if ((mode_ & kModeStackTable) && !memory_(stack_base_ + 8 * uint64_t{m.core}, &top, 8))
        return fail(kErrStackTable, m.core, "the stack table entry of core " + std::to_string(m.core) + " at " +
                                                hex(stack_base_ + 8 * uint64_t{m.core}) + " is not in memory");
      sp.push_back(top);
    }
  }

  // Block b runs on the (b mod units)-th unit, every core of a unit the same
  // blocks, as a direct launch places them.
  const sc_time begin = cores_.begin_launch(now);
  failed_ = 0;
  cycles_ = 0;
  irq_status_ &= ~kIrqDone;
  update_irq();
  std::fill(unit_.begin(), unit_.end(), kNoUnit);
  for (size_t u = 0, k = 0; u < used; ++u) {
    if (units[u].cross) units[u].cross->clear();
    for (const Member& m : units[u].members) {
      const unsigned c = m.core;
      const bool cube = (c % (params_.aic_per_die + params_.aiv_per_die)) < params_.aic_per_die;
      AiCoreLaunch l;
      l.start_pc = start_pc_;
      l.entry = (mode_ & kModeEntryAic) && cube ? entry_aic_ : entry_;
      l.block_num = blocks_;
      for (uint32_t b = static_cast<uint32_t>(u); b < blocks_; b += static_cast<uint32_t>(units.size()))
        l.blocks.push_back(b);
      l.sp = sp[k++];
      for (unsigned i = 0; i < 8; ++i) {
        l.x[i] = args[i];
        l.f[i] = args[8 + i];
      }
      l.cross = units[u].cross;
      l.cross_member = m.cross_member;
      unit_[c] = static_cast<uint32_t>(u);
      if (!cores_.start(c, l, begin)) {
        // Cores already started run on; the launch completes without this one.
        state_[c] = kStopped;
        ++failed_;
        fail(kErrCoreDead, c, "core " + std::to_string(c) + " (" + cores_.core_name(c) +
                                  ") stopped for good in an earlier launch and cannot start");
        continue;
      }
      state_[c] = kRunning;
      ++active_;
    }
  }
  if (active_ == 0) {
    irq_status_ |= kIrqDone;
    update_irq();
  }
}

void AiCoreDispatch::core_finished(unsigned c, CoreState state, uint64_t cycles) {
  if (c >= cores() || state_[c] != kRunning) return;
  state_[c] = state;
  if (state != kDone) ++failed_;
  cycles_ = std::max(cycles_, cycles);
  if (--active_ == 0) {
    irq_status_ |= kIrqDone;
    update_irq();
  }
}

void AiCoreDispatch::update_irq() {
  const bool level = (irq_status_ & irq_enable_) != 0;
  if (level == level_) return;
  level_ = level;
  if (irq_) irq_(level);
}

}  // namespace npuvp
