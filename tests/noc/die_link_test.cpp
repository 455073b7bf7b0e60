// DieLink between one initiator on each die and each die's memory: the
// crossing's latency both ways, serialisation at the link's bandwidth in the
// direction the data flows, saturation at exactly the bandwidth, the two
// directions independent, and DMI only in functional mode.
#include <gtest/gtest.h>

#include "models/noc/die_link.h"
#include "tests/noc/test_target.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;
using test::Initiator;
using test::Memory;

const sc_time kMemLatency(30, SC_NS);
Ticks ns(uint64_t n) { return to_ticks(sc_time(static_cast<double>(n), SC_NS)); }

struct Bench {
  Initiator core0, core1;  // a core on each die
  DieLink link;
  Memory mem0, mem1;       // each die's memory
  Bench(const std::string& n, const LinkParams& p)
      : core0((n + "_core0").c_str()),
        core1((n + "_core1").c_str()),
        link((n + "_link").c_str(), p),
        mem0((n + "_mem0").c_str(), 8 << 20, kMemLatency),
        mem1((n + "_mem1").c_str(), 8 << 20, kMemLatency) {
    core0.socket.bind(link.from_die0);
    core1.socket.bind(link.from_die1);
    link.to_die1.bind(mem1.socket);
    link.to_die0.bind(mem0.socket);
  }
};

struct World {
  Bench crossing{"crossing", LinkParams{}};
  Bench stream{"stream", LinkParams{}};
  Bench both{"both", LinkParams{}};
  Bench functional{"functional", [] {
                     LinkParams p;
                     p.functional = true;
                     return p;
                   }()};
  World() { sc_core::sc_start(sc_core::SC_ZERO_TIME); }
};
World& world() {
  static World w;
  return w;
}

TEST(DieLink, DefaultsAreTheDesignFigures) {
  const LinkParams p;
  EXPECT_DOUBLE_EQ(p.bytes_per_cycle / p.clock_period.to_seconds(), 224e9);
  EXPECT_EQ(p.latency * 2, sc_time(200, SC_NS));  // one crossing: there and back
}

TEST(DieLink, RemoteReadPaysTheCrossingAndItsSerialisation) {
  Bench& b = world().crossing;
  // 448 B = 2 cycles of 224 B; out 100 ns, memory 30 ns, data back 2 ns, 100 ns.
  EXPECT_EQ(b.core0.rd(0x1000, 448, ns(10)), ns(10 + 100 + 30 + 2 + 100));
  ASSERT_EQ(b.mem1.log.size(), 1u);
  EXPECT_EQ(b.mem1.log[0].arrival, ns(110));
  EXPECT_EQ(b.mem1.log[0].addr, 0x1000u);  // addresses pass unchanged
  EXPECT_TRUE(b.mem0.log.empty());
  // The read data flowed from die 1 to die 0.
  EXPECT_EQ(b.link.direction(1).wire.bytes(), 448u);
  EXPECT_EQ(b.link.direction(1).wire.busy_cycles(), 2u);
  EXPECT_EQ(b.link.direction(0).wire.bytes(), 0u);
  EXPECT_EQ(b.link.direction(0).transactions, 1u);
  // 449 B needs a third cycle.
  EXPECT_EQ(b.core0.rd(0x2000, 449, ns(1000)), ns(1000 + 100 + 30 + 3 + 100));
}

TEST(DieLink, RemoteWriteSerialisesBeforeItCrosses) {
  Bench& b = world().crossing;
  const uint64_t before = b.link.direction(1).wire.bytes();
  EXPECT_EQ(b.core1.wr(0x3000, 224, ns(2000)), ns(2000 + 1 + 100 + 30 + 100));
  EXPECT_EQ(b.mem0.log.back().arrival, ns(2000 + 1 + 100));
  EXPECT_EQ(b.mem0.log.back().cmd, tlm::TLM_WRITE_COMMAND);
  EXPECT_EQ(b.mem0.bytes[0x3000], 0x22);
  EXPECT_EQ(b.link.direction(1).wire.bytes() - before, 224u);  // die 1 -> die 0
}

TEST(DieLink, ManyReadsSaturateExactlyTheBandwidth) {
  Bench& b = world().stream;
  // 100 reads of 16 x 224 B issued at once: the answers leave die 1 at
  // 130 ns and queue on the link, 16 ns each.
  Ticks last = 0;
  for (int i = 0; i < 100; ++i) last = std::max(last, b.core0.rd(uint64_t(i) * 3584, 3584, 0));
  EXPECT_EQ(last, ns(100 + 30 + 100 * 16 + 100));
  EXPECT_EQ(b.link.direction(1).wire.busy_cycles(), 1600u);
  // Over the data phase: 358,400 B in 1600 ns = 224 GB/s, exactly.
  const double achieved = 358400.0 / sc_time(1600, SC_NS).to_seconds();
  EXPECT_DOUBLE_EQ(achieved, 224e9);
}

TEST(DieLink, DirectionsAreIndependent) {
  Bench& b = world().both;
  // Die 0 reads die 1 (data on direction 1), die 1 reads die 0 (direction 0),
  // at the same time: neither waits for the other.
  EXPECT_EQ(b.core0.rd(0, 2240, 0), ns(100 + 30 + 10 + 100));
  EXPECT_EQ(b.core1.rd(0, 2240, 0), ns(100 + 30 + 10 + 100));
  // A second read from die 0 waits for the first's data.
  EXPECT_EQ(b.core0.rd(4096, 2240, 0), ns(100 + 30 + 20 + 100));
  EXPECT_EQ(b.link.direction(1).wire.wait(), ns(10));
  EXPECT_EQ(b.link.direction(0).wire.wait(), 0u);
}

TEST(DieLink, FunctionalPassesThroughWithDmi) {
  Bench& f = world().functional;
  EXPECT_EQ(f.core0.rd(0, 448, 0), to_ticks(kMemLatency));
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(0x40);
  tlm::tlm_dmi d;
  ASSERT_TRUE(f.core0.socket->get_direct_mem_ptr(t, d));
  EXPECT_EQ(d.get_dmi_ptr(), f.mem1.bytes.data());
  tlm::tlm_dmi g;
  EXPECT_FALSE(world().crossing.core0.socket->get_direct_mem_ptr(t, g));
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  npuvp::world();
  return RUN_ALL_TESTS();
}
