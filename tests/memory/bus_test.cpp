// Bus with a RAM split around a device's hole, driven from two test
// initiators bound to its target socket: routing with address translation,
// DMI clipping around the hole, DMI invalidation fanned out to every
// initiator, unmapped addresses, and overlap errors naming both mappings.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "models/memory/bus.h"
#include "models/memory/ram.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket;
  std::vector<std::pair<uint64_t, uint64_t>> invalidations;
  explicit Initiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
    socket.register_invalidate_direct_mem_ptr(this, &Initiator::invalidate);
  }
  void invalidate(sc_dt::uint64 s, sc_dt::uint64 e) { invalidations.emplace_back(s, e); }

  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                  sc_time& delay) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(len);
    t.set_streaming_width(len);
    socket->b_transport(t, delay);
    EXPECT_EQ(t.get_address(), addr) << "the bus must restore the address";
    return t.get_response_status();
  }
  bool dmi(uint64_t addr, tlm::tlm_dmi& d) {
    tlm::tlm_generic_payload t;
    t.set_command(tlm::TLM_READ_COMMAND);
    t.set_address(addr);
    return socket->get_direct_mem_ptr(t, d);
  }
};

// A RAM that can withdraw its DMI offer, as a model would on a remap.
struct InvalidatingRam : Ram {
  using Ram::Ram;
  void withdraw(uint64_t s, uint64_t e) { socket->invalidate_direct_mem_ptr(s, e); }
};

constexpr uint64_t kRamBase = 0x80000000;
constexpr uint64_t kRamSize = 0x10000;
constexpr uint64_t kHole = kRamBase + 0x4000;  // 16 bytes of "device"
constexpr uint64_t kHoleSize = 16;
constexpr uint64_t kRegsBase = 0x02000000;

struct Bench {
  Initiator cpu{"cpu"}, dma{"dma"};
  Bus bus{"bus", sc_time(1, SC_NS)};
  InvalidatingRam ram{"ram", [] {
                        Ram::Params p;
                        p.size = kRamSize;
                        p.clock_period = sc_time(2, SC_NS);
                        p.read_latency = 5;
                        p.write_latency = 3;
                        return p;
                      }()};
  Ram regs{"regs", [] {
             Ram::Params p;
             p.size = 0x100;
             p.clock_period = sc_time(2, SC_NS);
             p.read_latency = 1;
             p.write_latency = 1;
             return p;
           }()};
  std::string overlap_error;
  size_t mappings_before_overlap = 0;

  Bench() {
    cpu.socket.bind(bus.target);
    dma.socket.bind(bus.target);
    bus.map(ram.socket, kRamBase, kHole - kRamBase, "ram_low");
    bus.map(regs.socket, kHole, kHoleSize, "hole");
    bus.map(ram.socket, kHole + kHoleSize, kRamBase + kRamSize - kHole - kHoleSize, "ram_high",
            kHole + kHoleSize - kRamBase);
    bus.map(regs.socket, kRegsBase, 0x100, "regs");
    mappings_before_overlap = bus.mappings().size();
    try {
      bus.map(regs.socket, kRamBase + 0x8000, 0x100, "intruder");
    } catch (const std::invalid_argument& e) {
      overlap_error = e.what();
    }
  }
};

Bench& bench() {
  static Bench* b = [] {
    auto* x = new Bench;
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaborate: binds the sockets
    return x;
  }();
  return *b;
}

TEST(Bus, RoutesWithTranslationAndAddsItsLatency) {
  Bench& b = bench();
  sc_time d = sc_core::SC_ZERO_TIME;
  uint32_t v = 0xCAFEF00D;
  ASSERT_EQ(b.cpu.access(tlm::TLM_WRITE_COMMAND, kRamBase + 0x10, &v, 4, d), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(d, sc_time(1, SC_NS) + sc_time(2 * 3, SC_NS));  // bus + 3 write cycles of 2 ns
  uint32_t back = 0;
  std::memcpy(&back, b.ram.host_ptr(0x10), 4);
  EXPECT_EQ(back, 0xCAFEF00Du);

  // Above the hole, the RAM is addressed at its own offset, not the hole's.
  v = 0x12345678;
  d = sc_core::SC_ZERO_TIME;
  ASSERT_EQ(b.dma.access(tlm::TLM_WRITE_COMMAND, kHole + kHoleSize, &v, 4, d), tlm::TLM_OK_RESPONSE);
  std::memcpy(&back, b.ram.host_ptr(kHole + kHoleSize - kRamBase), 4);
  EXPECT_EQ(back, 0x12345678u);

  // The hole goes to the device, at its offset 0.
  v = 0xAB;
  ASSERT_EQ(b.cpu.access(tlm::TLM_WRITE_COMMAND, kHole, &v, 1, d), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(b.regs.host_ptr(0)[0], 0xAB);
  d = sc_core::SC_ZERO_TIME;
  uint8_t r = 0;
  ASSERT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, kRegsBase, &r, 1, d), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(r, 0xAB);
  EXPECT_EQ(d, sc_time(1, SC_NS) + sc_time(2, SC_NS));
}

TEST(Bus, UnmappedAndStraddlingAccessesAreAddressErrors) {
  Bench& b = bench();
  sc_time d = sc_core::SC_ZERO_TIME;
  uint64_t v = 0;
  EXPECT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, 0x1000, &v, 8, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, kRamBase + kRamSize, &v, 1, d),
            tlm::TLM_ADDRESS_ERROR_RESPONSE);
  // The last 4 bytes below the hole plus 4 of the hole.
  EXPECT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, kHole - 4, &v, 8, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(d, sc_core::SC_ZERO_TIME);
}

TEST(Bus, DmiIsClippedAroundTheHole) {
  Bench& b = bench();
  tlm::tlm_dmi below;
  ASSERT_TRUE(b.cpu.dmi(kRamBase + 0x100, below));
  EXPECT_EQ(below.get_start_address(), kRamBase);
  EXPECT_EQ(below.get_end_address(), kHole - 1);
  EXPECT_EQ(below.get_dmi_ptr(), b.ram.host_ptr(0));
  EXPECT_EQ(below.get_read_latency(), sc_time(1 + 5 * 2, SC_NS));
  EXPECT_EQ(below.get_write_latency(), sc_time(1 + 3 * 2, SC_NS));

  tlm::tlm_dmi above;
  ASSERT_TRUE(b.cpu.dmi(kRamBase + kRamSize - 1, above));
  EXPECT_EQ(above.get_start_address(), kHole + kHoleSize);
  EXPECT_EQ(above.get_end_address(), kRamBase + kRamSize - 1);
  EXPECT_EQ(above.get_dmi_ptr(), b.ram.host_ptr(kHole + kHoleSize - kRamBase));
}

TEST(Bus, DmiRefusedForUnmappedAddressWithTheGap) {
  Bench& b = bench();
  tlm::tlm_dmi d;
  EXPECT_FALSE(b.cpu.dmi(0x03000000, d));
  EXPECT_EQ(d.get_start_address(), kRegsBase + 0x100);
  EXPECT_EQ(d.get_end_address(), kRamBase - 1);
}

TEST(Bus, InvalidationReachesEveryInitiatorInSystemAddresses) {
  Bench& b = bench();
  b.cpu.invalidations.clear();
  b.dma.invalidations.clear();
  // RAM-local [0x3ff0, 0x4020] spans the end of ram_low and the start of
  // ram_high; the 16 bytes in between are the hole and belong to no RAM mapping.
  b.ram.withdraw(0x3ff0, 0x4020);
  const std::vector<std::pair<uint64_t, uint64_t>> expect = {
      {kRamBase + 0x3ff0, kHole - 1}, {kHole + kHoleSize, kRamBase + 0x4020}};
  EXPECT_EQ(b.cpu.invalidations, expect);
  EXPECT_EQ(b.dma.invalidations, expect);
}

TEST(Bus, OverlapIsAnErrorNamingBothAndChangesNothing) {
  Bench& b = bench();
  EXPECT_NE(b.overlap_error.find("'intruder'"), std::string::npos) << b.overlap_error;
  EXPECT_NE(b.overlap_error.find("'ram_high'"), std::string::npos) << b.overlap_error;
  EXPECT_EQ(b.bus.mappings().size(), b.mappings_before_overlap);
}

TEST(Bus, FindAndDebugTransport) {
  Bench& b = bench();
  ASSERT_NE(b.bus.find(kHole + 3), nullptr);
  EXPECT_EQ(b.bus.find(kHole + 3)->name, "hole");
  EXPECT_EQ(b.bus.find(kRegsBase + 0x100), nullptr);
  b.ram.host_ptr(kHole - kRamBase - 2)[0] = 0x77;
  uint8_t buf[8] = {};
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(kHole - 2);
  t.set_data_ptr(buf);
  t.set_data_length(8);
  EXPECT_EQ(b.cpu.socket->transport_dbg(t), 2u);  // clipped at the end of ram_low
  EXPECT_EQ(buf[0], 0x77);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
