#include "models/noc/noc.h"

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
  const std::string self = std::string(this->name()) + ": mapping " + describe(name, base, size);
  if (size == 0) throw std::invalid_argument(self + " has size zero");
  if (base + (size - 1) < base) throw std::invalid_argument(self + " wraps around the address space");
  for (const Mapping& m : mappings_) {
    if (base <= m.end() && m.base <= base + (size - 1))
      throw std::invalid_argument(self + " overlaps " + describe(m.name, m.base, m.size));
  }
  unsigned port;
  auto it = ports_.find(&socket);
  if (it != ports_.end()) {
    port = it->second;
  } else {
    port = static_cast<unsigned>(ports_.size());
    targets.bind(socket);
    ports_.emplace(&socket, port);
    const Occupancy link(params_.clock_period, bytes_per_cycle);
    tgt_.push_back(Port{link, link, 0});
  }
  Mapping m{name, base, size, offset, port};
  auto pos = std::upper_bound(mappings_.begin(), mappings_.end(), base,
                              [](uint64_t b, const Mapping& e) { return b < e.base; });
  mappings_.insert(pos, m);
}

const Noc::Mapping* Noc::find(uint64_t addr) const {
  auto pos = std::upper_bound(mappings_.begin(), mappings_.end(), addr,
                              [](uint64_t a, const Mapping& e) { return a < e.base; });
  if (pos == mappings_.begin()) return nullptr;
  --pos;
  return addr <= pos->end() ? &*pos : nullptr;
}

unsigned Noc::target_port_of(const std::string& mapping_name) const {
  for (const Mapping& m : mappings_)
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
  const Mapping* m = find(addr);
  if (m == nullptr || len == 0 || m->end() - addr < len - 1) {
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
  const uint64_t lo = std::max<uint64_t>(dmi.get_start_address(), m->offset);
  const uint64_t hi = std::min<uint64_t>(dmi.get_end_address(), m->offset + (m->size - 1));
  if (!granted || lo > hi) {
    dmi.set_start_address(m->base);
    dmi.set_end_address(m->end());
    dmi.allow_none();
    return false;
  }
  dmi.set_dmi_ptr(dmi.get_dmi_ptr() + (lo - dmi.get_start_address()));
  dmi.set_start_address(lo - m->offset + m->base);
  dmi.set_end_address(hi - m->offset + m->base);
  return true;
}

unsigned int Noc::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address();
  const Mapping* m = find(addr);
  if (m == nullptr) return 0;
  const unsigned len = trans.get_data_length();
  const uint64_t room = m->end() - addr + 1;
  if (room < len) trans.set_data_length(static_cast<unsigned>(room));
  trans.set_address(addr - m->base + m->offset);
  const unsigned int n = targets[m->port]->transport_dbg(trans);
  trans.set_address(addr);
  trans.set_data_length(len);
  return n;
}

void Noc::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
  for (const Mapping& m : mappings_) {
    if (m.port != static_cast<unsigned>(port)) continue;
    const uint64_t lo = std::max<uint64_t>(start, m.offset);
    const uint64_t hi = std::min<uint64_t>(end, m.offset + (m.size - 1));
    if (lo > hi) continue;
    for (unsigned i = 0; i < requesters.size(); ++i)
      requesters[i]->invalidate_direct_mem_ptr(lo - m.offset + m.base, hi - m.offset + m.base);
  }
}

}  // namespace npuvp
