#include "models/hbm/hbm_controller.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace npuvp {

namespace {
bool is_pow2(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }
}  // namespace

HbmController::HbmController(sc_core::sc_module_name name, const HbmParams& params)
    : sc_core::sc_module(name), socket("socket"), params_(params), period_(to_ticks(params.clock_period)) {
  const std::string self = this->name();
  const HbmParams& p = params_;
  if (p.size == 0) throw std::invalid_argument(self + ": size is zero");
  if (p.channels == 0 || p.pseudo_channels == 0 || p.banks == 0)
    throw std::invalid_argument(self + ": channels, pseudo_channels and banks must be positive");
  if (p.bytes_per_cycle == 0) throw std::invalid_argument(self + ": bytes_per_cycle is zero");
  if (period_ == 0) throw std::invalid_argument(self + ": clock_period is zero");
  if (!is_pow2(p.interleave) || !is_pow2(p.row_size))
    throw std::invalid_argument(self + ": interleave and row_size must be powers of two");
  if (p.tREFI != 0) {
    // One access, with no queueing, must fit between two refreshes, or it
    // could never be scheduled.
    const uint64_t piece = std::min<uint64_t>(p.interleave, p.row_size);
    const uint64_t worst = uint64_t{p.tRAS} + p.tRP + p.tRCD + std::max(p.tCL, p.tCWL) +
                           std::max(p.tWTR, p.tRTW) + (piece + p.bytes_per_cycle - 1) / p.bytes_per_cycle;
    if (p.tREFI <= uint64_t{p.tRFC} + worst)
      throw std::invalid_argument(self + ": tREFI leaves no room for an access between refreshes");
  }
  pcs_.resize(uint64_t{p.channels} * p.pseudo_channels);
  schedule_[0] = 0;
  for (PseudoChannel& pc : pcs_) {
    pc.banks.resize(p.banks);
    pc.bus = Occupancy(p.clock_period, p.bytes_per_cycle);
  }
  store_.reserve(p.size, self);
  socket.register_b_transport(this, &HbmController::b_transport);
  socket.register_get_direct_mem_ptr(this, &HbmController::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &HbmController::transport_dbg);
}

HbmController::~HbmController() = default;

void HbmController::set_trace(TraceSink* sink, sc_core::sc_time cycle) {
  trace_ = BookedSlices(sink, to_ticks(cycle));
  tracks_.clear();
  for (uint32_t c = 0; c < params_.channels; ++c)
    for (uint32_t p = 0; p < params_.pseudo_channels; ++p)
      tracks_.push_back(std::string(name()) + "/ch" + std::to_string(c) + "/pc" + std::to_string(p));
}

uint8_t* HbmController::host_ptr(uint64_t offset) {
  return store_.at(offset);
}

HbmController::Location HbmController::locate(uint64_t addr) const {
  const uint64_t n = pcs_.size();
  const uint64_t granule = addr / params_.interleave;
  const uint64_t local = (granule / n) * params_.interleave + addr % params_.interleave;
  const uint64_t row_index = local / params_.row_size;
  Location loc;
  loc.pseudo_channel = static_cast<uint32_t>(granule % n);
  loc.row = row_index / params_.banks;
  uint64_t bank = row_index % params_.banks;
  if (params_.bank_mapping == HbmParams::BankMapping::Rotate) bank = (bank + loc.row) % params_.banks;
  loc.bank = static_cast<uint32_t>(bank);
  loc.column = local % params_.row_size;
  return loc;
}

HbmController::PseudoChannelStats HbmController::total_stats() const {
  PseudoChannelStats t;
  for (const PseudoChannel& pc : pcs_) t += pc.stats;
  return t;
}

double HbmController::peak_bandwidth() const {
  return static_cast<double>(pcs_.size()) * params_.bytes_per_cycle / params_.clock_period.to_seconds();
}

uint64_t HbmController::interval(Ticks t) const {
  const Ticks refi = Ticks{params_.tREFI} * period_;
  if (refi == 0) return 0;
  if (t >= last_origin_) return last_base_ + (t - last_origin_) / refi;
  const auto seg = std::prev(schedule_.upper_bound(t));
  return seg->second + (t - seg->first) / refi;
}

Ticks HbmController::interval_start(uint64_t k) const {
  const Ticks refi = Ticks{params_.tREFI} * period_;
  if (k >= last_base_) return last_origin_ + (k - last_base_) * refi;
  auto seg = segment_bases_.upper_bound(k);
  if (seg == segment_bases_.begin()) return k * refi;  // the schedule from time 0
  --seg;
  return seg->second + (k - seg->first) * refi;
}

uint64_t HbmController::windows_between(uint64_t from, uint64_t to) const {
  if (to <= from) return 0;
  const auto restarts = std::distance(segment_bases_.upper_bound(from), segment_bases_.upper_bound(to));
  return (to - from) - static_cast<uint64_t>(restarts);
}

Ticks HbmController::refresh(PseudoChannel& pc, Ticks t) {
  if (params_.tREFI == 0) return t;
  const Ticks rfc = Ticks{params_.tRFC} * period_;
  const uint64_t k = interval(t);  // the refresh interval t falls in
  if (k > pc.refresh_epoch) {
    // Refresh precharges every bank first (access() sees that by time).
    pc.stats.refreshes += windows_between(pc.refresh_epoch, k);
    pc.refresh_epoch = k;
  }
  if (has_window(k) && t < interval_start(k) + rfc) t = interval_start(k) + rfc;
  return t;
}

sc_core::sc_time HbmController::refresh_free(sc_core::sc_time at) const {
  if (params_.tREFI == 0) return at;
  const Ticks t = to_ticks(at);
  const uint64_t k = interval(t);
  const Ticks end = interval_start(k) + Ticks{params_.tRFC} * period_;
  return has_window(k) && t < end ? to_time(end) : at;
}

void HbmController::restart_refresh(sc_core::sc_time origin) {
  if (params_.tREFI == 0) return;
  const Ticks o = to_ticks(origin);
  if (std::prev(schedule_.end())->first >= o) return;  // restarted there already (or at time 0)
  // Windows that began before the restart are counted now; the interval the
  // restart opens has no window.
  const uint64_t before = interval(o - 1);
  const uint64_t base = interval(o) + 1;
  for (PseudoChannel& pc : pcs_) {
    pc.stats.refreshes += windows_between(pc.refresh_epoch, before);
    pc.refresh_epoch = base;
  }
  schedule_[o] = base;
  segment_bases_[base] = o;
  last_origin_ = o;
  last_base_ = base;
}

sc_core::sc_time HbmController::precharge_all(sc_core::sc_time at) {
  const HbmParams& p = params_;
  const Ticks t = to_ticks(at);
  Ticks done = std::max(t, closed_until_);
  for (PseudoChannel& pc : pcs_) {
    for (Bank& bank : pc.banks) {
      if (bank.epochs.empty()) continue;
      // The row booked last closes after it may (tRAS) and after its data.
      const auto& last = *bank.epochs.rbegin();
      const Ticks pre = std::max({t, last.first + Ticks{p.tRAS} * period_, last.second.end});
      done = std::max(done, pre + Ticks{p.tRP} * period_);
      bank.epochs.clear();
    }
    pc.last_dir = -1;  // an idle bus: the next transfer is no turnaround
  }
  closed_until_ = done;
  return to_time(done);
}

Ticks HbmController::access(const Location& loc, uint64_t bytes, bool write, Ticks arrival) {
  const HbmParams& p = params_;
  PseudoChannel& pc = pcs_[loc.pseudo_channel];
  Bank& bank = pc.banks[loc.bank];
  const Ticks P = period_;
  const Ticks cas = Ticks{write ? p.tCWL : p.tCL} * P;
  const int dir = write ? 1 : 0;
  const Ticks turn =
      (pc.last_dir >= 0 && pc.last_dir != dir) ? Ticks{write ? p.tRTW : p.tWTR} * P : 0;
  // Gaps the bus needs between transfers, by direction (read 0, write 1):
  // read then write tRTW, write then read tWTR.
  const Ticks turn_gaps[4] = {0, Ticks{p.tRTW} * P, Ticks{p.tWTR} * P, 0};
  const Ticks n = pc.bus.duration(bytes);

  // Forget epochs that can no longer be a request's predecessor: every
  // arrival is at or after the present.
  const Ticks now = to_ticks(sc_core::sc_time_stamp());
  while (bank.epochs.size() > 1 && std::next(bank.epochs.begin())->first <= now) bank.epochs.erase(bank.epochs.begin());
  const Ticks refi = Ticks{p.tREFI} * P;

  Ticks s = std::max(arrival, closed_until_);  // a precharge-all in progress: wait for it
  Ticks ready = 0, data = 0, activated = 0;
  enum { kHit, kEmpty, kMiss } kind = kHit;
  std::map<Ticks, RowEpoch>::iterator prev;
  for (bool placed = false; !placed;) {
    s = refresh(pc, s);
    // The bank at time s: the epoch activated last before it, if its row
    // is still open (no refresh window began since its last transfer).
    // If the access does not fit before the next booked epoch, it tries
    // after it (a hit if that epoch has its row), and so on.
    auto next = bank.epochs.upper_bound(s);
    prev = next == bank.epochs.begin() ? bank.epochs.end() : std::prev(next);
    for (;;) {
      const bool open = prev != bank.epochs.end() && interval(prev->second.end - 1) == interval(s);
      if (open && prev->second.row == static_cast<int64_t>(loc.row)) {
        kind = kHit;
        activated = prev->first;
        ready = std::max(s, activated + Ticks{p.tRCD} * P) + cas;
      } else if (!open) {
        kind = kEmpty;
        activated = s;
        ready = s + Ticks{p.tRCD} * P + cas;
      } else {
        kind = kMiss;
        const Ticks precharge = std::max({s, prev->first + Ticks{p.tRAS} * P, prev->second.end});
        activated = precharge + Ticks{p.tRP} * P;
        ready = activated + Ticks{p.tRCD} * P + cas;
      }
      // The data bus's first free slot, with the turnaround between
      // directions on both sides of it.
      data = pc.bus.earliest_fit(ready, n, dir, turn_gaps);
      // The whole access, first command to last data, lies between two
      // refreshes; otherwise it waits for the refresh in its way to end.
      if (refi != 0 && data + n > interval_start(interval(s) + 1)) {
        s = interval_start(interval(s) + 1);  // refresh() moves it to the window's end
        break;
      }
      // Done before the next epoch precharges the bank (a new row also
      // stays open tRAS first)?
      if (next == bank.epochs.end()) {
        placed = true;
        break;
      }
      const Ticks next_precharge = next->first - Ticks{p.tRP} * P;
      if (data + n <= next_precharge && (kind == kHit || activated + Ticks{p.tRAS} * P <= next_precharge)) {
        placed = true;
        break;
      }
      if (interval(next->first) != interval(s)) {  // no room left before the next refresh
        s = interval_start(interval(next->first));
        break;
      }
      prev = next++;
    }
  }

  const Occupancy::Slot slot = pc.bus.reserve_at(data, data, bytes, dir);
  if (kind == kHit)
    prev->second.end = std::max(prev->second.end, slot.finish);
  else
    bank.epochs[activated] = RowEpoch{static_cast<int64_t>(loc.row), slot.finish};
  PseudoChannelStats& st = pc.stats;
  if (kind == kHit) ++st.row_hits;
  if (kind == kEmpty) ++st.row_empties;
  if (kind == kMiss) ++st.row_misses;
  if (turn != 0) ++st.turnarounds;
  (write ? st.bytes_written : st.bytes_read) += bytes;
  st.busy_cycles += n / P;
  st.wait_cycles += (data - ready) / P;
  pc.last_dir = dir;
  if (trace_.on()) {
    static const char* const kKind[] = {" hit", " empty", " miss"};
    trace_.add(tracks_[loc.pseudo_channel],
               std::string(write ? "write " : "read ") + std::to_string(bytes) + " B, bank " + std::to_string(loc.bank) +
                   " row " + std::to_string(loc.row) + kKind[kind],
               slot.start, slot.finish);
  }
  (void)loc.column;
  return slot.finish;
}

bool HbmController::copy(tlm::tlm_generic_payload& trans) {
  return store_.serve(trans);
}

void HbmController::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (!copy(trans)) return;
  if (params_.functional) {
    trans.set_dmi_allowed(true);
    return;
  }
  if (!trans.is_read() && !trans.is_write()) return;
  const bool write = trans.is_write();
  const Ticks now = to_ticks(sc_core::sc_time_stamp());
  const Ticks arrival = now + to_ticks(delay);
  trace_.flush_before(now);  // nothing can be booked before the present any more
  // Pieces never cross an interleave granule or a row (both powers of two).
  const uint64_t piece = std::min<uint64_t>(params_.interleave, params_.row_size);
  Ticks finish = arrival;
  uint64_t addr = trans.get_address();
  const uint64_t end = addr + trans.get_data_length();
  while (addr < end) {
    const uint64_t stop = std::min(end, (addr / piece + 1) * piece);
    finish = std::max(finish, access(locate(addr), stop - addr, write, arrival));
    addr = stop;
  }
  finish += Ticks{params_.controller_latency} * period_;
  delay = to_time(finish - now);
}

bool HbmController::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
  dmi.set_start_address(0);
  dmi.set_end_address(params_.size - 1);
  if (!params_.functional) {
    dmi.allow_none();  // for the whole range: no need to ask again
    return false;
  }
  dmi.allow_read_write();
  dmi.set_dmi_ptr(store_.data());
  dmi.set_read_latency(sc_core::SC_ZERO_TIME);
  dmi.set_write_latency(sc_core::SC_ZERO_TIME);
  return true;
}

unsigned int HbmController::transport_dbg(tlm::tlm_generic_payload& trans) { return store_.debug(trans); }

}  // namespace npuvp
