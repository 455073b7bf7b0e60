// HbmController alone, called through its target socket's forward interface
// (no elaboration needed). Every expected delay is the formula of
// models/hbm/TIMING.md written out with the parameters' names.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "models/hbm/hbm_controller.h"

namespace npuvp {
namespace {

using sc_core::SC_PS;
using sc_core::sc_time;

// An odd period, so that a missing or doubled factor of it shows.
const sc_time kP(625, SC_PS);

HbmParams small() {
  HbmParams p;
  p.size = uint64_t{64} << 20;
  p.clock_period = kP;
  p.channels = 2;
  p.pseudo_channels = 2;  // 4 pseudo-channels
  p.bytes_per_cycle = 16;
  p.banks = 4;
  p.row_size = 1024;
  p.interleave = 256;
  return p;
}

// Bank 0, row 1 on pseudo-channel 0 of small(): local 7 KiB (granule 28 of
// pc 0 = global granule 112) is row index 7 = row 1, and the rotating bank
// mapping puts it in bank (7 mod 4 + 1) mod 4 = 0. Row 0 of bank 0 is local 0.
constexpr uint64_t kBank0Row1 = 112 * 256;

HbmController* make(const HbmParams& p) {
  static int n = 0;
  return new HbmController(("hbm" + std::to_string(n++)).c_str(), p);
}

// Delay returned for an access arriving `at` cycles after sc_time_stamp() (= 0).
sc_time access(HbmController& h, tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
               uint64_t at, tlm::tlm_response_status* status = nullptr) {
  tlm::tlm_generic_payload t;
  t.set_command(cmd);
  t.set_address(addr);
  t.set_data_ptr(static_cast<unsigned char*>(data));
  t.set_data_length(len);
  t.set_streaming_width(len);
  sc_time d = kP * static_cast<double>(at);
  h.socket.get_base_interface().b_transport(t, d);
  if (status) *status = t.get_response_status();
  return d;
}
sc_time rd(HbmController& h, uint64_t addr, unsigned len, uint64_t at) {
  std::vector<uint8_t> buf(len);
  return access(h, tlm::TLM_READ_COMMAND, addr, buf.data(), len, at);
}
sc_time wr(HbmController& h, uint64_t addr, unsigned len, uint64_t at) {
  std::vector<uint8_t> buf(len, 0x5A);
  return access(h, tlm::TLM_WRITE_COMMAND, addr, buf.data(), len, at);
}
sc_time cycles(uint64_t n) { return sc_time::from_value(n * kP.value()); }

TEST(HbmController, AddressMapInterleavesPseudoChannelsThenBanksThenRows) {
  std::unique_ptr<HbmController> h(make(small()));
  // Granule g goes to pseudo-channel g % 4, at local offset (g / 4) * 256.
  EXPECT_EQ(h->locate(0).pseudo_channel, 0u);
  EXPECT_EQ(h->locate(256).pseudo_channel, 1u);
  EXPECT_EQ(h->locate(3 * 256 + 7).pseudo_channel, 3u);
  auto l = h->locate(4 * 256 + 7);  // second granule of pc 0: local 263
  EXPECT_EQ(l.pseudo_channel, 0u);
  EXPECT_EQ(l.column, 263u);
  EXPECT_EQ(l.bank, 0u);
  EXPECT_EQ(l.row, 0u);
  // Local offset 1024 (granule 16) is the next row index: bank 1, row 0.
  l = h->locate(16 * 256);
  EXPECT_EQ(l.pseudo_channel, 0u);
  EXPECT_EQ(l.bank, 1u);
  EXPECT_EQ(l.row, 0u);
  // Local offset 4 KiB (granule 64): row index 4 = row 1, whose banks are
  // rotated by one: bank (4 mod 4 + 1) mod 4 = 1.
  l = h->locate(64 * 256 + 256 * 2);
  EXPECT_EQ(l.pseudo_channel, 2u);
  EXPECT_EQ(l.bank, 1u);
  EXPECT_EQ(l.row, 1u);
  l = h->locate(kBank0Row1);
  EXPECT_EQ(l.pseudo_channel, 0u);
  EXPECT_EQ(l.bank, 0u);
  EXPECT_EQ(l.row, 1u);
  EXPECT_EQ(h->pseudo_channel_count(), 4u);
}

TEST(HbmController, LinearBankMappingTakesTheRowIndexModBanks) {
  HbmParams p = small();
  p.bank_mapping = HbmParams::BankMapping::Linear;
  std::unique_ptr<HbmController> h(make(p));
  const auto l = h->locate(64 * 256 + 256 * 2);  // row index 4: bank 0, row 1
  EXPECT_EQ(l.bank, 0u);
  EXPECT_EQ(l.row, 1u);
}

// The same offset in slices a multiple of banks x row_size apart on a
// pseudo-channel (every core's slice of a tensor): linearly they all land in
// one bank and take turns opening their rows; rotated, consecutive slices
// use consecutive banks and open their rows in parallel.
TEST(HbmController, RotatedBanksSpreadSlicesThatLinearMappingPilesOnOneBank) {
  auto run = [](HbmParams::BankMapping m, std::vector<uint32_t>& banks) {
    HbmParams p = small();
    p.tREFI = 0;
    p.bank_mapping = m;
    std::unique_ptr<HbmController> h(make(p));
    // 4 slices 16 KiB apart (4 KiB = one row of every bank on each of the
    // 4 pseudo-channels), each reading its first 1 KiB on pc 0, all at 0.
    const uint64_t slice = 4 * 1024 * 4;
    sc_time last = sc_core::SC_ZERO_TIME;
    for (uint64_t s = 0; s < 4; ++s) {
      banks.push_back(h->locate(s * slice).bank);
      for (uint64_t g = 0; g < 4; ++g) last = std::max(last, rd(*h, s * slice + g * 4 * 256, 256, 0));
    }
    return last;
  };
  std::vector<uint32_t> linear_banks, rotated_banks;
  const sc_time linear = run(HbmParams::BankMapping::Linear, linear_banks);
  const sc_time rotated = run(HbmParams::BankMapping::Rotate, rotated_banks);
  EXPECT_EQ(linear_banks, (std::vector<uint32_t>{0, 0, 0, 0}));
  EXPECT_EQ(rotated_banks, (std::vector<uint32_t>{0, 1, 2, 3}));
  const HbmParams p = small();
  // Rotated: four banks activate at 0 and share the bus, 4 x 64 cycles of data.
  EXPECT_EQ(rotated, cycles(p.tRCD + p.tCL + 4 * 64 + p.controller_latency));
  // Linear: one bank, four rows one after another, each a precharge and an
  // activate (and tRAS) after the last.
  EXPECT_GT(linear, rotated + cycles(3 * (p.tRP + p.tRCD)));
}

TEST(HbmController, PeakBandwidthOfTheDefaultsIsTheDieFigure) {
  HbmParams p;  // 910B defaults
  p.size = uint64_t{1} << 20;
  std::unique_ptr<HbmController> h(make(p));
  EXPECT_DOUBLE_EQ(h->peak_bandwidth(), 1.6e12);
}

TEST(HbmController, EmptyRowReadPaysActivateAndCas) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  EXPECT_EQ(rd(*h, 0, 64, 0), cycles(p.tRCD + p.tCL + 64 / 16 + p.controller_latency));
  EXPECT_EQ(h->stats(0).row_empties, 1u);
  EXPECT_EQ(h->stats(0).bytes_read, 64u);
  EXPECT_EQ(h->stats(0).busy_cycles, 4u);
}

TEST(HbmController, RowHitPaysCasOnly) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  rd(*h, 0, 64, 0);
  // Arriving after the first is done: the row is open.
  const uint64_t t = 1000;
  EXPECT_EQ(rd(*h, 128, 64, t), cycles(t + p.tCL + 4 + p.controller_latency));
  EXPECT_EQ(h->stats(0).row_hits, 1u);
}

TEST(HbmController, RowMissPaysPrechargeActivateAndCas) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  rd(*h, 0, 64, 0);
  ASSERT_EQ(h->locate(kBank0Row1).row, 1u);
  ASSERT_EQ(h->locate(kBank0Row1).bank, 0u);
  const uint64_t t = 1000;
  EXPECT_EQ(rd(*h, kBank0Row1, 64, t), cycles(t + p.tRP + p.tRCD + p.tCL + 4 + p.controller_latency));
  EXPECT_EQ(h->stats(0).row_misses, 1u);
}

TEST(HbmController, RowMissWaitsForTras) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  rd(*h, 0, 64, 0);  // activates at 0
  // Precharge no earlier than tRAS after the activate.
  EXPECT_EQ(rd(*h, kBank0Row1, 64, 10), cycles(p.tRAS + p.tRP + p.tRCD + p.tCL + 4 + p.controller_latency));
}

TEST(HbmController, OtherBankOpensWhileTheFirstTransfers) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  // Two 256 B reads at 0 on pc 0: bank 0 and bank 1 (local 0 and 1024).
  const sc_time a = rd(*h, 0, 256, 0);
  const sc_time b = rd(*h, 16 * 256, 256, 0);
  EXPECT_EQ(a, cycles(p.tRCD + p.tCL + 16 + p.controller_latency));
  // The second's activation overlaps the first's data: it only waits for the bus.
  EXPECT_EQ(b, cycles(p.tRCD + p.tCL + 16 + 16 + p.controller_latency));
  EXPECT_EQ(h->stats(0).wait_cycles, 16u);
}

TEST(HbmController, PseudoChannelsTransferInParallel) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  // 1 KiB = 4 granules = one on each pseudo-channel: as fast as 256 B.
  EXPECT_EQ(rd(*h, 0, 1024, 0), cycles(p.tRCD + p.tCL + 16 + p.controller_latency));
  // 2 KiB: two granules per pseudo-channel, in one open row each.
  std::unique_ptr<HbmController> g(make(p));
  EXPECT_EQ(rd(*g, 0, 2048, 0), cycles(p.tRCD + p.tCL + 32 + p.controller_latency));
  EXPECT_EQ(g->stats(1).row_empties, 1u);
  EXPECT_EQ(g->stats(1).row_hits, 1u);
}

TEST(HbmController, ReadAfterWriteWaitsForTwtr) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  EXPECT_EQ(wr(*h, 0, 64, 0), cycles(p.tRCD + p.tCWL + 4 + p.controller_latency));
  // Same row, arriving at 0: ready at tRCD + tCL, but the bus turns around
  // tWTR after the write data ends.
  const uint64_t write_end = p.tRCD + p.tCWL + 4;
  ASSERT_GT(write_end + p.tWTR, p.tRCD + p.tCL);
  EXPECT_EQ(rd(*h, 64, 64, 0), cycles(write_end + p.tWTR + 4 + p.controller_latency));
  EXPECT_EQ(h->stats(0).turnarounds, 1u);
}

TEST(HbmController, WriteAfterReadWaitsForTrtw) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  rd(*h, 0, 256, 0);
  const uint64_t read_end = p.tRCD + p.tCL + 16;
  ASSERT_GT(read_end + p.tRTW, p.tRCD + p.tCWL);
  EXPECT_EQ(wr(*h, 64, 64, 0), cycles(read_end + p.tRTW + 4 + p.controller_latency));
}

TEST(HbmController, RefreshBlocksThePseudoChannelAndClosesItsRows) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  rd(*h, 0, 64, 0);  // row 0 of bank 0 open
  // Arriving inside the first refresh window [tREFI, tREFI + tRFC): waits
  // for its end and finds the row closed (an empty row, not a hit).
  const uint64_t t = p.tREFI + 5;
  EXPECT_EQ(rd(*h, 64, 64, t), cycles(p.tREFI + p.tRFC + p.tRCD + p.tCL + 4 + p.controller_latency));
  EXPECT_EQ(h->stats(0).refreshes, 1u);
  EXPECT_EQ(h->stats(0).row_empties, 2u);
  EXPECT_EQ(h->stats(0).row_hits, 0u);
  // Another pseudo-channel refreshes at the same time.
  EXPECT_EQ(rd(*h, 256, 64, t), cycles(p.tREFI + p.tRFC + p.tRCD + p.tCL + 4 + p.controller_latency));
}

TEST(HbmController, AccessThatWouldRunIntoRefreshWaitsForIt) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  // An empty-row read needs tRCD + tCL + 4 cycles; starting 10 cycles before
  // the refresh it cannot finish, so it goes after the refresh.
  const uint64_t t = 2 * p.tREFI - 10;
  EXPECT_EQ(rd(*h, 0, 64, t), cycles(2 * p.tREFI + p.tRFC + p.tRCD + p.tCL + 4 + p.controller_latency));
  // One that fits does not wait.
  std::unique_ptr<HbmController> g(make(p));
  const uint64_t u = 2 * p.tREFI - (p.tRCD + p.tCL + 4);
  EXPECT_EQ(rd(*g, 0, 64, u), cycles(2 * p.tREFI + p.controller_latency));
}

// Precharge all (TIMING.md, "Maintenance"): the open row closes tRAS after
// its activate and after its data, the bank is idle tRP later; an access
// arriving before that waits and finds the bank empty, not its row open.
TEST(HbmController, PrechargeAllClosesEveryRowAndAccessesWaitForIt) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  rd(*h, 0, 64, 0);  // bank 0 row 0 activated at 0, data ends tRCD + tCL + 4 = 48 < tRAS
  rd(*h, 256, 64, 0);  // pseudo-channel 1 as well
  ASSERT_LT(p.tRCD + p.tCL + 4, p.tRAS);
  const sc_time done = h->precharge_all(cycles(10));
  EXPECT_EQ(done, cycles(p.tRAS + p.tRP)) << "precharge at tRAS, idle tRP later";
  // The same row again, arriving at 10: no hit, it waits for the precharge.
  EXPECT_EQ(rd(*h, 64, 64, 10), cycles(p.tRAS + p.tRP + p.tRCD + p.tCL + 4 + p.controller_latency));
  EXPECT_EQ(h->stats(0).row_hits, 0u);
  EXPECT_EQ(h->stats(0).row_empties, 2u);
  EXPECT_EQ(h->stats(0).row_misses, 0u);
  // Another row of the same bank after the precharge: empty, not a miss.
  const uint64_t t = 1000;
  h->precharge_all(cycles(t - 200));
  EXPECT_EQ(rd(*h, kBank0Row1, 64, t), cycles(t + p.tRCD + p.tCL + 4 + p.controller_latency));
  EXPECT_EQ(h->stats(0).row_misses, 0u);
  // Nothing open: done at once.
  std::unique_ptr<HbmController> g(make(p));
  EXPECT_EQ(g->precharge_all(cycles(7)), cycles(7));
}

// After a write, a precharge-all leaves an idle bus: the next read is no
// turnaround (the counter a cold controller shows).
TEST(HbmController, PrechargeAllLeavesAnIdleBus) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  wr(*h, 0, 64, 0);
  h->precharge_all(cycles(100));
  rd(*h, 0, 64, 1000);
  EXPECT_EQ(h->stats(0).turnarounds, 0u);
}

// Refresh timer restart: a controller restarted at o times an access at
// o + x as a fresh one times it at x; the old schedule's windows after o
// are gone, and the windows that began before o are counted at the restart.
TEST(HbmController, RefreshTimerRestartMovesTheWindowsToTheNewOrigin) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> fresh(make(p)), h(make(p));
  const uint64_t o = 2 * p.tREFI + p.tRFC + 1000;  // two windows of the old schedule before it
  rd(*h, 0, 64, 0);
  EXPECT_EQ(h->refresh_free(cycles(2 * p.tREFI + 5)), cycles(2 * p.tREFI + p.tRFC)) << "inside a window";
  EXPECT_EQ(h->refresh_free(cycles(o)), cycles(o)) << "outside";
  h->restart_refresh(cycles(o));
  EXPECT_EQ(h->stats(0).refreshes, 2u) << "windows at tREFI and 2 tREFI, counted at the restart";
  EXPECT_EQ(h->refresh_free(cycles(o + p.tREFI + 5)), cycles(o + p.tREFI + p.tRFC));
  EXPECT_EQ(h->refresh_free(cycles(3 * p.tREFI + 5)), cycles(3 * p.tREFI + 5)) << "the old window is gone";
  // Into the first window after o, and one that would run into it.
  for (const uint64_t x : {uint64_t{p.tREFI} + 5, 2 * uint64_t{p.tREFI} - 10, uint64_t{500}}) {
    SCOPED_TRACE(x);
    const sc_time want = rd(*fresh, 0, 64, x) + cycles(o);
    EXPECT_EQ(rd(*h, 0, 64, o + x), want);
  }
  EXPECT_EQ(h->stats(0).refreshes, 2u + fresh->stats(0).refreshes) << "then counted as a fresh controller counts";
  // A row open before the restart counts as closed after it.
  std::unique_ptr<HbmController> g(make(p));
  rd(*g, 0, 64, 0);
  g->restart_refresh(cycles(200));
  rd(*g, 64, 64, 300);
  EXPECT_EQ(g->stats(0).row_hits, 0u);
  EXPECT_EQ(g->stats(0).row_empties, 2u);
}

TEST(HbmController, SaturatedPseudoChannelsRunAtExactlyTheCap) {
  HbmParams p = small();
  p.tREFI = 0;  // refresh off: the bus alone is the limit
  std::unique_ptr<HbmController> h(make(p));
  // 64 KiB in 256 B requests, all issued at once, sequential addresses:
  // every pseudo-channel gets 16 KiB = 1024 bus cycles, its first data after
  // an activate, every later row's activate hidden behind earlier data.
  const uint64_t total = 64 * 1024;
  sc_time last = sc_core::SC_ZERO_TIME;
  for (uint64_t a = 0; a < total; a += 256) last = std::max(last, rd(*h, a, 256, 0));
  const uint64_t per_pc_cycles = total / 4 / 16;
  EXPECT_EQ(last, cycles(p.tRCD + p.tCL + per_pc_cycles + p.controller_latency));
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(h->stats(i).busy_cycles, per_pc_cycles);
}

// Closed loop: S streams, each issuing its next 256 B read when the previous
// one completes, sweep 4 MiB. Over the long run they reach the cap and
// never exceed it; with refresh on, the cap minus the refresh share.
double stream_bandwidth(const HbmParams& p, unsigned streams) {
  std::unique_ptr<HbmController> h(make(p));
  const uint64_t total = 4 << 20, chunk = 256;
  std::vector<uint64_t> at(streams, 0);  // next issue time per stream, cycles
  uint64_t end = 0;
  for (uint64_t a = 0, i = 0; a < total; a += chunk, ++i) {
    const unsigned s = i % streams;
    const uint64_t done = rd(*h, a, chunk, at[s]).value() / kP.value();
    at[s] = done;
    end = std::max(end, done);
  }
  return static_cast<double>(total) / (static_cast<double>(end) * kP.to_seconds());
}

TEST(HbmController, StreamsReachTheBandwidthCapOverALongRun) {
  HbmParams p = small();
  const double cap = 4 * 16 / kP.to_seconds();
  p.tREFI = 0;
  const double bw = stream_bandwidth(p, 32);
  EXPECT_LE(bw, cap);
  EXPECT_GE(bw, 0.99 * cap);
  // Too few streams to cover the latency: well below the cap.
  EXPECT_LT(stream_bandwidth(p, 2), 0.5 * cap);
  // Refresh takes its share: at most cap * (1 - tRFC / tREFI).
  const HbmParams q = small();
  const double bound = cap * (1.0 - static_cast<double>(q.tRFC) / q.tREFI);
  const double bwr = stream_bandwidth(q, 32);
  EXPECT_LE(bwr, bound);
  EXPECT_GE(bwr, 0.95 * bound);
}

TEST(HbmController, SameSequenceSameDelays) {
  auto run = [] {
    std::unique_ptr<HbmController> h(make(small()));
    std::vector<sc_time> d;
    uint64_t x = 12345;
    for (int i = 0; i < 2000; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      const uint64_t addr = (x >> 20) % ((64 << 20) - 512);
      const uint64_t at = static_cast<uint64_t>(i) * 7;
      d.push_back((x >> 7) & 1 ? wr(*h, addr, 128, at) : rd(*h, addr, 128, at));
    }
    return d;
  };
  EXPECT_EQ(run(), run());
}

TEST(HbmController, DataByteEnablesAndRangeErrors) {
  std::unique_ptr<HbmController> h(make(small()));
  uint64_t v = 0x1122334455667788;
  tlm::tlm_response_status st;
  access(*h, tlm::TLM_WRITE_COMMAND, 0x1000, &v, 8, 0, &st);
  ASSERT_EQ(st, tlm::TLM_OK_RESPONSE);
  uint64_t back = 0;
  access(*h, tlm::TLM_READ_COMMAND, 0x1000, &back, 8, 0, &st);
  EXPECT_EQ(back, v);
  // Spanning two pseudo-channels (granule boundary at 0x100).
  uint8_t buf[32], out[32];
  for (int i = 0; i < 32; ++i) buf[i] = static_cast<uint8_t>(i * 3);
  access(*h, tlm::TLM_WRITE_COMMAND, 0xF0, buf, 32, 0, &st);
  access(*h, tlm::TLM_READ_COMMAND, 0xF0, out, 32, 0, &st);
  EXPECT_EQ(std::memcmp(buf, out, 32), 0);
  // Byte enables.
  uint32_t w = 0xAABBCCDD;
  unsigned char be[4] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_DISABLED, TLM_BYTE_ENABLED};
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_WRITE_COMMAND);
  t.set_address(0x1000);
  t.set_data_ptr(reinterpret_cast<unsigned char*>(&w));
  t.set_data_length(4);
  t.set_streaming_width(4);
  t.set_byte_enable_ptr(be);
  t.set_byte_enable_length(4);
  sc_time d = sc_core::SC_ZERO_TIME;
  h->socket.get_base_interface().b_transport(t, d);
  uint32_t lo = 0;
  std::memcpy(&lo, h->host_ptr(0x1000), 4);
  EXPECT_EQ(lo, 0xAA6677DDu);
  // Out of range: an error, no time.
  const sc_time r = access(*h, tlm::TLM_READ_COMMAND, (64 << 20) - 4, &v, 8, 3, &st);
  EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(r, cycles(3));
}

TEST(HbmController, DmiOnlyInFunctionalMode) {
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(0x40);
  tlm::tlm_dmi dmi;
  std::unique_ptr<HbmController> timed(make(small()));
  EXPECT_FALSE(timed->socket.get_base_interface().get_direct_mem_ptr(t, dmi));
  EXPECT_EQ(dmi.get_end_address(), (64u << 20) - 1);  // refused for the whole range

  HbmParams p = small();
  p.functional = true;
  std::unique_ptr<HbmController> f(make(p));
  tlm::tlm_dmi g;
  ASSERT_TRUE(f->socket.get_base_interface().get_direct_mem_ptr(t, g));
  EXPECT_TRUE(g.is_read_write_allowed());
  EXPECT_EQ(g.get_dmi_ptr(), f->host_ptr(0));
  // Functional transactions move data and take no time.
  uint32_t v = 77;
  EXPECT_EQ(access(*f, tlm::TLM_WRITE_COMMAND, 0x40, &v, 4, 9), cycles(9));
  uint32_t back = 0;
  std::memcpy(&back, g.get_dmi_ptr() + 0x40, 4);
  EXPECT_EQ(back, 77u);
}

uint64_t resident_bytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;
  if (f) {
    if (std::fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return uint64_t{resident} * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

TEST(HbmController, SixtyFourGiBCostOnlyWhatIsTouched) {
  HbmParams p;  // 910B die: 64 GiB
  std::unique_ptr<HbmController> h(make(p));
  const uint64_t before = resident_bytes();
  ASSERT_GT(before, 0u);
  // Touch 64 MiB spread over the whole die: one 64 KiB block every GiB-ish.
  const uint64_t block = 64 * 1024, touched = uint64_t{64} << 20;
  const uint64_t stride = p.size / (touched / block);
  std::vector<uint8_t> buf(block, 0xC3);
  for (uint64_t a = 0; a < p.size; a += stride) {
    tlm::tlm_generic_payload t;
    t.set_command(tlm::TLM_WRITE_COMMAND);
    t.set_address(a);
    t.set_data_ptr(buf.data());
    t.set_data_length(static_cast<unsigned>(block));
    ASSERT_EQ(h->socket.get_base_interface().transport_dbg(t), block);
  }
  // Reading untouched memory gives zeros and costs nothing.
  uint8_t z[16] = {1};
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(p.size - 4096);
  t.set_data_ptr(z);
  t.set_data_length(16);
  h->socket.get_base_interface().transport_dbg(t);
  EXPECT_EQ(z[0], 0);
  const uint64_t grown = resident_bytes() - before;
  EXPECT_GE(grown, touched * 9 / 10);
  EXPECT_LE(grown, touched + (uint64_t{8} << 20));
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

namespace npuvp {
namespace {

// Temporally decoupled initiators book out of time order: a request that
// arrives earlier in simulated time than one booked before it (in host order)
// is served at its own time, as if it had come first, when it fits before the
// later booking (TIMING.md: banks keep a calendar of row epochs).
TEST(HbmCalendar, EarlierRequestBookedLaterIsServedAtItsOwnTime) {
  const HbmParams p = small();
  std::unique_ptr<HbmController> h(make(p));
  // Row 0 and row 1 of bank 0 on pseudo-channel 0 (see RowMissPays...).
  ASSERT_EQ(h->locate(kBank0Row1).bank, h->locate(0).bank);
  ASSERT_EQ(h->locate(kBank0Row1).row, 1u);
  const uint64_t late = 2000;
  // Booked first, for t = 2000: the bank is empty then.
  EXPECT_EQ(rd(*h, 0, 64, late), cycles(late + p.tRCD + p.tCL + 4 + p.controller_latency));
  // Booked second, for t = 0, another row of the same bank: it fits long
  // before the first (activate, tRAS, precharge all done by then), so it
  // pays what it would alone on an empty bank.
  EXPECT_EQ(rd(*h, kBank0Row1, 64, 0), cycles(p.tRCD + p.tCL + 4 + p.controller_latency));
}

}  // namespace
}  // namespace npuvp
