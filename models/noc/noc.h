// The on-die network: routes requests from the cores (any number of
// requester ports) to the L2, devices or the die-to-die link (target ports
// mapped by address, with translation as in Bus), with a fixed latency each
// way and a bandwidth per port and direction modelled as shared-resource
// occupancy. Timing rules: models/noc/TIMING.md.
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
#include "models/noc/occupancy.h"

namespace npuvp {

struct NocParams {
  sc_core::sc_time clock_period = sc_core::sc_time(556, sc_core::SC_PS);  // 1.8 GHz (DESIGN.md)
  uint32_t latency = 8;                     // cycles each way (request, response); our assumption
  uint32_t requester_bytes_per_cycle = 64;  // per requester port and direction; our assumption
  bool functional = false;                  // no timing; DMI passes through
};

class Noc : public sc_core::sc_module {
 public:
  // Requesters bind here; the binding order gives the port index.
  tlm_utils::multi_passthrough_target_socket<Noc> requesters;
  // Bound to targets by map(), never directly.
  tlm_utils::multi_passthrough_initiator_socket<Noc> targets;

  using TargetSocket =
      tlm::tlm_base_target_socket_b<32, tlm::tlm_fw_transport_if<>, tlm::tlm_bw_transport_if<>>;

  using Mapping = AddressMap::Mapping;  // port: index into `targets`
  // A port's two links: `in` carries write data towards the network's
  // middle, `out` carries read data away from it.
  struct Port {
    Occupancy in, out;
    uint64_t transactions = 0;
  };

  Noc(sc_core::sc_module_name name, const NocParams& params);

  // Maps [base, base+size) to `socket` at target-local address `offset`.
  // The target port's links carry `bytes_per_cycle` each way (0: no limit;
  // the first mapping of a socket sets it). Throws std::invalid_argument on
  // an overlap, naming both mappings.
  void map(TargetSocket& socket, uint64_t base, uint64_t size, const std::string& name,
           uint64_t offset = 0, uint32_t bytes_per_cycle = 0);

  // Gives requester port `port` links of its own width (e.g. the port where
  // the die-to-die link enters, wider than a core's); 0: no limit.
  void set_requester_bandwidth(unsigned port, uint32_t bytes_per_cycle);

  const Mapping* find(uint64_t addr) const { return map_.find(addr); }
  const Port& requester_port(unsigned i) const { return req_.at(i); }
  const Port& target_port(unsigned i) const { return tgt_.at(i); }
  unsigned target_port_of(const std::string& mapping_name) const;

 private:
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(int id, tlm::tlm_generic_payload& trans);
  void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);
  Port& requester(unsigned id);

  NocParams params_;
  Ticks latency_;
  AddressMap map_;
  std::map<const void*, unsigned> ports_;
  std::vector<Port> req_, tgt_;
};

}  // namespace npuvp
