// Shared-resource occupancy: the contention model of the memory system.
//
// A resource (a link, an L2 slice port, an HBM data bus) keeps a calendar of
// the intervals it is busy. A transfer of B bytes arriving at time t takes
// the earliest free interval of ceil(B / bytes_per_cycle) cycles of the
// resource's clock that starts at or after t. Filling gaps, rather than
// queueing behind the last reservation, is what keeps temporally decoupled
// initiators honest: a core that runs ahead in its quantum books the future,
// and a core that runs later in host order but earlier in simulated time
// still finds the free cycles in between. Results are deterministic (SystemC
// runs one process at a time, in a fixed order). The rule is written down in
// models/noc/TIMING.md; every memory-system model uses this class for it.
//
// Times are integer ticks of SystemC's time resolution (sc_time::value()),
// so that no rounding ever enters the arithmetic.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <map>

#include <systemc>

namespace npuvp {

using Ticks = uint64_t;
inline Ticks to_ticks(const sc_core::sc_time& t) { return t.value(); }
inline sc_core::sc_time to_time(Ticks v) { return sc_core::sc_time::from_value(v); }

class Occupancy {
 public:
  struct Slot {
    Ticks start = 0;
    Ticks finish = 0;
  };

  Occupancy() = default;
  // bytes_per_cycle == 0: a resource without a bandwidth limit (it never
  // holds a transfer and never makes one wait).
  Occupancy(sc_core::sc_time period, uint32_t bytes_per_cycle)
      : period_(to_ticks(period)), bytes_per_cycle_(bytes_per_cycle) {}

  uint64_t cycles(uint64_t bytes) const {
    return bytes_per_cycle_ == 0 ? 0 : (bytes + bytes_per_cycle_ - 1) / bytes_per_cycle_;
  }
  Ticks duration(uint64_t bytes) const { return cycles(bytes) * period_; }

  Slot reserve(Ticks arrival, uint64_t bytes) { return reserve_together({this}, arrival, bytes); }

  // The same bytes cross several resources at once (a cut-through path):
  // the transfer starts at the earliest time every one of them has a free
  // interval for its own duration; it finishes when the slowest is done.
  static Slot reserve_together(std::initializer_list<Occupancy*> path, Ticks arrival,
                               uint64_t bytes) {
    Ticks start = arrival;
    for (bool moved = true; moved;) {
      moved = false;
      for (const Occupancy* r : path) {
        const Ticks d = r->duration(bytes);
        if (d == 0) continue;
        const Ticks fit = r->earliest_fit(start, d);
        if (fit != start) {
          start = fit;
          moved = true;
        }
      }
    }
    Slot s{start, start};
    for (Occupancy* r : path) {
      const uint64_t n = r->cycles(bytes);
      if (n == 0) continue;
      const Ticks end = start + n * r->period_;
      r->book(start, end);
      r->busy_cycles_ += n;
      r->bytes_ += bytes;
      ++r->transfers_;
      r->wait_ += start - arrival;
      s.finish = std::max(s.finish, end);
    }
    return s;
  }

  // The earliest t' >= t at which the resource is free for `length` ticks.
  // A resource whose users must keep gaps between some kinds of transfer (a
  // bus turning around between reads and writes) tags its intervals and
  // passes gaps[a * 2 + b]: the ticks needed between an interval tagged a and
  // a following one tagged b.
  Ticks earliest_fit(Ticks t, Ticks length, uint8_t tag = 0, const Ticks* gaps = nullptr) const {
    auto gap = [&](uint8_t a, uint8_t b) -> Ticks { return gaps ? gaps[(a & 1) * 2 + (b & 1)] : 0; };
    for (;;) {
      auto next = busy_.upper_bound(t);
      if (next != busy_.begin()) {
        auto prev = std::prev(next);
        const Ticks after_prev = prev->second.end + gap(prev->second.tag, tag);
        if (after_prev > t) {
          t = after_prev;
          continue;
        }
      }
      if (next != busy_.end() && next->first < t + length + gap(tag, next->second.tag)) {
        t = next->second.end + gap(next->second.tag, tag);
        continue;
      }
      return t;
    }
  }
  // Marks [start, end) busy (the caller found it free).
  void book(Ticks start, Ticks end, uint8_t tag = 0) {
    if (end <= start) return;
    // Nothing can arrive before the present: forget the past.
    const Ticks now = to_ticks(sc_core::sc_time_stamp());
    while (!busy_.empty() && busy_.begin()->second.end <= now) busy_.erase(busy_.begin());
    auto next = busy_.lower_bound(start);
    if (next != busy_.end() && next->first == end && next->second.tag == tag) {
      end = next->second.end;  // touches the next interval
      next = busy_.erase(next);
    }
    if (next != busy_.begin()) {
      auto prev = std::prev(next);
      if (prev->second.end == start && prev->second.tag == tag) {  // extends the previous one
        prev->second.end = end;
        return;
      }
    }
    busy_.emplace_hint(next, start, Interval{end, tag});
  }
  // Books a transfer found with earliest_fit (same tag), counting it.
  Slot reserve_at(Ticks arrival, Ticks start, uint64_t bytes, uint8_t tag = 0) {
    const uint64_t n = cycles(bytes);
    const Ticks end = start + n * period_;
    book(start, end, tag);
    busy_cycles_ += n;
    bytes_ += bytes;
    ++transfers_;
    wait_ += start - arrival;
    return {start, end};
  }

  Ticks period() const { return period_; }
  uint32_t bytes_per_cycle() const { return bytes_per_cycle_; }
  // Statistics: cycles held, bytes carried, transfers, and the total time
  // transfers waited for the resource (contention).
  uint64_t busy_cycles() const { return busy_cycles_; }
  uint64_t bytes() const { return bytes_; }
  uint64_t transfers() const { return transfers_; }
  Ticks wait() const { return wait_; }

 private:
  Ticks period_ = 1;
  uint32_t bytes_per_cycle_ = 0;
  struct Interval {
    Ticks end;
    uint8_t tag;
  };
  std::map<Ticks, Interval> busy_;  // by start; disjoint; touching ones merged when tags agree
  uint64_t busy_cycles_ = 0;
  uint64_t bytes_ = 0;
  uint64_t transfers_ = 0;
  Ticks wait_ = 0;
};

}  // namespace npuvp
