// The memory system's counters (every die's L2 and HBM, the die-to-die link)
// read at one instant, and their difference over a launch: what the launch's
// statistics report. A direct launch reads them at its end (they start at
// zero); a launch through the firmware takes them at the cores' start and
// at the completion, so that the boot's traffic is not counted and both
// paths report the same figures (platform/chip_platform.h).
#pragma once

#include <cstdint>
#include <vector>

#include "models/hbm/hbm_controller.h"
#include "models/l2_cache/l2_cache.h"
#include "models/noc/die_link.h"

namespace npuvp {

struct MemoryCounters {
  struct Die {
    L2Cache::Stats l2;
    HbmController::PseudoChannelStats hbm;
    double hbm_peak_bytes_per_s = 0;
  };
  struct LinkDirection {
    uint64_t bytes = 0, busy_cycles = 0, transactions = 0;
  };
  std::vector<Die> dies;
  std::vector<LinkDirection> link;  // per direction (from die 0, from die 1); empty on one die

  // Reads them now; `link` may be nullptr.
  static MemoryCounters read(const std::vector<const L2Cache*>& l2, const std::vector<const HbmController*>& hbm,
                             const DieLink* link) {
    MemoryCounters m;
    for (size_t d = 0; d < l2.size(); ++d)
      m.dies.push_back({l2[d]->stats(), hbm[d]->total_stats(), hbm[d]->peak_bandwidth()});
    if (link)
      for (unsigned d = 0; d < 2; ++d) {
        const DieLink::Direction& dir = link->direction(d);
        m.link.push_back({dir.wire.bytes(), dir.wire.busy_cycles(), dir.transactions});
      }
    return m;
  }

  // What was counted since `start` (read from the same models).
  MemoryCounters since(const MemoryCounters& start) const {
    MemoryCounters m = *this;
    for (size_t d = 0; d < m.dies.size() && d < start.dies.size(); ++d) {
      m.dies[d].l2 = m.dies[d].l2.since(start.dies[d].l2);
      m.dies[d].hbm -= start.dies[d].hbm;
    }
    for (size_t d = 0; d < m.link.size() && d < start.link.size(); ++d) {
      m.link[d].bytes -= start.link[d].bytes;
      m.link[d].busy_cycles -= start.link[d].busy_cycles;
      m.link[d].transactions -= start.link[d].transactions;
    }
    return m;
  }
};

}  // namespace npuvp
