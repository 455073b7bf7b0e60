// L2Cache between a test initiator and a test memory with a fixed latency
// that logs what reaches it, and once over the real HbmController. Each
// expected delay is the formula of models/l2_cache/TIMING.md written out.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/hbm/hbm_controller.h"
#include "models/l2_cache/l2_cache.h"
#include "models/noc/requester_id.h"

namespace npuvp {
namespace {

using sc_core::SC_PS;
using sc_core::sc_time;

const sc_time kP(625, SC_PS);  // L2 clock; odd, so a lost factor shows
constexpr uint32_t kMemLatency = 50;  // test memory, in cycles of kP
constexpr uint64_t kMemSize = 1 << 20;

Ticks cyc(uint64_t n) { return n * kP.value(); }

struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket;
  explicit Initiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}
  // Delay returned for an access arriving `at` ticks after now (0).
  Ticks access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len, Ticks at,
               uint32_t requester = RequesterId::kUnknown, tlm::tlm_response_status* st = nullptr) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(len);
    t.set_streaming_width(len);
    RequesterId id(requester);
    if (requester != RequesterId::kUnknown) t.set_extension(&id);
    sc_time d = to_time(at);
    socket->b_transport(t, d);
    if (requester != RequesterId::kUnknown) t.clear_extension(&id);
    if (st) *st = t.get_response_status();
    return to_ticks(d);
  }
  Ticks rd(uint64_t addr, unsigned len, Ticks at, uint32_t who = RequesterId::kUnknown) {
    std::vector<uint8_t> b(len);
    return access(tlm::TLM_READ_COMMAND, addr, b.data(), len, at, who);
  }
  Ticks wr(uint64_t addr, unsigned len, Ticks at, uint32_t who = RequesterId::kUnknown) {
    std::vector<uint8_t> b(len, 0x11);
    return access(tlm::TLM_WRITE_COMMAND, addr, b.data(), len, at, who);
  }
};

// Plain memory with a fixed latency that logs every timed transaction.
struct TestMemory : sc_core::sc_module {
  struct Entry {
    tlm::tlm_command cmd;
    uint64_t addr;
    unsigned len;
    Ticks arrival;
  };
  tlm_utils::simple_target_socket<TestMemory> socket;
  std::vector<uint8_t> bytes = std::vector<uint8_t>(kMemSize);
  std::vector<Entry> log;
  explicit TestMemory(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
    socket.register_b_transport(this, &TestMemory::b_transport);
    socket.register_transport_dbg(this, &TestMemory::dbg);
    socket.register_get_direct_mem_ptr(this, &TestMemory::dmi);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_time& d) {
    log.push_back({t.get_command(), t.get_address(), t.get_data_length(), to_ticks(d)});
    if (t.is_read()) std::memcpy(t.get_data_ptr(), &bytes[t.get_address()], t.get_data_length());
    if (t.is_write()) std::memcpy(&bytes[t.get_address()], t.get_data_ptr(), t.get_data_length());
    d += kP * static_cast<double>(kMemLatency);
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  }
  unsigned dbg(tlm::tlm_generic_payload& t) {
    if (t.get_address() >= kMemSize) return 0;
    const unsigned n = static_cast<unsigned>(std::min<uint64_t>(t.get_data_length(), kMemSize - t.get_address()));
    if (t.is_read()) std::memcpy(t.get_data_ptr(), &bytes[t.get_address()], n);
    if (t.is_write()) std::memcpy(&bytes[t.get_address()], t.get_data_ptr(), n);
    return n;
  }
  bool dmi(tlm::tlm_generic_payload&, tlm::tlm_dmi& d) {
    d.set_dmi_ptr(bytes.data());
    d.set_start_address(0);
    d.set_end_address(kMemSize - 1);
    d.allow_read_write();
    return true;
  }
};

L2Params small() {
  L2Params p;
  p.size = 64 * 1024;  // 128 sets of 4 ways of 128 B
  p.line_size = 128;
  p.ways = 4;
  p.slices = 2;
  p.slice_interleave = 128;
  p.bytes_per_cycle = 32;
  p.clock_period = kP;
  p.tag_latency = 3;
  p.hit_latency = 7;
  return p;
}
constexpr uint64_t kSetStride = 128 * 128;  // addresses this far apart share a set

struct Bench {
  Initiator cpu;
  L2Cache l2;
  TestMemory mem;
  Bench(const std::string& n, const L2Params& p)
      : cpu((n + "_cpu").c_str()), l2((n + "_l2").c_str(), p), mem((n + "_mem").c_str()) {
    cpu.socket.bind(l2.socket);
    l2.downstream.bind(mem.socket);
  }
};

struct HbmBench {
  Initiator cpu{"hbm_cpu"};
  L2Cache l2{"hbm_l2", small()};
  HbmController hbm{"hbm", [] {
                      HbmParams h;
                      h.size = 64 << 20;
                      h.channels = 2;
                      h.pseudo_channels = 2;
                      h.banks = 4;
                      return h;  // 640 ps HBM clock, typical timings
                    }()};
  HbmBench() {
    cpu.socket.bind(l2.socket);
    l2.downstream.bind(hbm.socket);
  }
};

uint64_t resident_bytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;
  if (f) {
    if (std::fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return uint64_t{resident} * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

// Every bench is built before the single elaboration; each test takes its own.
struct World {
  std::map<std::string, std::unique_ptr<Bench>> benches;
  std::unique_ptr<HbmBench> hbm;
  uint64_t big_cost = 0;  // host memory the 192 MiB cache took when built
  std::string xor_fold_error;  // building XorFold with 3 slices
  World() {
    const std::vector<std::string> plain = {"miss_hit", "data", "writeback", "lru", "partial_write",
                                            "full_write", "slices", "multi", "requesters",
                                            "det1", "det2", "dmi", "flush"};
    for (const auto& n : plain) benches[n] = std::make_unique<Bench>(n, small());
    L2Params f = small();
    f.replacement = L2Params::Replacement::Fifo;
    benches["fifo"] = std::make_unique<Bench>("fifo", f);
    L2Params fn = small();
    fn.functional = true;
    benches["functional"] = std::make_unique<Bench>("functional", fn);
    L2Params x = small();
    x.slices = 32;
    x.slice_hash = L2Params::SliceHash::XorFold;
    benches["xor_fold"] = std::make_unique<Bench>("xor_fold", x);
    x.slices = 3;
    try {
      L2Cache bad("xor_fold_bad", x);
    } catch (const std::invalid_argument& e) {
      xor_fold_error = e.what();
    }
    L2Params big;  // the preset's 192 MiB
    big.clock_period = kP;
    const uint64_t before = resident_bytes();
    benches["big"] = std::make_unique<Bench>("big", big);
    big_cost = resident_bytes() - before;
    hbm = std::make_unique<HbmBench>();
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
  }
};
World& world() {
  static World w;
  return w;
}
Bench& bench(const std::string& n) { return *world().benches.at(n); }

TEST(L2Cache, ReadMissFetchesTheLineThenHits) {
  Bench& b = bench("miss_hit");
  const L2Params p = b.l2.params();
  // Miss: tag lookup, the line from below, the slice transfer, the hit latency.
  EXPECT_EQ(b.cpu.rd(0x1040, 64, 0), cyc(p.tag_latency + kMemLatency + 64 / 32 + p.hit_latency));
  ASSERT_EQ(b.mem.log.size(), 1u);
  EXPECT_EQ(b.mem.log[0].cmd, tlm::TLM_READ_COMMAND);
  EXPECT_EQ(b.mem.log[0].addr, 0x1000u);
  EXPECT_EQ(b.mem.log[0].len, 128u);
  EXPECT_EQ(b.mem.log[0].arrival, cyc(p.tag_latency));
  // Hit, later: the slice transfer and the hit latency only, nothing below.
  EXPECT_EQ(b.cpu.rd(0x1000, 128, cyc(1000)), cyc(1000 + 128 / 32 + p.hit_latency));
  EXPECT_EQ(b.mem.log.size(), 1u);
  EXPECT_EQ(b.l2.stats().total.hits, 1u);
  EXPECT_EQ(b.l2.stats().total.misses, 1u);
  EXPECT_EQ(b.l2.stats().fills, 1u);
}

TEST(L2Cache, DataIsAlwaysTheBackingStores) {
  Bench& b = bench("data");
  uint8_t buf[300], out[300];
  for (int i = 0; i < 300; ++i) buf[i] = static_cast<uint8_t>(i * 7 + 1);
  tlm::tlm_response_status st;
  b.cpu.access(tlm::TLM_WRITE_COMMAND, 0x2010, buf, 300, 0, RequesterId::kUnknown, &st);
  ASSERT_EQ(st, tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(std::memcmp(&b.mem.bytes[0x2010], buf, 300), 0);  // written through at once
  b.cpu.access(tlm::TLM_READ_COMMAND, 0x2010, out, 300, 0, RequesterId::kUnknown, &st);
  EXPECT_EQ(std::memcmp(out, buf, 300), 0);
  // Evict everything in that set range by sweeping other lines, data stays right.
  for (uint64_t k = 1; k <= 8; ++k) b.cpu.rd(0x2000 + k * kSetStride, 128, 0);
  b.cpu.access(tlm::TLM_READ_COMMAND, 0x2010, out, 300, 0, RequesterId::kUnknown, &st);
  EXPECT_EQ(std::memcmp(out, buf, 300), 0);
  // Byte enables on a write leave the disabled bytes alone.
  uint32_t w = 0xAABBCCDD;
  unsigned char be[4] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_DISABLED, TLM_BYTE_ENABLED};
  std::memcpy(&b.mem.bytes[0x3000], "\x01\x02\x03\x04", 4);
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_WRITE_COMMAND);
  t.set_address(0x3000);
  t.set_data_ptr(reinterpret_cast<unsigned char*>(&w));
  t.set_data_length(4);
  t.set_streaming_width(4);
  t.set_byte_enable_ptr(be);
  t.set_byte_enable_length(4);
  sc_time d = sc_core::SC_ZERO_TIME;
  b.cpu.socket->b_transport(t, d);
  uint32_t back;
  std::memcpy(&back, &b.mem.bytes[0x3000], 4);
  EXPECT_EQ(back, 0xAA0302DDu);
  // Beyond the backing store: an error, no time, nothing logged.
  const size_t logged = b.mem.log.size();
  uint64_t v;
  EXPECT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, kMemSize - 4, &v, 8, cyc(5), RequesterId::kUnknown, &st),
            cyc(5));
  EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.mem.log.size(), logged);
}

TEST(L2Cache, DirtyVictimIsWrittenBackAfterTheFill) {
  Bench& b = bench("writeback");
  const L2Params p = b.l2.params();
  // Fill the 4 ways of one set with dirty lines (whole-line writes: no fill).
  for (uint64_t k = 0; k < 4; ++k) b.cpu.wr(k * kSetStride, 128, 0);
  EXPECT_TRUE(b.mem.log.empty());
  EXPECT_TRUE(b.l2.probe(0).dirty);
  // A fifth line evicts the least recently used, line 0.
  const Ticks d = b.cpu.rd(4 * kSetStride, 128, cyc(100));
  EXPECT_EQ(d, cyc(100 + p.tag_latency + kMemLatency + 4 + p.hit_latency));
  ASSERT_EQ(b.mem.log.size(), 2u);
  EXPECT_EQ(b.mem.log[0].cmd, tlm::TLM_READ_COMMAND);
  EXPECT_EQ(b.mem.log[0].addr, 4 * kSetStride);
  EXPECT_EQ(b.mem.log[1].cmd, tlm::TLM_WRITE_COMMAND);
  EXPECT_EQ(b.mem.log[1].addr, 0u);
  EXPECT_EQ(b.mem.log[1].arrival, cyc(100 + p.tag_latency));
  EXPECT_FALSE(b.l2.probe(0).present);
  EXPECT_TRUE(b.l2.probe(4 * kSetStride).present);
  EXPECT_FALSE(b.l2.probe(4 * kSetStride).dirty);
  EXPECT_EQ(b.l2.stats().writebacks, 1u);
  // A clean victim is dropped silently.
  b.cpu.rd(5 * kSetStride, 128, cyc(200));  // evicts line 1 (dirty) ...
  b.cpu.rd(6 * kSetStride, 128, cyc(300));  // ... line 2 (dirty)
  b.cpu.rd(7 * kSetStride, 128, cyc(400));  // ... line 3 (dirty)
  b.cpu.rd(8 * kSetStride, 128, cyc(500));  // ... line 4 (clean): only a fill
  EXPECT_EQ(b.l2.stats().writebacks, 4u);
  EXPECT_EQ(b.mem.log.back().cmd, tlm::TLM_READ_COMMAND);
}

// Flush and invalidate (TIMING.md): every line invalid at once; the walk
// visits `slices` sets per cycle and writes each dirty line back when it
// visits its set; done at the walk's end or the last write-back's answer.
TEST(L2Cache, FlushWritesDirtyLinesBackAndInvalidatesEverything) {
  Bench& b = bench("flush");
  const L2Params p = b.l2.params();
  const uint64_t last_set = b.l2.sets() - 1;  // 127, visited in the walk's last cycle
  b.cpu.wr(0, 128, 0);                          // set 0, dirty
  b.cpu.wr(last_set * 128, 128, 0);             // set 127, dirty
  b.cpu.rd(5 * 128, 128, 0);                    // set 5, clean
  ASSERT_EQ(b.mem.log.size(), 1u);
  const uint64_t t = 1000;
  const uint64_t walk = (b.l2.sets() + p.slices - 1) / p.slices;  // 64 cycles
  const L2Cache::Flush f = b.l2.flush_invalidate(to_time(cyc(t)));
  EXPECT_EQ(f.writebacks, 2u);
  EXPECT_EQ(f.invalidated, 3u);
  ASSERT_EQ(b.mem.log.size(), 3u);
  EXPECT_EQ(b.mem.log[1].cmd, tlm::TLM_WRITE_COMMAND);
  EXPECT_EQ(b.mem.log[1].addr, 0u);
  EXPECT_EQ(b.mem.log[1].arrival, cyc(t));
  EXPECT_EQ(b.mem.log[2].addr, last_set * 128);
  EXPECT_EQ(b.mem.log[2].arrival, cyc(t + last_set / p.slices));
  // The last write-back, sent in the walk's last cycle, is answered after it.
  ASSERT_GT(last_set / p.slices + kMemLatency, walk);
  EXPECT_EQ(f.done, to_time(cyc(t + last_set / p.slices + kMemLatency)));
  for (uint64_t a : {uint64_t{0}, last_set * 128, uint64_t{5 * 128}}) EXPECT_FALSE(b.l2.probe(a).present) << a;
  EXPECT_EQ(b.l2.stats().flushes, 1u);
  EXPECT_EQ(b.l2.stats().flush_writebacks, 2u);
  EXPECT_EQ(b.l2.stats().writebacks, 0u) << "evictions only";
  // Now a clean cache: done when the walk is, nothing written.
  const L2Cache::Flush g = b.l2.flush_invalidate(to_time(cyc(2000)));
  EXPECT_EQ(g.done, to_time(cyc(2000 + walk)));
  EXPECT_EQ(g.writebacks, 0u);
  EXPECT_EQ(b.mem.log.size(), 3u);
  // And a read misses as in a new cache.
  EXPECT_EQ(b.cpu.rd(0, 64, cyc(3000)), cyc(3000 + p.tag_latency + kMemLatency + 64 / 32 + p.hit_latency));
}

TEST(L2Cache, LruKeepsTheRecentlyUsedLine) {
  Bench& b = bench("lru");
  for (uint64_t k = 0; k < 4; ++k) b.cpu.rd(k * kSetStride, 128, 0);
  b.cpu.rd(0, 128, 0);                // line 0 is now the most recent
  b.cpu.rd(4 * kSetStride, 128, 0);   // evicts line 1
  EXPECT_TRUE(b.l2.probe(0).present);
  EXPECT_FALSE(b.l2.probe(kSetStride).present);
}

TEST(L2Cache, FifoEvictsTheOldestFillWhateverItsUse) {
  Bench& b = bench("fifo");
  for (uint64_t k = 0; k < 4; ++k) b.cpu.rd(k * kSetStride, 128, 0);
  b.cpu.rd(0, 128, 0);
  b.cpu.rd(4 * kSetStride, 128, 0);  // evicts line 0, the first filled
  EXPECT_FALSE(b.l2.probe(0).present);
  EXPECT_TRUE(b.l2.probe(kSetStride).present);
}

TEST(L2Cache, PartialWriteMissFetchesTheLine) {
  Bench& b = bench("partial_write");
  const L2Params p = b.l2.params();
  EXPECT_EQ(b.cpu.wr(0x100, 32, 0), cyc(p.tag_latency + kMemLatency + 1 + p.hit_latency));
  ASSERT_EQ(b.mem.log.size(), 1u);
  EXPECT_EQ(b.mem.log[0].cmd, tlm::TLM_READ_COMMAND);
  EXPECT_TRUE(b.l2.probe(0x100).dirty);
  EXPECT_EQ(b.l2.stats().write_misses, 1u);
}

TEST(L2Cache, FullLineWriteMissAllocatesWithoutAFill) {
  Bench& b = bench("full_write");
  const L2Params p = b.l2.params();
  EXPECT_EQ(b.cpu.wr(0x180, 128, 0), cyc(p.tag_latency + 4 + p.hit_latency));
  EXPECT_TRUE(b.mem.log.empty());
  EXPECT_TRUE(b.l2.probe(0x180).dirty);
}

TEST(L2Cache, SlicePortsAreSharedResources) {
  Bench& b = bench("slices");
  const L2Params p = b.l2.params();
  for (uint64_t a = 0; a < 4 * 128; a += 128) b.cpu.rd(a, 128, 0);  // warm: lines 0..3
  ASSERT_EQ(b.l2.slice_of(0), 0u);
  ASSERT_EQ(b.l2.slice_of(128), 1u);
  ASSERT_EQ(b.l2.slice_of(256), 0u);
  const Ticks t = cyc(1000);
  // Lines 0 and 2 share slice 0: the second waits for the first's 4 cycles.
  EXPECT_EQ(b.cpu.rd(0, 128, t), t + cyc(4 + p.hit_latency));
  EXPECT_EQ(b.cpu.rd(256, 128, t), t + cyc(8 + p.hit_latency));
  // Line 1 is on slice 1: not delayed.
  EXPECT_EQ(b.cpu.rd(128, 128, t), t + cyc(4 + p.hit_latency));
  // Waiting is counted: the warm-up's fills of lines 2 and 3 arrived together
  // with those of lines 0 and 1 and waited 4 cycles each, too.
  EXPECT_EQ(b.l2.slice(0).wait(), cyc(8));
  EXPECT_EQ(b.l2.slice(1).wait(), cyc(4));
}

TEST(L2Cache, RequestSpanningLinesUsesBothSlicesInParallel) {
  Bench& b = bench("multi");
  const L2Params p = b.l2.params();
  // 256 B = lines 0 and 1: two fills leave at once, two slices answer at once.
  EXPECT_EQ(b.cpu.rd(0, 256, 0), cyc(p.tag_latency + kMemLatency + 4 + p.hit_latency));
  EXPECT_EQ(b.mem.log.size(), 2u);
  EXPECT_EQ(b.l2.stats().total.misses, 2u);  // counted per line
}

TEST(L2Cache, HitsAndMissesPerRequester) {
  Bench& b = bench("requesters");
  b.cpu.rd(0, 64, 0, 3);     // core 3: miss
  b.cpu.rd(0, 64, 0, 3);     // core 3: hit
  b.cpu.rd(0, 64, 0, 5);     // core 5: hit
  b.cpu.rd(4096, 64, 0, 5);  // core 5: miss
  b.cpu.rd(4096, 64, 0);     // no id: hit
  const auto& s = b.l2.requester_stats();
  EXPECT_EQ(s.at(3).hits, 1u);
  EXPECT_EQ(s.at(3).misses, 1u);
  EXPECT_EQ(s.at(5).hits, 1u);
  EXPECT_EQ(s.at(5).misses, 1u);
  EXPECT_EQ(s.at(RequesterId::kUnknown).hits, 1u);
  EXPECT_EQ(b.l2.stats().total.hits, 3u);
  EXPECT_EQ(b.l2.stats().total.misses, 2u);
}

TEST(L2Cache, SameSequenceSameDelays) {
  auto run = [](Bench& b) {
    std::vector<Ticks> d;
    uint64_t x = 99;
    for (int i = 0; i < 3000; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      const uint64_t addr = (x >> 24) % (kMemSize - 256);
      const unsigned len = 1 + static_cast<unsigned>((x >> 8) % 256);
      d.push_back((x >> 5) & 1 ? b.cpu.wr(addr, len, cyc(i)) : b.cpu.rd(addr, len, cyc(i)));
    }
    return d;
  };
  const auto a = run(bench("det1"));
  EXPECT_EQ(a, run(bench("det2")));
  EXPECT_EQ(bench("det1").mem.bytes, bench("det2").mem.bytes);
}

TEST(L2Cache, DmiOnlyWhenFunctional) {
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(0x40);
  tlm::tlm_dmi d;
  EXPECT_FALSE(bench("dmi").cpu.socket->get_direct_mem_ptr(t, d));
  Bench& f = bench("functional");
  tlm::tlm_dmi g;
  ASSERT_TRUE(f.cpu.socket->get_direct_mem_ptr(t, g));
  EXPECT_EQ(g.get_dmi_ptr(), f.mem.bytes.data());
  // Functional transactions pass straight through: only the memory's latency.
  EXPECT_EQ(f.cpu.rd(0, 64, 0), cyc(kMemLatency));
  EXPECT_EQ(f.l2.stats().total.misses, 0u);
}

TEST(L2Cache, PresetSizeTagsAreCheap) {
  Bench& b = bench("big");  // 192 MiB, 128 B lines, 16 ways: 98,304 sets
  EXPECT_EQ(b.l2.sets(), 98304u);
  // Its 24 MiB of tag store is not touched until used (the bench's 1 MiB
  // test memory is).
  EXPECT_LT(world().big_cost, uint64_t{3} << 20);
  const uint64_t before = resident_bytes();
  for (uint64_t a = 0; a < 64 * 1024; a += 128) b.cpu.rd(a, 128, 0);
  EXPECT_TRUE(b.l2.probe(0).present);
  EXPECT_LT(resident_bytes() - before, uint64_t{1} << 20);
}

TEST(L2Cache, MissToAnHbmRowMiss) {
  HbmBench& b = *world().hbm;
  const L2Params p = b.l2.params();
  const HbmParams& h = b.hbm.params();
  const Ticks H = to_ticks(h.clock_period);
  // First miss: HBM row empty, 128 B on one pseudo-channel (8 bus cycles).
  const Ticks empty = (h.tRCD + h.tCL + 128 / 16 + h.controller_latency) * H;
  EXPECT_EQ(b.cpu.rd(0, 64, 0), cyc(p.tag_latency) + empty + cyc(2 + p.hit_latency));
  // Another row of the same HBM bank, long after: precharge + activate + CAS.
  // Local 7 KiB on pseudo-channel 0 (granule 28 of 4 pseudo-channels): row
  // index 7 = row 1, which the rotating bank mapping puts in bank (3 + 1) mod 4 = 0.
  const uint64_t other_row = 28 * 4 * 256;
  ASSERT_EQ(b.hbm.locate(other_row).row, 1u);
  ASSERT_EQ(b.hbm.locate(other_row).bank, 0u);
  ASSERT_EQ(b.hbm.locate(other_row).pseudo_channel, 0u);
  const Ticks t = cyc(2000);
  const Ticks miss = (h.tRP + h.tRCD + h.tCL + 128 / 16 + h.controller_latency) * H;
  EXPECT_EQ(b.cpu.rd(other_row, 128, t), t + cyc(p.tag_latency) + miss + cyc(4 + p.hit_latency));
  EXPECT_EQ(b.hbm.stats(0).row_misses, 1u);
  // And the hit costs no HBM time.
  EXPECT_EQ(b.cpu.rd(other_row, 128, cyc(5000)), cyc(5000 + 4 + p.hit_latency));
}

// TIMING.md "Slice mapping": u = addr / 128; slice = (u ^ u >> 5 ^ u >> 10 ...) & 31.
TEST(L2Cache, XorFoldSpreadsPowerOfTwoStrides) {
  const L2Cache& l2 = bench("xor_fold").l2;
  EXPECT_EQ(l2.slice_of(0), 0u);
  EXPECT_EQ(l2.slice_of(127), 0u);
  EXPECT_EQ(l2.slice_of(128), 1u);
  EXPECT_EQ(l2.slice_of(31 * 128), 31u);
  EXPECT_EQ(l2.slice_of(4096), 1u);    // u = 32: 32 ^ 1 = 33 -> 1
  EXPECT_EQ(l2.slice_of(8192), 2u);    // u = 64: 64 ^ 2 = 66 -> 2 (modulo: 0)
  EXPECT_EQ(l2.slice_of(3 * 8192), 6u);  // u = 192: 192 ^ 6 = 198 -> 6
  EXPECT_EQ(l2.slice_of(uint64_t{1} << 20), 8u);  // u = 2^13: 2^13 ^ 2^8 ^ 2^3 -> 8
  // Within each 4 KiB block the 32 units still cover every slice once.
  std::set<uint32_t> seen;
  for (uint64_t a = 8192; a < 8192 + 4096; a += 128) seen.insert(l2.slice_of(a));
  EXPECT_EQ(seen.size(), 32u);
}

TEST(L2Cache, XorFoldNeedsPowerOfTwoSlices) {
  EXPECT_NE(world().xor_fold_error.find("power-of-two slice count"), std::string::npos);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  npuvp::world();
  return RUN_ALL_TESTS();
}
