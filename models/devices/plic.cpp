#include "models/devices/plic.h"

#include <stdexcept>
#include <string>

namespace npuvp {

using sc_core::sc_time;

Plic::Plic(sc_core::sc_module_name name, const Params& params, IrqTarget* hart)
    : sc_core::sc_module(name), socket("socket"), params_(params), hart_(hart), regs_(this->name()) {
  const unsigned n = params_.sources;
  if (n < 2 || n > 1024) throw std::invalid_argument(std::string(this->name()) + ": sources must be 2..1024");
  priority_.assign(n, 0);
  level_.assign(n, false);
  pending_.assign(n, false);
  claimed_.assign(n, false);
  enabled_.assign(n, false);
  for (unsigned s = 1; s < n; ++s) {
    regs_.add({"priority" + std::to_string(s), kPriority + 4 * s, 4, 0, RegAccess::ReadWrite,
               [this, s](sc_time) -> uint64_t { return priority_[s]; },
               [this, s](uint64_t v, sc_time) {
                 priority_[s] = static_cast<uint32_t>(v) & kMaxPriority;  // WARL: 3 bits
                 update();
               }});
  }
  const unsigned words = (n + 31) / 32;
  for (unsigned w = 0; w < words; ++w) {
    regs_.add({"pending" + std::to_string(w), kPending + 4 * w, 4, 0, RegAccess::ReadOnly,
               [this, w](sc_time) -> uint64_t { return bits(pending_, w); }, nullptr});
    regs_.add({"enable" + std::to_string(w), kEnable + 4 * w, 4, 0, RegAccess::ReadWrite,
               [this, w](sc_time) -> uint64_t { return bits(enabled_, w); },
               [this, w, n](uint64_t v, sc_time) {
                 for (unsigned b = 0; b < 32; ++b) {
                   const unsigned s = 32 * w + b;
                   if (s < n) enabled_[s] = s != 0 && ((v >> b) & 1);
                 }
                 update();
               }});
  }
  regs_.add({"threshold", kThreshold, 4, 0, RegAccess::ReadWrite,
             [this](sc_time) -> uint64_t { return threshold_; },
             [this](uint64_t v, sc_time) {
               threshold_ = static_cast<uint32_t>(v) & kMaxPriority;
               update();
             }});
  regs_.add({"claim_complete", kClaim, 4, 0, RegAccess::ReadWrite, [this](sc_time) -> uint64_t { return claim(); },
             [this](uint64_t v, sc_time) { complete(static_cast<uint32_t>(v)); }});
  socket.register_b_transport(this, &Plic::b_transport);
}

uint32_t Plic::bits(const std::vector<bool>& v, unsigned word) const {
  uint32_t r = 0;
  for (unsigned b = 0; b < 32; ++b) {
    const unsigned s = 32 * word + b;
    if (s < v.size() && v[s]) r |= uint32_t{1} << b;
  }
  return r;
}

void Plic::set_source(unsigned s, bool level) {
  if (s == 0 || s >= params_.sources) throw std::out_of_range(std::string(name()) + ": no source " + std::to_string(s));
  level_[s] = level;
  // The gateway: a high line becomes pending unless its previous request is
  // still being served (claimed and not completed).
  if (level && !claimed_[s]) pending_[s] = true;
  update();
}

uint32_t Plic::claim() {
  // The highest-priority pending enabled source above the threshold; ties go
  // to the lowest source number. 0: nothing to claim.
  uint32_t best = 0, best_priority = 0;
  for (unsigned s = 1; s < params_.sources; ++s) {
    if (pending_[s] && enabled_[s] && priority_[s] > threshold_ && priority_[s] > best_priority) {
      best = s;
      best_priority = priority_[s];
    }
  }
  if (best != 0) {
    pending_[best] = false;
    claimed_[best] = true;
  }
  update();
  return best;
}

void Plic::complete(uint32_t s) {
  // A completion for a source that is not claimed (or not enabled) is ignored (spec).
  if (s == 0 || s >= params_.sources || !claimed_[s] || !enabled_[s]) return;
  claimed_[s] = false;
  if (level_[s]) pending_[s] = true;  // the device still asks
  update();
}

void Plic::update() {
  bool any = false;
  for (unsigned s = 1; s < params_.sources && !any; ++s)
    any = pending_[s] && enabled_[s] && priority_[s] > threshold_;
  if (any == meip_) return;
  meip_ = any;
  if (hart_) hart_->set_irq(kIrqMExternal, any);
}

void Plic::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  regs_.access(trans, sc_core::sc_time_stamp() + delay);
  delay += params_.latency;
}

}  // namespace npuvp
