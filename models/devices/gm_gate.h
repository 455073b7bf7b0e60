// Sits between one die's AI cores (and their DMA engines) and the die's
// network, port for port (requester i in is requester i out, so the
// network's per-port bandwidth is unchanged), and refuses GM traffic to a
// die whose HBM is not ready (HbmInit; the platform's ready() says, by
// address, so that a core reaching the other die's GM over the die-to-die
// link is checked against that die's HBM): the access gets an address error
// and the platform is told, once, in one line naming the requester, the
// address and what the firmware forgot. Once ready it adds nothing: DMI,
// debug accesses and DMI invalidations pass through.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace npuvp {

class GmGate : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<GmGate> in;
  tlm_utils::multi_passthrough_initiator_socket<GmGate> out;

  // ready(addr, t): whether the GM at addr may be used at time t.
  // on_violation: the message, called for the first refused access only.
  GmGate(sc_core::sc_module_name name, std::function<bool(uint64_t, sc_core::sc_time)> ready,
         std::function<void(const std::string&)> on_violation);

  // Names requester port i in messages ("aiv3 fetch"); ports without a name
  // are called "requester <i>".
  void name_port(unsigned i, std::string n);
  bool violated() const { return violated_; }

 private:
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(int id, tlm::tlm_generic_payload& trans);
  void invalidate_direct_mem_ptr(int id, sc_dt::uint64 start, sc_dt::uint64 end);

  std::function<bool(uint64_t, sc_core::sc_time)> ready_;
  std::function<void(const std::string&)> on_violation_;
  std::vector<std::string> names_;
  bool violated_ = false;
};

}  // namespace npuvp
