// `npuvp boot`: boots the chip of a preset (platform/chip_platform.h) with
// the reference firmware or a given one, to the firmware's ready report.
// Exit status: 0 ready; 1 the firmware reported a failure; 2 bad input
// (preset, ELF, UART file); 124 cycle limit; 125 the model refused
// something (HBM used before training, a launch on a core held in reset, a
// trap of the control CPU); 126 the control CPU sleeps and nothing can wake it.
#pragma once

#include <cstdint>
#include <string>

namespace npuvp {

struct BootOptions {
  std::string platform = "ascend910c";
  std::string firmware;  // "" -> the reference firmware
  std::string uart;      // "" -> stdout
  std::string mode = "cycle";
  uint64_t max_cycles = 0;
  bool quiet = false;
};

int cmd_boot(const BootOptions& options);

}  // namespace npuvp
