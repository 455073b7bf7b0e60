#include "models/memory/bus.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace npuvp {

namespace {
std::string describe(const std::string& name, uint64_t base, uint64_t size) {
  char buf[64];
  std::snprintf(buf, sizeof buf, " [0x%llx, 0x%llx]", static_cast<unsigned long long>(base),
                static_cast<unsigned long long>(base + size - 1));
  return "'" + name + "'" + buf;
}
}  // namespace

Bus::Bus(sc_core::sc_module_name name, sc_core::sc_time latency)
    : sc_core::sc_module(name), target("target"), initiator("initiator"), latency_(latency) {
  target.register_b_transport(this, &Bus::b_transport);
  target.register_get_direct_mem_ptr(this, &Bus::get_direct_mem_ptr);
  target.register_transport_dbg(this, &Bus::transport_dbg);
  initiator.register_invalidate_direct_mem_ptr(this, &Bus::invalidate_direct_mem_ptr);
}

void Bus::map(TargetSocketBase& socket, uint64_t base, uint64_t size, const std::string& name,
              uint64_t offset) {
  const std::string self = std::string(this->name()) + ": mapping " + describe(name, base, size);
  if (size == 0) throw std::invalid_argument(self + " has size zero");
  if (base + (size - 1) < base) throw std::invalid_argument(self + " wraps around the address space");
  for (const Mapping& m : mappings_) {
    if (base <= m.end() && m.base <= base + (size - 1)) {
      throw std::invalid_argument(self + " overlaps " + describe(m.name, m.base, m.size));
    }
  }
  unsigned port;
  auto it = ports_.find(&socket);
  if (it != ports_.end()) {
    port = it->second;
  } else {
    port = static_cast<unsigned>(ports_.size());
    initiator.bind(socket);
    ports_.emplace(&socket, port);
  }
  Mapping m{name, base, size, offset, port};
  auto pos = std::upper_bound(mappings_.begin(), mappings_.end(), base,
                              [](uint64_t b, const Mapping& e) { return b < e.base; });
  mappings_.insert(pos, m);
}

const Bus::Mapping* Bus::find(uint64_t addr) const {
  auto pos = std::upper_bound(mappings_.begin(), mappings_.end(), addr,
                              [](uint64_t a, const Mapping& e) { return a < e.base; });
  if (pos == mappings_.begin()) return nullptr;
  --pos;
  return addr <= pos->end() ? &*pos : nullptr;
}

void Bus::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  const Mapping* m = find(addr);
  // An access that runs off the end of its mapping is not split: real
  // interconnects reject it too, and no core issues one.
  if (m == nullptr || len == 0 || m->end() - addr < len - 1) {
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
    for (const Mapping& e : mappings_) {
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
  // Clip to this mapping, in target-local addresses: whatever the target
  // offers beyond it belongs to other mappings (a device's hole in RAM).
  const uint64_t local_lo = m->offset, local_hi = m->offset + (m->size - 1);
  const uint64_t lo = std::max<uint64_t>(dmi.get_start_address(), local_lo);
  const uint64_t hi = std::min<uint64_t>(dmi.get_end_address(), local_hi);
  if (lo > hi) {
    dmi.set_start_address(m->base);
    dmi.set_end_address(m->end());
    dmi.allow_none();
    return false;
  }
  if (granted) dmi.set_dmi_ptr(dmi.get_dmi_ptr() + (lo - dmi.get_start_address()));
  dmi.set_start_address(lo - m->offset + m->base);
  dmi.set_end_address(hi - m->offset + m->base);
  if (granted) {
    dmi.set_read_latency(dmi.get_read_latency() + latency_);
    dmi.set_write_latency(dmi.get_write_latency() + latency_);
  }
  return granted;
}

unsigned int Bus::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address();
  const Mapping* m = find(addr);
  if (m == nullptr) return 0;
  const unsigned len = trans.get_data_length();
  const uint64_t room = m->end() - addr + 1;
  if (room < len) trans.set_data_length(static_cast<unsigned>(room));
  trans.set_address(addr - m->base + m->offset);
  const unsigned int n = initiator[m->port]->transport_dbg(trans);
  trans.set_address(addr);
  trans.set_data_length(len);
  return n;
}

void Bus::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
  for (const Mapping& m : mappings_) {
    if (m.port != static_cast<unsigned>(port)) continue;
    const uint64_t lo = std::max<uint64_t>(start, m.offset);
    const uint64_t hi = std::min<uint64_t>(end, m.offset + (m.size - 1));
    if (lo > hi) continue;
    for (unsigned i = 0; i < target.size(); ++i) {
      target[i]->invalidate_direct_mem_ptr(lo - m.offset + m.base, hi - m.offset + m.base);
    }
  }
}

}  // namespace npuvp
