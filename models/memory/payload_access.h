// Serving a TLM payload from plain storage: what every memory target (RAM,
// HBM) does the same way, so it lives here once.
#pragma once

#include <cstdint>
#include <cstring>

#include <tlm>

namespace npuvp {

// Serves `trans` from a target's store of `size` bytes, indexed by the
// payload's address: range and streaming-width checks, byte enables, the
// ignore command. Returns false with the error response set.
inline bool serve_from_store(tlm::tlm_generic_payload& trans, uint8_t* store, uint64_t size) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  if (addr >= size || size - addr < len) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (trans.get_streaming_width() != 0 && trans.get_streaming_width() < len) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return false;
  }
  if (trans.is_read() || trans.is_write()) {
    uint8_t* mem = store + addr;
    uint8_t* data = trans.get_data_ptr();
    const uint8_t* be = trans.get_byte_enable_ptr();
    const unsigned be_len = trans.get_byte_enable_length();
    const bool read = trans.is_read();
    if (be == nullptr || be_len == 0) {
      if (read) std::memcpy(data, mem, len);
      else std::memcpy(mem, data, len);
    } else {
      for (unsigned i = 0; i < len; ++i) {
        if (be[i % be_len] != TLM_BYTE_ENABLED) continue;
        if (read) data[i] = mem[i];
        else mem[i] = data[i];
      }
    }
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

}  // namespace npuvp
