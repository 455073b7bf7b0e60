#include "models/devices/gm_gate.h"

#include <cstdio>

namespace npuvp {

GmGate::GmGate(sc_core::sc_module_name name, std::function<bool(uint64_t, sc_core::sc_time)> ready,
               std::function<void(const std::string&)> on_violation)
    : sc_core::sc_module(name), in("in"), out("out"), ready_(std::move(ready)), on_violation_(std::move(on_violation)) {
  in.register_b_transport(this, &GmGate::b_transport);
  in.register_get_direct_mem_ptr(this, &GmGate::get_direct_mem_ptr);
  in.register_transport_dbg(this, &GmGate::transport_dbg);
  out.register_invalidate_direct_mem_ptr(this, &GmGate::invalidate_direct_mem_ptr);
}

void GmGate::name_port(unsigned i, std::string n) {
  if (names_.size() <= i) names_.resize(i + 1);
  names_[i] = std::move(n);
}

void GmGate::b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const sc_core::sc_time now = sc_core::sc_time_stamp() + delay;
  if (ready_(trans.get_address(), now)) {
    out[id]->b_transport(trans, delay);
    return;
  }
  trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  if (violated_) return;
  violated_ = true;
  const std::string who = static_cast<size_t>(id) < names_.size() && !names_[id].empty()
                              ? names_[id]
                              : "requester " + std::to_string(id);
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%s: GM %s of %u bytes at 0x%llx by %s before that die's HBM is ready: the firmware must "
                "power the PHY on, start training and poll STATUS.READY (models/devices/HBM_INIT.md) "
                "before any core or DMA uses GM",
                name(), trans.is_write() ? "write" : "read", trans.get_data_length(),
                static_cast<unsigned long long>(trans.get_address()), who.c_str());
  if (on_violation_) on_violation_(buf);
}

bool GmGate::get_direct_mem_ptr(int id, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  if (!ready_(trans.get_address(), sc_core::sc_time_stamp())) {
    dmi.allow_none();
    return false;
  }
  return out[id]->get_direct_mem_ptr(trans, dmi);
}

unsigned int GmGate::transport_dbg(int id, tlm::tlm_generic_payload& trans) {
  return out[id]->transport_dbg(trans);
}

void GmGate::invalidate_direct_mem_ptr(int id, sc_dt::uint64 start, sc_dt::uint64 end) {
  in[id]->invalidate_direct_mem_ptr(start, end);
}

}  // namespace npuvp
