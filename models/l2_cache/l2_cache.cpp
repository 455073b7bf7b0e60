#include "models/l2_cache/l2_cache.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include "models/noc/requester_id.h"

namespace npuvp {

void L2Cache::FreeDeleter::operator()(Way* p) const { std::free(p); }

L2Cache::L2Cache(sc_core::sc_module_name name, const L2Params& params)
    : sc_core::sc_module(name),
      socket("socket"),
      downstream("downstream"),
      params_(params),
      period_(to_ticks(params.clock_period)) {
  const std::string self = this->name();
  const L2Params& p = params_;
  if (p.line_size == 0 || p.ways == 0 || p.slices == 0 || p.slice_interleave == 0)
    throw std::invalid_argument(self + ": line_size, ways, slices and slice_interleave must be positive");
  if (p.size == 0 || p.size % (uint64_t{p.line_size} * p.ways) != 0)
    throw std::invalid_argument(self + ": size must be a positive multiple of line_size x ways");
  if (p.slice_interleave % p.line_size != 0)
    throw std::invalid_argument(self + ": slice_interleave must be a multiple of line_size");
  if (period_ == 0) throw std::invalid_argument(self + ": clock_period is zero");
  if (p.slice_hash == L2Params::SliceHash::XorFold) {
    if ((p.slices & (p.slices - 1)) != 0 || p.slices < 2)
      throw std::invalid_argument(self + ": slice_hash xor_fold needs a power-of-two slice count of at least 2");
    while ((uint32_t{1} << slice_bits_) < p.slices) ++slice_bits_;
  }
  sets_ = p.size / (uint64_t{p.line_size} * p.ways);
  // calloc: large blocks come straight from the kernel as zero pages, so a
  // 192 MiB cache's tags cost host memory only for the sets a run uses.
  Way* w = static_cast<Way*>(std::calloc(sets_ * p.ways, sizeof(Way)));
  if (w == nullptr) throw std::bad_alloc();
  ways_.reset(w);
  slices_.assign(p.slices, Occupancy(p.clock_period, p.bytes_per_cycle));
  line_buf_.resize(p.line_size);
  socket.register_b_transport(this, &L2Cache::b_transport);
  socket.register_get_direct_mem_ptr(this, &L2Cache::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &L2Cache::transport_dbg);
  downstream.register_invalidate_direct_mem_ptr(this, &L2Cache::invalidate_direct_mem_ptr);
}

L2Cache::Probe L2Cache::probe(uint64_t addr) const {
  const uint64_t line = addr / params_.line_size;
  const Way* set = &ways_[(line % sets_) * params_.ways];
  const uint64_t tag = line / sets_;
  for (uint32_t i = 0; i < params_.ways; ++i) {
    if (set[i].stamp != 0 && set[i].tag == tag) return {true, (set[i].stamp & 1) != 0};
  }
  return {};
}

L2Cache::Flush L2Cache::flush_invalidate(sc_core::sc_time at) {
  Flush f;
  f.done = at;
  if (params_.functional) return f;
  ++stats_.flushes;
  const Ticks start = to_ticks(at);
  const uint64_t per_cycle = params_.slices;  // each slice's tag pipeline: one set per cycle
  Ticks done = start + (sets_ + per_cycle - 1) / per_cycle * period_;
  for (uint64_t s = touched_lo_; s <= touched_hi_ && s < sets_; ++s) {
    Way* set = &ways_[s * params_.ways];
    const Ticks visit = start + s / per_cycle * period_;
    for (uint32_t i = 0; i < params_.ways; ++i) {
      Way& w = set[i];
      if (w.stamp == 0) continue;
      ++f.invalidated;
      if (w.stamp & 1) {
        bool ok = true;
        done = std::max(done, line_transfer(tlm::TLM_WRITE_COMMAND, w.tag * sets_ + s, visit, ok));
        ++f.writebacks;
      }
      w.stamp = 0;
    }
  }
  touched_lo_ = UINT64_MAX;
  touched_hi_ = 0;
  stats_.flush_writebacks += f.writebacks;
  f.done = to_time(done);
  return f;
}

bool L2Cache::move_data(tlm::tlm_generic_payload& trans) {
  const unsigned len = trans.get_data_length();
  if (trans.get_streaming_width() != 0 && trans.get_streaming_width() < len) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return false;
  }
  // Read the range first, also for a write: it checks that the whole range
  // exists before anything is written, and gives the bytes a byte-enabled
  // write leaves alone.
  scratch_.resize(len);
  tlm::tlm_generic_payload d;
  d.set_command(tlm::TLM_READ_COMMAND);
  d.set_address(trans.get_address());
  d.set_data_ptr(scratch_.data());
  d.set_data_length(len);
  d.set_streaming_width(len);
  if (downstream->transport_dbg(d) != len) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  uint8_t* data = trans.get_data_ptr();
  const uint8_t* be = trans.get_byte_enable_ptr();
  const unsigned be_len = trans.get_byte_enable_length();
  if (trans.is_read()) {
    if (be == nullptr || be_len == 0) {
      std::memcpy(data, scratch_.data(), len);
    } else {
      for (unsigned i = 0; i < len; ++i)
        if (be[i % be_len] == TLM_BYTE_ENABLED) data[i] = scratch_[i];
    }
  } else if (trans.is_write()) {
    if (be == nullptr || be_len == 0) {
      std::memcpy(scratch_.data(), data, len);
    } else {
      for (unsigned i = 0; i < len; ++i)
        if (be[i % be_len] == TLM_BYTE_ENABLED) scratch_[i] = data[i];
    }
    d.set_command(tlm::TLM_WRITE_COMMAND);
    downstream->transport_dbg(d);
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

Ticks L2Cache::line_transfer(tlm::tlm_command cmd, uint64_t line, Ticks at, bool& ok) {
  const uint64_t addr = line * params_.line_size;
  tlm::tlm_generic_payload& t = line_trans_;
  t.set_address(addr);
  t.set_data_ptr(line_buf_.data());
  t.set_data_length(params_.line_size);
  t.set_streaming_width(params_.line_size);
  t.set_byte_enable_ptr(nullptr);
  t.set_dmi_allowed(false);
  if (cmd == tlm::TLM_WRITE_COMMAND) {
    // The write-back carries the line's bytes, which already are downstream.
    t.set_command(tlm::TLM_READ_COMMAND);
    downstream->transport_dbg(t);
  }
  t.set_command(cmd);
  t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  const Ticks now = to_ticks(sc_core::sc_time_stamp());
  sc_core::sc_time d = to_time(at - now);
  downstream->b_transport(t, d);
  ok = t.is_response_ok();
  return now + to_ticks(d);
}

Ticks L2Cache::access_line(uint64_t line, uint64_t bytes, bool write, Ticks arrival, Counts& who) {
  const L2Params& p = params_;
  Way* set = &ways_[(line % sets_) * p.ways];
  const uint64_t tag = line / sets_;
  Occupancy& port = slices_[slice_of(line * p.line_size)];
  const uint64_t dirty = write ? 1 : 0;
  ++clock_;

  for (uint32_t i = 0; i < p.ways; ++i) {
    Way& w = set[i];
    if (w.stamp == 0 || w.tag != tag) continue;
    ++stats_.total.hits;
    ++who.hits;
    ++(write ? stats_.write_hits : stats_.read_hits);
    const uint64_t order = p.replacement == L2Params::Replacement::Lru ? clock_ : (w.stamp >> 1);
    w.stamp = (order << 1) | (w.stamp & 1) | dirty;
    return port.reserve(arrival, bytes).finish + Ticks{p.hit_latency} * period_;
  }

  ++stats_.total.misses;
  ++who.misses;
  ++(write ? stats_.write_misses : stats_.read_misses);
  Way* victim = &set[0];
  for (uint32_t i = 0; i < p.ways; ++i) {
    if (set[i].stamp == 0) {
      victim = &set[i];
      break;
    }
    if (set[i].stamp < victim->stamp) victim = &set[i];
  }
  const Ticks leave = arrival + Ticks{p.tag_latency} * period_;
  Ticks filled = leave;
  bool ok = true;
  // A write of the whole line needs nothing from below.
  if (!(write && bytes == p.line_size)) {
    filled = line_transfer(tlm::TLM_READ_COMMAND, line, leave, ok);
    ++stats_.fills;
  }
  // The victim goes to a write buffer after the fill left: the answer does
  // not wait for it, but the HBM sees it.
  if (victim->stamp != 0 && (victim->stamp & 1)) {
    line_transfer(tlm::TLM_WRITE_COMMAND, victim->tag * sets_ + line % sets_, leave, ok);
    ++stats_.writebacks;
  }
  victim->tag = tag;
  victim->stamp = (clock_ << 1) | dirty;
  touched_lo_ = std::min(touched_lo_, line % sets_);
  touched_hi_ = std::max(touched_hi_, line % sets_);
  return port.reserve(filled, bytes).finish + Ticks{p.hit_latency} * period_;
}

void L2Cache::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (params_.functional) {
    downstream->b_transport(trans, delay);
    return;
  }
  if (!move_data(trans)) return;
  if (!trans.is_read() && !trans.is_write()) return;
  const bool write = trans.is_write();
  const Ticks now = to_ticks(sc_core::sc_time_stamp());
  const Ticks arrival = now + to_ticks(delay);
  Counts& who = per_requester_[RequesterId::of(trans)];
  uint64_t addr = trans.get_address();
  const uint64_t end = addr + trans.get_data_length();
  (write ? stats_.bytes_written : stats_.bytes_read) += end - addr;
  Ticks done = arrival;
  while (addr < end) {
    const uint64_t line = addr / params_.line_size;
    const uint64_t stop = std::min(end, (line + 1) * params_.line_size);
    done = std::max(done, access_line(line, stop - addr, write, arrival, who));
    addr = stop;
  }
  delay = to_time(done - now);
  trans.set_dmi_allowed(false);
}

bool L2Cache::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  if (params_.functional) return downstream->get_direct_mem_ptr(trans, dmi);
  // Every access must reach the tags to be timed.
  dmi.set_start_address(0);
  dmi.set_end_address(~sc_dt::uint64{0});
  dmi.allow_none();
  return false;
}

unsigned int L2Cache::transport_dbg(tlm::tlm_generic_payload& trans) {
  return downstream->transport_dbg(trans);
}

void L2Cache::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  socket->invalidate_direct_mem_ptr(start, end);
}

}  // namespace npuvp
