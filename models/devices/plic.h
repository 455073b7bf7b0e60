// The platform-level interrupt controller in the standard RISC-V PLIC layout
// (riscv-plic-spec 1.0.0, as SiFive and QEMU's `virt` place it), with one
// context: the control CPU's M mode, whose output drives MEIP (mip bit 11).
// Sources are level-triggered lines (1..sources-1; source 0 does not
// exist). Register map: models/devices/PLIC.md.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/irq.h"
#include "models/devices/register_bank.h"

namespace npuvp {

class Plic : public sc_core::sc_module {
 public:
  static constexpr uint64_t kPriority = 0x000000;   // + 4*source
  static constexpr uint64_t kPending = 0x001000;    // bit per source
  static constexpr uint64_t kEnable = 0x002000;     // context 0: bit per source
  static constexpr uint64_t kThreshold = 0x200000;  // context 0
  static constexpr uint64_t kClaim = 0x200004;      // context 0: claim (read) / complete (write)
  static constexpr uint64_t kSize = 0x400000;
  static constexpr unsigned kIrqMExternal = 11;  // mip.MEIP
  static constexpr uint32_t kMaxPriority = 7;

  struct Params {
    unsigned sources = 32;  // including the absent source 0; at most 1024
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;
  };

  tlm_utils::simple_target_socket<Plic> socket;

  Plic(sc_core::sc_module_name name, const Params& params, IrqTarget* hart);

  // The level of source s's line (its device's interrupt output).
  void set_source(unsigned s, bool level);
  bool pending(unsigned s) const { return pending_.at(s); }
  bool meip() const { return meip_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  uint32_t claim();
  void complete(uint32_t s);
  // Re-evaluates the context's output.
  void update();
  uint32_t bits(const std::vector<bool>& v, unsigned word) const;

  Params params_;
  IrqTarget* hart_;
  RegisterBank regs_;
  std::vector<uint32_t> priority_;
  std::vector<bool> level_, pending_, claimed_, enabled_;
  uint32_t threshold_ = 0;
  bool meip_ = false;
};

}  // namespace npuvp
