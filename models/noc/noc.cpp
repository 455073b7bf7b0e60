#include "models/noc/noc.h"

#include <algorithm>
#include <stdexcept>

namespace npuvp {


Noc::Noc(sc_core::sc_module_name name, const NocParams& params)
    : sc_core::sc_module(name),
      requesters("requesters"),
      targets("targets"),
      params_(params),
      latency_(Ticks{params.latency} * to_ticks(params.clock_period)) {
  requesters.register_b_transport(this, &Noc::b_transport);
  requesters.register_get_direct_mem_ptr(this, &Noc::get_direct_mem_ptr);
  requesters.register_transport_dbg(this, &Noc::transport_dbg);
  targets.register_invalidate_direct_mem_ptr(this, &Noc::invalidate_direct_mem_ptr);
}

void Noc::map(TargetSocket& socket, uint64_t base, uint64_t size, const std::string& name,
              uint64_t offset, uint32_t bytes_per_cycle) {
  auto it = ports_.find(&socket);
  const unsigned port = it != ports_.end() ? it->second : static_cast<unsigned>(ports_.size());
  map_.add(this->name(), name, base, size, offset, port);  // throws before anything is bound
  if (it == ports_.end()) {
    targets.bind(socket);
    ports_.emplace(&socket, port);
    const Occupancy link(params_.clock_period, bytes_per_cycle);
    tgt_.push_back(Port{link, link, 0});
  }
}

unsigned Noc::target_port_of(const std::string& mapping_name) const {
  for (const Mapping& m : map_.mappings())
    if (m.name == mapping_name) return m.port;
  throw std::out_of_range(std::string(name()) + ": no mapping '" + mapping_name + "'");
}

Noc::Port& Noc::requester(unsigned id) {
  if (id >= req_.size()) {
    const Occupancy link(params_.clock_period, params_.requester_bytes_per_cycle);
    req_.resize(id + 1, Port{link, link, 0});
  }
  return req_[id];
}

void Noc::set_requester_bandwidth(unsigned port, uint32_t bytes_per_cycle) {
  Port& r = requester(port);
  if (r.transactions != 0)
    throw std::logic_error(std::string(name()) + ": requester bandwidth changed after traffic");
  r.in = r.out = Occupancy(params_.clock_period, bytes_per_cycle);
}

void Noc::b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  const Mapping* m = map_.route(addr, len);
  if (m == nullptr) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  trans.set_address(addr - m->base + m->offset);
  if (params_.functional) {
    targets[m->port]->b_transport(trans, delay);
    trans.set_address(addr);
    return;
  }
  Port& src = requester(static_cast<unsigned>(id));
  Port& dst = tgt_[m->port];
  ++src.transactions;
  ++dst.transactions;
  const Ticks now = to_ticks(sc_core::sc_time_stamp());
  Ticks at = now + to_ticks(delay);
  const bool write = trans.is_write(), read = trans.is_read();
  if (write) at = Occupancy::reserve_together({&src.in, &dst.in}, at, len).finish;
  sc_core::sc_time d = to_time(at + latency_ - now);
  targets[m->port]->b_transport(trans, d);
  trans.set_address(addr);
  at = now + to_ticks(d);
  if (read) at = Occupancy::reserve_together({&dst.out, &src.out}, at, len).finish;
  delay = to_time(at + latency_ - now);
}

bool Noc::get_direct_mem_ptr(int, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  const uint64_t addr = trans.get_address();
  const Mapping* m = find(addr);
  if (m == nullptr || !params_.functional) {
    // In cycle mode every access crosses the links to be timed.
    dmi.set_start_address(0);
    dmi.set_end_address(~sc_dt::uint64{0});
    dmi.allow_none();
    return false;
  }
  trans.set_address(addr - m->base + m->offset);
  const bool granted = targets[m->port]->get_direct_mem_ptr(trans, dmi);
  trans.set_address(addr);
  // Clip to the mapping, then translate back to network addresses.
  if (!granted || !AddressMap::clip_dmi(*m, granted, dmi)) {
    AddressMap::deny_dmi(*m, dmi);
    return false;
  }
  return true;
}

unsigned int Noc::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  return map_.debug(trans, [this](unsigned port, tlm::tlm_generic_payload& t) {
    return targets[port]->transport_dbg(t);
  });
}

void Noc::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
  map_.invalidate(static_cast<unsigned>(port), start, end, [this](uint64_t lo, uint64_t hi) {
    for (unsigned i = 0; i < requesters.size(); ++i) requesters[i]->invalidate_direct_mem_ptr(lo, hi);
  });
}

}  // namespace npuvp
