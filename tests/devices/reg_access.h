// Register reads and writes through a device's target socket at a chosen
// simulated time (the SystemC kernel does not run in these tests: the
// annotated delay alone is the initiator's time).
#pragma once

#include <cstdint>
#include <cstring>

#include <systemc>
#include <tlm>

namespace npuvp::test {

template <class Socket>
tlm::tlm_response_status access(Socket& socket, tlm::tlm_command cmd, uint64_t off, void* data, unsigned len,
                                sc_core::sc_time at = sc_core::SC_ZERO_TIME) {
  tlm::tlm_generic_payload t;
  t.set_command(cmd);
  t.set_address(off);
  t.set_data_ptr(static_cast<unsigned char*>(data));
  t.set_data_length(len);
  t.set_streaming_width(len);
  sc_core::sc_time d = at;
  socket.get_base_interface().b_transport(t, d);
  return t.get_response_status();
}

template <class Socket>
uint64_t read(Socket& s, uint64_t off, unsigned len, sc_core::sc_time at = sc_core::SC_ZERO_TIME) {
  uint64_t v = 0;
  EXPECT_EQ(access(s, tlm::TLM_READ_COMMAND, off, &v, len, at), tlm::TLM_OK_RESPONSE) << "read at +" << off;
  return v;
}

template <class Socket>
void write(Socket& s, uint64_t off, uint64_t v, unsigned len, sc_core::sc_time at = sc_core::SC_ZERO_TIME) {
  EXPECT_EQ(access(s, tlm::TLM_WRITE_COMMAND, off, &v, len, at), tlm::TLM_OK_RESPONSE) << "write at +" << off;
}

}  // namespace npuvp::test
