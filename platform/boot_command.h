// `npuvp boot`: boots the chip of a preset (platform/chip_platform.h) with
// the reference firmware or a given one, to the firmware's ready report.
// Exit status: 0 ready; 1 the firmware reported a failure; 2 bad input
// (preset, ELF, UART file); 124 cycle limit; 125 the model refused
// something (HBM used before training, a launch on a core held in reset, a
// trap of the control CPU); 126 the control CPU sleeps and nothing can wake it.
// `--gdb PORT`: the control CPU ("cpu") and every AI core ("die0.aiv0", ...)
// are GDB threads (platform/gdb/gdb_server.h); AI cores are held in reset
// until the firmware's dispatch starts them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "platform/chip_platform.h"

namespace npuvp {

struct BootOptions {
  std::string platform = "ascend910c";
  std::string firmware;  // "" -> the reference firmware
  std::string uart;      // "" -> stdout
  std::string mode = "cycle";
  uint64_t max_cycles = 0;
  bool quiet = false;
  int gdb_port = -1;  // >= 0: wait for GDB there (0: any free port, printed on stderr)
};

int cmd_boot(const BootOptions& options);

// `launch --via-firmware --gdb PORT`: launch_via_firmware() with the control
// CPU and every AI core as GDB threads; `exit_status` gives the status GDB
// is told at the end. Throws GdbServerError (no socket) as well.
LaunchResult launch_via_firmware_under_gdb(const Preset& preset, const LaunchRequest& request,
                                           const ChipOptions& options, uint16_t gdb_port,
                                           const std::function<int(const LaunchResult&)>& exit_status);

}  // namespace npuvp
