// The cross-core flags of one AIC + 2 AIV group in a mixed launch
// (isa/XNPU.md "Cross-core flags"): the cube core's cross_set_flag(ev) gives
// each of its two vector cores one set of ev; a vector core's gives the cube
// core one set of ev from that vector core. A vector core's
// cross_wait_flag(ev) takes one set of ev from the cube core; the cube
// core's takes one from each vector core. Sets count, like set_flag's.
//
// The cores run in their own SystemC threads: a waiter with no set to take
// waits on `changed` until another core's thread has issued one.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>

#include <systemc>

namespace npuvp {

class CrossCoreFlags {
 public:
  static constexpr unsigned kAic = 0;  // members: 0 the AIC, 1 + sub-block the AIVs
  static constexpr unsigned kEvents = 8;

  // Member `from` sets event ev, visible at cycle `visible`.
  void set(unsigned from, unsigned ev, uint64_t visible) {
    if (from == kAic) {
      for (unsigned v = 0; v < 2; ++v) queue(v, ev, true).push_back(visible);
    } else {
      queue(from - 1, ev, false).push_back(visible);
    }
    changed.notify(sc_core::SC_ZERO_TIME);
  }
  // Member `to` takes one set of ev (the AIC: one from each AIV); false when
  // there is none yet. `visible` is when the flag it takes became visible.
  bool take(unsigned to, unsigned ev, uint64_t& visible) {
    if (to != kAic) {
      auto& q = queue(to - 1, ev, true);
      if (q.empty()) return false;
      visible = q.front();
      q.pop_front();
      return true;
    }
    auto& q0 = queue(0, ev, false);
    auto& q1 = queue(1, ev, false);
    if (q0.empty() || q1.empty()) return false;
    visible = std::max(q0.front(), q1.front());
    q0.pop_front();
    q1.pop_front();
    return true;
  }
  // Sets never taken, for the end-of-launch warning.
  size_t pending(unsigned to, unsigned ev) const {
    if (to != kAic) return to_aiv_[to - 1][ev & 7].size();
    return std::max(to_aic_[0][ev & 7].size(), to_aic_[1][ev & 7].size());
  }

  // A new launch of the group: no set of the last one carries over.
  void clear() {
    for (auto* side : {&to_aiv_, &to_aic_})
      for (auto& per_aiv : *side)
        for (auto& q : per_aiv) q.clear();
  }

  sc_core::sc_event changed;

 private:
  std::deque<uint64_t>& queue(unsigned aiv, unsigned ev, bool to_aiv) {
    return to_aiv ? to_aiv_[aiv & 1][ev & 7] : to_aic_[aiv & 1][ev & 7];
  }
  std::array<std::array<std::deque<uint64_t>, kEvents>, 2> to_aiv_, to_aic_;  // per AIV
};

}  // namespace npuvp
