// The core-local interruptor in SiFive's layout (as Spike and QEMU's `virt`
// place it): per hart a software-interrupt word and a timer comparator, and
// one shared 64-bit timer.
//   +0x0000 + 4*h   msip[h]      bit 0 drives the hart's MSIP line
//   +0x4000 + 8*h   mtimecmp[h]  MTIP is raised while mtime >= mtimecmp
//   +0xBFF8         mtime
// mtime is not a counter that something increments: it is derived from the
// simulated time of the access (the initiator's sc_time_stamp() + annotated
// delay) divided by the tick period, so it is exact whatever the quantum.
// Writing mtime sets it to the written value at the time of the write; it
// then keeps counting from there (an offset is kept), and every hart's timer
// comparison is re-evaluated.
// IrqTarget contract: set_irq(n, level) also cancels a pending schedule_irq
// of line n (ScalarCore behaves so); a comparator mtime never reaches within
// the range of sc_time (e.g. all-ones, "timer off") schedules nothing.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/irq.h"
#include "models/devices/register_bank.h"

namespace npuvp {

class Clint : public sc_core::sc_module {
 public:
  static constexpr uint64_t kMsip = 0x0000;
  static constexpr uint64_t kMtimecmp = 0x4000;
  static constexpr uint64_t kMtime = 0xBFF8;
  static constexpr uint64_t kSize = 0x10000;
  static constexpr unsigned kIrqMSoft = 3;   // mip bit positions
  static constexpr unsigned kIrqMTimer = 7;

  struct Params {
    sc_core::sc_time tick = sc_core::sc_time(100, sc_core::SC_NS);  // mtime period
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;              // per access
  };

  tlm_utils::simple_target_socket<Clint> socket;

  // harts[h] receives hart h's MSIP and MTIP lines.
  Clint(sc_core::sc_module_name name, const Params& params, std::vector<IrqTarget*> harts);

  // mtime at simulated time t.
  uint64_t mtime(sc_core::sc_time t) const;
  // The earliest time at which mtime reaches `value` (t >= that time gives
  // mtime(t) >= value); sc_max_time() if that is beyond the end of time.
  sc_core::sc_time time_of(uint64_t value) const;
  uint64_t mtimecmp(unsigned hart) const { return mtimecmp_[hart]->value; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  // Drives hart h's MTIP for the comparator's current value at time `now`.
  void update_timer(unsigned h, sc_core::sc_time now);

  Params params_;
  std::vector<IrqTarget*> harts_;
  RegisterBank regs_;
  std::vector<Register*> mtimecmp_;
  uint64_t offset_ = 0;  // mtime - time/tick, changed by writes to mtime
};

}  // namespace npuvp
