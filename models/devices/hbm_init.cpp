#include "models/devices/hbm_init.h"

#include <algorithm>

namespace npuvp {

using sc_core::sc_time;

HbmInit::HbmInit(sc_core::sc_module_name name, const Params& params)
    : sc_core::sc_module(name), socket("socket"), params_(params), regs_(this->name()) {
  regs_.add({"id", kId, 4, kIdValue, RegAccess::ReadOnly, nullptr, nullptr});
  regs_.add({"ctrl", kCtrl, 4, 0, RegAccess::ReadWrite,
             [this](sc_time) -> uint64_t { return phy_on_ ? uint64_t{kCtrlPhyOn} : 0; },
             [this](uint64_t v, sc_time now) {
               const bool phy = (v & kCtrlPhyOn) != 0;
               if (!phy) trained_ = false;  // powering the PHY down loses the training
               phy_on_ = phy;
               if (v & kCtrlTrain) {
                 if (!phy_on_) {
                   error_ = true;  // training needs the PHY on first
                 } else if (!trained_) {
                   trained_ = true;
                   error_ = false;
                   ready_at_ = now + params_.training;
                 }
               }
               if (v & kCtrlPrechargeAll) {
                 if (!ready(now)) {
                   error_ = true;  // nothing to precharge before training: a bring-up bug
                 } else if (precharge_) {
                   precharged_at_ = std::max(precharged_at_, precharge_(now));
                 }
               }
             }});
  regs_.add({"status", kStatus, 4, 0, RegAccess::ReadOnly, [this](sc_time now) -> uint64_t { return status(now); },
             nullptr});
  regs_.add({"train_ns", kTrainNs, 4, static_cast<uint64_t>(params_.training.to_seconds() * 1e9 + 0.5),
             RegAccess::ReadOnly, nullptr, nullptr});
  regs_.add({"size", kSizeBytes, 8, params_.size, RegAccess::ReadOnly, nullptr, nullptr});
  regs_.add({"channels", kChannels, 4, params_.channels, RegAccess::ReadOnly, nullptr, nullptr});
  regs_.add({"gm_base", kGmBase, 8, params_.gm_base, RegAccess::ReadOnly, nullptr, nullptr});
  socket.register_b_transport(this, &HbmInit::b_transport);
}

uint32_t HbmInit::status(sc_time t) const {
  uint32_t s = 0;
  if (phy_on_) s |= kPhyReady;
  if (trained_ && t < ready_at_) s |= kTraining;
  if (ready(t)) s |= kReady;
  if (error_) s |= kError;
  if (t < precharged_at_) s |= kPrecharging;
  return s;
}

void HbmInit::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  regs_.access(trans, sc_core::sc_time_stamp() + delay);
  delay += params_.latency;
}

}  // namespace npuvp
