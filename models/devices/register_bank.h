// Memory-mapped registers as data: each register is a row (name, offset,
// size, reset value, access, read/write callbacks), and one RegisterBank
// turns a TLM-2.0 payload into register reads and writes. Devices declare
// their registers in their constructor and only write the callbacks.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

namespace npuvp {

enum class RegAccess { ReadWrite, ReadOnly, WriteOnly };

struct Register {
  std::string name;
  uint64_t offset = 0;  // bytes from the device's base
  unsigned size = 4;    // bytes: 1, 2, 4 or 8
  uint64_t reset = 0;
  RegAccess access = RegAccess::ReadWrite;
  // `now` is the initiator's time (sc_time_stamp() + its annotated delay).
  // Without on_read, a read returns `value`; without on_write, a write
  // stores into `value`. on_write receives the whole register after a
  // partial write has been merged into the current value (read through
  // on_read; a write of the whole register does not call on_read).
  std::function<uint64_t(sc_core::sc_time now)> on_read;
  std::function<void(uint64_t value, sc_core::sc_time now)> on_write;
  uint64_t value = 0;
};

class RegisterBank {
 public:
  explicit RegisterBank(std::string owner) : owner_(std::move(owner)) {}

  Register& add(Register r);
  void reset();
  Register* find(uint64_t offset);
  const std::vector<Register>& registers() const { return regs_; }

  // Performs the payload (address = offset in the device) at time `now` and
  // sets its response: an access must fall within one register (address
  // error otherwise), byte enables are not supported, writes to read-only and
  // reads of write-only registers are command errors.
  void access(tlm::tlm_generic_payload& trans, sc_core::sc_time now);

 private:
  std::string owner_;
  std::vector<Register> regs_;
};

}  // namespace npuvp
