// Plain memory as a TLM-2.0 target: byte-addressed from 0 (the bus
// translates system addresses to local offsets), timed by a read and a write
// latency in cycles of the clock of the initiators it serves, and offering
// DMI over its whole range with those latencies so that fast paths stay timed.
#pragma once

#include <cstdint>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/memory/backing_store.h"

namespace npuvp {

class Ram : public sc_core::sc_module {
 public:
  struct Params {
    uint64_t size = 0;                // bytes
    sc_core::sc_time clock_period = sc_core::sc_time(1, sc_core::SC_NS);
    uint32_t read_latency = 1;        // cycles per read transaction
    uint32_t write_latency = 1;       // cycles per write transaction
  };

  tlm_utils::simple_target_socket<Ram> socket;

  Ram(sc_core::sc_module_name name, const Params& params);
  ~Ram() override;
  Ram(const Ram&) = delete;
  Ram& operator=(const Ram&) = delete;

  // Backdoor for loaders and debuggers: host address of local offset `offset`,
  // or nullptr outside the memory. Writing through it costs no time and is
  // invisible to DMI holders' caches of decoded code (callers invalidate).
  uint8_t* host_ptr(uint64_t offset);
  uint64_t size() const { return params_.size; }
  const Params& params() const { return params_; }

  sc_core::sc_time read_delay() const { return params_.clock_period * params_.read_latency; }
  sc_core::sc_time write_delay() const { return params_.clock_period * params_.write_latency; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  // Copies between the payload and the store; false if out of range.
  bool access(tlm::tlm_generic_payload& trans);

  Params params_;
  BackingStore store_;
};

}  // namespace npuvp
