// A mailbox between the host (the simulator's command line) and the
// firmware: sixteen 64-bit request words the host writes and rings a
// doorbell for (an interrupt, a PLIC source), and sixteen response words the
// firmware writes and rings the host's doorbell for. The words' meaning is
// the firmware's protocol (firmware/include/npuvp_mailbox.h); the device
// only carries them. Register map: models/devices/MAILBOX.md.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/register_bank.h"

namespace npuvp {

class Mailbox : public sc_core::sc_module {
 public:
  static constexpr unsigned kWords = 16;
  static constexpr uint64_t kStatus = 0x00;      // ro: bit 0 request pending, bit 1 doorbell interrupt enabled
  static constexpr uint64_t kRequestAck = 0x08;  // wo: 1 = the request was taken (drops the interrupt)
  static constexpr uint64_t kResponseBell = 0x10;  // wo: the response words are ready for the host
  static constexpr uint64_t kIrqEnable = 0x18;   // rw: bit 0 enables the doorbell interrupt
  static constexpr uint64_t kRequest = 0x100;    // ro: request word i at +8*i
  static constexpr uint64_t kResponse = 0x200;   // rw: response word i at +8*i
  static constexpr uint64_t kSize = 0x1000;
  enum Status : uint32_t { kRequestPending = 1 };

  using Words = std::array<uint64_t, kWords>;
  struct Params {
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;
  };
  tlm_utils::simple_target_socket<Mailbox> socket;

  // irq: the doorbell interrupt output. on_response: the host's side of the
  // response doorbell, called with the words at the simulated time of the
  // firmware's write.
  Mailbox(sc_core::sc_module_name name, const Params& params, std::function<void(bool)> irq,
          std::function<void(const Words&, sc_core::sc_time)> on_response);

  // The host posts a request (rings the firmware's doorbell). False if the
  // previous request has not been taken yet.
  bool post(const Words& request);
  bool request_pending() const { return pending_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void update_irq();

  Params params_;
  std::function<void(bool)> irq_;
  std::function<void(const Words&, sc_core::sc_time)> on_response_;
  RegisterBank regs_;
  Words request_{}, response_{};
  bool pending_ = false, enabled_ = false, level_ = false;
};

}  // namespace npuvp
