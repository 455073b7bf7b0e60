#include "models/devices/clint.h"

#include <limits>
#include <stdexcept>

namespace npuvp {

Clint::Clint(sc_core::sc_module_name name, const Params& params, std::vector<IrqTarget*> harts)
    : sc_core::sc_module(name), socket("socket"), params_(params), harts_(std::move(harts)), regs_(this->name()) {
  if (params_.tick == sc_core::SC_ZERO_TIME) throw std::invalid_argument(std::string(this->name()) + ": tick is zero");
  if (harts_.size() > 4095) throw std::invalid_argument(std::string(this->name()) + ": too many harts");
  for (unsigned h = 0; h < harts_.size(); ++h) {
    regs_.add({"msip" + std::to_string(h), kMsip + 4 * h, 4, 0, RegAccess::ReadWrite, nullptr,
               [this, h](uint64_t v, sc_core::sc_time) {
                 // Only bit 0 is implemented; the rest read as zero.
                 regs_.find(kMsip + 4 * h)->value = v & 1;
                 harts_[h]->set_irq(kIrqMSoft, v & 1);
               }});
  }
  for (unsigned h = 0; h < harts_.size(); ++h) {
    // Reset value all-ones: no timer interrupt until software sets one.
    regs_.add({"mtimecmp" + std::to_string(h), kMtimecmp + 8 * h, 8, ~uint64_t{0}, RegAccess::ReadWrite,
               nullptr, [this, h](uint64_t v, sc_core::sc_time now) {
                 mtimecmp_[h]->value = v;
                 update_timer(h, now);
               }});
  }
  regs_.add({"mtime", kMtime, 8, 0, RegAccess::ReadWrite,
             [this](sc_core::sc_time now) { return mtime(now); },
             [this](uint64_t v, sc_core::sc_time now) {
               offset_ = v - (now.value() / params_.tick.value());
               for (unsigned h = 0; h < harts_.size(); ++h) update_timer(h, now);
             }});
  // Pointers into the bank only once it stops growing.
  for (unsigned h = 0; h < harts_.size(); ++h) mtimecmp_.push_back(regs_.find(kMtimecmp + 8 * h));
  socket.register_b_transport(this, &Clint::b_transport);
}

uint64_t Clint::mtime(sc_core::sc_time t) const {
  return t.value() / params_.tick.value() + offset_;
}

sc_core::sc_time Clint::time_of(uint64_t value) const {
  const uint64_t ticks = value - offset_;  // ticks of simulated time since 0
  const uint64_t tick = params_.tick.value();
  if (ticks > std::numeric_limits<uint64_t>::max() / tick) return sc_core::sc_max_time();
  return sc_core::sc_time::from_value(ticks * tick);
}

void Clint::update_timer(unsigned h, sc_core::sc_time now) {
  const uint64_t cmp = mtimecmp_[h]->value;
  if (mtime(now) >= cmp) {
    harts_[h]->set_irq(kIrqMTimer, true);
  } else {
    // Drop MTIP now (which also cancels an earlier schedule for the line) and
    // have the core raise it on the cycle mtime gets there, if it ever does.
    harts_[h]->set_irq(kIrqMTimer, false);
    const sc_core::sc_time at = time_of(cmp);
    if (at != sc_core::sc_max_time()) harts_[h]->schedule_irq(kIrqMTimer, at);
  }
}

void Clint::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  regs_.access(trans, sc_core::sc_time_stamp() + delay);
  delay += params_.latency;
}

}  // namespace npuvp
