// The L2 maintenance registers: identification, FLUSH calls the cache's
// flush at the write's time, BUSY until the flush is done, the last flush's
// counts; a second FLUSH while busy extends BUSY to the later end.
#include <gtest/gtest.h>

#include <vector>

#include "models/devices/l2_ctrl.h"
#include "tests/devices/reg_access.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;
using test::access;
using test::read;
using test::write;
using L = L2Ctrl;

TEST(L2Ctrl, FlushRunsAtTheWriteAndIsBusyUntilDone) {
  std::vector<sc_time> calls;
  L::Params p;
  p.size = 192ull << 20;
  p.line_size = 128;
  p.latency = sc_time(4, SC_NS);
  L l("l2_ctrl_flush", p, [&](sc_time at) {
    calls.push_back(at);
    return L::FlushResult{at + sc_time(calls.size() == 1 ? 1000 : 100, SC_NS), 7 * calls.size(), 9};
  });
  EXPECT_EQ(read(l.socket, L::kId, 4), uint64_t{L::kIdValue});
  EXPECT_EQ(read(l.socket, L::kSizeBytes, 8), 192ull << 20);
  EXPECT_EQ(read(l.socket, L::kLineSize, 4), 128u);
  EXPECT_EQ(read(l.socket, L::kStatus, 4), 0u);
  EXPECT_EQ(read(l.socket, L::kFlushWritebacks, 4), 0u);
  write(l.socket, L::kCtrl, 0, 4, sc_time(5, SC_NS));
  EXPECT_TRUE(calls.empty()) << "bit 0 clear: nothing";
  write(l.socket, L::kCtrl, L::kCtrlFlush, 4, sc_time(10, SC_NS));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0], sc_time(10, SC_NS)) << "at the write's time";
  EXPECT_EQ(read(l.socket, L::kStatus, 4, sc_time(1009, SC_NS)), uint64_t{L::kBusy});
  EXPECT_EQ(read(l.socket, L::kStatus, 4, sc_time(1010, SC_NS)), 0u);
  EXPECT_EQ(read(l.socket, L::kFlushWritebacks, 4), 7u);
  EXPECT_EQ(read(l.socket, L::kFlushInvalidated, 4), 9u);
  // Another flush while busy: BUSY until the later of the two ends.
  write(l.socket, L::kCtrl, L::kCtrlFlush, 4, sc_time(20, SC_NS));
  EXPECT_EQ(read(l.socket, L::kStatus, 4, sc_time(500, SC_NS)), uint64_t{L::kBusy});
  EXPECT_EQ(read(l.socket, L::kFlushWritebacks, 4), 14u);
  // CTRL is write-only, STATUS read-only.
  uint32_t v = 0;
  EXPECT_EQ(access(l.socket, tlm::TLM_READ_COMMAND, L::kCtrl, &v, 4), tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(access(l.socket, tlm::TLM_WRITE_COMMAND, L::kStatus, &v, 4), tlm::TLM_COMMAND_ERROR_RESPONSE);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
