// Shared-resource occupancy: the contention model of the memory system.
//
// A resource (a link, an L2 slice port, an HBM data bus) is free again at
// `free_at`. A transfer of B bytes arriving at time t starts at
// max(t, free_at) and holds the resource for ceil(B / bytes_per_cycle) cycles
// of the resource's clock; the resource is then free at the transfer's end.
// Requests are served in the order their b_transport calls reach the model
// (which SystemC makes deterministic), not sorted by arrival time: a request
// whose initiator runs behind in its quantum queues after one that was
// issued earlier in host order. The rule is written down in
// models/noc/TIMING.md; every memory-system model uses this class for it.
//
// Times are integer ticks of SystemC's time resolution (sc_time::value()),
// so that no rounding ever enters the arithmetic.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>

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
  // the transfer starts when every one is free and holds each for its own
  // duration; it finishes when the slowest is done.
  static Slot reserve_together(std::initializer_list<Occupancy*> path, Ticks arrival,
                               uint64_t bytes) {
    Slot s{arrival, arrival};
    for (const Occupancy* r : path) s.start = std::max(s.start, r->free_at_);
    s.finish = s.start;
    for (Occupancy* r : path) {
      const uint64_t n = r->cycles(bytes);
      if (n == 0) continue;
      const Ticks end = s.start + n * r->period_;
      r->free_at_ = end;
      r->busy_cycles_ += n;
      r->bytes_ += bytes;
      ++r->transfers_;
      r->wait_ += s.start - arrival;
      s.finish = std::max(s.finish, end);
    }
    return s;
  }

  Ticks free_at() const { return free_at_; }
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
  Ticks free_at_ = 0;
  uint64_t busy_cycles_ = 0;
  uint64_t bytes_ = 0;
  uint64_t transfers_ = 0;
  Ticks wait_ = 0;
};

}  // namespace npuvp
