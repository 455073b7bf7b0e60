#include "models/devices/uart16550.h"

#include <iostream>

namespace npuvp {

Uart16550::Uart16550(sc_core::sc_module_name name, const Params& params, std::function<void(bool)> irq)
    : sc_core::sc_module(name), socket("socket"), params_(params), irq_(std::move(irq)), regs_(this->name()) {
  if (params_.console == nullptr) params_.console = &std::cout;
  using sc_core::sc_time;
  regs_.add({"rbr_thr_dll", kRbrThrDll, 1, 0, RegAccess::ReadWrite,
             [this](sc_time) -> uint64_t {
               if (dlab()) return divisor_ & 0xff;
               if (rx_.empty()) return 0;
               const uint8_t b = rx_.front();
               rx_.pop_front();
               update_irq();
               return b;
             },
             [this](uint64_t v, sc_time) {
               if (dlab())
                 divisor_ = static_cast<uint16_t>((divisor_ & 0xff00) | (v & 0xff));
               else
                 transmit(static_cast<uint8_t>(v));
             }});
  regs_.add({"ier_dlm", kIerDlm, 1, 0, RegAccess::ReadWrite,
             [this](sc_time) -> uint64_t { return dlab() ? divisor_ >> 8 : ier_; },
             [this](uint64_t v, sc_time) {
               if (dlab()) {
                 divisor_ = static_cast<uint16_t>((divisor_ & 0xff) | ((v & 0xff) << 8));
                 return;
               }
               // Enabling the THRE interrupt with the transmitter empty raises it.
               if ((v & kIerThrEmpty) && !(ier_ & kIerThrEmpty)) thr_empty_pending_ = true;
               ier_ = static_cast<uint8_t>(v & 0x0f);
               update_irq();
             }});
  regs_.add({"iir_fcr", kIirFcr, 1, kIirNone, RegAccess::ReadWrite,
             [this](sc_time) -> uint64_t {
               const uint8_t v = iir();
               // Reading IIR while it reports THRE clears that interrupt (16550 data sheet).
               if ((v & 0x0f) == kIirThrEmpty) {
                 thr_empty_pending_ = false;
                 update_irq();
               }
               return v;
             },
             [this](uint64_t v, sc_time) {
               fcr_ = static_cast<uint8_t>(v & kFcrEnable);
               if (v & kFcrClearRx) rx_.clear();
               update_irq();
             }});
  regs_.add({"lcr", kLcr, 1, 0x03, RegAccess::ReadWrite, nullptr, nullptr});  // 8N1 after reset
  regs_.add({"mcr", kMcr, 1, 0, RegAccess::ReadWrite, nullptr, nullptr});
  regs_.add({"lsr", kLsr, 1, 0, RegAccess::ReadOnly,
             [this](sc_time) -> uint64_t {
               return kLsrThrEmpty | kLsrTxEmpty | (rx_.empty() ? 0 : kLsrDataReady);
             },
             nullptr});
  // Modem status: CTS, DSR and DCD asserted (a null-modem cable to the host).
  regs_.add({"msr", kMsr, 1, 0xB0, RegAccess::ReadOnly, nullptr, nullptr});
  regs_.add({"scr", kScr, 1, 0, RegAccess::ReadWrite, nullptr, nullptr});
  lcr_ = regs_.find(kLcr);
  socket.register_b_transport(this, &Uart16550::b_transport);
}

void Uart16550::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  regs_.access(trans, sc_core::sc_time_stamp() + delay);
  delay += params_.latency;
}

void Uart16550::transmit(uint8_t byte) {
  if (regs_.find(kMcr)->value & kMcrLoop) {
    rx_.push_back(byte);
  } else {
    params_.console->put(static_cast<char>(byte));
    if (byte == '\n') params_.console->flush();
  }
  thr_empty_pending_ = true;  // sent at once: the holding register is empty again
  update_irq();
}

void Uart16550::receive(uint8_t byte) {
  rx_.push_back(byte);
  update_irq();
}

uint8_t Uart16550::iir() const {
  const uint8_t fifos = (fcr_ & kFcrEnable) ? kIirFifos : 0;
  // Priority: received data before the transmitter.
  if ((ier_ & kIerRxData) && !rx_.empty()) return fifos | kIirRxData;
  if ((ier_ & kIerThrEmpty) && thr_empty_pending_) return fifos | kIirThrEmpty;
  return fifos | kIirNone;
}

void Uart16550::update_irq() {
  const bool level = (iir() & kIirNone) == 0;
  if (level == irq_level_) return;
  irq_level_ = level;
  if (irq_) irq_(level);
}

}  // namespace npuvp
