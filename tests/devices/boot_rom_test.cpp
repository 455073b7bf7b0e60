// The boot ROM behind its socket: reads what was programmed, refuses writes,
// grants read-only DMI with its latency, and refuses an image too large.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/devices/boot_rom.h"
#include "tests/devices/reg_access.h"

namespace npuvp {
namespace {

TEST(BootRom, ReadsTheImageAndRefusesWrites) {
  BootRom::Params p;
  p.size = 0x100;
  p.latency = sc_core::sc_time(3, sc_core::SC_NS);
  BootRom rom("rom_rw", p);
  const uint32_t insn = 0x00000297;  // auipc t0, 0
  rom.program(0x10, &insn, 4);
  EXPECT_EQ(test::read(rom.socket, 0x10, 4), insn);
  uint32_t v = 1;
  EXPECT_EQ(test::access(rom.socket, tlm::TLM_WRITE_COMMAND, 0x10, &v, 4), tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(test::read(rom.socket, 0x10, 4), insn);
  EXPECT_EQ(test::access(rom.socket, tlm::TLM_READ_COMMAND, 0xfe, &v, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_THROW(rom.program(0xf0, &v, 0x20), std::out_of_range);

  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(0);
  tlm::tlm_dmi dmi;
  ASSERT_TRUE(rom.socket.get_base_interface().get_direct_mem_ptr(t, dmi));
  EXPECT_TRUE(dmi.is_read_allowed());
  EXPECT_FALSE(dmi.is_write_allowed());
  EXPECT_EQ(dmi.get_end_address(), 0xffu);
  EXPECT_EQ(dmi.get_read_latency(), sc_core::sc_time(3, sc_core::SC_NS));
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
