#include "models/memory/ram.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace npuvp {

Ram::Ram(sc_core::sc_module_name name, const Params& params)
    : sc_core::sc_module(name), socket("socket"), params_(params) {
  if (params_.size == 0) throw std::invalid_argument(std::string(this->name()) + ": size is zero");
  store_.reserve(params_.size, this->name());
  socket.register_b_transport(this, &Ram::b_transport);
  socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &Ram::transport_dbg);
}

Ram::~Ram() = default;

uint8_t* Ram::host_ptr(uint64_t offset) {
  return store_.at(offset);
}

bool Ram::access(tlm::tlm_generic_payload& trans) { return store_.serve(trans); }

void Ram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (!access(trans)) return;
  if (trans.is_read())
    delay += read_delay();
  else if (trans.is_write())
    delay += write_delay();
  trans.set_dmi_allowed(true);
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  dmi.allow_read_write();
  dmi.set_dmi_ptr(store_.data());
  dmi.set_start_address(0);
  dmi.set_end_address(params_.size - 1);
  dmi.set_read_latency(read_delay());
  dmi.set_write_latency(write_delay());
  return true;
}

unsigned int Ram::transport_dbg(tlm::tlm_generic_payload& trans) { return store_.debug(trans); }

}  // namespace npuvp
