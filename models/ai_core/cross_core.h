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
#include <string>

#include <systemc>

namespace npuvp {

class CrossCoreFlags {
 public:
  static constexpr unsigned kAic = 0;  // members: 0 the AIC, 1 + sub-block the AIVs
  static constexpr unsigned kEvents = 8;

  // One set of an event: visible to the taker at `visible`; it executed at
  // cycle `at` on trace track `track` (where its flow arrow starts).
  struct Set {
    uint64_t visible = 0;
    uint64_t at = 0;
    std::string track;
  };
  // The sets one take consumed: one for a vector core, one per vector core
  // for the cube core.
  struct Taken {
    std::array<Set, 2> sets;
    unsigned count = 0;
    uint64_t visible() const { return count == 2 ? std::max(sets[0].visible, sets[1].visible) : sets[0].visible; }
  };

  // Member `from` sets event ev.
  void set(unsigned from, unsigned ev, const Set& s) {
    if (from == kAic) {
      for (unsigned v = 0; v < 2; ++v) queue(v, ev, true).push_back(s);
    } else {
      queue(from - 1, ev, false).push_back(s);
    }
    changed.notify(sc_core::SC_ZERO_TIME);
  }
  // Member `to` takes one set of ev (the AIC: one from each AIV); false when
  // there is none yet.
  bool take(unsigned to, unsigned ev, Taken& taken) {
    if (to != kAic) {
      auto& q = queue(to - 1, ev, true);
      if (q.empty()) return false;
      taken.sets[0] = std::move(q.front());
      taken.count = 1;
      q.pop_front();
      return true;
    }
    auto& q0 = queue(0, ev, false);
    auto& q1 = queue(1, ev, false);
    if (q0.empty() || q1.empty()) return false;
    taken.sets = {std::move(q0.front()), std::move(q1.front())};
    taken.count = 2;
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
  std::deque<Set>& queue(unsigned aiv, unsigned ev, bool to_aiv) {
    return to_aiv ? to_aiv_[aiv & 1][ev & 7] : to_aic_[aiv & 1][ev & 7];
  }
  std::array<std::array<std::deque<Set>, kEvents>, 2> to_aiv_, to_aic_;  // per AIV
};

}  // namespace npuvp
