// The initialisation registers of one die's HBM controller: what bring-up
// firmware programs before any core may use global memory. The PHY is
// powered on, then training is started and takes a fixed simulated time,
// after which READY is set; firmware polls STATUS. Until READY, the die's
// GM refuses AI-core and DMA traffic (GmGate asks ready()). Register map:
// models/devices/HBM_INIT.md.
#pragma once

#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/register_bank.h"

namespace npuvp {

class HbmInit : public sc_core::sc_module {
 public:
  static constexpr uint64_t kId = 0x00;        // ro: 'HBMC'
  static constexpr uint64_t kCtrl = 0x04;      // rw: bit 0 PHY_ON, bit 1 TRAIN, bit 2 PRECHARGE_ALL (write 1 to start; read 0)
  static constexpr uint64_t kStatus = 0x08;    // ro: bit 0 PHY_READY, 1 TRAINING, 2 READY, 3 ERROR, 4 PRECHARGING
  static constexpr uint64_t kTrainNs = 0x0C;   // ro: how long training takes, ns
  static constexpr uint64_t kSizeBytes = 0x10;  // ro, 8 bytes: the die's HBM capacity
  static constexpr uint64_t kChannels = 0x18;  // ro: channels x pseudo-channels
  static constexpr uint64_t kGmBase = 0x20;    // ro, 8 bytes: where this die's GM starts
  static constexpr uint64_t kSize = 0x1000;
  static constexpr uint32_t kIdValue = 0x434D4248;  // "HBMC" little-endian
  enum Ctrl : uint32_t { kCtrlPhyOn = 1, kCtrlTrain = 2, kCtrlPrechargeAll = 4 };
  enum Status : uint32_t { kPhyReady = 1, kTraining = 2, kReady = 4, kError = 8, kPrecharging = 16 };

  struct Params {
    uint64_t size = 0;
    uint64_t gm_base = 0;
    uint32_t channels = 0;
    sc_core::sc_time training = sc_core::sc_time(10, sc_core::SC_US);
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;
  };
  tlm_utils::simple_target_socket<HbmInit> socket;

  HbmInit(sc_core::sc_module_name name, const Params& params);
  // The controller's precharge-all (HbmController::precharge_all): returns
  // when every bank is idle. Without one, PRECHARGE_ALL takes no time.
  void set_precharge(std::function<sc_core::sc_time(sc_core::sc_time at)> precharge) {
    precharge_ = std::move(precharge);
  }

  // Whether GM may be used at simulated time t.
  bool ready(sc_core::sc_time t) const { return trained_ && t >= ready_at_; }
  uint32_t status(sc_core::sc_time t) const;
  const Params& params() const { return params_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  Params params_;
  RegisterBank regs_;
  bool phy_on_ = false, trained_ = false, error_ = false;
  sc_core::sc_time ready_at_;
  sc_core::sc_time precharged_at_ = sc_core::SC_ZERO_TIME;
  std::function<sc_core::sc_time(sc_core::sc_time)> precharge_;
};

}  // namespace npuvp
