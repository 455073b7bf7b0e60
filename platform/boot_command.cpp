#include "platform/boot_command.h"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "platform/chip_platform.h"

namespace npuvp {

int cmd_boot(const BootOptions& o) {
  auto bad = [](const std::string& what) {
    std::cerr << "npuvp: " << what << "\n";
    return 2;
  };
  std::ofstream uart_file;
  ChipOptions co;
  co.firmware = o.firmware;
  co.mode = o.mode == "functional" ? SimMode::Functional : SimMode::Cycle;
  co.max_cycles = o.max_cycles;
  if (!o.uart.empty()) {
    uart_file.open(o.uart);
    if (!uart_file) return bad(o.uart + ": cannot write the UART output");
    co.uart = &uart_file;
  }
  BootResult r;
  const auto host_start = std::chrono::steady_clock::now();
  try {
    const Preset preset = load_preset(o.platform);
    r = boot(preset, co);
  } catch (const std::exception& e) {  // PresetError, ElfError, LaunchError
    return bad(e.what());
  }
  std::cout.flush();
  const double host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
  using O = BootResult::Outcome;
  if (r.ok()) {
    if (!o.quiet) {
      std::ostringstream s;
      s << std::fixed << std::setprecision(1) << "npuvp: boot: ready after " << r.ready_ns / 1000.0
        << " us of simulated time, " << r.cores_passed << " AI cores passed the self-test (" << std::setprecision(2)
        << host_s << " s host)\n";
      std::cerr << s.str();
    }
    return 0;
  }
  std::cerr << "npuvp: boot: " << r.message << "\n";
  switch (r.outcome) {
    case O::Failed: return 1;
    case O::CycleLimit: return 124;
    case O::Deadlock: return 126;
    default: return 125;
  }
}

}  // namespace npuvp
