// The AI core: Xnpu issue from the scalar unit into in-order pipes, executed
// eagerly with computed start and end cycles (TIMING.md), plus the checkers.
#include "models/ai_core/ai_core.h"

#include <algorithm>
#include <cstring>
#include <cinttypes>
#include <cstdio>
#include <deque>
#include <map>
#include <set>

#include "isa/disasm.h"
#include "models/ai_core/block_intervals.h"
#include "models/cube_unit/cube_unit.h"
#include "models/vector_unit/data_copy.h"
#include "models/vector_unit/vector_unit.h"
#include "models/noc/requester_id.h"

namespace npuvp {

namespace {

using isa::xnpu::Op;
namespace vu = vector_unit;

constexpr uint64_t kUnknown = ~uint64_t{0};
constexpr uint32_t kBlock = 32;

const char* const kVectorClassNames[] = {"simple",       "fused_mul_add", "divide", "transcendental",
                                         "compare_select", "reduce",      "convert", "transpose",
                                         "gather",       "copy"};

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

unsigned pipe_index(Pipe p) { return static_cast<unsigned>(p); }

// The local buffers the race checker shadows, 32 B block by block: the UB of
// a vector core, the cube core's L1, L0A, L0B, L0C and BiasTable.
enum class Local : uint8_t { UB, L1, L0A, L0B, L0C, BT, kCount };
constexpr size_t kLocalCount = static_cast<size_t>(Local::kCount);
Local local_of(cube_unit::Space s) {
  switch (s) {
    case cube_unit::Space::L1: return Local::L1;
    case cube_unit::Space::L0A: return Local::L0A;
    case cube_unit::Space::L0B: return Local::L0B;
    case cube_unit::Space::L0C: return Local::L0C;
    default: return Local::BT;
  }
}
cube_unit::Space cube_space_of(Local l) {
  switch (l) {
    case Local::L1: return cube_unit::Space::L1;
    case Local::L0A: return cube_unit::Space::L0A;
    case Local::L0B: return cube_unit::Space::L0B;
    case Local::L0C: return cube_unit::Space::L0C;
    default: return cube_unit::Space::BT;
  }
}
const char* local_name(Local l) {
  static const char* const kNames[] = {"UB", "L1", "L0A", "L0B", "L0C", "BiasTable"};
  return kNames[static_cast<size_t>(l) % kLocalCount];
}

// Every byte range of a cube instruction, for the checkers (reused: no
// allocation per instruction once it has grown).
struct CubeRanges final : cube_unit::AccessSink {
  struct Range {
    cube_unit::Space space;
    uint64_t begin, length;
    bool write;
  };
  std::vector<Range> ranges;
  void access(cube_unit::Space s, uint64_t b, uint64_t n, bool w) override { ranges.push_back({s, b, n, w}); }
};

// When the bursts of one MTE instruction reach the memory system and when the
// last one is through (TIMING.md, "MTE bursts"): burst k of n_k bytes, after
// b_k bytes of earlier bursts, goes out at first + floor(b_k / B) and is
// through max(ceil(n_k / B), m_k) cycles later (m_k: the memory system's delay).
struct BurstClock {
  uint64_t first;  // start + the path's latency
  uint64_t bw;     // bytes per cycle
  uint64_t bytes = 0, end = 0;
  uint64_t next() const { return first + bytes / bw; }
  void through(uint64_t at, uint64_t len, uint64_t mem) {
    end = std::max(end, at + std::max((len + bw - 1) / bw, mem));
    bytes += len;
  }
};

}  // namespace

const char* vector_class_name(VectorClass c) {
  return kVectorClassNames[static_cast<size_t>(c) % static_cast<size_t>(VectorClass::kCount)];
}

const char* kernel_issue_kind_name(KernelIssue::Kind k) {
  switch (k) {
    case KernelIssue::Kind::OutOfBounds: return "out_of_bounds";
    case KernelIssue::Kind::Race: return "race";
    case KernelIssue::Kind::Deadlock: return "deadlock";
    case KernelIssue::Kind::FlagLeftSet: return "flag_left_set";
    case KernelIssue::Kind::Unaligned: return "unaligned";
  }
  return "?";
}

VectorClass vector_class_of(Op op) {
  switch (op) {
    case Op::vmla: case Op::vmadd: case Op::vaxpy: return VectorClass::FusedMulAdd;
    case Op::vdiv: return VectorClass::Divide;
    case Op::vexp: case Op::vln: case Op::vsqrt: case Op::vrsqrt: case Op::vrec:
      return VectorClass::Transcendental;
    case Op::vsel: case Op::vsels:
    case Op::vcmpv_eq: case Op::vcmpv_ne: case Op::vcmpv_lt: case Op::vcmpv_gt: case Op::vcmpv_le:
    case Op::vcmpv_ge: case Op::vcmpvs_eq: case Op::vcmpvs_ne: case Op::vcmpvs_lt:
    case Op::vcmpvs_gt: case Op::vcmpvs_le: case Op::vcmpvs_ge:
      return VectorClass::CompareSelect;
    case Op::vcadd: case Op::vcmax: case Op::vcmin: case Op::vcgadd: case Op::vcgmax: case Op::vcgmin:
      return VectorClass::Reduce;
    case Op::vconv: return VectorClass::Convert;
    case Op::vtranspose: return VectorClass::Transpose;
    case Op::vgather: return VectorClass::Gather;
    case Op::copy_ub2ub: return VectorClass::Copy;
    default: return VectorClass::Simple;
  }
}

// ---------------------------------------------------------------------------
// One instruction in a pipe: everything captured when the scalar unit issued it.
struct PipeOp {
  const isa::xnpu::Info* info = nullptr;
  isa::Decoded decoded;
  uint64_t rs1 = 0, rs2 = 0, rs3 = 0;
  vu::VectorCsrs csrs;
  vu::PadConfig pad;
  uint64_t fmatrix = 0;  // npu_fmatrix (load3d)
  uint64_t pc = 0;
  uint64_t issue_cycle = 0;
};

class AiCore::Pipes {
 public:
  explicit Pipes(AiCore& core) : core_(core), t_(core.config_.timing) {
    // Epochs start at 1: a pipe's first access is already later than
    // anything another pipe has synchronised with (0).
    for (unsigned k = 0; k < kPipeCount; ++k) {
      clock_[k].fill(0);
      clock_[k][k] = 1;
    }
    if (core.config_.is_vector) {
      shadow_[static_cast<size_t>(Local::UB)].resize(core.config_.ub_size / kBlock);
    } else {
      const CubeBufferSizes& b = core.config_.cube_buffers;
      const uint32_t sizes[] = {0, b.l1, b.l0a, b.l0b, b.l0c, b.bt};
      for (size_t l = 0; l < kLocalCount; ++l) cube_shadow_[l].reset((sizes[l] + kBlock - 1) / kBlock);
    }
  }

  // Issues op at cycle t (the scalar unit's issue cycle); returns the cycles
  // the scalar unit is held.
  uint64_t issue(PipeOp op, uint64_t t);
  // The platform took back DMI to [start, end] (the gm socket's invalidation).
  void forget_gm_dmi(uint64_t start, uint64_t end);

  // Fatal problems stop the core; the platform reads issues_ afterwards.
  std::vector<KernelIssue> issues_;
  AiCoreStats stats_;

  // At kernel end: anything still blocked is a deadlock; unconsumed flags a warning.
  void finish(uint64_t t);
  std::string cross_waiting_;  // the cross_wait_flag the scalar unit waits in, described
  uint64_t last_activity() const {
    uint64_t t = 0;
    for (const PipeState& p : pipes_) t = std::max(t, p.done_at);
    return t;
  }

 private:
  struct PipeState {
    std::deque<PipeOp> blocked;    // ops behind a wait_flag that has no set yet
    std::deque<uint64_t> starts;   // start cycles of executed ops still "in the queue" at some time
    uint64_t free_at = 0;          // earliest start of the next op
    uint64_t done_at = 0;          // completion of every executed op
    uint64_t own_done_at = 0;      // the same had GM answered at once (stall attribution)
  };
  struct FlagSet {
    uint64_t time;
    std::array<uint64_t, kPipeCount> clock;  // the setter's vector clock (race checker)
    uint64_t pc;
    uint64_t trace_id = 0;  // the flow arrow that starts at this set
  };
  struct Shadow {  // race checker state of one 32 B block of a local buffer
    uint8_t writer = 0xff;
    uint64_t write_epoch = 0, write_pc = 0;
    std::array<uint64_t, kPipeCount> read_epoch{};
    std::array<uint64_t, kPipeCount> read_pc{};
    bool operator==(const Shadow& o) const {  // (inline loops: the run joins call it often)
      if (writer != o.writer || write_epoch != o.write_epoch || write_pc != o.write_pc) return false;
      for (size_t q = 0; q < kPipeCount; ++q)
        if (read_epoch[q] != o.read_epoch[q] || read_pc[q] != o.read_pc[q]) return false;
      return true;
    }
  };

  PipeState& pipe(Pipe p) { return pipes_[pipe_index(p)]; }
  std::deque<FlagSet>& flag(Pipe src, Pipe dst, unsigned ev) {
    return flags_[pipe_index(src) * 8 * 8 + pipe_index(dst) * 8 + (ev & 7)];
  }
  uint64_t cycles_of(const sc_core::sc_time& t) const {
    return static_cast<uint64_t>(t / core_.config_.scalar.clock_period + 0.5);
  }

  // Executes op in pipe p if it can start; false if it waits for a flag.
  bool try_execute(Pipe p, PipeOp& op);
  void drain(Pipe p);          // executes blocked ops of p that can now start
  void drain_all();
  uint64_t queue_room_time(Pipe p, uint64_t t);
  uint64_t execute_vector(const PipeOp& op, uint64_t start, uint64_t& busy);
  uint64_t execute_mte(const PipeOp& op, uint64_t start, uint64_t& busy);
  uint64_t gm_transfer(const PipeOp& op, bool write, uint64_t addr, uint8_t* data, uint32_t len,
                       uint64_t at, bool may_wait = true);
  uint64_t booking_cycle(const PipeOp& op, uint64_t at) const;
  uint8_t* gm_host_pointer(uint64_t addr, uint32_t len, bool write);
  void wait_to_book(const PipeOp& op, uint64_t at);
  bool ub_range_ok(const PipeOp& op, uint64_t addr, uint64_t len, const char* what);
  bool gm_range_ok(const PipeOp& op, uint64_t addr, uint64_t len, bool write);
  uint64_t bank_conflicts(const vu::VectorOp& v);
  void check_race(Pipe p, const PipeOp& op, Local space, uint64_t begin, uint64_t len, bool write);
  bool races_with(const Shadow& s, unsigned me, bool write) const;
  // An access's marks in a block's state.
  static void mark(Shadow& s, unsigned me, uint64_t epoch, uint64_t pc, bool write) {
    if (write) {
      s.writer = static_cast<uint8_t>(me);
      s.write_epoch = epoch;
      s.write_pc = pc;
    } else {
      s.read_epoch[me] = epoch;
      s.read_pc[me] = pc;
    }
  }
  void check_cube_races(Pipe p, const PipeOp& op, const cube_unit::CubeOp& c, const CubeRanges& footprint);
  uint64_t execute_cube(Pipe p, const PipeOp& op, uint64_t start, uint64_t& busy);
  class CubeGm;
  bool local_range_ok(const PipeOp& op, cube_unit::Space space, uint64_t addr, uint64_t len, bool write);
  bool local_range_in(cube_unit::Space space, uint64_t addr, uint64_t len) const;
  bool gm_range_clean(uint64_t addr, uint64_t len, bool write) const;
  void fatal(KernelIssue::Kind kind, const std::string& msg);
  std::string describe(const PipeOp& op) const;

  AiCore& core_;
  const AiCoreTiming& t_;
  std::array<PipeState, kPipeCount> pipes_;
  std::array<std::deque<FlagSet>, kPipeCount * 8 * 8> flags_;
  // Race checker: vector clocks per pipe, epochs, shadow of every UB block.
  std::array<std::array<uint64_t, kPipeCount>, kPipeCount> clock_;
  // The UB block by block (vector instructions touch it in small pieces);
  // the cube buffers as runs of equal blocks (block_intervals.h).
  std::array<std::vector<Shadow>, kLocalCount> shadow_;
  std::array<BlockIntervals<Shadow>, kLocalCount> cube_shadow_;
  std::map<std::pair<uint64_t, uint64_t>, bool> races_seen_;
  std::map<uint64_t, PipeOp> op_at_pc_;  // for race reports: the other side's instruction
  struct UbRange {
    uint32_t begin, length;
    bool write;
  };
  struct RangeList final : vu::AccessSink {
    std::vector<UbRange> ranges;
    void clear() { ranges.clear(); }
    void access(uint32_t b, uint32_t n, bool w) override { ranges.push_back({b, n, w}); }
  };
  RangeList ranges_;
  std::vector<uint8_t> bank_reads_, group_reads_, group_writes_;
  std::vector<vu::CopyChunk> chunks_;
  std::vector<uint8_t> scratch_;
  CubeRanges cube_ranges_, cube_footprint_;
  std::vector<CubeRanges::Range> merged_ranges_;
  struct TouchedBlocks {  // blocks of one buffer one instruction reads (or writes)
    std::vector<uint64_t> bits;
    uint64_t lo = ~uint64_t{0}, hi = 0;  // words [lo, hi) may be non-zero
  };
  std::array<TouchedBlocks, kLocalCount * 2> touched_;
  RequesterId requester_;
  tlm::tlm_dmi gm_dmi_, gm_dmi_refused_;  // gm_host_pointer's cache
  bool gm_dmi_valid_ = false, gm_dmi_refused_valid_ = false;
  // The scalar unit's cycle at the current issue: no later GM transfer of
  // this core starts earlier (booking_cycle).
  uint64_t scalar_now_ = 0;
  uint64_t mte_own_end_ = kUnknown;  // the last MTE copy's completion without the memory system's delay
  // A wait [base, until) for work that completes at `done` but would have
  // completed at `own_done` had GM answered at once: the part past own_done
  // is memory, the rest barrier.
  static void count_sync_wait(StallCycles& s, uint64_t base, uint64_t until, uint64_t own_done) {
    const uint64_t memory = until - std::max(base, std::min(until, own_done));
    s.memory += memory;
    s.barrier += until - base - memory;
  }
  bool stopped_ = false;
  // Flow ids are unique across cores (the trace pairs arrow ends by id);
  // one SystemC thread runs at a time, so the sequence is deterministic.
  static inline uint64_t trace_ids_ = 0;
  std::string track(Pipe p) const { return std::string(core_.name()) + "/" + isa::xnpu::pipe_name(p); }
  // op on p's track over [start, end), at least one cycle, named by its
  // disassembly and symbolised pc.
  void trace_slice(TraceSink& tr, Pipe p, const PipeOp& op, uint64_t start, uint64_t end) const {
    tr.slice(track(p), tr.name_at(isa::disassemble(op.decoded, op.pc), op.pc), start, std::max(end, start + 1));
  }
  // A cross_set_flag executing at cycle `at` in pipe p: visible to the
  // group cross_core_latency cycles later; the track names the arrow's start.
  CrossCoreFlags::Set cross_set(uint64_t at, Pipe p) const {
    return {at + t_.cross_core_latency, at, core_.config_.trace ? track(p) : std::string()};
  }
};

std::string AiCore::Pipes::describe(const PipeOp& op) const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s: pc 0x%" PRIx64 " (", core_.name(), op.pc);
  return buf + isa::disassemble(op.decoded, op.pc) + ")";
}

void AiCore::Pipes::fatal(KernelIssue::Kind kind, const std::string& msg) {
  issues_.push_back({kind, true, msg});
  if (!stopped_) {
    stopped_ = true;
    core_.scalar_->request_stop(StopReason::Error, 0, msg);
  }
}

bool AiCore::Pipes::ub_range_ok(const PipeOp& op, uint64_t addr, uint64_t len, const char* what) {
  if (addr + len <= core_.ub_.size() && addr + len >= addr) return true;
  fatal(KernelIssue::Kind::OutOfBounds,
        describe(op) + ": " + what + " UB [" + hex(addr) + ", +" + std::to_string(len) +
            ") is outside the " + std::to_string(core_.ub_.size() / 1024) + " KiB Unified Buffer");
  return false;
}

bool AiCore::Pipes::gm_range_ok(const PipeOp& op, uint64_t addr, uint64_t len, bool write) {
  for (const GmRegion& r : core_.regions_) {
    if (addr >= r.base && addr + len <= r.base + r.size && addr + len >= addr) {
      if (!write || r.writable) return true;
      fatal(KernelIssue::Kind::OutOfBounds, describe(op) + ": writes GM [" + hex(addr) + ", +" +
                                                std::to_string(len) + ") in read-only " + r.name);
      return false;
    }
  }
  if (core_.regions_.empty()) return true;  // no launch regions: a bare platform
  fatal(KernelIssue::Kind::OutOfBounds,
        describe(op) + ": " + (write ? "writes" : "reads") + " GM [" + hex(addr) + ", +" +
            std::to_string(len) + ") outside every tensor of the launch");
  return false;
}

// The cycle SystemC's time must reach before this core books a GM
// transfer starting at `at`: the start of the window that holds `at`, but
// never past the earliest cycle any later GM transfer of this core can start
// (a later pipe op starts at or after its pipe's free_at and after the
// scalar unit's current cycle), so that the core never books into its own
// past (TIMING.md, "Booking window").
uint64_t AiCore::Pipes::booking_cycle(const PipeOp& op, uint64_t at) const {
  const uint64_t window = t_.gm_booking_window;
  if (window == 0) return at - std::min(at, core_.config_.scalar.quantum_cycles);
  uint64_t bound = at;
  for (Pipe q : {Pipe::MTE2, Pipe::MTE3, Pipe::FIX})
    if (q != op.info->pipe) bound = std::min(bound, std::max(pipes_[pipe_index(q)].free_at, scalar_now_ + 1));
  // Windows count from the launch's first cycle (0 for a direct launch).
  const uint64_t origin = std::min(core_.launch_start_cycle_, bound);
  return origin + (bound - origin) / window * window;
}

// Book in time order across cores: a core whose pipes run ahead of
// SystemC's time waits here (host scheduling only, no simulated time of its
// own passes) so that the other cores book their earlier traffic first and
// the memory system shares itself as it would in time order (TIMING.md,
// "Booking window").
void AiCore::Pipes::wait_to_book(const PipeOp& op, uint64_t at) {
  // Functional mode: the memory system keeps no calendars to share, so the
  // order of booking changes nothing, and a wait per transfer would switch
  // host threads (and caches) at every GM instruction of every core.
  if (core_.config_.scalar.mode == SimMode::Functional) return;
  // sync_skew before the edge, as the scalar unit synchronises: cores that
  // book in the same cycle book in a fixed order (TIMING.md, "Booking window").
  const sc_core::sc_time edge = core_.config_.scalar.clock_period * static_cast<double>(booking_cycle(op, at));
  const sc_core::sc_time skew = core_.config_.scalar.sync_skew;
  const sc_core::sc_time book_time = edge > skew ? edge - skew : edge;
  if (book_time > sc_core::sc_time_stamp() &&
      sc_core::sc_get_current_process_handle().proc_kind() == sc_core::SC_THREAD_PROC_)
    sc_core::wait(book_time - sc_core::sc_time_stamp());
}

// Cycles a GM transfer of len bytes issued at cycle `at` takes, through the
// core's gm socket (the memory system answers with its delay).
uint64_t AiCore::Pipes::gm_transfer(const PipeOp& op, bool write, uint64_t addr, uint8_t* data,
                                    uint32_t len, uint64_t at, bool may_wait) {
  if (may_wait) wait_to_book(op, at);
  if (uint8_t* host = gm_host_pointer(addr, len, write)) {
    // Functional mode: plain memory answers at once (a b_transport would
    // copy the same bytes and add no delay).
    if (write) std::memcpy(host, data, len);
    else std::memcpy(data, host, len);
    return 0;
  }
  tlm::tlm_generic_payload gp;
  gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  gp.set_address(addr);
  gp.set_data_ptr(data);
  gp.set_data_length(len);
  gp.set_streaming_width(len);
  gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  requester_.core = core_.config_.global_id;
  gp.set_extension(&requester_);
  const sc_core::sc_time period = core_.config_.scalar.clock_period;
  const sc_core::sc_time when = period * static_cast<double>(at);
  sc_core::sc_time now = sc_core::sc_time_stamp();
  sc_core::sc_time delay = when > now ? when - now : sc_core::SC_ZERO_TIME;
  sc_core::sc_time before = delay;
  core_.gm->b_transport(gp, delay);
  gp.clear_extension(&requester_);  // ours, not the payload's to free
  if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) {
    fatal(KernelIssue::Kind::OutOfBounds, describe(op) + ": GM " + (write ? "write" : "read") +
                                              " at " + hex(addr) + " (" + std::to_string(len) +
                                              " bytes) was not answered by the memory system");
    return 0;
  }
  return delay > before ? cycles_of(delay - before) : 0;
}

// In functional mode the memory system grants DMI to plain memory (GM): the
// host address of [addr, addr + len), or nullptr when the range is not
// plain memory with zero latency (then the transfer goes through the
// socket). One cached region (GM is one), and one remembered refusal so that
// a device range is not asked about again and again.
uint8_t* AiCore::Pipes::gm_host_pointer(uint64_t addr, uint32_t len, bool write) {
  if (core_.config_.scalar.mode != SimMode::Functional || len == 0) return nullptr;
  const uint64_t last = addr + len - 1;
  if (last < addr) return nullptr;
  auto covers = [&](const tlm::tlm_dmi& d) { return addr >= d.get_start_address() && last <= d.get_end_address(); };
  if (!(gm_dmi_valid_ && covers(gm_dmi_))) {
    if (gm_dmi_refused_valid_ && covers(gm_dmi_refused_)) return nullptr;
    tlm::tlm_generic_payload gp;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(addr);
    tlm::tlm_dmi dmi;
    if (!core_.gm->get_direct_mem_ptr(gp, dmi) || dmi.get_dmi_ptr() == nullptr ||
        dmi.get_read_latency() != sc_core::SC_ZERO_TIME || dmi.get_write_latency() != sc_core::SC_ZERO_TIME ||
        !dmi.is_read_write_allowed()) {
      gm_dmi_refused_ = dmi;
      gm_dmi_refused_valid_ = addr >= dmi.get_start_address() && addr <= dmi.get_end_address();
      return nullptr;
    }
    gm_dmi_ = dmi;
    gm_dmi_valid_ = true;
    if (!covers(gm_dmi_)) return nullptr;
  }
  return gm_dmi_.get_dmi_ptr() + (addr - gm_dmi_.get_start_address());
}

void AiCore::Pipes::forget_gm_dmi(uint64_t start, uint64_t end) {
  if (gm_dmi_valid_ && start <= gm_dmi_.get_end_address() && end >= gm_dmi_.get_start_address()) gm_dmi_valid_ = false;
  if (gm_dmi_refused_valid_ && start <= gm_dmi_refused_.get_end_address() &&
      end >= gm_dmi_refused_.get_start_address())
    gm_dmi_refused_valid_ = false;
}

uint64_t AiCore::Pipes::bank_conflicts(const vu::VectorOp& v) {
  // Only the element-wise shapes: their blocks per repeat follow the strides.
  switch (vector_class_of(v.op)) {
    case VectorClass::Simple: case VectorClass::FusedMulAdd: case VectorClass::Divide:
    case VectorClass::Transcendental: case VectorClass::Convert: break;
    default: return 0;
  }
  const bool two_sources = v.op == Op::vadd || v.op == Op::vsub || v.op == Op::vmul ||
                           v.op == Op::vdiv || v.op == Op::vmax || v.op == Op::vmin ||
                           v.op == Op::vand || v.op == Op::vor || v.op == Op::vmla ||
                           v.op == Op::vmadd;
  const unsigned groups = std::max<uint32_t>(1, t_.ub_bank_groups);
  const uint64_t section = std::max<uint32_t>(kBlock, t_.ub_section_bytes);
  const unsigned src_bytes = isa::xnpu::dtype_bytes(v.type), dst_bytes = isa::xnpu::dtype_bytes(v.type2);
  const unsigned widest = std::max(src_bytes, dst_bytes);
  const unsigned lanes = 256 / widest;
  const unsigned src_blocks = lanes * src_bytes / kBlock, dst_blocks = lanes * dst_bytes / kBlock;
  const unsigned repeats = vu::work(v).repeats;
  uint64_t extra = 0;
  // Counters per bank (4 sections of every group) and per group, kept across
  // instructions so that no vector instruction allocates.
  bank_reads_.resize(groups * 4);
  group_reads_.resize(groups);
  group_writes_.resize(groups);
  for (unsigned r = 0; r < repeats; ++r) {
    std::fill(bank_reads_.begin(), bank_reads_.end(), 0);
    std::fill(group_reads_.begin(), group_reads_.end(), 0);
    std::fill(group_writes_.begin(), group_writes_.end(), 0);
    unsigned cost = 1;
    auto read = [&](uint64_t a) {
      unsigned g = static_cast<unsigned>((a / kBlock) % groups);
      unsigned b = static_cast<unsigned>(g + groups * ((a / section) % 4));
      cost = std::max<unsigned>(cost, ++bank_reads_[b]);
      cost = std::max<unsigned>(cost, (++group_reads_[g] + 1) / 2);
    };
    for (unsigned k = 0; k < src_blocks; ++k) {
      read(v.addr.src0 + kBlock * (uint64_t{r} * v.cfg.src0_rep + uint64_t{k} * v.cfg.src0_blk));
      if (two_sources)
        read(v.addr.src1 + kBlock * (uint64_t{r} * v.cfg.src1_rep + uint64_t{k} * v.cfg.src1_blk));
    }
    for (unsigned k = 0; k < dst_blocks; ++k) {
      uint64_t a = v.addr.dst + kBlock * (uint64_t{r} * v.cfg.dst_rep + uint64_t{k} * v.cfg.dst_blk);
      unsigned g = static_cast<unsigned>((a / kBlock) % groups);
      cost = std::max<unsigned>(cost, ++group_writes_[g]);
    }
    extra += cost - 1;
  }
  return extra;
}

// Floating-point operations of one vector instruction: active lanes of the
// arithmetic classes on float types (a fused multiply-add counts two).
static uint64_t flops_of(const vu::VectorOp& v, const vu::Work& w) {
  const VectorClass cls = vector_class_of(v.op);
  unsigned per_lane = 0;
  switch (cls) {
    case VectorClass::Simple: case VectorClass::Divide: case VectorClass::Transcendental:
    case VectorClass::Reduce: per_lane = 1; break;
    case VectorClass::FusedMulAdd: per_lane = 2; break;
    default: return 0;
  }
  if (!isa::xnpu::is_float(v.type) || v.op == Op::vdup) return 0;
  const unsigned widest = std::max(isa::xnpu::dtype_bytes(v.type), isa::xnpu::dtype_bytes(v.type2));
  const uint64_t lanes = 256 / widest;
  uint64_t active;
  if (v.mask.count_mode) {
    active = std::min<uint64_t>(v.mask.lo, uint64_t{w.repeats} * lanes);
  } else {
    const unsigned bits = static_cast<unsigned>(__builtin_popcountll(v.mask.lo)) +
                          (lanes > 64 ? static_cast<unsigned>(__builtin_popcountll(v.mask.hi)) : 0);
    active = uint64_t{w.repeats} * std::min<uint64_t>(bits, lanes);
  }
  return active * per_lane;
}

// A vector instruction: performs it and returns its completion cycle; `busy`
// gets the cycles it holds the vector unit.
uint64_t AiCore::Pipes::execute_vector(const PipeOp& op, uint64_t start, uint64_t& busy) {
  vu::VectorOp v;
  vu::make_vector_op(op.decoded, op.rs1, op.rs2, op.rs3, op.csrs, v);
  vu::UbView ub{core_.ub_.data(), core_.ub_.size()};
  // Bounds first: nothing is written by an instruction that leaves the UB.
  ranges_.clear();  // reused: no allocation per instruction once it has grown
  vu::for_each_access(v, ub, ranges_);
  for (const UbRange& r : ranges_.ranges)
    if (!ub_range_ok(op, r.begin, r.length, r.write ? "writes" : "reads")) return start + 1;
  if (core_.config_.check_races)
    for (const UbRange& r : ranges_.ranges) check_race(Pipe::V, op, Local::UB, r.begin, r.length, r.write);
  vu::Status s = vu::execute(v, ub);
  if (s != vu::Status::Ok) {
    fatal(KernelIssue::Kind::OutOfBounds, describe(op) + ": the vector unit cannot execute it");
    return start + 1;
  }
  vu::Work w = vu::work(v);
  const VectorClass cls = vector_class_of(v.op);
  const uint64_t cpr = std::max<uint32_t>(1, t_.cycles_per_repeat[static_cast<size_t>(cls)]);
  uint64_t units = cls == VectorClass::Copy ? (w.blocks + 1) / 2 : w.repeats;
  uint64_t conflicts = bank_conflicts(v);
  stats_.bank_conflict_cycles += conflicts;
  stats_.pipes[pipe_index(Pipe::V)].stalls.bank_conflict += conflicts;
  stats_.vector_flops += flops_of(v, w);
  busy = std::max<uint64_t>(1, units * cpr + conflicts);
  stats_.pipes[pipe_index(Pipe::V)].bytes += uint64_t{w.blocks} * kBlock;
  return start + busy + (units > 0 ? t_.vector_latency : 0);
}

// An MTE copy: bursts to or from GM through the memory system, pipelined
// behind the path's bandwidth (TIMING.md).
uint64_t AiCore::Pipes::execute_mte(const PipeOp& op, uint64_t start, uint64_t& busy) {
  const Op kind = op.info->op;
  const bool to_gm = kind == Op::copy_ub2gm || kind == Op::copy_ub2gm_pad || kind == Op::copy_ub2gm_add;
  const MtePath& path = to_gm ? t_.mte3 : t_.mte2;
  const uint64_t bw = std::max<uint32_t>(1, path.bytes_per_cycle);
  chunks_.clear();
  vu::plan_copy(kind, op.info->type, op.rs1, op.rs2, isa::xnpu::unpack_copy(op.rs3), op.pad, chunks_);
  const Pipe p = op.info->pipe;
  // Check every chunk before moving anything.
  for (const vu::CopyChunk& c : chunks_) {
    if (c.kind == vu::CopyChunk::Kind::Fill) {
      if (!ub_range_ok(op, c.dst, c.length, "pads")) return start + 1;
      continue;
    }
    if (to_gm) {
      if (!ub_range_ok(op, c.src, c.length, "reads") || !gm_range_ok(op, c.dst, c.length, true))
        return start + 1;
    } else {
      if (!gm_range_ok(op, c.src, c.length, false) || !ub_range_ok(op, c.dst, c.length, "writes"))
        return start + 1;
    }
  }
  BurstClock clock{start + path.latency, bw};
  clock.end = start + 1;
  for (const vu::CopyChunk& c : chunks_) {
    const uint64_t at = clock.next();
    uint64_t mem = 0;
    uint8_t* ub = core_.ub_.data();
    if (c.kind == vu::CopyChunk::Kind::Fill) {
      vu::perform_chunk(c, nullptr, ub);
      if (core_.config_.check_races) check_race(p, op, Local::UB, c.dst, c.length, true);
    } else if (!to_gm) {
      if (core_.config_.check_races) check_race(p, op, Local::UB, c.dst, c.length, true);
      mem = gm_transfer(op, false, c.src, ub + c.dst, c.length, at);
    } else if (kind == Op::copy_ub2gm_add) {
      if (core_.config_.check_races) check_race(p, op, Local::UB, c.src, c.length, false);
      scratch_.resize(c.length);
      mem = gm_transfer(op, false, c.dst, scratch_.data(), c.length, at);
      vu::atomic_add(op.info->type, scratch_.data(), ub + c.src, c.length);
      mem += gm_transfer(op, true, c.dst, scratch_.data(), c.length, at + mem);
    } else {
      if (core_.config_.check_races) check_race(p, op, Local::UB, c.src, c.length, false);
      mem = gm_transfer(op, true, c.dst, ub + c.src, c.length, at);
    }
    if (stopped_) return start + 1;
    clock.through(at, c.length, mem);
  }
  const uint64_t bytes = clock.bytes, end = clock.end;
  stats_.pipes[pipe_index(p)].bytes += bytes;
  // The path takes the next instruction once this one's data has gone
  // through it: start-up latencies of consecutive copies overlap.
  busy = std::max<uint64_t>(1, (bytes + bw - 1) / bw);
  const uint64_t own = start + path.latency + busy;  // the path's time without the memory system
  mte_own_end_ = own;
  return std::max(end, own);
}

bool AiCore::Pipes::local_range_in(cube_unit::Space space, uint64_t addr, uint64_t len) const {
  const size_t size = core_.cube_buffers().of(space).size;
  return addr <= size && len <= size - addr;
}

// Whether every piece inside [addr, addr + len) passes gm_range_ok: the
// first region holding the whole range allows the access, and no earlier
// region overlaps it (a piece's first holding region is then that one).
bool AiCore::Pipes::gm_range_clean(uint64_t addr, uint64_t len, bool write) const {
  if (core_.regions_.empty()) return true;
  if (addr + len < addr) return false;
  for (const GmRegion& r : core_.regions_) {
    if (addr >= r.base && addr + len <= r.base + r.size) return !write || r.writable;
    if (addr < r.base + r.size && r.base < addr + len) return false;
  }
  return false;
}

bool AiCore::Pipes::local_range_ok(const PipeOp& op, cube_unit::Space space, uint64_t addr, uint64_t len,
                                   bool write) {
  const size_t size = core_.cube_buffers().of(space).size;
  if (addr <= size && len <= size - addr) return true;
  fatal(KernelIssue::Kind::OutOfBounds, describe(op) + ": " + (write ? "writes " : "reads ") +
                                            cube_unit::space_name(space) + " [" + hex(addr) + ", +" +
                                            std::to_string(len) + ") outside the " + std::to_string(size) +
                                            " B " + cube_unit::space_name(space));
  return false;
}


// GM as a cube instruction sees it: each read or write is one burst through
// the core's gm socket, timed by the instruction's BurstClock like a vector
// MTE's. FixPipe's atomic add reads a row and then writes it: the write goes
// out when the read is back and counts the row's bytes once.
class AiCore::Pipes::CubeGm final : public cube_unit::GmPort {
 public:
  CubeGm(Pipes& pipes, const PipeOp& op, BurstClock& clock) : pipes_(pipes), op_(op), clock_(clock) {}
  bool read(uint64_t addr, void* dst, size_t length) override {
    const uint64_t at = clock_.next();
    const uint64_t mem =
        pipes_.gm_transfer(op_, false, addr, static_cast<uint8_t*>(dst), static_cast<uint32_t>(length), at, false);
    if (pipes_.stopped_) return false;
    if (op_.info->pipe == Pipe::FIX) {  // the read of an atomic add: its write follows
      pending_ = {addr, at + mem};
      return true;
    }
    clock_.through(at, length, mem);
    return true;
  }
  const uint8_t* read_in_place(uint64_t addr, size_t length) override {
    // As read() with the DMI transfer it would make (no memory delay); not
    // for FixPipe, whose reads pair with the writes of an atomic add.
    if (op_.info->pipe == Pipe::FIX) return nullptr;
    const uint8_t* host = pipes_.gm_host_pointer(addr, static_cast<uint32_t>(length), false);
    if (host == nullptr) return nullptr;
    const uint64_t at = clock_.next();
    clock_.through(at, length, 0);
    return host;
  }
  bool write(uint64_t addr, const void* src, size_t length) override {
    uint64_t at = clock_.next();
    const uint64_t issued = at;
    if (pending_.first == addr && pending_.second != 0) at = pending_.second;
    pending_ = {0, 0};
    // TLM payloads carry a non-const pointer; a write only reads it.
    const uint64_t mem = pipes_.gm_transfer(op_, true, addr, static_cast<uint8_t*>(const_cast<void*>(src)),
                                            static_cast<uint32_t>(length), at, false);
    if (pipes_.stopped_) return false;
    clock_.through(issued, length, at - issued + mem);
    return true;
  }

 private:
  Pipes& pipes_;
  const PipeOp& op_;
  BurstClock& clock_;
  std::pair<uint64_t, uint64_t> pending_{0, 0};  // atomic add: GM address read, cycle its data is back
};

// A cube-core instruction (TIMING.md, "The cube core"): checked (alignment,
// bounds, races), performed by cube_unit::execute, and timed by its pipe:
// PIPE_M by fractals, the MTEs and FixPipe by bytes over their path with GM
// bursts through the memory system.
uint64_t AiCore::Pipes::execute_cube(Pipe p, const PipeOp& op, uint64_t start, uint64_t& busy) {
  cube_unit::CubeOp c;
  if (!cube_unit::make_cube_op(op.decoded, op.rs1, op.rs2, op.rs3, op.fmatrix, c)) {
    fatal(KernelIssue::Kind::OutOfBounds, describe(op) + ": not a cube instruction");
    return start + 1;
  }
  cube_unit::Misalignment bad;
  if (!cube_unit::check_alignment(c, &bad)) {
    fatal(KernelIssue::Kind::Unaligned, describe(op) + ": " + cube_unit::space_name(bad.space) + " address " +
                                            hex(bad.addr) + " is not " + std::to_string(bad.required) +
                                            "-byte aligned");
    return start + 1;
  }
  // Bounds on the footprint (a few ranges per instruction); only when one of
  // them is not plainly fine, piece by piece in execution order, so that the
  // report names the same first offending piece as always.
  CubeRanges& footprint = cube_footprint_;
  footprint.ranges.clear();
  cube_unit::for_each_footprint(c, footprint);
  // GM per direction by the hull of its ranges first (an ND->NZ copy reads
  // one range per row, rows apart): inside a clean hull every range is clean.
  bool clean = true;
  uint64_t gm_lo[2] = {~uint64_t{0}, ~uint64_t{0}}, gm_hi[2] = {0, 0};
  for (const CubeRanges::Range& r : footprint.ranges) {
    if (r.space == cube_unit::Space::GM) {
      gm_lo[r.write] = std::min(gm_lo[r.write], r.begin);
      gm_hi[r.write] = std::max(gm_hi[r.write], r.begin + r.length);
      if (r.begin + r.length < r.begin) clean = false;
    } else if (!local_range_in(r.space, r.begin, r.length)) {
      clean = false;
    }
  }
  for (int w = 0; w < 2 && clean; ++w)
    if (gm_lo[w] < gm_hi[w] && !gm_range_clean(gm_lo[w], gm_hi[w] - gm_lo[w], w != 0))
      for (const CubeRanges::Range& r : footprint.ranges)
        if (r.space == cube_unit::Space::GM && r.write == (w != 0) && !gm_range_clean(r.begin, r.length, r.write)) {
          clean = false;
          break;
        }
  if (!clean) {
    CubeRanges& ranges = cube_ranges_;
    ranges.ranges.clear();
    cube_unit::for_each_access(c, ranges);
    for (const CubeRanges::Range& r : ranges.ranges) {
      const bool ok = r.space == cube_unit::Space::GM ? gm_range_ok(op, r.begin, r.length, r.write)
                                                      : local_range_ok(op, r.space, r.begin, r.length, r.write);
      if (!ok) return start + 1;
    }
  }
  if (core_.config_.check_races) check_cube_races(p, op, c, footprint);

  const MtePath& path = p == Pipe::MTE2 ? t_.mte2 : p == Pipe::MTE1 ? t_.mte1 : t_.fix;
  const uint64_t bw = std::max<uint32_t>(1, path.bytes_per_cycle);
  BurstClock clock{start + path.latency, bw};
  const cube_unit::Work w = cube_unit::work(c);
  // The booking window, once for the whole instruction, at its first
  // transfer: cube_unit::execute keeps state across its GmPort calls that
  // another core's thread must not see half done, so no SystemC wait may
  // happen inside it (its later transfers are booked with it).
  if (p != Pipe::M) wait_to_book(op, clock.first);
  CubeGm gm(*this, op, clock);
  const cube_unit::Status status = cube_unit::execute(c, core_.cube_buffers(), gm);
  if (stopped_) return start + 1;
  if (status != cube_unit::Status::Ok) {
    const char* why = status == cube_unit::Status::Unsupported ? cube_unit::unsupported_reason(c) : nullptr;
    fatal(KernelIssue::Kind::OutOfBounds, describe(op) + ": the cube core cannot execute it (" +
                                              cube_unit::status_name(status) + (why ? std::string(": ") + why : "") +
                                              ")");
    return start + 1;
  }
  if (p == Pipe::M) {
    stats_.cube_fractals += w.fractals;
    stats_.cube_flops += 2ull * c.mmad.m * c.mmad.n * c.mmad.k;
    busy = std::max<uint64_t>(1, w.fractals + t_.cube_switch_cycles);
    return start + busy + t_.cube_latency;
  }
  stats_.pipes[pipe_index(p)].bytes += w.bytes;
  busy = std::max<uint64_t>(1, (w.bytes + bw - 1) / bw);
  return std::max(clock.end, start + path.latency + busy);
}

void AiCore::Pipes::check_race(Pipe p, const PipeOp& op, Local space, uint64_t begin, uint64_t len, bool write) {
  const unsigned me = pipe_index(p);
  const uint64_t epoch = clock_[me][me];
  op_at_pc_.try_emplace(op.pc, op);  // the same pc is the same instruction: copy it once
  // Checks and updates block b's state s (or a run of equal blocks from b).
  auto visit = [&](Shadow& s, uint64_t b) {
    auto report = [&](unsigned other, uint64_t other_pc, bool other_writes) {
      if (races_seen_.count({other_pc, op.pc}) || races_seen_.size() > 64) return;
      races_seen_[{other_pc, op.pc}] = true;
      auto it = op_at_pc_.find(other_pc);
      std::string other_text =
          it != op_at_pc_.end() ? isa::disassemble(it->second.decoded, other_pc) : std::string("?");
      char buf[96];
      std::snprintf(buf, sizeof buf, " %s [0x%" PRIx64 ", +32)", local_name(space), b * kBlock);
      issues_.push_back(
          {KernelIssue::Kind::Race, false,
           std::string("race: ") + describe(op) + " in " + isa::xnpu::pipe_name(p) + " " +
               (write ? "writes" : "reads") + buf + ", which " +
               isa::xnpu::pipe_name(static_cast<Pipe>(other)) + " " + (other_writes ? "writes" : "reads") +
               " at pc " + hex(other_pc) + " (" + other_text +
               ") with no set_flag/wait_flag or barrier ordering them"});
    };
    if (s.writer != 0xff && s.writer != me && s.write_epoch > clock_[me][s.writer])
      report(s.writer, s.write_pc, true);
    if (write)
      for (unsigned q = 0; q < kPipeCount; ++q)
        if (q != me && s.read_epoch[q] != 0 && s.read_epoch[q] > clock_[me][q]) report(q, s.read_pc[q], false);
    mark(s, me, epoch, op.pc, write);
  };
  const uint64_t b0 = begin / kBlock, b1 = (begin + len + kBlock - 1) / kBlock;
  if (space == Local::UB) {
    std::vector<Shadow>& shadow = shadow_[static_cast<size_t>(space)];
    for (uint64_t b = b0; b < b1 && b < shadow.size(); ++b) visit(shadow[b], b);
  } else {
    cube_shadow_[static_cast<size_t>(space)].visit(b0, b1, visit);
  }
}

// Whether check_race would report anything for an access of pipe `me` to a
// block in state s: an instruction only ever leaves its own pipe's marks,
// which never race with the same pipe, so a block's report depends on its
// state before the instruction alone.
bool AiCore::Pipes::races_with(const Shadow& s, unsigned me, bool write) const {
  if (s.writer != 0xff && s.writer != me && s.write_epoch > clock_[me][s.writer]) return true;
  if (write)
    for (unsigned q = 0; q < kPipeCount; ++q)
      if (q != me && s.read_epoch[q] != 0 && s.read_epoch[q] > clock_[me][q]) return true;
  return false;
}

// A cube instruction's local ranges through the race checker. An ND->NZ copy
// lists its L1 blocks row by row, thousands of 32 B pieces in NZ order; when
// no block races, the order of the pieces changes nothing (each block ends
// with this pipe's marks whatever the order), so the sorted, merged ranges
// of its footprint (the same blocks) are checked instead. With a race, every
// piece in its order, so the report names the same block as always.
void AiCore::Pipes::check_cube_races(Pipe p, const PipeOp& op, const cube_unit::CubeOp& c,
                                     const CubeRanges& footprint) {
  // The union of the pieces per (buffer, direction), block by block in a
  // bitmap: marking is one bit per 32 B piece, and reading the runs back out
  // is a scan of the words touched (which it clears for the next time).
  bool racy = false;
  for (const CubeRanges::Range& r : footprint.ranges) {
    if (r.space == cube_unit::Space::GM) continue;
    const size_t l = static_cast<size_t>(local_of(r.space));
    TouchedBlocks& t = touched_[l * 2 + (r.write ? 1 : 0)];
    const uint64_t blocks = cube_shadow_[l].blocks();
    if (t.bits.size() * 64 < blocks) t.bits.assign((blocks + 63) / 64, 0);
    const uint64_t b0 = r.begin / kBlock, b1 = std::min(blocks, (r.begin + r.length + kBlock - 1) / kBlock);
    if (b0 >= b1) continue;
    t.lo = std::min(t.lo, b0 / 64);
    t.hi = std::max(t.hi, (b1 - 1) / 64 + 1);
    for (uint64_t w = b0 / 64; w <= (b1 - 1) / 64; ++w) {
      const uint64_t from = std::max(b0, w * 64) - w * 64, to = std::min(b1, w * 64 + 64) - w * 64;
      t.bits[w] |= (to == 64 ? ~uint64_t{0} : (uint64_t{1} << to) - 1) & ~((uint64_t{1} << from) - 1);
    }
  }
  std::vector<CubeRanges::Range>& merged = merged_ranges_;
  merged.clear();
  for (size_t i = 0; i < touched_.size(); ++i) {
    TouchedBlocks& t = touched_[i];
    uint64_t run_begin = 0;
    bool open = false;
    for (uint64_t w = t.lo; w < t.hi; ++w) {
      const uint64_t word = t.bits[w];
      t.bits[w] = 0;
      // Only the bits where the word differs from the run state matter.
      for (uint64_t edges = word ^ ((word << 1) | (open ? 1 : 0)); edges != 0; edges &= edges - 1) {
        const unsigned k = static_cast<unsigned>(__builtin_ctzll(edges));
        const bool set = (word >> k) & 1;
        const uint64_t b = w * 64 + k;
        if (set) {
          run_begin = b;
        } else {
          merged.push_back({cube_space_of(static_cast<Local>(i / 2)), run_begin * kBlock, (b - run_begin) * kBlock,
                            (i % 2) != 0});
        }
        open = set;
      }
    }
    if (open)
      merged.push_back({cube_space_of(static_cast<Local>(i / 2)), run_begin * kBlock, (t.hi * 64 - run_begin) * kBlock,
                        (i % 2) != 0});
    t.lo = ~uint64_t{0};
    t.hi = 0;
  }
  // Each merged range is checked and marked in one search of its buffer's
  // runs, until one would race. The ranges marked before it leave only this
  // pipe's marks, which change no block's report (races_with) and which the
  // piece-by-piece pass sets again to the same values, so the reports and
  // the final state are those of the pieces alone.
  const unsigned me = pipe_index(p);
  const uint64_t epoch = clock_[me][me];
  for (const CubeRanges::Range& r : merged) {
    const uint64_t b0 = r.begin / kBlock, b1 = (r.begin + r.length + kBlock - 1) / kBlock;
    const bool write = r.write;
    if (!cube_shadow_[static_cast<size_t>(local_of(r.space))].visit_unless(
            b0, b1, [&](const Shadow& s, uint64_t) { return races_with(s, me, write); },
            [&](Shadow& s, uint64_t) { mark(s, me, epoch, op.pc, write); })) {
      racy = true;
      break;
    }
  }
  if (racy) {
    CubeRanges& pieces = cube_ranges_;
    pieces.ranges.clear();
    cube_unit::for_each_access(c, pieces);
    for (const CubeRanges::Range& r : pieces.ranges)
      if (r.space != cube_unit::Space::GM) check_race(p, op, local_of(r.space), r.begin, r.length, r.write);
    return;
  }
  if (!merged.empty()) op_at_pc_.try_emplace(op.pc, op);  // as check_race does: later reports may name it
}

bool AiCore::Pipes::try_execute(Pipe p, PipeOp& op) {
  PipeState& ps = pipe(p);
  PipeStats& st = stats_.pipes[pipe_index(p)];
  const unsigned me = pipe_index(p);
  uint64_t base = std::max(op.issue_cycle + 1, ps.free_at);
  // Synchronisation takes no time of the pipe's data path (busy 0).
  uint64_t start = base, end = base, busy = 0;
  const Op kind = op.info->op;
  FlagSet waited_for{};
  Pipe waited_from = Pipe::S;
  if (kind == Op::wait_flag) {
    auto f = isa::xnpu::unpack_sync(op.decoded.imm);
    auto& q = flag(f.src, f.dst, f.event);
    if (q.empty()) return false;
    waited_for = q.front();
    waited_from = f.src;
#ifdef NPUVP_FAULT_WAIT_FLAG_NEVER_WAITS  // a broken model for the conformance suite's fault test (tests/xnpu_conform)
    start = base;  // neither the setter's time nor its ordering is taken
#else
    start = std::max(base, q.front().time);
    for (unsigned k = 0; k < kPipeCount; ++k) clock_[me][k] = std::max(clock_[me][k], q.front().clock[k]);
#endif
    q.pop_front();
    end = start;
  } else if (kind == Op::set_flag) {
    auto f = isa::xnpu::unpack_sync(op.decoded.imm);
    start = std::max(base, ps.done_at);
    end = start;
    FlagSet set{start + t_.sync_latency, clock_[me], op.pc, ++trace_ids_};
    flag(f.src, f.dst, f.event).push_back(set);
    ++clock_[me][me];
  } else if (kind == Op::pipe_barrier) {
    start = std::max(base, ps.done_at);
    end = start;
  } else if (kind == Op::cross_set_flag) {
    start = std::max(base, ps.done_at);
    end = start;
    const auto f = isa::xnpu::unpack_sync(op.decoded.imm);
    core_.config_.cross->set(core_.config_.cross_member, f.event, cross_set(start, p));
  } else if (p == Pipe::V) {
    end = execute_vector(op, start, busy);
  } else if (kind > Op::reserved) {
    end = execute_cube(p, op, start, busy);
  } else {
    mte_own_end_ = kUnknown;
    end = execute_mte(op, start, busy);
  }
  // The completion had GM answered at once (stall attribution): an MTE
  // copy's path time; everything else's own end.
  const bool mte_copy = kind != Op::wait_flag && kind != Op::set_flag && kind != Op::pipe_barrier && p != Pipe::V;
  const uint64_t own_end = mte_copy ? std::min(end, mte_own_end_) : end;
  ++clock_[me][me];
  st.wait_cycles += start - base;
  if (kind == Op::wait_flag) st.stalls.flag += start - base;
  else count_sync_wait(st.stalls, base, start, ps.own_done_at);  // 0 unless a set_flag or barrier waited
  st.busy_cycles += busy;
  if (st.instructions == 0) st.first_start = start;
  ++st.instructions;
  st.last_end = std::max(st.last_end, end);
  ps.free_at = start + busy;
  ps.done_at = std::max(ps.done_at, end);
  ps.own_done_at = std::max(ps.own_done_at, own_end);
  ps.starts.push_back(start);
  if (TraceSink* tr = core_.config_.trace) {
    trace_slice(*tr, p, op, start, end);
    if (kind == Op::wait_flag && waited_for.trace_id != 0)
      tr->flow(waited_for.trace_id, track(waited_from), waited_for.time, track(p), start);
  }
  if (ps.starts.size() > 4 * t_.queue_depth + 8) ps.starts.pop_front();
  return true;
}

void AiCore::Pipes::drain(Pipe p) {
  PipeState& ps = pipe(p);
  while (!ps.blocked.empty() && !stopped_) {
    if (!try_execute(p, ps.blocked.front())) return;
    ps.blocked.pop_front();
  }
}

void AiCore::Pipes::drain_all() {
  // A set_flag can unblock another pipe, whose set_flags unblock others.
  bool progress = true;
  while (progress && !stopped_) {
    progress = false;
    for (unsigned k = 0; k < kPipeCount; ++k) {
      size_t before = pipes_[k].blocked.size();
      drain(static_cast<Pipe>(k));
      if (pipes_[k].blocked.size() != before) progress = true;
    }
  }
}

// The cycle at which pipe p's queue has room for one more instruction, if
// the scalar unit tries to issue at t; kUnknown if it never will.
uint64_t AiCore::Pipes::queue_room_time(Pipe p, uint64_t t) {
  PipeState& ps = pipe(p);
  // Ops still queued at t: executed ones that start after t, then the blocked.
  // A pipe starts its instructions in order, so `starts` is sorted and the
  // ones still queued at t are its tail.
  const auto first_queued = std::upper_bound(ps.starts.begin(), ps.starts.end(), t);
  const size_t queued = static_cast<size_t>(ps.starts.end() - first_queued);
  size_t total = queued + ps.blocked.size();
  if (total < t_.queue_depth) return t;
  size_t k = total - t_.queue_depth;  // this many must start before there is room
  if (k < queued) return first_queued[static_cast<std::ptrdiff_t>(k)];
  return kUnknown;
}

uint64_t AiCore::Pipes::issue(PipeOp op, uint64_t t) {
  if (stopped_) return 0;
  scalar_now_ = t;
  const Op kind = op.info->op;
  Pipe p = op.info->pipe;
  auto sync = isa::xnpu::unpack_sync(op.decoded.imm);
  if (kind == Op::set_flag) p = sync.src;
  if (kind == Op::wait_flag) p = sync.dst;
  if (kind == Op::pipe_barrier || kind == Op::cross_set_flag) p = sync.src;
  const unsigned me = pipe_index(Pipe::S);

  // The scalar unit's own synchronisation.
  if (p == Pipe::S || p == Pipe::ALL) {
    uint64_t until = t;
    if (kind == Op::set_flag) {
      flag(sync.src, sync.dst, sync.event).push_back({t + t_.sync_latency, clock_[me], op.pc, 0});
      ++clock_[me][me];
      drain_all();  // a pipe may be waiting for this flag
    } else if (kind == Op::cross_set_flag) {
      core_.config_.cross->set(core_.config_.cross_member, sync.event, cross_set(t, Pipe::S));
      if (TraceSink* tr = core_.config_.trace)
        trace_slice(*tr, Pipe::S, op, t, t);
    } else if (kind == Op::cross_wait_flag) {
      // Another core's thread sets it: wait in SystemC until one has (the
      // scalar unit's own time does not pass while it waits, only the
      // flag's visibility counts).
      CrossCoreFlags::Taken taken;
      CrossCoreFlags& cross = *core_.config_.cross;
      while (!cross.take(core_.config_.cross_member, sync.event, taken)) {
        cross_waiting_ = describe(op);
        sc_core::wait(cross.changed);
      }
      cross_waiting_.clear();
      until = std::max(until, taken.visible());
      if (TraceSink* tr = core_.config_.trace) {
        // The wait as a slice on the scalar unit's track, and an arrow from
        // each set it took (the cube core's wait takes one per vector core).
        trace_slice(*tr, Pipe::S, op, t, until);
        for (unsigned i = 0; i < taken.count; ++i)
          tr->flow(++trace_ids_, taken.sets[i].track, taken.sets[i].at, track(Pipe::S), until);
      }
    } else if (kind == Op::wait_flag) {
      auto& q = flag(sync.src, sync.dst, sync.event);
      if (q.empty()) {
        fatal(KernelIssue::Kind::Deadlock,
              "deadlock: " + describe(op) + ": PIPE_S waits for flag (" +
                  isa::xnpu::pipe_name(sync.src) + " -> PIPE_S, event " + std::to_string(sync.event) +
                  ") that no issued instruction sets");
        return 0;
      }
      until = std::max(until, q.front().time);
      for (unsigned k = 0; k < kPipeCount; ++k) clock_[me][k] = std::max(clock_[me][k], q.front().clock[k]);
      q.pop_front();
    } else if (kind == Op::pipe_barrier && p == Pipe::ALL) {
      // Every pipe finishes what it was given (PIPE_S's own barrier is a
      // no-op: the scalar unit is in order).
      for (unsigned k = 0; k < kPipeCount; ++k) {
        if (!pipes_[k].blocked.empty()) {
          const PipeOp& head = pipes_[k].blocked.front();
          auto f = isa::xnpu::unpack_sync(head.decoded.imm);
          fatal(KernelIssue::Kind::Deadlock,
                "deadlock: " + describe(op) + ": pipe_barrier(PIPE_ALL) waits for " +
                    isa::xnpu::pipe_name(static_cast<Pipe>(k)) + ", whose " + describe(head) +
                    " waits for flag (" + isa::xnpu::pipe_name(f.src) + " -> " +
                    isa::xnpu::pipe_name(f.dst) + ", event " + std::to_string(f.event) +
                    ") that no issued instruction sets");
          return 0;
        }
        until = std::max(until, pipes_[k].done_at);
      }
      // Everything before the barrier happens before everything after it.
      std::array<uint64_t, kPipeCount> joined{};
      for (const auto& vc : clock_)
        for (unsigned k = 0; k < kPipeCount; ++k) joined[k] = std::max(joined[k], vc[k]);
      for (auto& vc : clock_) vc = joined;
      for (PipeState& ps : pipes_) ps.free_at = std::max(ps.free_at, until);
    }
    stats_.scalar_wait_cycles += until - t;
    StallCycles& s = stats_.pipes[me].stalls;
    if (kind == Op::wait_flag) {
      s.flag += until - t;
    } else {
      uint64_t own = t;
      for (const PipeState& ps : pipes_) own = std::max(own, ps.own_done_at);
      count_sync_wait(s, t, until, own);
    }
    return until - t;
  }

  // A pipe instruction: wait for room in its queue.
  uint64_t held = 0;
  uint64_t room = queue_room_time(p, t);
  if (room == kUnknown) {
    const PipeOp& head = pipe(p).blocked.front();
    auto f = isa::xnpu::unpack_sync(head.decoded.imm);
    fatal(KernelIssue::Kind::Deadlock,
          "deadlock: " + describe(op) + ": the scalar unit waits for room in " + isa::xnpu::pipe_name(p) +
              "'s queue, whose " + describe(head) + " waits for flag (" + isa::xnpu::pipe_name(f.src) +
              " -> " + isa::xnpu::pipe_name(f.dst) + ", event " + std::to_string(f.event) +
              ") that no issued instruction sets");
    return 0;
  }
  if (room > t) {
    held = room - t;
    stats_.queue_full_cycles += held;
    t = room;
  }
  op.issue_cycle = t;
  PipeState& ps = pipe(p);
  if (!ps.blocked.empty() || !try_execute(p, op)) {
    ps.blocked.push_back(op);
  } else if (kind == Op::set_flag) {
    drain_all();
  }
  return held;
}

void AiCore::Pipes::finish(uint64_t t) {
  if (!cross_waiting_.empty())
    issues_.push_back({KernelIssue::Kind::Deadlock, true,
                       "deadlock: " + cross_waiting_ + ": waits for a cross-core flag that no core of its group sets"});
  for (unsigned k = 0; k < kPipeCount; ++k) {
    // A deadlock already reported when the scalar unit hit it says it all.
    if (pipes_[k].blocked.empty() || stopped_) continue;
    const PipeOp& head = pipes_[k].blocked.front();
    auto f = isa::xnpu::unpack_sync(head.decoded.imm);
    issues_.push_back({KernelIssue::Kind::Deadlock, true,
                       "deadlock: " + describe(head) + ": " + isa::xnpu::pipe_name(static_cast<Pipe>(k)) +
                           " waits for flag (" + isa::xnpu::pipe_name(f.src) + " -> " +
                           isa::xnpu::pipe_name(f.dst) + ", event " + std::to_string(f.event) +
                           ") that is never set (" + std::to_string(pipes_[k].blocked.size()) +
                           " instruction(s) never ran)"});
  }
  for (unsigned s = 0; s < kPipeCount; ++s)
    for (unsigned d = 0; d < kPipeCount; ++d)
      for (unsigned e = 0; e < 8; ++e) {
        const auto& q = flags_[s * 64 + d * 8 + e];
        if (q.empty()) continue;
        issues_.push_back({KernelIssue::Kind::FlagLeftSet, false,
                           std::string("warning: ") + core_.name() + ": flag (" +
                               isa::xnpu::pipe_name(static_cast<Pipe>(s)) + " -> " +
                               isa::xnpu::pipe_name(static_cast<Pipe>(d)) + ", event " + std::to_string(e) +
                               ") left set at kernel end by pc " + hex(q.front().pc) + " (" +
                               std::to_string(q.size()) + " set(s) never waited for)"});
      }
  (void)t;
}

// ---------------------------------------------------------------------------
AiCore::AiCore(sc_core::sc_module_name name, const AiCoreConfig& config)
    : sc_module(name), gm("gm"), data("data"), scalar_data_("scalar_data"), config_(config),
      ub_(config.is_vector ? config.ub_size : 0, 0) {
  if (config_.dispatched) config_.scalar.start_in_reset = true;
  if (!config.is_vector) {
    const CubeBufferSizes& b = config.cube_buffers;
    l1_.assign(b.l1, 0);
    l0a_.assign(b.l0a, 0);
    l0b_.assign(b.l0b, 0);
    l0c_.assign(b.l0c, 0);
    bt_.assign(b.bt, 0);
  }
  scalar_ = std::make_unique<ScalarCore>("scalar", config_.scalar);
  scalar_->hart().npu = this;
  pipes_ = std::make_unique<Pipes>(*this);
  scalar_->data.bind(scalar_data_);
  scalar_data_.register_b_transport(this, &AiCore::scalar_b_transport);
  scalar_data_.register_get_direct_mem_ptr(this, &AiCore::scalar_get_dmi);
  scalar_data_.register_transport_dbg(this, &AiCore::scalar_debug);
  data.register_invalidate_direct_mem_ptr(this, &AiCore::invalidate_from_platform);
  gm.register_invalidate_direct_mem_ptr(this, &AiCore::invalidate_gm_dmi);
  if (config_.dispatched) {
    scalar_->set_park_handler([this] {
      on_scalar_stopped();
      if (launch_done_) launch_done_();
    });
  }
}

bool AiCore::start(const AiCoreLaunch& launch, sc_core::sc_time at) {
  if (!config_.dispatched || !scalar_->in_reset() || scalar_->stop_reason() != StopReason::Running) return false;
  config_.entry = launch.entry;
  config_.block_num = launch.block_num;
  config_.blocks = launch.blocks;
  config_.cross = launch.cross;
  config_.cross_member = launch.cross_member;
  next_block_ = 0;
  block_idx_ = -1;
  mask0_ = mask1_ = ~uint64_t{0};
  mask_mode_ = cmpmask_ = pad_ = pad_value_ = fmatrix_ = 0;
  pipes_ = std::make_unique<Pipes>(*this);
  finished_ = false;
  Hart& h = scalar_->hart();
  h.x[2] = launch.sp;
  for (size_t i = 0; i < 8; ++i) {
    h.x[10 + i] = launch.x[i];
    h.f[10 + i] = launch.f[i];
  }
  launch_start_cycle_ =
      static_cast<uint64_t>((at + config_.scalar.clock_period - sc_core::sc_time(1, sc_core::SC_PS)) /
                            config_.scalar.clock_period);
  launch_scalar_base_ = scalar_->stats();
  scalar_->release(launch.start_pc, at);
  return true;
}

void AiCore::scalar_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  if (!in_ub_window(addr, len)) {
    data->b_transport(trans, delay);
    return;
  }
  uint8_t* p = ub_.data() + (addr - kUbWindowBase);
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), p, len);
  else if (trans.is_write()) std::memcpy(p, trans.get_data_ptr(), len);
  delay += config_.scalar.clock_period * static_cast<double>(config_.timing.ub_scalar_latency);
  trans.set_dmi_allowed(false);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool AiCore::scalar_get_dmi(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  // The UB window is never DMI: its accesses are slow on purpose.
  if (in_ub_window(trans.get_address(), 1)) return false;
  return data->get_direct_mem_ptr(trans, dmi);
}

unsigned int AiCore::scalar_debug(tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  if (!in_ub_window(addr, len)) return data->transport_dbg(trans);
  uint8_t* p = ub_.data() + (addr - kUbWindowBase);
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), p, len);
  else if (trans.is_write()) std::memcpy(p, trans.get_data_ptr(), len);
  return len;
}

void AiCore::invalidate_from_platform(sc_dt::uint64 start, sc_dt::uint64 end) {
  scalar_data_->invalidate_direct_mem_ptr(start, end);
}

void AiCore::invalidate_gm_dmi(sc_dt::uint64 start, sc_dt::uint64 end) { pipes_->forget_gm_dmi(start, end); }

AiCore::~AiCore() = default;

const std::vector<KernelIssue>& AiCore::issues() const { return pipes_->issues_; }

ScalarStats AiCore::launch_scalar_stats() const {
  const ScalarStats now = scalar_->stats();
  ScalarStats s = now.since(launch_scalar_base_);
  s.cycles = now.cycles - std::min(now.cycles, launch_start_cycle_);  // from the launch's start, not the release
  return s;
}

AiCoreStats AiCore::stats() const {
  AiCoreStats s = pipes_->stats_;
  const uint64_t end = std::max(scalar_->hart().cycle, pipes_->last_activity());
  s.cycles = end - std::min(end, launch_start_cycle_);
  s.blocks_run = next_block_ > config_.blocks.size() ? config_.blocks.size() : next_block_;
  const ScalarStats scalar = launch_scalar_stats();
  PipeStats& ps = s.pipes[pipe_index(Pipe::S)];
  ps.stalls.memory += scalar.stall_memory;  // its loads; the barriers' share is counted already
  ps.stalls.queue_full = s.queue_full_cycles;
  ps.instructions = scalar.instret;
  ps.busy_cycles = scalar.cycles;
  ps.last_end = scalar.cycles;
  return s;
}

std::string AiCore::cross_wait_deadlock() const {
  if (pipes_->cross_waiting_.empty()) return "";
  return "deadlock: " + pipes_->cross_waiting_ + ": waits for a cross-core flag that no core of its group sets";
}

void AiCore::on_scalar_stopped() {
  if (finished_) return;
  finished_ = true;
  pipes_->finish(scalar_->hart().cycle);
}

uint64_t AiCore::issue(Hart& h, const Insn& i, uint64_t pc) {
  PipeOp op;
  op.info = isa::xnpu::lookup(i.id);
  // Reserved rows, the cube core's instructions (their Op values follow
  // `reserved`) on a vector core and the vector core's (before set_flag) on
  // a cube core: illegal instruction. Synchronisation is legal on both.
  if (op.info == nullptr || op.info->op == Op::reserved) throw Trap{Cause::IllegalInsn, i.raw};
  // Cross-core flags need a group (a mixed launch).
  if ((op.info->op == Op::cross_set_flag || op.info->op == Op::cross_wait_flag) && config_.cross == nullptr)
    throw Trap{Cause::IllegalInsn, i.raw};
  const bool cube_op = op.info->op > Op::reserved, vector_op = op.info->op < Op::set_flag;
  if (config_.is_vector ? cube_op : vector_op) throw Trap{Cause::IllegalInsn, i.raw};
  op.decoded.id = i.id;
  op.decoded.rd = i.rd;
  op.decoded.rs1 = i.rs1;
  op.decoded.rs2 = i.rs2;
  op.decoded.rs3 = i.rs3;
  op.decoded.rm = i.rm;
  op.decoded.length = i.length;
  op.decoded.imm = i.imm;
  op.decoded.raw = i.raw;
  op.rs1 = h.x[i.rs1];
  op.rs2 = h.x[i.rs2];
  op.rs3 = h.x[i.rs3];
  op.csrs.mask.lo = mask0_;
  op.csrs.mask.hi = mask1_;
  op.csrs.mask.count_mode = (mask_mode_ & 1) != 0;
  op.csrs.cmpmask_addr = static_cast<uint32_t>(cmpmask_);
  op.pad = vector_unit::PadConfig::from_csrs(pad_, pad_value_);
  op.fmatrix = fmatrix_;
  op.pc = pc;
  op.issue_cycle = h.cycle;
  return pipes_->issue(op, h.cycle);
}

bool AiCore::csr_read(Hart& h, unsigned num, uint64_t& value) {
  namespace x = isa::xnpu;
  switch (num) {
    case x::kCsrBlockIdx: value = static_cast<uint64_t>(block_idx_); return true;
    case x::kCsrBlockNum: value = config_.block_num; return true;
    case x::kCsrCoreId: value = config_.core_id; return true;
    case x::kCsrCoreKind: value = config_.is_vector ? 1 : 0; return true;
    case x::kCsrDieId: value = config_.die_id; return true;
    case x::kCsrSubBlockIdx: value = config_.sub_block_idx; return true;
    case x::kCsrMask0: value = mask0_; return true;
    case x::kCsrMask1: value = mask1_; return true;
    case x::kCsrMaskMode: value = mask_mode_; return true;
    case x::kCsrCmpMask: value = cmpmask_; return true;
    case x::kCsrPad: value = pad_; return true;
    case x::kCsrPadValue: value = pad_value_; return true;
    case x::kCsrFmatrix: value = fmatrix_; return true;
    case x::kCsrNextBlock:
      if (next_block_ < config_.blocks.size()) {
        block_idx_ = config_.blocks[next_block_++];
        value = static_cast<uint64_t>(block_idx_);
      } else {
        next_block_ = config_.blocks.size() + 1;
        value = ~uint64_t{0};
      }
      return true;
    case x::kCsrEntry: value = config_.entry; return true;
    case x::kCsrExit: value = 0; return true;
    default: return false;
  }
  (void)h;
}

bool AiCore::csr_write(Hart& h, unsigned num, uint64_t value) {
  namespace x = isa::xnpu;
  switch (num) {
    case x::kCsrMask0: mask0_ = value; return true;
    case x::kCsrMask1: mask1_ = value; return true;
    case x::kCsrMaskMode: mask_mode_ = value & 1; return true;
    case x::kCsrCmpMask: cmpmask_ = value; return true;
    case x::kCsrPad: pad_ = value; return true;
    case x::kCsrPadValue: pad_value_ = value; return true;
    case x::kCsrFmatrix: fmatrix_ = value; return true;
    case x::kCsrExit:
      if (config_.dispatched)
        scalar_->request_park();
      else
        scalar_->request_stop(StopReason::Exit, static_cast<int>(value), "");
      return true;
    default: return false;
  }
  (void)h;
}

}  // namespace npuvp
