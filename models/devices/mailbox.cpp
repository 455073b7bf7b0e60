#include "models/devices/mailbox.h"

#include <string>

namespace npuvp {

using sc_core::sc_time;

Mailbox::Mailbox(sc_core::sc_module_name name, const Params& params, std::function<void(bool)> irq,
                 std::function<void(const Words&, sc_core::sc_time)> on_response)
    : sc_core::sc_module(name),
      socket("socket"),
      params_(params),
      irq_(std::move(irq)),
      on_response_(std::move(on_response)),
      regs_(this->name()) {
  regs_.add({"status", kStatus, 4, 0, RegAccess::ReadOnly,
             [this](sc_time) -> uint64_t { return (pending_ ? 1u : 0u) | (enabled_ ? 2u : 0u); }, nullptr});
  regs_.add({"request_ack", kRequestAck, 4, 0, RegAccess::WriteOnly, nullptr, [this](uint64_t v, sc_time) {
               if (v & 1) pending_ = false;
               update_irq();
             }});
  regs_.add({"response_bell", kResponseBell, 4, 0, RegAccess::WriteOnly, nullptr,
             [this](uint64_t, sc_time now) {
               if (on_response_) on_response_(response_, now);
             }});
  regs_.add({"irq_enable", kIrqEnable, 4, 0, RegAccess::ReadWrite,
             [this](sc_time) -> uint64_t { return enabled_ ? 1 : 0; },
             [this](uint64_t v, sc_time) {
               enabled_ = (v & 1) != 0;
               update_irq();
             }});
  for (unsigned i = 0; i < kWords; ++i) {
    regs_.add({"request" + std::to_string(i), kRequest + 8 * i, 8, 0, RegAccess::ReadOnly,
               [this, i](sc_time) -> uint64_t { return request_[i]; }, nullptr});
    regs_.add({"response" + std::to_string(i), kResponse + 8 * i, 8, 0, RegAccess::ReadWrite,
               [this, i](sc_time) -> uint64_t { return response_[i]; },
               [this, i](uint64_t v, sc_time) { response_[i] = v; }});
  }
  socket.register_b_transport(this, &Mailbox::b_transport);
}

bool Mailbox::post(const Words& request) {
  if (pending_) return false;
  request_ = request;
  pending_ = true;
  update_irq();
  return true;
}

void Mailbox::update_irq() {
  const bool level = pending_ && enabled_;
  if (level == level_) return;
  level_ = level;
  if (irq_) irq_(level);
}

void Mailbox::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  regs_.access(trans, sc_core::sc_time_stamp() + delay);
  delay += params_.latency;
}

}  // namespace npuvp
