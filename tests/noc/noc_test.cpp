// Noc with three requesters and two targets: routing with translation, the
// latency each way, requester and target links as shared resources
// (cut-through: a transfer starts when every link on its path is free),
// errors, and DMI only in functional mode.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/noc/noc.h"
#include "tests/noc/test_target.h"

namespace npuvp {
namespace {

using sc_core::SC_PS;
using sc_core::sc_time;
using test::Initiator;
using test::Memory;

const sc_time kP(625, SC_PS);
Ticks cyc(uint64_t n) { return n * kP.value(); }
constexpr uint64_t kMemD = 20;  // memories' latency, cycles
constexpr uint64_t kA = 0x10000000, kB = 0x20000000;

NocParams params(bool functional = false) {
  NocParams p;
  p.clock_period = kP;
  p.latency = 5;
  p.requester_bytes_per_cycle = 16;
  p.functional = functional;
  return p;
}

struct Bench {
  Initiator c0, c1, c2;
  Noc noc;
  Memory a, b;
  std::string overlap_error;
  Bench(const std::string& n, bool functional)
      : c0((n + "_c0").c_str()),
        c1((n + "_c1").c_str()),
        c2((n + "_c2").c_str()),
        noc((n + "_noc").c_str(), params(functional)),
        a((n + "_a").c_str(), 1 << 20, kP * static_cast<double>(kMemD)),
        b((n + "_b").c_str(), 1 << 20, kP * static_cast<double>(kMemD)) {
    c0.socket.bind(noc.requesters);
    c1.socket.bind(noc.requesters);
    c2.socket.bind(noc.requesters);
    noc.map(a.socket, kA, 1 << 20, "a", 0, 32);  // target link: 32 B/cycle each way
    noc.map(b.socket, kB, 1 << 19, "b_low");     // no limit
    noc.map(b.socket, kB + (1 << 19), 1 << 19, "b_high", 1 << 19);
    try {
      noc.map(a.socket, kB + 0x100, 0x100, "intruder");
    } catch (const std::invalid_argument& e) {
      overlap_error = e.what();
    }
  }
};

struct World {
  Bench timed{"timed", false}, functional{"functional", true}, det1{"det1", false}, det2{"det2", false};
  World() { sc_core::sc_start(sc_core::SC_ZERO_TIME); }
};
World& world() {
  static World w;
  return w;
}

TEST(Occupancy, AnEarlierArrivalFillsTheGapBeforeAFutureBooking) {
  world();  // elaborated: booking reads sc_time_stamp()
  Occupancy r(kP, 16);
  // Booked first, for the future: 64 B (4 cycles) at cycle 100.
  EXPECT_EQ(r.reserve(cyc(100), 64).start, cyc(100));
  // Booked next but arriving earlier: it fits in the gap before, and waits for nothing.
  const Occupancy::Slot early = r.reserve(cyc(10), 64);
  EXPECT_EQ(early.start, cyc(10));
  EXPECT_EQ(early.finish, cyc(14));
  // Arriving at 98 it does not fit before cycle 100: it goes after [100, 104).
  EXPECT_EQ(r.reserve(cyc(98), 64).start, cyc(104));
  // And one that fits exactly between [10, 14) and [100, 104) takes the gap's start.
  EXPECT_EQ(r.reserve(cyc(14), 16 * 86).start, cyc(14));
  EXPECT_EQ(r.wait(), cyc(104 - 98));
  EXPECT_EQ(r.busy_cycles(), 4u + 4u + 4u + 86u);
}

TEST(Noc, ReadPaysLatencyBothWaysAndItsDataOnTheLinks) {
  Bench& w = world().timed;
  // Request out: 5 cycles; the memory answers 20 later; 64 B back over the
  // requester's 16 B/cycle link (4 cycles); 5 cycles back.
  EXPECT_EQ(w.c0.rd(kB + 0x40, 64, cyc(100)), cyc(100 + 5 + kMemD + 4 + 5));
  ASSERT_EQ(w.b.log.size(), 1u);
  EXPECT_EQ(w.b.log[0].addr, 0x40u);  // translated to the target's offset
  EXPECT_EQ(w.b.log[0].arrival, cyc(105));
  // Above b's second mapping, the offset of that mapping applies.
  w.c0.rd(kB + (1 << 19) + 8, 8, cyc(1000));
  EXPECT_EQ(w.b.log.back().addr, (1u << 19) + 8);
}

TEST(Noc, WriteSendsItsDataBeforeTheRequestArrives) {
  Bench& w = world().timed;
  const size_t n = w.b.log.size();
  EXPECT_EQ(w.c1.wr(kB, 64, cyc(2000)), cyc(2000 + 4 + 5 + kMemD + 5));
  EXPECT_EQ(w.b.log.at(n).arrival, cyc(2000 + 4 + 5));
  EXPECT_EQ(w.b.log.at(n).cmd, tlm::TLM_WRITE_COMMAND);
}

TEST(Noc, TargetLinkIsSharedAndPathsAreCutThrough) {
  Bench& w = world().timed;
  const Ticks t = cyc(3000);
  // Two requesters read 128 B from a at once. a's link: 4 cycles; each
  // requester link: 8 cycles. Both answers leave a at t+25.
  const Ticks first = w.c0.rd(kA, 128, t);
  const Ticks second = w.c1.rd(kA + 128, 128, t);
  EXPECT_EQ(first, t + cyc(5 + kMemD + 8 + 5));
  // The second starts when a's link is free again (4 cycles later).
  EXPECT_EQ(second, t + cyc(5 + kMemD + 4 + 8 + 5));
  const unsigned pa = w.noc.target_port_of("a");
  EXPECT_EQ(w.noc.target_port(pa).out.busy_cycles(), 8u);
  EXPECT_EQ(w.noc.target_port(pa).out.wait(), cyc(4));
  EXPECT_EQ(w.noc.requester_port(1).out.bytes(), 128u + 0u);
}

TEST(Noc, RequesterLinkIsSharedAcrossTargets) {
  Bench& w = world().timed;
  const Ticks t = cyc(4000);
  // c2 reads 64 B from a and 64 B from b at once: both answers come back at
  // t+25 and queue on c2's own link (4 cycles each).
  EXPECT_EQ(w.c2.rd(kA + 4096, 64, t), t + cyc(5 + kMemD + 4 + 5));
  EXPECT_EQ(w.c2.rd(kB + 4096, 64, t), t + cyc(5 + kMemD + 8 + 5));
  EXPECT_EQ(w.noc.requester_port(2).out.busy_cycles(), 8u);
}

TEST(Noc, UnmappedAndStraddlingAreAddressErrorsWithoutTime) {
  Bench& w = world().timed;
  uint64_t v = 0;
  tlm::tlm_response_status st;
  EXPECT_EQ(w.c0.access(tlm::TLM_READ_COMMAND, 0x40, &v, 8, cyc(3), &st), cyc(3));
  EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(w.c0.access(tlm::TLM_READ_COMMAND, kA + (1 << 20) - 4, &v, 8, 0, &st), 0u);
  EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_NE(w.overlap_error.find("'intruder'"), std::string::npos);
  EXPECT_NE(w.overlap_error.find("'b_low'"), std::string::npos);
}

TEST(Noc, DataAndDebugReachTheTarget) {
  Bench& w = world().timed;
  uint32_t v = 0xFEEDBEEF, back = 0;
  w.c0.access(tlm::TLM_WRITE_COMMAND, kA + 0x500, &v, 4, 0);
  std::memcpy(&back, &w.a.bytes[0x500], 4);
  EXPECT_EQ(back, v);
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(kA + 0x500);
  t.set_data_ptr(reinterpret_cast<unsigned char*>(&back));
  t.set_data_length(4);
  back = 0;
  EXPECT_EQ(w.c0.socket->transport_dbg(t), 4u);
  EXPECT_EQ(back, v);
}

TEST(Noc, DmiOnlyInFunctionalModeAndTranslated) {
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(kB + (1 << 19) + 0x10);
  tlm::tlm_dmi d;
  EXPECT_FALSE(world().timed.c0.socket->get_direct_mem_ptr(t, d));
  Bench& f = world().functional;
  tlm::tlm_dmi g;
  ASSERT_TRUE(f.c0.socket->get_direct_mem_ptr(t, g));
  EXPECT_EQ(g.get_start_address(), kB + (1 << 19));
  EXPECT_EQ(g.get_end_address(), kB + (1 << 20) - 1);
  EXPECT_EQ(g.get_dmi_ptr(), f.b.bytes.data() + (1 << 19));
  // Functional transactions add nothing of the network's.
  EXPECT_EQ(f.c0.rd(kA, 64, 0), cyc(kMemD));
}

TEST(Noc, SameSequenceSameDelays) {
  auto run = [](Bench& w) {
    std::vector<Ticks> d;
    uint64_t x = 7;
    Initiator* who[3] = {&w.c0, &w.c1, &w.c2};
    for (int i = 0; i < 2000; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      const uint64_t addr = ((x >> 33) & 1 ? kA : kB) + ((x >> 12) % 4096) * 64;
      Initiator& c = *who[(x >> 40) % 3];
      d.push_back((x >> 5) & 1 ? c.wr(addr, 64, cyc(i * 3)) : c.rd(addr, 128, cyc(i * 3)));
    }
    return d;
  };
  EXPECT_EQ(run(world().det1), run(world().det2));
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  npuvp::world();
  return RUN_ALL_TESTS();
}
