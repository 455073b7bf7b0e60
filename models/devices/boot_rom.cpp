#include "models/devices/boot_rom.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace npuvp {

BootRom::BootRom(sc_core::sc_module_name name, const Params& params)
    : sc_core::sc_module(name), socket("socket"), params_(params), contents_(params.size, 0) {
  socket.register_b_transport(this, &BootRom::b_transport);
  socket.register_get_direct_mem_ptr(this, &BootRom::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &BootRom::transport_dbg);
}

void BootRom::program(uint64_t offset, const void* bytes, uint64_t len) {
  if (!in_range(offset, len))
    throw std::out_of_range(std::string(name()) + ": image of " + std::to_string(len) + " bytes at offset " +
                            std::to_string(offset) + " does not fit in " + std::to_string(contents_.size()) + " bytes");
  std::memcpy(contents_.data() + offset, bytes, len);
}

void BootRom::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  if (!in_range(addr, len)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (!trans.is_read()) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  std::memcpy(trans.get_data_ptr(), contents_.data() + addr, len);
  delay += params_.latency;
  trans.set_dmi_allowed(true);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool BootRom::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  dmi.set_dmi_ptr(contents_.data());
  dmi.set_start_address(0);
  dmi.set_end_address(contents_.size() - 1);
  dmi.set_read_latency(params_.latency);
  dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_READ);
  return trans.is_read();
}

unsigned int BootRom::transport_dbg(tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address();
  if (addr >= contents_.size()) return 0;
  const unsigned n = static_cast<unsigned>(std::min<uint64_t>(trans.get_data_length(), contents_.size() - addr));
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), contents_.data() + addr, n);
  else if (trans.is_write()) std::memcpy(contents_.data() + addr, trans.get_data_ptr(), n);  // a debugger may patch it
  return n;
}

}  // namespace npuvp
