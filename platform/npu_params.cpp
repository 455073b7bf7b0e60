#include "platform/npu_params.h"

#include <algorithm>

namespace npuvp {

sc_core::sc_time period_of_hz(uint64_t hz) { return sc_core::sc_time(1.0 / static_cast<double>(hz), sc_core::SC_SEC); }
sc_core::sc_time ps(uint64_t v) { return sc_core::sc_time(static_cast<double>(v), sc_core::SC_PS); }

sc_core::sc_time ai_core_sync_skew(const NpuPreset& np, uint32_t die, bool is_vector, uint32_t index) {
  const uint64_t groups = std::max<uint64_t>(np.aic_per_die, (np.aiv_per_die + 1) / 2);
  const uint64_t per_die = 3 * groups;
  const uint64_t rank = die * per_die + (is_vector ? 3 * (index / 2) + 1 + index % 2 : 3 * uint64_t{index});
  const uint64_t ranks = np.dies.size() * per_die;
  const uint64_t period_ps = period_of_hz(np.ai_core.scalar.clock_hz).value() / sc_core::sc_time(1, sc_core::SC_PS).value();
  if (ranks >= period_ps || rank >= ranks) return sc_core::SC_ZERO_TIME;
  return ps(ranks - rank);
}

AiCoreConfig ai_core_config(const NpuPreset& np, SimMode mode, uint64_t max_cycles, uint32_t die, bool is_vector,
                            uint32_t index, uint32_t global_id) {
  AiCoreConfig cfg;
  cfg.scalar = scalar_config(np.ai_core.scalar, mode, max_cycles);
  cfg.scalar.hartid = global_id;
  cfg.scalar.sync_skew = ai_core_sync_skew(np, die, is_vector, index);
  cfg.timing = ai_core_timing(np.ai_core.timing);
  cfg.core_id = index;
  cfg.global_id = global_id;
  cfg.die_id = die;
  cfg.sub_block_idx = is_vector ? index % 2 : 0;  // AIVs pair up under a cube core
  cfg.is_vector = is_vector;
  cfg.ub_size = np.ai_core.ub_size;
  const CubeBuffersPreset& cb = np.ai_core.cube_buffers;
  cfg.cube_buffers = {cb.l1, cb.l0a, cb.l0b, cb.l0c, cb.bt};
  return cfg;
}

ScalarCoreConfig scalar_config(const CpuPreset& c, SimMode mode, uint64_t max_cycles) {
  ScalarCoreConfig s;
  s.mode = mode;
  s.max_cycles = max_cycles;
  s.clock_period = period_of_hz(c.clock_hz);
  s.quantum_cycles = c.quantum_cycles;
  for (size_t i = 0; i < c.timing.size() && i < s.timing.rows.size(); ++i) {
    s.timing.rows[i].latency = c.timing[i].latency;
    s.timing.rows[i].occupancy = c.timing[i].occupancy;
  }
  s.timing.taken_branch_penalty = c.taken_branch_penalty;
  s.timing.trap_penalty = c.trap_penalty;
  s.pmp_entries = c.pmp_entries;
  s.pmp_granularity = c.pmp_granularity;
  s.timing.icache_size = c.icache_size;
  s.timing.icache_line = c.icache_line;
  s.timing.icache_ways = c.icache_ways;
  s.timing.icache_miss_penalty = c.icache_miss_penalty;
  return s;
}

AiCoreTiming ai_core_timing(const AiCoreTimingPreset& t) {
  AiCoreTiming a;
  a.queue_depth = t.queue_depth;
  a.sync_latency = t.sync_latency;
  for (size_t i = 0; i < a.cycles_per_repeat.size(); ++i) a.cycles_per_repeat[i] = t.cycles_per_repeat.at(i);
  a.vector_latency = t.vector_latency;
  a.ub_bank_groups = t.ub_bank_groups;
  a.ub_section_bytes = t.ub_section_bytes;
  a.ub_scalar_latency = t.ub_scalar_latency;
  a.mte2 = {t.mte2.bytes_per_cycle, t.mte2.latency};
  a.mte3 = {t.mte3.bytes_per_cycle, t.mte3.latency};
  a.mte1 = {t.mte1.bytes_per_cycle, t.mte1.latency};
  a.fix = {t.fix.bytes_per_cycle, t.fix.latency};
  a.cube_switch_cycles = t.cube_switch_cycles;
  a.cube_latency = t.cube_latency;
  a.cross_core_latency = t.cross_core_latency;
  a.gm_booking_window = t.gm_booking_window;
  return a;
}

HbmParams hbm_params(const HbmPreset& h, bool functional) {
  HbmParams p;
  p.size = h.size;
  p.clock_period = ps(h.clock_period_ps);
  p.channels = h.channels;
  p.pseudo_channels = h.pseudo_channels;
  p.bytes_per_cycle = h.bytes_per_cycle;
  p.banks = h.banks;
  p.row_size = h.row_size;
  p.interleave = h.interleave;
  p.bank_mapping = h.bank_mapping == "linear" ? HbmParams::BankMapping::Linear : HbmParams::BankMapping::Rotate;
  p.tCL = h.tCL;
  p.tCWL = h.tCWL;
  p.tRCD = h.tRCD;
  p.tRP = h.tRP;
  p.tRAS = h.tRAS;
  p.tRFC = h.tRFC;
  p.tREFI = h.tREFI;
  p.tWTR = h.tWTR;
  p.tRTW = h.tRTW;
  p.controller_latency = h.controller_latency;
  p.functional = functional;
  return p;
}

L2Params l2_params(const L2Preset& l, sc_core::sc_time period, bool functional) {
  L2Params p;
  p.size = l.size;
  p.line_size = l.line_size;
  p.ways = l.ways;
  p.replacement = l.replacement == "fifo" ? L2Params::Replacement::Fifo : L2Params::Replacement::Lru;
  p.slices = l.slices;
  p.slice_interleave = l.slice_interleave;
  p.slice_hash = l.slice_hash == "xor_fold" ? L2Params::SliceHash::XorFold : L2Params::SliceHash::Modulo;
  p.bytes_per_cycle = l.bytes_per_cycle;
  p.clock_period = period;
  p.tag_latency = l.tag_latency;
  p.hit_latency = l.hit_latency;
  p.functional = functional;
  return p;
}

NocParams noc_params(const NocPreset& n, sc_core::sc_time period, bool functional) {
  NocParams p;
  p.clock_period = period;
  p.latency = n.latency;
  p.requester_bytes_per_cycle = n.requester_bytes_per_cycle;
  p.functional = functional;
  return p;
}

LinkParams link_params(const DieLinkPreset& l, bool functional) {
  LinkParams p;
  p.clock_period = ps(l.clock_period_ps);
  p.bytes_per_cycle = l.bytes_per_cycle;
  p.latency = sc_core::sc_time(static_cast<double>(l.latency_ns), sc_core::SC_NS);
  p.functional = functional;
  return p;
}

}  // namespace npuvp
