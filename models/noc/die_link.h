// The die-to-die link of a two-die package (910C): a TLM pass-through in
// both directions with a bandwidth each way and a flight latency, so that a
// core reading the other die's memory pays for the crossing. Requests issued
// on die d enter at from_die<d> and leave at to_die<1-d>; addresses pass
// unchanged. Timing rules: models/noc/TIMING.md.
#pragma once

#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/noc/occupancy.h"
#include "models/trace/booked_slices.h"

namespace npuvp {

struct LinkParams {
  // 224 B per 1 ns cycle = 224 GB/s each way (DESIGN.md: ~224 GB/s, the
  // msmodeling "SIO" tier; an uncertain public figure).
  sc_core::sc_time clock_period = sc_core::sc_time(1, sc_core::SC_NS);
  uint32_t bytes_per_cycle = 224;
  // One way. A crossing pays it twice (request out, answer back): 0.2 us,
  // DESIGN.md's ~0.2 us figure for the crossing.
  sc_core::sc_time latency = sc_core::sc_time(100, sc_core::SC_NS);
  bool functional = false;  // no timing; DMI passes through
};

class DieLink : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket_tagged<DieLink> from_die0, from_die1;
  tlm_utils::simple_initiator_socket_tagged<DieLink> to_die1, to_die0;

  struct Direction {
    Occupancy wire;             // bytes flowing this way
    uint64_t transactions = 0;  // requests that entered on this side
  };

  DieLink(sc_core::sc_module_name name, const LinkParams& params);

  // Direction d carries bytes from die d to die 1-d: write data of requests
  // issued on die d, read data of requests issued on die 1-d.
  const Direction& direction(unsigned d) const { return dir_[d]; }
  const LinkParams& params() const { return params_; }

  // A timeline: one track per direction ("<name>/die0->die1"), one slice per
  // transfer on its wire, in cycles of `cycle` (the sink's clock); as
  // HbmController::set_trace. flush_trace() before the sink finishes.
  void set_trace(TraceSink* sink, sc_core::sc_time cycle);
  void flush_trace() { trace_.flush_all(); }

 private:
  void b_transport(int from, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(int from, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(int from, tlm::tlm_generic_payload& trans);
  void invalidate_direct_mem_ptr(int to, sc_dt::uint64 start, sc_dt::uint64 end);
  tlm_utils::simple_initiator_socket_tagged<DieLink>& out(int from) { return from == 0 ? to_die1 : to_die0; }

  LinkParams params_;
  Ticks latency_;
  Direction dir_[2];
  BookedSlices trace_;
  std::string tracks_[2];
};

}  // namespace npuvp
