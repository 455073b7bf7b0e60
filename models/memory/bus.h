// An address router between initiators (cores, DMA) and targets (memories,
// devices). Each mapping sends [base, base+size) to one target at target-local
// address offset + (addr - base); a target may be mapped several times, which
// is how a device punches a hole into a memory (RAM below the hole at offset
// 0, RAM above it at offset hole_end - ram_base). Mappings never overlap.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "models/memory/address_map.h"

namespace npuvp {

// The socket type every TLM-2.0 base-protocol target exposes.
using TargetSocketBase =
    tlm::tlm_base_target_socket_b<32, tlm::tlm_fw_transport_if<>, tlm::tlm_bw_transport_if<>>;

class Bus : public sc_core::sc_module {
 public:
  using Mapping = AddressMap::Mapping;  // port: index into `initiator`

  // Initiators bind their sockets here (any number).
  tlm_utils::multi_passthrough_target_socket<Bus> target;
  // Bound to targets by map(), never directly.
  tlm_utils::multi_passthrough_initiator_socket<Bus> initiator;

  // `latency`: added to every transaction and to every DMI region's latency.
  explicit Bus(sc_core::sc_module_name name, sc_core::sc_time latency = sc_core::SC_ZERO_TIME);

  // Maps [base, base+size) to `socket`. Throws std::invalid_argument, naming
  // both mappings, if the range overlaps an existing one; the bus is left as
  // it was. Must be called before elaboration ends.
  void map(TargetSocketBase& socket, uint64_t base, uint64_t size, const std::string& name,
           uint64_t offset = 0);

  // The mapping that contains `addr`, or nullptr.
  const Mapping* find(uint64_t addr) const { return map_.find(addr); }
  const std::vector<Mapping>& mappings() const { return map_.mappings(); }

 private:
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(int id, tlm::tlm_generic_payload& trans);
  void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);

  sc_core::sc_time latency_;
  AddressMap map_;
  std::map<const void*, unsigned> ports_;         // bound target socket -> port
};

}  // namespace npuvp
