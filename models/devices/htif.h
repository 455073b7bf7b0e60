// Spike's host-target interface (HTIF), as bare-metal RISC-V programs use it
// (riscv-tests, newlib's libgloss-htif): the program writes a command to the
// 64-bit `tohost` word and, for commands that answer, polls `fromhost`.
//
// Command word: device = bits 63:56, command = bits 55:48, payload = 47:0.
//   device 0, payload bit 0 set   exit; status = payload >> 1
//   device 0, payload bit 0 clear system call; payload = address of an
//                                 array of 64-bit words {which, a0, a1, a2,
//                                 ...}; the result is written back to word 0
//                                 and fromhost becomes 1. Supported: 64 write
//                                 (fd 1 and 2 go to the console), 93 exit;
//                                 others return -ENOSYS (-38).
//   device 1, command 1           putchar of the payload's low byte (no
//                                 answer in fromhost, as in Spike)
// tohost reads back as zero once a command was taken. The device's local
// layout is tohost at +0 and fromhost at +8; the platform maps each 8-byte
// word wherever the ELF's `tohost` / `fromhost` symbols put it.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/register_bank.h"

namespace npuvp {

class Htif : public sc_core::sc_module {
 public:
  static constexpr uint64_t kToHost = 0;
  static constexpr uint64_t kFromHost = 8;
  static constexpr uint64_t kSysWrite = 64;
  static constexpr uint64_t kSysExit = 93;

  struct Params {
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;  // per access
    std::ostream* console = nullptr;                   // nullptr: std::cout
  };
  // Backdoor into target memory for system-call arguments and buffers.
  // Returns false if [addr, addr+len) is not plain memory.
  using MemoryAccess = std::function<bool(uint64_t addr, void* data, uint64_t len, bool write)>;
  using ExitHandler = std::function<void(int code)>;

  tlm_utils::simple_target_socket<Htif> socket;

  Htif(sc_core::sc_module_name name, const Params& params, MemoryAccess memory, ExitHandler on_exit);

  uint64_t tohost() const { return tohost_->value; }
  uint64_t fromhost() const { return fromhost_->value; }
  bool exited() const { return exited_; }
  int exit_code() const { return exit_code_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  void command(uint64_t word);
  void syscall(uint64_t magic_mem);
  void exit(int code);

  Params params_;
  MemoryAccess memory_;
  ExitHandler on_exit_;
  RegisterBank regs_;
  Register* tohost_;
  Register* fromhost_;
  bool exited_ = false;
  int exit_code_ = 0;
};

}  // namespace npuvp
