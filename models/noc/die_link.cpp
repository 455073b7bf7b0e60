#include "models/noc/die_link.h"

namespace npuvp {

DieLink::DieLink(sc_core::sc_module_name name, const LinkParams& params)
    : sc_core::sc_module(name),
      from_die0("from_die0"),
      from_die1("from_die1"),
      to_die1("to_die1"),
      to_die0("to_die0"),
      params_(params),
      latency_(to_ticks(params.latency)) {
  for (int d = 0; d < 2; ++d) dir_[d].wire = Occupancy(params.clock_period, params.bytes_per_cycle);
  from_die0.register_b_transport(this, &DieLink::b_transport, 0);
  from_die1.register_b_transport(this, &DieLink::b_transport, 1);
  from_die0.register_get_direct_mem_ptr(this, &DieLink::get_direct_mem_ptr, 0);
  from_die1.register_get_direct_mem_ptr(this, &DieLink::get_direct_mem_ptr, 1);
  from_die0.register_transport_dbg(this, &DieLink::transport_dbg, 0);
  from_die1.register_transport_dbg(this, &DieLink::transport_dbg, 1);
  // The tag is the die the answers return to.
  to_die1.register_invalidate_direct_mem_ptr(this, &DieLink::invalidate_direct_mem_ptr, 0);
  to_die0.register_invalidate_direct_mem_ptr(this, &DieLink::invalidate_direct_mem_ptr, 1);
}

void DieLink::set_trace(TraceSink* sink, sc_core::sc_time cycle) {
  trace_ = BookedSlices(sink, to_ticks(cycle));
  tracks_[0] = std::string(name()) + "/die0->die1";
  tracks_[1] = std::string(name()) + "/die1->die0";
}

void DieLink::b_transport(int from, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (params_.functional) {
    out(from)->b_transport(trans, delay);
    return;
  }
  Direction& there = dir_[from];     // from this die to the other
  Direction& back = dir_[1 - from];  // and back
  ++there.transactions;
  const uint64_t len = trans.get_data_length();
  const Ticks now = to_ticks(sc_core::sc_time_stamp());
  Ticks at = now + to_ticks(delay);
  trace_.flush_before(now);  // nothing can be booked before the present any more
  auto traced = [&](int dir, const char* what, Occupancy::Slot s) {
    if (trace_.on()) trace_.add(tracks_[dir], std::string(what) + " " + std::to_string(len) + " B", s.start, s.finish);
    return s.finish;
  };
  if (trans.is_write()) at = traced(from, "write", there.wire.reserve(at, len));
  sc_core::sc_time d = to_time(at + latency_ - now);
  out(from)->b_transport(trans, d);
  at = now + to_ticks(d);
  if (trans.is_read() && trans.is_response_ok()) at = traced(1 - from, "read", back.wire.reserve(at, len));
  delay = to_time(at + latency_ - now);
}

bool DieLink::get_direct_mem_ptr(int from, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  if (params_.functional) return out(from)->get_direct_mem_ptr(trans, dmi);
  dmi.set_start_address(0);
  dmi.set_end_address(~sc_dt::uint64{0});
  dmi.allow_none();
  return false;
}

unsigned int DieLink::transport_dbg(int from, tlm::tlm_generic_payload& trans) {
  return out(from)->transport_dbg(trans);
}

void DieLink::invalidate_direct_mem_ptr(int to, sc_dt::uint64 start, sc_dt::uint64 end) {
  (to == 0 ? from_die0 : from_die1)->invalidate_direct_mem_ptr(start, end);
}

}  // namespace npuvp
