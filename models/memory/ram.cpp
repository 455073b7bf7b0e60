#include "models/memory/ram.h"

#include "models/memory/payload_access.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace npuvp {

Ram::Ram(sc_core::sc_module_name name, const Params& params)
    : sc_core::sc_module(name), socket("socket"), params_(params) {
  if (params_.size == 0) throw std::invalid_argument(std::string(this->name()) + ": size is zero");
  // MAP_NORESERVE: a 64 GiB HBM costs only the pages a program touches, and
  // anonymous pages read as zero, as memory after reset does here.
  void* p = mmap(nullptr, params_.size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    throw std::runtime_error(std::string(this->name()) + ": cannot reserve " +
                             std::to_string(params_.size) + " bytes: " + std::strerror(errno));
  }
  store_ = static_cast<uint8_t*>(p);
  socket.register_b_transport(this, &Ram::b_transport);
  socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &Ram::transport_dbg);
}

Ram::~Ram() {
  if (store_) munmap(store_, params_.size);
}

uint8_t* Ram::host_ptr(uint64_t offset) {
  return offset < params_.size ? store_ + offset : nullptr;
}

bool Ram::access(tlm::tlm_generic_payload& trans) { return serve_from_store(trans, store_, params_.size); }

void Ram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (!access(trans)) return;
  if (trans.is_read())
    delay += read_delay();
  else if (trans.is_write())
    delay += write_delay();
  trans.set_dmi_allowed(true);
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  dmi.allow_read_write();
  dmi.set_dmi_ptr(store_);
  dmi.set_start_address(0);
  dmi.set_end_address(params_.size - 1);
  dmi.set_read_latency(read_delay());
  dmi.set_write_latency(write_delay());
  return true;
}

unsigned int Ram::transport_dbg(tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address();
  if (addr >= params_.size) return 0;
  const uint64_t n = std::min<uint64_t>(trans.get_data_length(), params_.size - addr);
  if (trans.is_read())
    std::memcpy(trans.get_data_ptr(), store_ + addr, n);
  else if (trans.is_write())
    std::memcpy(store_ + addr, trans.get_data_ptr(), n);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return static_cast<unsigned int>(n);
}

}  // namespace npuvp
