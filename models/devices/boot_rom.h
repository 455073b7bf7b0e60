// A read-only memory at the control CPU's reset vector holding the boot ROM
// image (firmware/bootrom). Reads take `latency`; a write is a command error
// (the firmware sees a store access fault). Instruction fetch and loads may
// use DMI (read-only, with the read latency). Register map and contract:
// models/devices/BOOT_ROM.md.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace npuvp {

class BootRom : public sc_core::sc_module {
 public:
  struct Params {
    uint64_t size = 0x10000;
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;  // per read
  };

  tlm_utils::simple_target_socket<BootRom> socket;

  BootRom(sc_core::sc_module_name name, const Params& params);

  // Copies `bytes` to ROM offset `offset` (before the simulation: the image).
  // Throws std::out_of_range if it does not fit.
  void program(uint64_t offset, const void* bytes, uint64_t len);
  uint64_t size() const { return contents_.size(); }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool in_range(uint64_t addr, uint64_t len) const {
    return addr <= contents_.size() && len <= contents_.size() - addr;
  }

  Params params_;
  std::vector<uint8_t> contents_;
};

}  // namespace npuvp
