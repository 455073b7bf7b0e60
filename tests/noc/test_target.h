// Test doubles for the interconnect tests: an initiator that issues one
// transaction with a given arrival time, and a memory with a fixed latency
// that logs what reaches it (command, local address, length, arrival).
#pragma once

#include <algorithm>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/noc/occupancy.h"

namespace npuvp::test {

struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket;
  explicit Initiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}
  // Delay returned for an access arriving `at` ticks after now (0).
  Ticks access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len, Ticks at,
               tlm::tlm_response_status* st = nullptr) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(len);
    t.set_streaming_width(len);
    sc_core::sc_time d = to_time(at);
    socket->b_transport(t, d);
    EXPECT_EQ(t.get_address(), addr) << "the address must be restored";
    if (st) *st = t.get_response_status();
    return to_ticks(d);
  }
  Ticks rd(uint64_t addr, unsigned len, Ticks at) {
    std::vector<uint8_t> b(len);
    return access(tlm::TLM_READ_COMMAND, addr, b.data(), len, at);
  }
  Ticks wr(uint64_t addr, unsigned len, Ticks at) {
    std::vector<uint8_t> b(len, 0x22);
    return access(tlm::TLM_WRITE_COMMAND, addr, b.data(), len, at);
  }
};

struct Memory : sc_core::sc_module {
  struct Entry {
    tlm::tlm_command cmd;
    uint64_t addr;
    unsigned len;
    Ticks arrival;
  };
  tlm_utils::simple_target_socket<Memory> socket;
  std::vector<uint8_t> bytes;
  sc_core::sc_time latency;
  std::vector<Entry> log;
  Memory(sc_core::sc_module_name n, uint64_t size, sc_core::sc_time lat)
      : sc_module(n), socket("socket"), bytes(size), latency(lat) {
    socket.register_b_transport(this, &Memory::b_transport);
    socket.register_transport_dbg(this, &Memory::dbg);
    socket.register_get_direct_mem_ptr(this, &Memory::dmi);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& d) {
    log.push_back({t.get_command(), t.get_address(), t.get_data_length(), to_ticks(d)});
    if (t.get_address() + t.get_data_length() > bytes.size()) {
      t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    if (t.is_read()) std::memcpy(t.get_data_ptr(), &bytes[t.get_address()], t.get_data_length());
    if (t.is_write()) std::memcpy(&bytes[t.get_address()], t.get_data_ptr(), t.get_data_length());
    d += latency;
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  }
  unsigned dbg(tlm::tlm_generic_payload& t) {
    if (t.get_address() >= bytes.size()) return 0;
    const unsigned n =
        static_cast<unsigned>(std::min<uint64_t>(t.get_data_length(), bytes.size() - t.get_address()));
    if (t.is_read()) std::memcpy(t.get_data_ptr(), &bytes[t.get_address()], n);
    if (t.is_write()) std::memcpy(&bytes[t.get_address()], t.get_data_ptr(), n);
    return n;
  }
  bool dmi(tlm::tlm_generic_payload&, tlm::tlm_dmi& d) {
    d.set_dmi_ptr(bytes.data());
    d.set_start_address(0);
    d.set_end_address(bytes.size() - 1);
    d.allow_read_write();
    return true;
  }
};

}  // namespace npuvp::test
