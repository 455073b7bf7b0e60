// A UART with the register set of the National Semiconductor 16550 (as
// Linux's 8250 driver, OpenSBI and U-Boot's ns16550 driver program it), one
// byte register per offset. Register map: models/devices/UART16550.md.
// Transmission takes no time: a byte written to THR appears on the console
// at once (the line's baud rate is not modelled), so LSR always reports the
// transmitter empty. Received bytes come from the host (receive()).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <iosfwd>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/register_bank.h"

namespace npuvp {

class Uart16550 : public sc_core::sc_module {
 public:
  // Offsets (DLAB = LCR bit 7 selects DLL/DLM at 0 and 1).
  static constexpr uint64_t kRbrThrDll = 0, kIerDlm = 1, kIirFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5,
                            kMsr = 6, kScr = 7;
  static constexpr uint64_t kSize = 0x100;
  enum Ier : uint8_t { kIerRxData = 1, kIerThrEmpty = 2 };
  enum Lsr : uint8_t { kLsrDataReady = 0x01, kLsrThrEmpty = 0x20, kLsrTxEmpty = 0x40 };
  enum Iir : uint8_t { kIirNone = 0x01, kIirThrEmpty = 0x02, kIirRxData = 0x04, kIirFifos = 0xC0 };
  enum Lcr : uint8_t { kLcrDlab = 0x80 };
  enum Mcr : uint8_t { kMcrLoop = 0x10 };
  enum Fcr : uint8_t { kFcrEnable = 0x01, kFcrClearRx = 0x02 };

  struct Params {
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;  // per access
    std::ostream* console = nullptr;                   // nullptr: std::cout
  };

  tlm_utils::simple_target_socket<Uart16550> socket;

  // irq: the interrupt output (a PLIC source), called on every change.
  Uart16550(sc_core::sc_module_name name, const Params& params, std::function<void(bool)> irq = nullptr);

  // Bytes arriving on the receive line.
  void receive(uint8_t byte);
  uint16_t divisor() const { return divisor_; }
  bool irq_level() const { return irq_level_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void transmit(uint8_t byte);
  uint8_t iir() const;
  void update_irq();
  bool dlab() const { return (lcr_->value & kLcrDlab) != 0; }

  Params params_;
  std::function<void(bool)> irq_;
  RegisterBank regs_;
  Register* lcr_ = nullptr;
  uint8_t ier_ = 0, fcr_ = 0;
  uint16_t divisor_ = 0;
  std::deque<uint8_t> rx_;
  bool thr_empty_pending_ = false;  // the THRE interrupt, until IIR reports it or THR is written
  bool irq_level_ = false;
};

}  // namespace npuvp
