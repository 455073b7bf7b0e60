// The `mini` platform assembled from a preset: the control CPU (ScalarCore)
// with its instruction and data sockets on one Bus, RAM, the CLINT, and the
// HTIF punched into RAM over the program's `tohost` / `fromhost` words.
//
//   0x0200_0000  CLINT (64 KiB)            preset /clint/base
//   0x8000_0000  RAM (1 GiB in mini)       preset /ram/base, /ram/size
//     tohost, fromhost (8 bytes each)      HTIF, where the ELF's symbols are
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include <systemc>

#include "models/devices/clint.h"
#include "models/devices/htif.h"
#include "models/devices/irq.h"
#include "models/memory/bus.h"
#include "models/memory/ram.h"
#include "models/scalar_core/scalar_core.h"
#include "platform/elf_loader.h"
#include "platform/preset.h"

namespace npuvp {

struct RunOptions {
  SimMode mode = SimMode::Cycle;
  uint64_t max_cycles = 0;             // 0: no limit
  std::ostream* commit_log = nullptr;  // --trace-insn
  std::ostream* console = nullptr;     // HTIF output; nullptr: stdout
};

struct RunResult {
  StopReason reason = StopReason::Running;
  int exit_code = 0;
  std::string message;  // the core's account of why it stopped
  uint64_t pc = 0;      // the instruction concerned (for a trap: mepc)
  std::string insn;     // its disassembly, or "" if it cannot be read
  ScalarStats stats;
  double clock_hz = 0;
};


// Routes SystemC reports (SC_REPORT_*) to stderr as "[<sim time>] <module>:
// <message>", and silences the kernel's "stopped by user" note, so that
// stdout carries only the program's console.
void install_log_handler();

class MiniPlatform : public sc_core::sc_module {
 public:
  MiniPlatform(sc_core::sc_module_name name, const Preset& preset, const ElfImage& elf,
               const RunOptions& options);
  ~MiniPlatform() override;

  // Runs until the core stops; call once (SystemC cannot restart).
  RunResult run();

  ScalarCore& core() { return *core_; }
  Bus& bus() { return *bus_; }
  Ram& ram() { return *ram_; }
  Clint& clint() { return *clint_; }
  Htif* htif() { return htif_.get(); }  // nullptr without tohost or when disabled

  // The core's configuration as the preset and options make it.
  static ScalarCoreConfig core_config(const Preset& preset, const ElfImage& elf, const RunOptions& options);

 private:
  bool ram_access(uint64_t addr, void* data, uint64_t len, bool write);
  std::string disassemble_at(uint64_t pc);

  Preset preset_;
  const ElfImage& elf_;
  std::unique_ptr<ScalarCore> core_;
  std::unique_ptr<Bus> bus_;
  std::unique_ptr<Ram> ram_;
  std::unique_ptr<IrqAdapter<ScalarCore>> irq_;
  std::unique_ptr<Clint> clint_;
  std::unique_ptr<Htif> htif_;
};

}  // namespace npuvp
