// The HBM of one die behind one TLM-2.0 target socket: every channel and
// pseudo-channel of every stack, with banks, open rows, refresh, read/write
// turnaround and a data bus per pseudo-channel whose bandwidth is the cap.
// Addresses are die-local offsets [0, size). The timing rules, the address
// mapping and the default figures are in models/hbm/TIMING.md.
//
// Data lives in a sparse store (anonymous MAP_NORESERVE memory: pages cost
// host memory only once touched). DMI is offered only in functional mode:
// in cycle mode every access must be a transaction, because the timing
// depends on the order and the addresses of all of them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/memory/backing_store.h"
#include "models/noc/occupancy.h"
#include "models/trace/booked_slices.h"

namespace npuvp {

struct HbmParams {
  uint64_t size = uint64_t{64} << 30;  // bytes of this die (DESIGN.md: 64 GiB per 910B die)
  // The HBM clock; the data bus moves bytes_per_cycle per cycle of it.
  // 640 ps = 1.5625 GHz: 32 channels x 2 pseudo-channels x 16 B x 1.5625 GHz
  // = 1.6 TB/s, DESIGN.md's figure per die.
  sc_core::sc_time clock_period = sc_core::sc_time(640, sc_core::SC_PS);
  uint32_t channels = 32;          // 4 HBM2e stacks x 8 channels
  uint32_t pseudo_channels = 2;    // per channel (HBM2e pseudo-channel mode)
  uint32_t bytes_per_cycle = 16;   // per pseudo-channel data bus (64 bits, DDR)
  uint32_t banks = 16;             // per pseudo-channel
  uint32_t row_size = 1024;        // bytes of one row (page) of a pseudo-channel
  uint64_t interleave = 256;       // bytes of consecutive addresses on one pseudo-channel
  // How a pseudo-channel's row index picks its bank (TIMING.md,
  // "Organisation and address mapping"). Linear: row index mod banks.
  // Rotate: each row of banks starts one bank further (bank skewing), so
  // that buffers a multiple of banks x row_size apart on a pseudo-channel,
  // e.g. the same offset in every core's slice, fall in different banks
  // instead of all opening rows in the same bank.
  enum class BankMapping { Linear, Rotate };
  BankMapping bank_mapping = BankMapping::Rotate;
  // Timing, in cycles of clock_period. Typical HBM2e values (JEDEC-class
  // parts at ~3.2 Gb/s), not figures Huawei publishes for Ascend.
  uint32_t tCL = 22;     // read command to data, ~14 ns
  uint32_t tCWL = 12;    // write command to data, ~7.7 ns
  uint32_t tRCD = 22;    // activate to column command, ~14 ns
  uint32_t tRP = 22;     // precharge to activate, ~14 ns
  uint32_t tRAS = 52;    // activate to precharge, ~33 ns
  uint32_t tRFC = 547;   // refresh blocks the pseudo-channel, ~350 ns
  uint32_t tREFI = 6094; // refresh interval, ~3.9 us; 0 turns refresh off
  uint32_t tWTR = 12;    // end of write data to next read data, ~7.7 ns
  uint32_t tRTW = 6;     // end of read data to next write data, ~3.8 ns
  uint32_t controller_latency = 30;  // request queue, PHY and return path, ~19 ns
  bool functional = false;  // no timing, DMI granted (the platform's functional mode)
};

class HbmController : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<HbmController> socket;

  // Where a die-local address lives.
  struct Location {
    uint32_t pseudo_channel;  // global index: channel * pseudo_channels + pc
    uint32_t bank;
    uint64_t row;
    uint64_t column;  // byte within the row
  };

  struct PseudoChannelStats {
    uint64_t bytes_read = 0;
    uint64_t bytes_written = 0;
    uint64_t row_hits = 0;
    uint64_t row_misses = 0;   // another row was open: precharge + activate
    uint64_t row_empties = 0;  // no row open: activate
    uint64_t busy_cycles = 0;  // data bus cycles
    uint64_t wait_cycles = 0;  // cycles transfers waited for the data bus (contention, turnaround)
    uint64_t refreshes = 0;    // refresh windows that closed this pseudo-channel's rows
    uint64_t turnarounds = 0;  // read<->write direction changes on the data bus

    // Every counter, for sums over pseudo-channels and differences over time.
    static constexpr uint64_t PseudoChannelStats::*kCounters[] = {
        &PseudoChannelStats::bytes_read,  &PseudoChannelStats::bytes_written, &PseudoChannelStats::row_hits,
        &PseudoChannelStats::row_misses,  &PseudoChannelStats::row_empties,   &PseudoChannelStats::busy_cycles,
        &PseudoChannelStats::wait_cycles, &PseudoChannelStats::refreshes,     &PseudoChannelStats::turnarounds};
    PseudoChannelStats& operator+=(const PseudoChannelStats& o) {
      for (auto c : kCounters) this->*c += o.*c;
      return *this;
    }
    PseudoChannelStats& operator-=(const PseudoChannelStats& o) {
      for (auto c : kCounters) this->*c -= o.*c;
      return *this;
    }
  };

  HbmController(sc_core::sc_module_name name, const HbmParams& params);
  ~HbmController() override;
  HbmController(const HbmController&) = delete;
  HbmController& operator=(const HbmController&) = delete;

  Location locate(uint64_t addr) const;
  uint32_t pseudo_channel_count() const { return params_.channels * params_.pseudo_channels; }
  const PseudoChannelStats& stats(uint32_t pseudo_channel) const { return pcs_[pseudo_channel].stats; }
  PseudoChannelStats total_stats() const;
  // Peak bandwidth of the whole die in bytes per second.
  double peak_bandwidth() const;

  // A timeline: one track per pseudo-channel's data bus ("<name>/ch<c>/pc<p>"),
  // one slice per transfer, in cycles of `cycle` (the sink's clock). Slices
  // reach the sink in time order as simulated time passes them;
  // flush_trace() hands over the rest (call it before the sink finishes).
  void set_trace(TraceSink* sink, sc_core::sc_time cycle);
  void flush_trace() { trace_.flush_all(); }

  // Maintenance commands (models/hbm/TIMING.md, "Precharge all" and
  // "Refresh timer restart"), for the controller's registers and the launch
  // sequence. precharge_all: every bank of every pseudo-channel closes its
  // row once it may (tRAS after its activate, after its last booked
  // transfer) and is idle tRP later; returns when the last bank is idle.
  // Accesses arriving before that wait for it; the data buses count as idle.
  sc_core::sc_time precharge_all(sc_core::sc_time at);
  // The refresh timer restarts at `origin` (not in the past): from there,
  // refresh windows are [origin + k·tREFI, + tRFC) for k >= 1, and rows
  // open before origin count as closed after it.
  void restart_refresh(sc_core::sc_time origin);
  // `at`, or the end of the refresh window `at` falls in.
  sc_core::sc_time refresh_free(sc_core::sc_time at) const;

  // Backdoor for loaders and debuggers; nullptr outside the memory.
  uint8_t* host_ptr(uint64_t offset);
  const HbmParams& params() const { return params_; }

 private:
  // A bank's rows over time, as a calendar (like the data bus's): each
  // epoch is one row kept open from its activation to its last data
  // transfer. Temporally decoupled initiators book out of time order, so a
  // request finds the bank's state at its own arrival time (the epoch
  // before it) and fits between booked epochs, instead of queueing behind
  // whatever was booked last.
  struct RowEpoch {
    int64_t row = 0;
    Ticks end = 0;  // its last data transfer ends
  };
  struct Bank {
    std::map<Ticks, RowEpoch> epochs;  // by activation time
  };
  struct PseudoChannel {
    std::vector<Bank> banks;
    Occupancy bus;            // the data bus
    int last_dir = -1;        // -1 none yet, 0 read, 1 write
    uint64_t refresh_epoch = 0;  // refresh windows already applied to the banks
    PseudoChannelStats stats;
  };

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool copy(tlm::tlm_generic_payload& trans);
  // Times one piece that lies within one interleave granule and one row;
  // returns the end of its data transfer.
  Ticks access(const Location& loc, uint64_t bytes, bool write, Ticks arrival);
  // Applies the refresh windows before `t` to pc's banks; returns t, or the
  // end of the refresh window t falls in.
  Ticks refresh(PseudoChannel& pc, Ticks t);
  // The refresh schedule: interval k runs from interval_start(k) to
  // interval_start(k + 1); a refresh window opens each interval but the
  // first of a schedule segment (time 0 or a restart).
  uint64_t interval(Ticks t) const;
  Ticks interval_start(uint64_t k) const;
  bool has_window(uint64_t k) const {
    return k != 0 && k != last_base_ && (k > last_base_ || !segment_bases_.count(k));
  }
  uint64_t windows_between(uint64_t from, uint64_t to) const;  // windows k with from < k <= to

  HbmParams params_;
  Ticks period_;
  std::vector<PseudoChannel> pcs_;
  std::map<Ticks, uint64_t> schedule_;  // segment origin -> its first interval (time 0 -> 0)
  std::map<uint64_t, Ticks> segment_bases_;  // the same, by first interval (restarts only)
  Ticks last_origin_ = 0;  // the last segment (where nearly every access falls)
  uint64_t last_base_ = 0;
  Ticks closed_until_ = 0;  // a precharge-all's end: accesses wait for it
  BackingStore store_;
  BookedSlices trace_;
  std::vector<std::string> tracks_;  // per pseudo-channel
};

}  // namespace npuvp
