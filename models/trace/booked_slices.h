// Slices of a resource that books its calendar ahead of time (an HBM data
// bus, a die-link direction), for a TraceSink.
//
// Such models learn of a transfer when it is booked, which is out of time
// order: temporally decoupled initiators book the future, and a later
// booking may fill a gap before earlier ones. A TraceSink wants each track's
// slices in start order (ChromeTrace would otherwise spread them over extra
// lanes). Every booking starts at or after the present (SystemC's time when
// it is made), so a slice that starts before the present is final: this
// class holds the booked slices and hands them to the sink, in start order,
// once the present has passed their start (`flush_before`), and the rest at
// the end of the run (`flush_all`).
//
// Times are integer ticks of SystemC's time resolution (sc_time::value());
// the sink counts cycles of its own clock, `cycle_ticks` ticks each. A slice
// [start, end) becomes cycles [start / cycle_ticks, end / cycle_ticks)
// (rounded down at both ends, so that touching transfers stay touching), at
// least one cycle long.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "models/trace/trace_sink.h"

namespace npuvp {

class BookedSlices {
 public:
  BookedSlices() = default;
  BookedSlices(TraceSink* sink, uint64_t cycle_ticks) : sink_(sink), cycle_ticks_(std::max<uint64_t>(1, cycle_ticks)) {}
  BookedSlices(const BookedSlices&) = delete;
  BookedSlices& operator=(const BookedSlices&) = delete;
  BookedSlices(BookedSlices&&) = default;
  BookedSlices& operator=(BookedSlices&&) = default;

  bool on() const { return sink_ != nullptr; }

  // A transfer on `track` over [start, end) ticks. `track` must outlive the
  // slice (models keep their track names).
  void add(const std::string& track, std::string name, uint64_t start, uint64_t end) {
    if (sink_ == nullptr) return;
    pending_.emplace(start, Pending{&track, std::move(name), end});  // equal starts keep booking order
  }

  // Hands the sink every slice that starts before `now`.
  void flush_before(uint64_t now) {
    while (!pending_.empty() && pending_.begin()->first < now) emit_first();
  }
  void flush_all() {
    while (!pending_.empty()) emit_first();
  }
  size_t pending() const { return pending_.size(); }

 private:
  struct Pending {
    const std::string* track;
    std::string name;
    uint64_t end;
  };
  void emit_first() {
    auto it = pending_.begin();
    const uint64_t s = it->first / cycle_ticks_;
    const uint64_t e = std::max(s + 1, it->second.end / cycle_ticks_);
    sink_->slice(*it->second.track, it->second.name, s, e);
    pending_.erase(it);
  }

  TraceSink* sink_ = nullptr;
  uint64_t cycle_ticks_ = 1;
  std::multimap<uint64_t, Pending> pending_;  // by start
};

}  // namespace npuvp
