#include "platform/npu_platform.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "models/devices/htif.h"
#include "models/hbm/hbm_controller.h"
#include "models/l2_cache/l2_cache.h"
#include "models/noc/die_link.h"
#include "models/noc/noc.h"
#include "models/trace/chrome_trace.h"
#include "platform/memory_counters.h"
#include "platform/npu_params.h"

namespace npuvp {

using nlohmann::json;
using sc_core::sc_time;

NpuPlatform::NpuPlatform(sc_core::sc_module_name name, const Preset& preset, const LaunchRequest& request)
    : sc_core::sc_module(name), preset_(preset), request_(request) {
  const NpuPreset& np = preset_.npu;
  if (!np.present) throw LaunchError("preset " + preset_.name + " has no NPU (no /npu section)");
  for (size_t i = 0; i < vector_class_names().size(); ++i)
    if (vector_class_names()[i] != vector_class_name(static_cast<VectorClass>(i)))
      throw LaunchError(std::string("internal: preset vector class ") + vector_class_names()[i] +
                        " is not VectorClass " + vector_class_name(static_cast<VectorClass>(i)));
  const bool functional = request_.mode == SimMode::Functional;
  const uint32_t ndies = static_cast<uint32_t>(np.dies.size());

  // ---- Where everything goes (platform/launch_placement.h): the cores and
  // their blocks and entries, the stacks, the tensors, the argument registers.
  elf_ = read_elf(request_.elf_path);
  const LaunchPlan plan = plan_launch(np, preset_.name, elf_, request_.elf_path, request_.cores, request_.blocks,
                                      request_.die, request_.entry_symbol, request_.tensors, request_.args);
  const std::string& entry_name = plan.entry_name;
  const bool mix = request_.cores == CoreKind::Mix;
  const uint64_t gm0 = np.dies[0].gm_base, gm_size = np.hbm.size;
  // Result regions first: the bounds checker takes the first region that holds an access.
  for (const LaunchRequest::GmRange& g : request_.read_back) regions_.push_back({g.addr, g.size, "result region", true});
  for (const PlacedRegion& r : plan.regions) regions_.push_back({r.base, r.size, r.name, r.writable});
  tensor_addr_ = plan.tensor_addr;
  for (uint32_t u = 0; u < plan.cores.units_used && mix; ++u) cross_.push_back(std::make_unique<CrossCoreFlags>());

  // ---- The memory system of each die: Noc -> L2 -> HBM.
  const sc_time period = period_of_hz(np.ai_core.scalar.clock_hz);
  for (uint32_t d = 0; d < ndies; ++d) {
    Die die;
    const std::string n = std::to_string(d);
    die.hbm = std::make_unique<HbmController>(("hbm" + n).c_str(), hbm_params(np.hbm, functional));
    die.l2 = std::make_unique<L2Cache>(("l2_" + n).c_str(), l2_params(np.l2, period, functional));
    die.noc = std::make_unique<Noc>(("noc" + n).c_str(), noc_params(np.noc, period, functional));
    die.l2->downstream.bind(die.hbm->socket);
    dies_.push_back(std::move(die));
  }

  // ---- The trace: one sink for every core, at the AI core clock, slices
  // named from the kernel's symbols.
  if (!request_.trace_path.empty()) {
    ChromeTraceOptions o;
    o.clock_hz = np.ai_core.scalar.clock_hz;
    o.window_from = request_.trace_from;
    o.window_to = request_.trace_to;
    o.max_bytes = request_.trace_max_bytes;
    try {
      trace_ = std::make_unique<ChromeTrace>(request_.trace_path, o);
    } catch (const std::exception& e) {
      throw LaunchError("trace " + request_.trace_path + ": " + e.what());
    }
    trace_->set_info("kernel", request_.elf_path);
    trace_->set_info("entry", entry_name);
    trace_->set_info("preset", preset_.name);
    trace_->set_info("blocks", std::to_string(request_.blocks));
    const SymbolTable* symbols = &elf_.symbols;
    trace_->symbolizer = [symbols](uint64_t pc) { return symbols->describe(pc); };
    for (Die& die : dies_) die.hbm->set_trace(trace_.get(), period);
  }

  // ---- The cores.
  for (size_t c = 0; c < plan.cores.cores.size(); ++c) {
    const PlacedCore& slot = plan.cores.cores[c];
    const uint32_t g = slot.global_id, die = slot.die, v = slot.id;
    AiCoreConfig cfg = ai_core_config(np, request_.mode, request_.max_cycles, die, slot.is_vector, v, g);
    cfg.scalar.reset_pc = elf_.entry;
    if (mix) {
      cfg.cross = cross_[slot.unit].get();
      cfg.cross_member = slot.member;
    }
    cfg.entry = plan.entry[c];
    cfg.block_num = request_.blocks;
    cfg.blocks = slot.blocks;
    cfg.check_races = request_.check_races;
    cfg.trace = trace_.get();
    Core core;
    const std::string core_name = (slot.is_vector ? "aiv" : "aic") +
                                  std::to_string(die * (slot.is_vector ? np.aiv_per_die : np.aic_per_die) + v);
    core.core = std::make_unique<AiCore>(core_name.c_str(), cfg);
    core.global_index = g;
    core.die = die;
    AiCore& ac = *core.core;
    ac.set_gm_regions(regions_);
    Noc& noc = *dies_[die].noc;
    ac.gm.bind(noc.requesters);
    ac.scalar().ifetch.bind(noc.requesters);
    ac.data.bind(noc.requesters);  // the scalar unit's data, past its UB window
    ac.scalar().set_stop_handler([this, c] { on_core_stopped(c); });
    Hart& h = ac.scalar().hart();
    h.x[2] = plan.stack_top[c];
    for (size_t i = 0; i < 8; ++i) {
      h.x[10 + i] = plan.x[i];
      h.f[10 + i] = plan.f[i];
    }
    cores_.push_back(std::move(core));
  }
  running_ = cores_.size();

  // ---- The die-to-die link: die d's network sends the other die's range to it.
  if (ndies == 2) {
    link_ = std::make_unique<DieLink>("die_link", link_params(np.die_link, functional));
    if (trace_) link_->set_trace(trace_.get(), period);
    link_->to_die1.bind(dies_[1].noc->requesters);
    link_->to_die0.bind(dies_[0].noc->requesters);
    dies_[0].noc->map(link_->from_die0, np.dies[1].gm_base, gm_size, "die1", np.dies[1].gm_base);
    dies_[1].noc->map(link_->from_die1, np.dies[0].gm_base, gm_size, "die0", np.dies[0].gm_base);
  }

  // ---- HTIF over the image's tohost/fromhost: holes in die 0's L2 mapping.
  struct Hole {
    uint64_t addr, htif_offset;
    const char* name;
  };
  std::vector<Hole> holes;
  if (const auto tohost = elf_.symbols.address("tohost")) {
    Htif::Params hp;
    hp.latency = period;
    hp.console = request_.console;
    htif_ = std::make_unique<Htif>(
        "htif", hp, [this](uint64_t a, void* p, uint64_t n, bool w) { return gm_access(a, p, n, w); },
        [this](int code) { on_htif_exit(code); });
    holes.push_back({*tohost, Htif::kToHost, "tohost"});
    if (const auto fromhost = elf_.symbols.address("fromhost")) holes.push_back({*fromhost, Htif::kFromHost, "fromhost"});
    std::sort(holes.begin(), holes.end(), [](const Hole& a, const Hole& b) { return a.addr < b.addr; });
    for (const Hole& h : holes) dies_[0].noc->map(htif_->socket, h.addr, 8, h.name, h.htif_offset);
  }
  for (uint32_t d = 0; d < ndies; ++d) {
    const uint64_t base = np.dies[d].gm_base, end = base + gm_size;
    uint64_t at = base;
    int piece = 0;
    auto map_l2 = [&](uint64_t from, uint64_t to) {
      dies_[d].noc->map(dies_[d].l2->socket, from, to - from, "gm" + std::to_string(d) + "_" + std::to_string(piece++),
                        from - base, np.noc.l2_bytes_per_cycle);
    };
    if (d == 0)
      for (const Hole& h : holes) {
        if (h.addr < base || h.addr + 8 > end) continue;
        if (h.addr > at) map_l2(at, h.addr);
        at = std::max(at, h.addr + 8);
      }
    if (at < end) map_l2(at, end);
  }

  // ---- Contents: the image, the tensors.
  load_elf(elf_, {{"die 0 GM", gm0, gm_size, dies_[0].hbm->host_ptr(0)}});
  for (size_t t = 0; t < request_.tensors.size(); ++t) {
    auto& bytes = request_.tensors[t].bytes;
    if (!bytes.empty()) gm_access(tensor_addr_[t], bytes.data(), bytes.size(), true);
    if (!request_.tensors[t].is_output) std::vector<uint8_t>().swap(bytes);  // no second copy kept
  }
}

NpuPlatform::~NpuPlatform() = default;

uint64_t NpuPlatform::gm_base(uint32_t die) const { return preset_.npu.dies.at(die).gm_base; }

bool NpuPlatform::gm_access(uint64_t addr, void* data, uint64_t len, bool write) {
  const uint64_t size = preset_.npu.hbm.size;
  for (size_t d = 0; d < dies_.size(); ++d) {
    const uint64_t base = preset_.npu.dies[d].gm_base;
    if (addr < base || addr - base > size || size - (addr - base) < len) continue;
    uint8_t* p = dies_[d].hbm->host_ptr(addr - base);
    if (p == nullptr) return false;
    if (write) {
      std::memcpy(p, data, len);
      for (Core& c : cores_) c.core->scalar().invalidate_decoded(addr, len);
    } else {
      std::memcpy(data, p, len);
    }
    return true;
  }
  return false;
}

void NpuPlatform::on_core_stopped(size_t i) {
  Core& c = cores_[i];
  if (c.stopped) return;
  c.stopped = true;
  c.core->on_scalar_stopped();
  if (--running_ == 0) sc_core::sc_stop();
}

void NpuPlatform::on_htif_exit(int code) {
  if (platform_error_.empty())
    platform_error_ = "a kernel called exit(" + std::to_string(code) +
                      ") through HTIF: kernels return from their entry function, they never stop the platform";
  for (Core& c : cores_)
    if (!c.stopped) c.core->scalar().request_stop(StopReason::Error, code, platform_error_);
}

void NpuPlatform::simulate() {
  if (request_.progress == nullptr) {
    sc_core::sc_start();
    return;
  }
  // The same simulation in slices of simulated time: SystemC resumes where
  // it stopped, so the results are those of one sc_start().
  using clock = std::chrono::steady_clock;
  const auto begin = clock::now();
  const double period_s = 1.0 / static_cast<double>(preset_.npu.ai_core.scalar.clock_hz);
  const sc_time slice = period_of_hz(preset_.npu.ai_core.scalar.clock_hz) *
                        static_cast<double>(std::max<uint32_t>(1, preset_.npu.ai_core.scalar.quantum_cycles));
  auto last = begin;
  bool shown = false;
  while (sc_core::sc_get_status() != sc_core::SC_STOPPED) {
    sc_core::sc_start(slice);  // runs to the slice's end (SC_RUN_TO_TIME), so time always moves
    if (sc_core::sc_get_status() == sc_core::SC_STOPPED || !sc_core::sc_pending_activity()) break;
    const auto now = clock::now();
    const double elapsed = std::chrono::duration<double>(now - begin).count();
    if (elapsed < request_.progress_after_s || std::chrono::duration<double>(now - last).count() < 0.5) continue;
    last = now;
    const double cycles = sc_core::sc_time_stamp().to_seconds() / period_s;
    std::ostringstream line;
    line << std::fixed << std::setprecision(0) << "\rnpuvp: " << cycles << " cycles simulated, "
         << std::setprecision(1) << elapsed << " s, " << std::setprecision(3) << cycles / elapsed / 1e6
         << " M cycles/s, " << running_ << " of " << cores_.size() << " cores running ";
    *request_.progress << line.str() << std::flush;
    shown = true;
  }
  if (shown) *request_.progress << "\r\033[K" << std::flush;  // clear the line
}

LaunchResult NpuPlatform::run() {
  if (!cores_.empty()) simulate();
  for (size_t i = 0; i < cores_.size(); ++i) {
    if (cores_[i].stopped) continue;
    const std::string cross = cores_[i].core->cross_wait_deadlock();
    if (!cross.empty()) cores_[i].core->scalar().request_stop(StopReason::Deadlock, 0, cross);
    cores_[i].core->scalar().on_simulation_end();
    on_core_stopped(i);
  }

  LaunchResult r;
  r.clock_hz = 1.0 / period_of_hz(preset_.npu.ai_core.scalar.clock_hz).to_seconds();
  r.tensor_addresses = tensor_addr_;
  bool fatal = false;
  std::string fatal_message;
  for (const Core& c : cores_) {
    CoreResult cr;
    const AiCore& ac = *c.core;
    cr.global_index = c.global_index;
    cr.die = c.die;
    cr.core_id = ac.config().core_id;
    cr.is_vector = ac.config().is_vector;
    cr.blocks = ac.config().blocks;
    cr.pc = ac.scalar().hart().pc;
    cr.reason = ac.scalar().stop_reason();
    cr.message = ac.scalar().stop_message();
    cr.stats = ac.stats();
    cr.scalar = ac.scalar().stats();
    r.cycles = std::max(r.cycles, cr.stats.cycles);
    for (const KernelIssue& is : ac.issues()) {
      r.issues.push_back(is);
      if (is.fatal && !fatal) {
        fatal = true;
        fatal_message = is.message;
      }
    }
    if (r.reason == StopReason::Running && cr.reason != StopReason::Exit) {
      r.reason = cr.reason;
      r.message = ac.name() + std::string(": ") + stop_reason_name(cr.reason) + (cr.message.empty() ? "" : ": " + cr.message);
    }
    r.cores.push_back(std::move(cr));
  }
  // Cross-core flags set and never waited for (a warning, like set_flag's).
  for (const auto& group : cross_) {
    for (const Core& c : cores_) {
      const AiCoreConfig& cfg = c.core->config();
      if (cfg.cross != group.get()) continue;
      for (unsigned ev = 0; ev < CrossCoreFlags::kEvents; ++ev) {
        const size_t n = group->pending(cfg.cross_member, ev);
        if (n == 0) continue;
        r.issues.push_back({KernelIssue::Kind::FlagLeftSet, false,
                            std::string("warning: ") + c.core->name() + ": cross-core flag event " +
                                std::to_string(ev) + " left set for it at kernel end (" + std::to_string(n) +
                                " set(s) never waited for)"});
      }
    }
  }
  if (!platform_error_.empty()) {
    r.reason = StopReason::Error;
    r.message = platform_error_;
  } else if (fatal && r.reason == StopReason::Running) {
    r.reason = StopReason::Error;
    r.message = fatal_message;
  } else if (fatal && r.message.find(fatal_message) == std::string::npos) {
    r.message += " (" + fatal_message + ")";
  }
  if (r.reason == StopReason::Running) r.reason = StopReason::Exit;

  r.outputs.resize(request_.tensors.size());
  for (size_t t = 0; t < request_.tensors.size(); ++t) {
    if (!request_.tensors[t].is_output) continue;
    r.outputs[t].resize(request_.tensors[t].bytes.size());
    if (!r.outputs[t].empty()) gm_access(tensor_addr_[t], r.outputs[t].data(), r.outputs[t].size(), false);
  }
  for (const LaunchRequest::GmRange& g : request_.read_back) {
    std::vector<uint8_t> bytes(g.size);
    if (!gm_access(g.addr, bytes.data(), g.size, false)) bytes.clear();
    r.read_back.push_back(std::move(bytes));
  }
  if (trace_) {
    // What the memory system booked but simulated time has not passed yet.
    for (Die& die : dies_) die.hbm->flush_trace();
    if (link_) link_->flush_trace();
    try {
      trace_->finish();
    } catch (const std::exception& e) {
      if (r.reason == StopReason::Exit) {
        r.reason = StopReason::Error;
        r.message = "trace " + request_.trace_path + ": " + e.what();
      }
    }
    r.trace_truncated = trace_->truncated();
    r.trace_bytes = trace_->bytes_written();
  }
  r.stats = stats_json(r);
  return r;
}

json NpuPlatform::stats_json(const LaunchResult& r) const {
  std::vector<const L2Cache*> l2;
  std::vector<const HbmController*> hbm;
  for (const Die& d : dies_) {
    l2.push_back(d.l2.get());
    hbm.push_back(d.hbm.get());
  }
  return launch_stats_json(preset_, request_, r, MemoryCounters::read(l2, hbm, link_.get()), trace_.get());
}

json launch_stats_json(const Preset& preset, const LaunchRequest& request, const LaunchResult& r,
                       const MemoryCounters& mem, const ChromeTrace* trace) {
  json s;
  const double cycles = static_cast<double>(r.cycles);
  const double seconds = cycles / r.clock_hz;
  s["preset"] = preset.name;
  s["mode"] = request.mode == SimMode::Cycle ? "cycle" : "functional";
  s["blocks"] = request.blocks;
  s["cycles"] = r.cycles;
  s["clock_hz"] = r.clock_hz;
  s["time_us"] = seconds * 1e6;
  s["stop_reason"] = stop_reason_name(r.reason);
  if (!r.message.empty()) s["message"] = r.message;

  // Per core and per pipe: utilisation = busy cycles / the launch's cycles.
  auto util = [&](uint64_t busy) { return cycles > 0 ? static_cast<double>(busy) / cycles : 0.0; };
  auto stalls = [](const StallCycles& c) {
    return json{{"flag", c.flag}, {"barrier", c.barrier}, {"memory", c.memory}, {"queue_full", c.queue_full},
                {"bank_conflict", c.bank_conflict}};
  };
  auto add = [](StallCycles& to, const StallCycles& c) {
    to.flag += c.flag;
    to.barrier += c.barrier;
    to.memory += c.memory;
    to.queue_full += c.queue_full;
    to.bank_conflict += c.bank_conflict;
  };
  std::array<PipeStats, kPipeCount> total{};
  json cores = json::array();
  uint64_t scalar_instret = 0;
  for (const CoreResult& c : r.cores) {
    json cj;
    cj["core"] = c.global_index;
    cj["die"] = c.die;
    cj["core_id"] = c.core_id;
    cj["kind"] = c.is_vector ? "aiv" : "aic";
    cj["blocks"] = c.blocks;
    cj["blocks_run"] = c.stats.blocks_run;
    cj["cycles"] = c.stats.cycles;
    cj["stop_reason"] = stop_reason_name(c.reason);
    if (c.is_vector) {
      cj["bank_conflict_cycles"] = c.stats.bank_conflict_cycles;
    } else {
      cj["cube_fractals"] = c.stats.cube_fractals;
      cj["cube_flops"] = c.stats.cube_flops;
    }
    cj["queue_full_cycles"] = c.stats.queue_full_cycles;
    cj["scalar_wait_cycles"] = c.stats.scalar_wait_cycles;
    cj["scalar"] = {{"instret", c.scalar.instret},
                    {"stall_raw", c.scalar.stall_raw},
                    {"stall_structural", c.scalar.stall_structural},
                    {"stall_branch", c.scalar.stall_branch},
                    {"stall_icache", c.scalar.stall_icache},
                    {"stall_memory", c.scalar.stall_memory},
                    {"stall_npu", c.scalar.stall_npu},
                    {"icache_misses", c.scalar.icache_misses}};
    scalar_instret += c.scalar.instret;
    json pipes;
    for (size_t p = 0; p < kPipeCount; ++p) {
      const PipeStats& ps = c.stats.pipes[p];
      if (ps.instructions == 0 && ps.busy_cycles == 0) continue;
      pipes[isa::xnpu::pipe_name(static_cast<Pipe>(p))] = {{"instructions", ps.instructions},
                                                            {"busy_cycles", ps.busy_cycles},
                                                            {"wait_cycles", ps.wait_cycles},
                                                            {"bytes", ps.bytes},
                                                            {"utilisation", util(ps.busy_cycles)},
                                                            {"stall_cycles", stalls(ps.stalls)}};
      add(total[p].stalls, ps.stalls);
      total[p].instructions += ps.instructions;
      total[p].busy_cycles += ps.busy_cycles;
      total[p].wait_cycles += ps.wait_cycles;
      total[p].bytes += ps.bytes;
    }
    cj["pipes"] = pipes;
    cores.push_back(cj);
  }
  s["cores"] = cores;
  // Over all cores that ran: the mean utilisation.
  json pipes;
  const double n = static_cast<double>(std::max<size_t>(1, r.cores.size()));
  for (size_t p = 0; p < kPipeCount; ++p) {
    if (total[p].instructions == 0 && total[p].busy_cycles == 0) continue;
    pipes[isa::xnpu::pipe_name(static_cast<Pipe>(p))] = {{"instructions", total[p].instructions},
                                                          {"busy_cycles", total[p].busy_cycles},
                                                          {"wait_cycles", total[p].wait_cycles},
                                                          {"bytes", total[p].bytes},
                                                          {"utilisation", util(total[p].busy_cycles) / n},
                                                          {"stall_cycles", stalls(total[p].stalls)}};
  }
  s["pipes"] = pipes;
  // Bytes per path: MTE2 moves GM -> UB on a vector core, GM -> L1/L0 on a cube core.
  uint64_t gm_to_cube = 0;
  for (const CoreResult& c : r.cores)
    if (!c.is_vector) gm_to_cube += c.stats.pipes[static_cast<size_t>(Pipe::MTE2)].bytes;
  s["bytes"] = {{"gm_to_ub", total[static_cast<size_t>(Pipe::MTE2)].bytes - gm_to_cube},
                {"ub_to_gm", total[static_cast<size_t>(Pipe::MTE3)].bytes},
                {"ub_vector", total[static_cast<size_t>(Pipe::V)].bytes}};
  if (gm_to_cube > 0 || total[static_cast<size_t>(Pipe::FIX)].bytes > 0) {
    s["bytes"]["gm_to_l1_l0"] = gm_to_cube;
    s["bytes"]["l1_to_l0"] = total[static_cast<size_t>(Pipe::MTE1)].bytes;
    s["bytes"]["fixpipe_out"] = total[static_cast<size_t>(Pipe::FIX)].bytes;
  }
  s["scalar_instret"] = scalar_instret;

  auto gbps = [&](double bytes) { return seconds > 0 ? bytes / seconds / 1e9 : 0.0; };
  json l2 = json::array(), hbm = json::array(), noc = json::array();
  for (size_t d = 0; d < mem.dies.size(); ++d) {
    const L2Cache::Stats& ls = mem.dies[d].l2;
    const double acc = static_cast<double>(ls.total.hits + ls.total.misses);
    l2.push_back({{"die", d},
                  {"hits", ls.total.hits},
                  {"misses", ls.total.misses},
                  {"hit_rate", acc > 0 ? static_cast<double>(ls.total.hits) / acc : 0.0},
                  {"fills", ls.fills},
                  {"writebacks", ls.writebacks},
                  {"bytes_read", ls.bytes_read},
                  {"bytes_written", ls.bytes_written}});
    const HbmController::PseudoChannelStats& hs = mem.dies[d].hbm;
    const double bytes = static_cast<double>(hs.bytes_read + hs.bytes_written);
    const double peak = mem.dies[d].hbm_peak_bytes_per_s / 1e9;
    hbm.push_back({{"die", d},
                   {"bytes_read", hs.bytes_read},
                   {"bytes_written", hs.bytes_written},
                   {"achieved_gbps", gbps(bytes)},
                   {"peak_gbps", peak},
                   {"utilisation", peak > 0 ? gbps(bytes) / peak : 0.0},
                   {"row_hits", hs.row_hits},
                   {"row_misses", hs.row_misses},
                   {"row_empties", hs.row_empties},
                   {"refreshes", hs.refreshes},
                   {"turnarounds", hs.turnarounds}});
  }
  s["l2"] = l2;
  s["hbm"] = hbm;
  // Where the kernel sits against the preset's vector roofline: its
  // arithmetic intensity (vector FLOPs per HBM byte) against the ridge point,
  // and its achieved FLOP rate against what that intensity allows.
  {
    uint64_t flops = 0;
    for (const CoreResult& c : r.cores) flops += c.stats.vector_flops;
    double hbm_bytes = 0, hbm_peak = 0;
    for (const auto& h : hbm) {
      hbm_bytes += h.at("bytes_read").get<double>() + h.at("bytes_written").get<double>();
      hbm_peak += h.at("peak_gbps").get<double>() * 1e9;
    }
    // The preset's fp16 vector peak (fp32 instructions have half the lanes).
    const json d = derived_figures(preset).value("npu", json::object());
    const double peak = d.value("peak_vector_tflops_fp16", 0.0) * 1e12;
    const double intensity = hbm_bytes > 0 ? static_cast<double>(flops) / hbm_bytes : 0.0;
    const double attainable = hbm_bytes > 0 ? std::min(peak, intensity * hbm_peak) : peak;
    const double achieved = seconds > 0 ? static_cast<double>(flops) / seconds : 0.0;
    s["roofline"] = {{"vector_flops", flops},
                     {"peak_vector_tflops_fp16", peak / 1e12},
                     {"hbm_bytes", hbm_bytes},
                     {"arithmetic_intensity", intensity},
                     {"ridge_flops_per_byte", hbm_peak > 0 ? peak / hbm_peak : 0.0},
                     {"bound", intensity * hbm_peak < peak ? "memory" : "compute"},
                     {"achieved_tflops", achieved / 1e12},
                     {"attainable_tflops", attainable / 1e12},
                     {"fraction_of_attainable", attainable > 0 ? achieved / attainable : 0.0}};
  }
  // The cube: fractals against one per cycle per cube core that ran (and per
  // cube core of the dies used), whatever the type; and the kernel's
  // operations (2·m·n·k per mmad) as TFLOPS (TOPS for int8) next to the
  // fp16/bf16 peak of the cores used (models/ai_core/TIMING.md).
  {
    uint64_t fractals = 0, flops = 0, aics = 0;
    std::set<uint32_t> dies_used;
    for (const CoreResult& c : r.cores) {
      if (c.is_vector) continue;
      ++aics;
      dies_used.insert(c.die);
      fractals += c.stats.cube_fractals;
      flops += c.stats.cube_flops;
    }
    if (aics > 0) {
      const double per_core = preset.npu.ai_core.cube_macs_per_cycle_fp16 * 2.0 * r.clock_hz;
      const double peak = per_core * static_cast<double>(aics);
      const double die_cores = static_cast<double>(preset.npu.aic_per_die) * static_cast<double>(dies_used.size());
      const double achieved = seconds > 0 ? static_cast<double>(flops) / seconds : 0.0;
      // The roofline of the dies used: the kernel's FLOPs per HBM byte
      // against the ridge point of their fp16/bf16 cube peak and HBM.
      double hbm_bytes = 0, hbm_peak = 0;
      for (const auto& h : hbm) {
        if (!dies_used.count(h.at("die").get<uint32_t>())) continue;
        hbm_bytes += h.at("bytes_read").get<double>() + h.at("bytes_written").get<double>();
        hbm_peak += h.at("peak_gbps").get<double>() * 1e9;
      }
      const double die_peak = per_core * die_cores;
      const double intensity = hbm_bytes > 0 ? static_cast<double>(flops) / hbm_bytes : 0.0;
      const double attainable = hbm_bytes > 0 ? std::min(die_peak, intensity * hbm_peak) : die_peak;
      s["cube"] = {{"cores", aics},
                   {"fractals", fractals},
                   {"flops", flops},
                   {"utilisation", cycles > 0 ? static_cast<double>(fractals) / (cycles * static_cast<double>(aics)) : 0.0},
                   {"achieved_tflops", achieved / 1e12},
                   {"peak_tflops", peak / 1e12},
                   {"fraction_of_die_peak",
                    cycles > 0 && die_cores > 0 ? static_cast<double>(fractals) / (cycles * die_cores) : 0.0},
                   {"die_peak_tflops", die_peak / 1e12},
                   {"hbm_bytes", hbm_bytes},
                   {"arithmetic_intensity", intensity},
                   {"ridge_flops_per_byte", hbm_peak > 0 ? die_peak / hbm_peak : 0.0},
                   {"bound", intensity * hbm_peak < die_peak ? "memory" : "compute"},
                   {"attainable_tflops", attainable / 1e12},
                   {"fraction_of_attainable", attainable > 0 ? achieved / attainable : 0.0}};
    }
  }
  if (!mem.link.empty()) {
    json dirs = json::array();
    const double peak = preset.npu.die_link.bytes_per_cycle / (preset.npu.die_link.clock_period_ps * 1e-12) / 1e9;
    for (unsigned d = 0; d < 2; ++d) {
      const MemoryCounters::LinkDirection& dir = mem.link[d];
      dirs.push_back({{"from_die", d},
                      {"bytes", dir.bytes},
                      {"busy_cycles", dir.busy_cycles},
                      {"transactions", dir.transactions},
                      {"achieved_gbps", gbps(static_cast<double>(dir.bytes))},
                      {"peak_gbps", peak}});
    }
    s["die_link"] = dirs;
  }
  json issues = json::array();
  for (const KernelIssue& is : r.issues)
    issues.push_back({{"kind", kernel_issue_kind_name(is.kind)}, {"fatal", is.fatal}, {"message", is.message}});
  s["issues"] = issues;
  if (trace) {
    const ChromeTrace::Counts& c = trace->counts();
    s["trace"] = {{"file", request.trace_path},
                  {"bytes", trace->bytes_written()},
                  {"truncated", trace->truncated()},
                  {"slices", c.slices},
                  {"flows", c.flows},
                  {"slices_outside_window", c.slices_outside_window},
                  {"slices_dropped", c.slices_lane_overflow + c.events_after_truncation},
                  {"flows_unbound", c.flows_unbound}};
  }
  return s;
}

LaunchResult launch(const Preset& preset, const LaunchRequest& request) {
  NpuPlatform platform("npu", preset, request);
  return platform.run();
}

}  // namespace npuvp
