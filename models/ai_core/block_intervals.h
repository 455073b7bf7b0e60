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
#include <utility>

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

  // Whether pred(const State&, first_block) holds for a run of [b0, b1)
  // (clipped to the buffer); changes nothing.
  template <class Pred>
  bool any(uint64_t b0, uint64_t b1, Pred&& pred) const {
    b1 = std::min(b1, blocks_);
    if (b0 >= b1) return false;
    for (auto it = std::prev(runs_.upper_bound(b0)); it != runs_.end() && it->first < b1; ++it)
      if (pred(it->second, std::max(it->first, b0))) return true;
    return false;
  }

  // Calls visit(State&, first_block) for each run of [b0, b1) (clipped to the
  // buffer) in ascending order, then joins runs that became equal.
  template <class Visit>
  void visit(uint64_t b0, uint64_t b1, Visit&& visit) {
    b1 = std::min(b1, blocks_);
    if (b0 >= b1) return;
    visit_from(std::prev(runs_.upper_bound(b0)), b0, b1, visit);
  }

  // visit(b0, b1, visit) unless pred(const State&, first_block) holds for a
  // run of [b0, b1): then nothing changes and the answer is false. One
  // search of the map serves both (a lookup walks tree nodes that are rarely
  // in the host's cache).
  template <class Pred, class Visit>
  bool visit_unless(uint64_t b0, uint64_t b1, Pred&& pred, Visit&& visit) {
    b1 = std::min(b1, blocks_);
    if (b0 >= b1) return true;
    const auto run = std::prev(runs_.upper_bound(b0));
    for (auto it = run; it != runs_.end() && it->first < b1; ++it)
      if (pred(it->second, std::max(it->first, b0))) return false;
    visit_from(run, b0, b1, visit);
    return true;
  }

 private:
  using Iterator = typename std::map<uint64_t, State>::iterator;

  // visit() from the run that holds b0 (b0 < b1 <= blocks_).
  template <class Visit>
  void visit_from(Iterator run, uint64_t b0, uint64_t b1, Visit&& visit) {
    const uint64_t run_end = std::next(run) == runs_.end() ? blocks_ : std::next(run)->first;
    if (b1 <= run_end) {
      // Inside one run (a sweep of small pieces): the visit works on a copy,
      // and a new state equal to a neighbour's moves a boundary instead of
      // splitting and joining nodes.
      State s = run->second;
      visit(s, b0);
      if (s == run->second) return;
      const bool at_start = run->first == b0, at_end = b1 == run_end;
      const auto before = run == runs_.begin() ? runs_.end() : std::prev(run);
      const auto after = std::next(run);
      const bool join_before = at_start && before != runs_.end() && before->second == s;
      const bool join_after = at_end && after != runs_.end() && after->second == s;
      if (join_before && at_end) {  // the whole run becomes its neighbour(s)
        runs_.erase(run);
        if (join_after) runs_.erase(after);
        return;
      }
      if (join_before) {  // the run now starts at b1
        move_start(run, b1);
        return;
      }
      if (join_after && !at_start) {  // the next run now starts at b0
        move_start(after, b0);
        return;
      }
      if (join_after) {  // the whole run joins the next: the next starts here
        runs_.erase(run);
        move_start(after, b0);
        return;
      }
      if (at_start && at_end) {
        run->second = s;
        return;
      }
      auto mid = at_start ? run : runs_.emplace_hint(std::next(run), b0, run->second);
      if (!at_end) runs_.emplace_hint(std::next(mid), b1, mid->second);
      mid->second = s;
      return;
    }
    auto first = split_at(run, b0);
    auto last = runs_.end();
    if (b1 < blocks_) {  // the run holding b1: the last one starting at or before it, from `first` on
      auto holder = first;
      for (auto next = std::next(holder); next != runs_.end() && next->first <= b1; ++next) holder = next;
      last = split_at(holder, b1);
    }
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

  // The run that starts at block b, made by splitting `holder`, the run holding b.
  Iterator split_at(Iterator holder, uint64_t b) {
    if (holder->first == b) return holder;
    return runs_.emplace_hint(std::next(holder), b, holder->second);
  }

  // Re-keys a run without allocating (its state stays).
  void move_start(typename std::map<uint64_t, State>::iterator it, uint64_t b) {
    auto node = runs_.extract(it);
    node.key() = b;
    runs_.insert(std::move(node));
  }

  uint64_t blocks_ = 0;
  std::map<uint64_t, State> runs_;  // first block of each run -> its state
};

}  // namespace npuvp
