#include "models/devices/register_bank.h"

#include <cstring>
#include <stdexcept>

namespace npuvp {

Register& RegisterBank::add(Register r) {
  if (r.size != 1 && r.size != 2 && r.size != 4 && r.size != 8)
    throw std::invalid_argument(owner_ + ": register " + r.name + " has size " + std::to_string(r.size));
  for (const Register& o : regs_) {
    if (r.offset < o.offset + o.size && o.offset < r.offset + r.size)
      throw std::invalid_argument(owner_ + ": register " + r.name + " overlaps " + o.name);
  }
  r.value = r.reset;
  regs_.push_back(std::move(r));
  return regs_.back();
}

void RegisterBank::reset() {
  for (Register& r : regs_) r.value = r.reset;
}

Register* RegisterBank::find(uint64_t offset) {
  for (Register& r : regs_)
    if (offset >= r.offset && offset < r.offset + r.size) return &r;
  return nullptr;
}

void RegisterBank::access(tlm::tlm_generic_payload& trans, sc_core::sc_time now) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  Register* r = find(addr);
  if (r == nullptr || len == 0 || addr - r->offset + len > r->size) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (trans.get_byte_enable_ptr() != nullptr) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  const unsigned shift = static_cast<unsigned>(addr - r->offset) * 8;
  const uint64_t mask = len == 8 ? ~uint64_t{0} : ((uint64_t{1} << (len * 8)) - 1) << shift;
  if (trans.is_read()) {
    if (r->access == RegAccess::WriteOnly) {
      trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
      return;
    }
    const uint64_t v = r->on_read ? r->on_read(now) : r->value;
    const uint64_t part = (v & mask) >> shift;
    std::memcpy(trans.get_data_ptr(), &part, len);  // host and target are little-endian
  } else if (trans.is_write()) {
    if (r->access == RegAccess::ReadOnly) {
      trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
      return;
    }
    uint64_t part = 0;
    std::memcpy(&part, trans.get_data_ptr(), len);
    // A write of the whole register never calls on_read: reads can have
    // side effects (a UART's receive buffer, a PLIC's claim).
    const bool whole = len == r->size;
    const uint64_t old = whole ? 0 : (r->on_read ? r->on_read(now) : r->value);
    const uint64_t merged = (old & ~mask) | ((part << shift) & mask);
    if (r->on_write)
      r->on_write(merged, now);
    else
      r->value = merged;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace npuvp
