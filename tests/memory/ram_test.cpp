// Ram alone, called through its target socket (its forward interface, as a
// bound initiator would; no elaboration needed): data, byte enables, range
// errors, the delay it annotates, its DMI offer and the backdoor.
#include <gtest/gtest.h>

#include <cstring>

#include "models/memory/ram.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::SC_PS;
using sc_core::sc_time;

// 1 GHz clock would hide a factor-of-period mistake; use an odd period.
const sc_time kPeriod(556, SC_PS);

Ram::Params params(uint64_t size, uint32_t rd, uint32_t wr) {
  Ram::Params p;
  p.size = size;
  p.clock_period = kPeriod;
  p.read_latency = rd;
  p.write_latency = wr;
  return p;
}

tlm::tlm_response_status transact(Ram& ram, tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                  sc_time& delay) {
  tlm::tlm_generic_payload t;
  t.set_command(cmd);
  t.set_address(addr);
  t.set_data_ptr(static_cast<unsigned char*>(data));
  t.set_data_length(len);
  t.set_streaming_width(len);
  ram.socket.get_base_interface().b_transport(t, delay);
  return t.get_response_status();
}

Ram& ram() {
  static Ram r("ram", params(64 * 1024, 3, 2));
  return r;
}

TEST(Ram, WriteThenReadBack) {
  sc_time d = sc_core::SC_ZERO_TIME;
  uint64_t v = 0x1122334455667788;
  ASSERT_EQ(transact(ram(), tlm::TLM_WRITE_COMMAND, 0x100, &v, 8, d), tlm::TLM_OK_RESPONSE);
  uint32_t lo = 0;
  ASSERT_EQ(transact(ram(), tlm::TLM_READ_COMMAND, 0x100, &lo, 4, d), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(lo, 0x55667788u);
  uint8_t b = 0;
  ASSERT_EQ(transact(ram(), tlm::TLM_READ_COMMAND, 0x107, &b, 1, d), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(b, 0x11);
}

TEST(Ram, DelayIsLatencyTimesPeriodAndAccumulates) {
  uint32_t v = 0;
  sc_time d(10, SC_NS);
  transact(ram(), tlm::TLM_READ_COMMAND, 0, &v, 4, d);
  EXPECT_EQ(d, sc_time(10, SC_NS) + sc_time(3 * 556, SC_PS));
  sc_time w = sc_core::SC_ZERO_TIME;
  transact(ram(), tlm::TLM_WRITE_COMMAND, 0, &v, 4, w);
  EXPECT_EQ(w, sc_time(2 * 556, SC_PS));
}

TEST(Ram, OutOfRangeIsAddressErrorAndLeavesDelay) {
  uint64_t v = 0;
  sc_time d = sc_core::SC_ZERO_TIME;
  EXPECT_EQ(transact(ram(), tlm::TLM_READ_COMMAND, 64 * 1024, &v, 1, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  // Straddling the end is as wrong as being past it.
  EXPECT_EQ(transact(ram(), tlm::TLM_WRITE_COMMAND, 64 * 1024 - 4, &v, 8, d),
            tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(d, sc_core::SC_ZERO_TIME);
}

TEST(Ram, ByteEnablesMaskTheWrite) {
  sc_time d = sc_core::SC_ZERO_TIME;
  uint32_t init = 0xAAAAAAAA;
  transact(ram(), tlm::TLM_WRITE_COMMAND, 0x200, &init, 4, d);
  uint32_t v = 0x11223344;
  unsigned char be[4] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_DISABLED, TLM_BYTE_ENABLED};
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_WRITE_COMMAND);
  t.set_address(0x200);
  t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
  t.set_data_length(4);
  t.set_streaming_width(4);
  t.set_byte_enable_ptr(be);
  t.set_byte_enable_length(4);
  ram().socket.get_base_interface().b_transport(t, d);
  ASSERT_TRUE(t.is_response_ok());
  uint32_t back = 0;
  std::memcpy(&back, ram().host_ptr(0x200), 4);
  EXPECT_EQ(back, 0x11AAAA44u);
}

TEST(Ram, DmiCoversEverythingWithLatencies) {
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(0x1234);
  tlm::tlm_dmi dmi;
  ASSERT_TRUE(ram().socket.get_base_interface().get_direct_mem_ptr(t, dmi));
  EXPECT_EQ(dmi.get_start_address(), 0u);
  EXPECT_EQ(dmi.get_end_address(), 64u * 1024 - 1);
  EXPECT_TRUE(dmi.is_read_write_allowed());
  EXPECT_EQ(dmi.get_read_latency(), sc_time(3 * 556, SC_PS));
  EXPECT_EQ(dmi.get_write_latency(), sc_time(2 * 556, SC_PS));
  EXPECT_EQ(dmi.get_dmi_ptr(), ram().host_ptr(0));
}

TEST(Ram, BackdoorAndTransactionsSeeTheSameBytes) {
  ram().host_ptr(0x300)[0] = 0x5A;
  uint8_t b = 0;
  sc_time d = sc_core::SC_ZERO_TIME;
  transact(ram(), tlm::TLM_READ_COMMAND, 0x300, &b, 1, d);
  EXPECT_EQ(b, 0x5A);
  EXPECT_EQ(ram().host_ptr(64 * 1024), nullptr);
}

TEST(Ram, HugeMemoryCostsOnlyTouchedPages) {
  // 64 GiB, the HBM of one 910B die: reserving must succeed without the RAM.
  static Ram big("hbm", params(uint64_t{64} << 30, 1, 1));
  EXPECT_EQ(big.host_ptr((uint64_t{64} << 30) - 1)[0], 0);  // untouched reads as zero
  big.host_ptr(uint64_t{40} << 30)[0] = 7;
  EXPECT_EQ(big.host_ptr(uint64_t{40} << 30)[0], 7);
}

TEST(Ram, DebugTransportClipsAtTheEnd) {
  uint8_t buf[16] = {};
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(64 * 1024 - 4);
  t.set_data_ptr(buf);
  t.set_data_length(16);
  EXPECT_EQ(ram().socket.get_base_interface().transport_dbg(t), 4u);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
