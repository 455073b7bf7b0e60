#include "models/memory/bus.h"

#include <algorithm>

namespace npuvp {


Bus::Bus(sc_core::sc_module_name name, sc_core::sc_time latency)
    : sc_core::sc_module(name), target("target"), initiator("initiator"), latency_(latency) {
  target.register_b_transport(this, &Bus::b_transport);
  target.register_get_direct_mem_ptr(this, &Bus::get_direct_mem_ptr);
  target.register_transport_dbg(this, &Bus::transport_dbg);
  initiator.register_invalidate_direct_mem_ptr(this, &Bus::invalidate_direct_mem_ptr);
}

void Bus::map(TargetSocketBase& socket, uint64_t base, uint64_t size, const std::string& name,
              uint64_t offset) {
  auto it = ports_.find(&socket);
  const unsigned port = it != ports_.end() ? it->second : static_cast<unsigned>(ports_.size());
  map_.add(this->name(), name, base, size, offset, port);  // throws before anything is bound
  if (it == ports_.end()) {
    initiator.bind(socket);
    ports_.emplace(&socket, port);
  }
}

void Bus::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t addr = trans.get_address();
  const Mapping* m = map_.route(addr, trans.get_data_length());
  if (m == nullptr) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  delay += latency_;
  trans.set_address(addr - m->base + m->offset);
  initiator[m->port]->b_transport(trans, delay);
  trans.set_address(addr);
}

bool Bus::get_direct_mem_ptr(int, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  const uint64_t addr = trans.get_address();
  const Mapping* m = find(addr);
  if (m == nullptr) {
    // Tell the initiator how far the unmapped gap reaches so it need not ask again.
    uint64_t lo = 0, hi = ~uint64_t{0};
    for (const Mapping& e : map_.mappings()) {
      if (e.end() < addr) lo = std::max(lo, e.end() + 1);
      if (e.base > addr) hi = std::min(hi, e.base - 1);
    }
    dmi.set_start_address(lo);
    dmi.set_end_address(hi);
    dmi.allow_none();
    return false;
  }
  trans.set_address(addr - m->base + m->offset);
  const bool granted = initiator[m->port]->get_direct_mem_ptr(trans, dmi);
  trans.set_address(addr);
  if (!AddressMap::clip_dmi(*m, granted, dmi)) {
    AddressMap::deny_dmi(*m, dmi);
    return false;
  }
  if (granted) {
    dmi.set_read_latency(dmi.get_read_latency() + latency_);
    dmi.set_write_latency(dmi.get_write_latency() + latency_);
  }
  return granted;
}

unsigned int Bus::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  return map_.debug(trans, [this](unsigned port, tlm::tlm_generic_payload& t) {
    return initiator[port]->transport_dbg(t);
  });
}

void Bus::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
  map_.invalidate(static_cast<unsigned>(port), start, end, [this](uint64_t lo, uint64_t hi) {
    for (unsigned i = 0; i < target.size(); ++i) target[i]->invalidate_direct_mem_ptr(lo, hi);
  });
}

}  // namespace npuvp
