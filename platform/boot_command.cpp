#include "platform/boot_command.h"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

#include "platform/gdb/gdb_server.h"

namespace npuvp {

namespace {
// The boot's exit status (see boot_command.h).
int boot_status(const BootResult& r) {
  using O = BootResult::Outcome;
  switch (r.outcome) {
    case O::Ready: return 0;
    case O::Failed: return 1;
    case O::CycleLimit: return 124;
    case O::Deadlock: return 126;
    default: return 125;
  }
}

// The control CPU, then every AI core in dispatch order.
std::vector<gdb::DebugThread> debug_threads(ChipPlatform& chip) {
  std::vector<gdb::DebugThread> threads{{"cpu", &chip.cpu()}};
  for (size_t c = 0; c < chip.ai_core_count(); ++c) threads.push_back({chip.ai_core_name(c), &chip.ai_core(c).scalar()});
  return threads;
}
}  // namespace

LaunchResult launch_via_firmware_under_gdb(const Preset& preset, const LaunchRequest& request,
                                           const ChipOptions& options, uint16_t gdb_port,
                                           const std::function<int(const LaunchResult&)>& exit_status) {
  ChipPlatform chip("chip", preset, options, &request);
  gdb::GdbServer debugger(debug_threads(chip), gdb_port);
  debugger.wait_for_client();
  const BootResult b = chip.run();
  const LaunchResult& r = chip.launch_result();
  debugger.finish(b.ok() ? exit_status(r) : boot_status(b));
  return r;
}

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
    ChipPlatform chip("chip", preset, co);
    std::unique_ptr<gdb::GdbServer> debugger;
    if (o.gdb_port >= 0) {
      debugger = std::make_unique<gdb::GdbServer>(debug_threads(chip), static_cast<uint16_t>(o.gdb_port));
      debugger->wait_for_client();
    }
    r = chip.run();
    if (debugger) debugger->finish(boot_status(r));
  } catch (const std::exception& e) {  // PresetError, ElfError, LaunchError, GdbServerError
    return bad(e.what());
  }
  std::cout.flush();
  const double host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
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
  return boot_status(r);
}

}  // namespace npuvp
