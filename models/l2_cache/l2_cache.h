// The L2 cache of one die: a TLM-2.0 target (requests from the cores, via
// the on-die network) and an initiator towards the die's HBM. Set-associative,
// write-back, write-allocate, LRU or FIFO replacement, several slices
// interleaved by address, each with its own port bandwidth.
//
// The L2 models TAGS AND TIMING ONLY. Data always lives in the backing store
// downstream: a request's bytes are read or written there with
// transport_dbg (no time), and the line fills and write-backs the tags call
// for are b_transport calls that give the timing (a write-back writes back the
// bytes already there). So the data is right in every case, whatever the
// tags say, and nothing is stored twice. Timing rules: models/l2_cache/TIMING.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/noc/occupancy.h"

namespace npuvp {

struct L2Params {
  enum class Replacement { Lru, Fifo };
  // How an address picks its slice (TIMING.md "Slice mapping"). Modulo: the
  // interleave unit's index mod slices. XorFold: that index's bits folded by
  // XOR in groups of log2(slices) bits, as real L2s hash addresses, so that
  // rows a power-of-two stride apart do not all start on one slice.
  enum class SliceHash { Modulo, XorFold };

  uint64_t size = uint64_t{192} << 20;  // DESIGN.md: 192 MiB per die (CANN ini l2_size)
  uint32_t line_size = 128;             // bytes; our own assumption
  uint32_t ways = 16;                   // our own assumption
  Replacement replacement = Replacement::Lru;
  uint32_t slices = 32;                 // our own assumption
  uint64_t slice_interleave = 128;      // bytes of consecutive addresses on one slice
  SliceHash slice_hash = SliceHash::Modulo;  // XorFold needs a power-of-two slice count
  uint32_t bytes_per_cycle = 64;        // per slice port: 32 x 64 B x 1.8 GHz = 3.7 TB/s (assumption)
  sc_core::sc_time clock_period = sc_core::sc_time(556, sc_core::SC_PS);  // 1.8 GHz (DESIGN.md)
  uint32_t tag_latency = 12;            // cycles from arrival to a miss leaving for downstream
  uint32_t hit_latency = 40;            // cycles from the slice transfer's end to the answer
  bool functional = false;              // no tags, no timing: a pass-through with DMI
};

class L2Cache : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<L2Cache> socket;         // from the cores / NoC
  tlm_utils::simple_initiator_socket<L2Cache> downstream;  // to HBM (or the NoC to it)

  struct Counts {
    uint64_t hits = 0;
    uint64_t misses = 0;
  };
  struct Stats {
    Counts total;
    uint64_t read_hits = 0, read_misses = 0, write_hits = 0, write_misses = 0;
    uint64_t fills = 0;       // lines read from downstream
    uint64_t writebacks = 0;  // dirty lines written back on eviction
    uint64_t bytes_read = 0, bytes_written = 0;  // requested bytes
    uint64_t flushes = 0;            // flush_invalidate() calls
    uint64_t flush_writebacks = 0;   // dirty lines they wrote back

    // What was counted after `start` (taken from the same cache earlier).
    Stats since(const Stats& start) const {
      Stats d = *this;
      d.total.hits -= start.total.hits;
      d.total.misses -= start.total.misses;
      d.read_hits -= start.read_hits;
      d.read_misses -= start.read_misses;
      d.write_hits -= start.write_hits;
      d.write_misses -= start.write_misses;
      d.fills -= start.fills;
      d.writebacks -= start.writebacks;
      d.bytes_read -= start.bytes_read;
      d.bytes_written -= start.bytes_written;
      d.flushes -= start.flushes;
      d.flush_writebacks -= start.flush_writebacks;
      return d;
    }
  };
  // What one flush did: when the walk and its write-backs were done.
  struct Flush {
    sc_core::sc_time done;
    uint64_t writebacks = 0;
    uint64_t invalidated = 0;  // valid lines dropped (dirty ones included)
  };
  struct Probe {
    bool present = false;
    bool dirty = false;
  };

  L2Cache(sc_core::sc_module_name name, const L2Params& params);
  L2Cache(const L2Cache&) = delete;
  L2Cache& operator=(const L2Cache&) = delete;

  const Stats& stats() const { return stats_; }
  // Hits and misses per RequesterId (RequesterId::kUnknown for payloads without one).
  const std::map<uint32_t, Counts>& requester_stats() const { return per_requester_; }
  const Occupancy& slice(uint32_t i) const { return slices_[i]; }
  uint32_t slice_of(uint64_t addr) const {
    uint64_t unit = addr / params_.slice_interleave;
    if (params_.slice_hash == L2Params::SliceHash::Modulo) return static_cast<uint32_t>(unit % params_.slices);
    uint64_t folded = 0;
    for (; unit != 0; unit >>= slice_bits_) folded ^= unit;
    return static_cast<uint32_t>(folded & (params_.slices - 1));
  }
  uint64_t sets() const { return sets_; }
  // Whether the line holding `addr` is cached, and dirty; changes nothing.
  Probe probe(uint64_t addr) const;
  // Cache maintenance (TIMING.md, "Flush and invalidate"): every line is
  // invalidated at `at`; the tag walk visits `slices` sets per cycle from
  // `at`, and each dirty line is written back downstream (a timed write)
  // when its set is visited. done: the walk's end or the last write-back's,
  // whichever is later. Functional mode: nothing to do (no tags).
  Flush flush_invalidate(sc_core::sc_time at);
  const L2Params& params() const { return params_; }

 private:
  struct Way {
    uint64_t tag;
    uint64_t stamp;  // (use or fill order << 1) | dirty; 0: invalid
  };
  struct FreeDeleter {
    void operator()(Way* p) const;
  };

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);
  // Moves the request's data to or from the backing store; false on error.
  bool move_data(tlm::tlm_generic_payload& trans);
  // Looks up one line for `bytes` of the request; returns when they are answered.
  Ticks access_line(uint64_t line, uint64_t bytes, bool write, Ticks arrival, Counts& who);
  // A timed line transfer downstream starting at `at`; returns its end.
  Ticks line_transfer(tlm::tlm_command cmd, uint64_t line, Ticks at, bool& ok);

  L2Params params_;
  uint64_t sets_;
  uint32_t slice_bits_ = 0;  // log2(slices) for SliceHash::XorFold
  Ticks period_;
  std::unique_ptr<Way[], FreeDeleter> ways_;  // sets_ x ways, zero pages until touched
  std::vector<Occupancy> slices_;
  uint64_t clock_ = 0;  // use counter for the stamps
  uint64_t touched_lo_ = UINT64_MAX, touched_hi_ = 0;  // sets that may hold valid lines
  Stats stats_;
  std::map<uint32_t, Counts> per_requester_;
  std::vector<uint8_t> scratch_, line_buf_;
  tlm::tlm_generic_payload line_trans_;
};

}  // namespace npuvp
