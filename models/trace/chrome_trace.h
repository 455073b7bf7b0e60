// A TraceSink that writes a Chrome / Perfetto JSON trace (the "JSON object
// format": {"traceEvents":[...],"displayTimeUnit":"ns","otherData":{...}}),
// streamed: events are written as they are reported, only a little state
// per track is held (its lanes and its last slices, to bind flow arrows).
//
// Mapping
// - A track "A/B/C" is shown as process "A" (the part before the first '/',
//   e.g. the core's SystemC name, "hbm", "d2d") and thread "B/C". pids and
//   tids come from one counter in the order tracks are first seen (so the
//   same events give the same ids), plus "M" events process_name,
//   process_sort_index, thread_name and thread_sort_index; pipes sort as
//   PIPE_S, PIPE_V, PIPE_M, PIPE_MTE1, PIPE_MTE2, PIPE_MTE3, PIPE_FIX, then
//   other tracks in the order seen. (Chrome's viewer honours the sort indices;
//   Perfetto ignores them.)
// - A slice is a complete event: "ph":"X", "ts"/"dur" in microseconds at
//   the clock (cycle * 1e6 / clock_hz, rounded to the picosecond and written
//   with integer arithmetic, so output bytes never depend on float
//   formatting), "args":{"start_cycle":S,"end_cycle":E}.
// - Lanes: slices on one thread must not partially overlap (Perfetto drops
//   improperly nested slices) and must come in time order. A pipe whose
//   operations overlap (pipelined MTE bursts) or a model that reports out of
//   order therefore gets extra threads "PIPE_MTE2 #2", "#3", ...: a slice goes
//   to the first lane whose last slice ended at or before its start. So in
//   the file every thread's X events are in non-decreasing "ts" order and do
//   not overlap. Past max_lanes a slice is dropped and counted.
// - A flow is a pair of events with the same "id", "cat" and "name":
//   "ph":"s" then "ph":"f" with "bp":"e". Each end is placed on the lane and
//   at the exact "ts" of the slice it binds to: on its track, the slice with
//   the latest start at or before the end's cycle among the last
//   `flow_history` slices written there. Equal ts/pid/tid/cat is what Chrome's
//   viewer binds on; Perfetto's JSON importer binds "s" to the slice open on
//   the thread at that ts and "f"+"bp":"e" to the enclosing slice (v1 flows).
//   The v2 form (bind_id/flow_out on the X event) would need the arrow's
//   existence known when its first slice is written, which a streaming sink
//   does not know (the AI core reports the arrow at the wait_flag). Note
//   that "s" events are written when the arrow is reported, so in file
//   order they may follow later slices of their thread: viewers sort by ts;
//   "monotonic per track" holds for the X events. A flow whose end has no
//   written slice to bind to (outside the window, truncated, too old) is
//   dropped and counted.
// - Window [window_from, window_to) cycles: a slice is kept whole if it
//   overlaps the window (start < to and end > from; a zero-length slice if
//   from <= start < to), never clipped, so names and durations stay true.
// - Size cap: the file never grows past max_bytes (the closing part is
//   reserved in advance). The first event that would not fit stops the
//   recording; otherData then says "truncated":true and
//   "truncated_at_cycle" (that event's cycle). The file is valid JSON in
//   every case once finish() ran (the destructor calls it).
#pragma once

#include <cstdint>
#include <deque>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/trace/trace_sink.h"

namespace npuvp {

struct ChromeTraceOptions {
  uint64_t clock_hz = 1'000'000'000;  // cycles -> microseconds
  uint64_t window_from = 0;
  uint64_t window_to = std::numeric_limits<uint64_t>::max();
  uint64_t max_bytes = 256ull << 20;
  unsigned max_lanes = 32;      // threads per track before overlapping slices are dropped
  unsigned flow_history = 256;  // slices remembered per track to bind flow ends
  // Perfetto keeps whole nanoseconds: above 1 GHz a one-cycle slice imports
  // as 0 ns long. With cycle_timeline, ts/dur are written as if the clock
  // were 1 GHz (one cycle = 1 ns on screen); otherData still gives clock_hz
  // and says "timeline":"cycles" (else "clock").
  bool cycle_timeline = false;
};

class ChromeTrace : public TraceSink {
 public:
  struct Counts {
    uint64_t slices = 0, flows = 0;        // written
    uint64_t slices_outside_window = 0;
    uint64_t slices_lane_overflow = 0;     // overlapped more than max_lanes others
    uint64_t flows_unbound = 0;            // an end with no written slice to bind to
    uint64_t events_after_truncation = 0;  // slices and flows reported after the cap was reached
  };

  // Writes to `path`; throws std::runtime_error if it cannot be created.
  ChromeTrace(const std::string& path, ChromeTraceOptions options);
  // Writes to a stream the caller keeps alive until finish().
  ChromeTrace(std::ostream& out, ChromeTraceOptions options);
  ~ChromeTrace() override;  // finish(), errors swallowed
  ChromeTrace(const ChromeTrace&) = delete;
  ChromeTrace& operator=(const ChromeTrace&) = delete;

  void slice(const std::string& track, const std::string& name, uint64_t start, uint64_t end) override;
  void flow(uint64_t id, const std::string& from_track, uint64_t from_cycle, const std::string& to_track,
            uint64_t to_cycle) override;

  // A string in otherData (kernel, preset, version...). Call before the
  // events: its room is reserved out of max_bytes from then on.
  void set_info(const std::string& key, const std::string& value);

  // Closes the JSON and flushes; later events are ignored. Throws
  // std::runtime_error if the output failed. Idempotent.
  void finish();

  bool truncated() const { return truncated_; }
  uint64_t bytes_written() const { return bytes_; }
  const Counts& counts() const { return counts_; }

 private:
  struct Lane {
    uint64_t tid = 0;
    uint64_t last_end = 0;
  };
  struct Written {
    uint64_t start, end, ts_ps;
    size_t lane;
  };
  struct Track {
    uint64_t pid = 0;
    std::string thread;  // the name after the first '/'
    unsigned sort_base = 0;
    std::vector<Lane> lanes;
    std::deque<Written> recent;
  };
  struct Process {
    uint64_t pid = 0;
    std::map<std::string, unsigned> groups;  // thread prefix -> index, for sort order
    std::map<std::string, unsigned> others;  // non-pipe leaf names -> index
  };

  void begin();
  Track& track(const std::string& name, std::string& meta);
  std::string lane_meta(const Track& t, size_t lane) const;
  const Written* bind(const Track& t, uint64_t cycle) const;
  bool emit(const std::string& chunk, uint64_t cycle);
  std::string footer(bool worst_case) const;
  void stop(uint64_t cycle);
  uint64_t to_ps(uint64_t cycle) const;

  ChromeTraceOptions opt_;
  std::unique_ptr<std::ofstream> file_;
  std::ostream* out_ = nullptr;
  std::string path_;
  uint64_t bytes_ = 0;
  uint64_t reserve_ = 0;  // worst-case footer size
  bool first_event_ = true;
  bool truncated_ = false;
  bool finished_ = false;
  uint64_t truncated_at_ = 0;
  uint64_t next_id_ = 1;
  Counts counts_;
  std::vector<std::pair<std::string, std::string>> info_;
  std::unordered_map<std::string, Track> tracks_;
  std::unordered_map<std::string, Process> processes_;
};

// Appends `s` to `out` as a JSON string body (no quotes): escapes '"', '\\'
// and control characters (tabs of disassembly become \t) and replaces bytes
// that are not valid UTF-8 (symbol names are arbitrary bytes) with U+FFFD.
void json_escape_append(std::string& out, const std::string& s);

// "FROM:TO" in cycles for --trace-window; either side may be empty
// (":5000", "1000:"). Throws std::invalid_argument naming the problem.
std::pair<uint64_t, uint64_t> parse_trace_window(const std::string& text);

// A byte size for the trace cap: "1048576", "64K", "256M", "2G" (also "KiB",
// "MiB", "GiB"; powers of 1024). Throws std::invalid_argument.
uint64_t parse_byte_size(const std::string& text);

}  // namespace npuvp
