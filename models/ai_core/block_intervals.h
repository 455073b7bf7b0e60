// Per-block state of a buffer kept as runs of equal state (an interval map):
// the race checker's shadow of the cube core's L1 and L0 buffers. A cube
// instruction touches kilobytes at once (an mmad writes all of a 128 KiB
// L0C) and leaves them in one state, so a few runs describe a buffer that a
// flat array would spend thousands of host cache lines on, per core and per
// instruction. Visiting a range calls the visitor once per run, with the
// run's first block: what it sees and does is what it would see and do for
// each block of the run, as every block of a run has the same state.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>

namespace npuvp {

template <class State>
class BlockIntervals {
 public:
  explicit BlockIntervals(uint64_t blocks = 0) { reset(blocks); }

  void reset(uint64_t blocks) {
    blocks_ = blocks;
    runs_.clear();
    if (blocks != 0) runs_.emplace(0, State{});
  }
  uint64_t blocks() const { return blocks_; }
  size_t runs() const { return runs_.size(); }

  // Calls visit(State&, first_block) for each run of [b0, b1) (clipped to the
  // buffer) in ascending order, then joins runs that became equal.
  template <class Visit>
  void visit(uint64_t b0, uint64_t b1, Visit&& visit) {
    b1 = std::min(b1, blocks_);
    if (b0 >= b1) return;
    auto first = split(b0);
    auto last = b1 < blocks_ ? split(b1) : runs_.end();
    for (auto it = first; it != last; ++it) visit(it->second, it->first);
    // Join from the run before b0 through the run at b1.
    auto it = first == runs_.begin() ? first : std::prev(first);
    while (it != runs_.end()) {
      auto next = std::next(it);
      if (next == runs_.end()) break;
      if (next->second == it->second) {
        const bool at_end = next == last;
        runs_.erase(next);
        if (at_end) break;
      } else {
        if (next == last) break;
        it = next;
      }
    }
  }

 private:
  // The run that starts at block b, made by splitting the run holding b.
  typename std::map<uint64_t, State>::iterator split(uint64_t b) {
    auto it = std::prev(runs_.upper_bound(b));
    if (it->first == b) return it;
    return runs_.emplace_hint(std::next(it), b, it->second);
  }

  uint64_t blocks_ = 0;
  std::map<uint64_t, State> runs_;  // first block of each run -> its state
};

}  // namespace npuvp
