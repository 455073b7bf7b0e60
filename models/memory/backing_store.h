// The bytes behind a memory target (RAM, an HBM die): reserved with
// MAP_NORESERVE so that a 64 GiB memory costs only the pages a run touches
// (untouched pages read as zero, as memory after reset does here), and served
// to TLM payloads the same way by every target that has one.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include <tlm>

namespace npuvp {

class BackingStore {
 public:
  BackingStore() = default;
  BackingStore(const BackingStore&) = delete;
  BackingStore& operator=(const BackingStore&) = delete;
  ~BackingStore() {
    if (data_) munmap(data_, size_);
  }

  // Reserves `size` bytes; `owner` names the target in the error.
  void reserve(uint64_t size, const std::string& owner) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
      throw std::runtime_error(owner + ": cannot reserve " + std::to_string(size) + " bytes: " + std::strerror(errno));
    data_ = static_cast<uint8_t*>(p);
    size_ = size;
  }

  uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }
  // Host address of `offset`, or nullptr outside the store.
  uint8_t* at(uint64_t offset) const { return offset < size_ ? data_ + offset : nullptr; }

  // Serves `trans`, addressed from the store's start: range and
  // streaming-width checks, byte enables, the ignore command. Returns false
  // with the error response set.
  bool serve(tlm::tlm_generic_payload& trans) const {
    const uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    if (addr >= size_ || size_ - addr < len) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return false;
    }
    if (trans.get_streaming_width() != 0 && trans.get_streaming_width() < len) {
      trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
      return false;
    }
    if (trans.is_read() || trans.is_write()) {
      uint8_t* mem = data_ + addr;
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

  // transport_dbg: as much of the payload as lies inside the store, untimed.
  unsigned int debug(tlm::tlm_generic_payload& trans) const {
    const uint64_t addr = trans.get_address();
    if (addr >= size_) return 0;
    const uint64_t n = std::min<uint64_t>(trans.get_data_length(), size_ - addr);
    if (trans.is_read()) std::memcpy(trans.get_data_ptr(), data_ + addr, n);
    else if (trans.is_write()) std::memcpy(data_ + addr, trans.get_data_ptr(), n);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return static_cast<unsigned int>(n);
  }

 private:
  uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace npuvp
