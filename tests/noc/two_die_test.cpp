// Two dies wired as a 910C package: on each die, cores -> Noc -> L2 -> HBM,
// and the die-to-die link between the two networks. Exact latency of a local
// and a remote L2 miss (the remote one pays the crossing), streaming reads
// of the other die's memory bounded by the link's bandwidth, and 48 cores
// streaming their own die's HBM reaching its bandwidth.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "models/hbm/hbm_controller.h"
#include "models/l2_cache/l2_cache.h"
#include "models/noc/die_link.h"
#include "models/noc/noc.h"
#include "tests/noc/test_target.h"

namespace npuvp {
namespace {

using test::Initiator;

constexpr uint64_t kHbmSize = uint64_t{1} << 30;
constexpr uint64_t kDieBase[2] = {0, uint64_t{16} << 30};
constexpr unsigned kCores = 48;

struct Die {
  std::vector<std::unique_ptr<Initiator>> cores;
  Noc noc;
  L2Cache l2;
  HbmController hbm;
  Die(int d)
      : noc(("noc" + std::to_string(d)).c_str(), NocParams{}),
        l2(("l2_" + std::to_string(d)).c_str(),
           [] {
             L2Params p;
             p.size = 1 << 20;
             return p;
           }()),
        hbm(("hbm" + std::to_string(d)).c_str(), [] {
          HbmParams p;
          p.size = kHbmSize;
          return p;
        }()) {
    for (unsigned c = 0; c < kCores; ++c) {
      cores.push_back(std::make_unique<Initiator>(("die" + std::to_string(d) + "_core" + std::to_string(c)).c_str()));
      cores.back()->socket.bind(noc.requesters);
    }
    noc.map(l2.socket, kDieBase[d], kHbmSize, "l2");  // to die-local addresses
    l2.downstream.bind(hbm.socket);
  }
};

struct Package {
  Die die0{0}, die1{1};
  DieLink link{"d2d", LinkParams{}};
  Package() {
    // Requests for the other die's range cross the link with global addresses.
    die0.noc.map(link.from_die0, kDieBase[1], kHbmSize, "d2d", kDieBase[1]);
    die1.noc.map(link.from_die1, kDieBase[0], kHbmSize, "d2d", kDieBase[0]);
    link.to_die1.bind(die1.noc.requesters);  // port kCores of die 1's network
    link.to_die0.bind(die0.noc.requesters);
    die0.noc.set_requester_bandwidth(kCores, 0);  // the link's own width is the limit
    die1.noc.set_requester_bandwidth(kCores, 0);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
  }
};

Package& package() {
  static Package p;
  return p;
}

TEST(TwoDies, RemoteMissPaysTheCrossing) {
  Package& p = package();
  const NocParams n;
  const L2Params l;
  const HbmParams h;
  const LinkParams k;
  const Ticks C = to_ticks(n.clock_period), H = to_ticks(h.clock_period), K = to_ticks(k.clock_period);
  const Ticks hbm = (h.tRCD + h.tCL + 128 / 16 + h.controller_latency) * H;  // empty row, 128 B
  const Ticks l2_miss = l.tag_latency * C + hbm + (128 / 64 + l.hit_latency) * C;
  const Ticks noc_read = n.latency * C + (128 / 64 + n.latency) * C;  // there, data back, back
  // A core of die 0 reads a cold line of its own die.
  EXPECT_EQ(p.die0.cores[0]->rd(kDieBase[0] + 0x10000, 128, 0), noc_read + l2_miss);
  // The same on the other die: both networks, the link there and back, and
  // one link cycle (128 B of 224) for the data.
  const Ticks t = to_ticks(sc_core::sc_time(10, sc_core::SC_US));
  const Ticks link = 2 * to_ticks(k.latency) + 1 * K;
  const Ticks noc1_read = n.latency * C + n.latency * C;  // the link's port has no width limit
  EXPECT_EQ(p.die0.cores[1]->rd(kDieBase[1] + 0x10000, 128, t) - t, noc_read + link + noc1_read + l2_miss);
  EXPECT_EQ(p.link.direction(1).wire.bytes(), 128u);
  EXPECT_EQ(p.die1.l2.stats().total.misses, 1u);
}

// Open loop: `cores` cores of die 0 issue reads of `chunk` bytes over
// `total` bytes starting at `base`, all at `t0`; returns bytes per second.
double sweep(Package& p, uint64_t base, uint64_t total, unsigned chunk, unsigned cores, Ticks t0) {
  Ticks last = t0;
  for (uint64_t off = 0, i = 0; off < total; off += chunk, ++i)
    last = std::max(last, p.die0.cores[i % cores]->rd(base + off, chunk, t0));
  return static_cast<double>(total) / to_time(last - t0).to_seconds();
}

TEST(TwoDies, ReadingTheOtherDieIsBoundedByTheLink) {
  Package& p = package();
  const Ticks t0 = to_ticks(sc_core::sc_time(1, sc_core::SC_MS));
  const double bw = sweep(p, kDieBase[1] + (uint64_t{256} << 20), 8 << 20, 448, 8, t0);
  std::printf("remote stream: %.1f GB/s\n", bw / 1e9);
  EXPECT_LE(bw, 224e9);
  EXPECT_GE(bw, 0.98 * 224e9);
}

TEST(TwoDies, FortyEightCoresStreamTheirOwnHbmNearItsBandwidth) {
  Package& p = package();
  const Ticks t0 = to_ticks(sc_core::sc_time(2, sc_core::SC_MS));
  const double peak = p.die0.hbm.peak_bandwidth();
  const double bw = sweep(p, kDieBase[0] + (uint64_t{512} << 20), 64 << 20, 512, kCores, t0);
  std::printf("local stream, %u cores: %.1f GB/s of %.1f\n", kCores, bw / 1e9, peak / 1e9);
  EXPECT_LE(bw, peak);
  EXPECT_GE(bw, 0.85 * peak);
  // Refresh is the main loss: at most 1 - tRFC/tREFI of the peak.
  const HbmParams h;
  EXPECT_LE(bw, peak * (1.0 - static_cast<double>(h.tRFC) / h.tREFI));
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  npuvp::package();
  return RUN_ALL_TESTS();
}
