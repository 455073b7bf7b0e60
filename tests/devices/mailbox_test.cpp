// The host<->firmware mailbox behind its socket: a posted request rings the
// doorbell interrupt (when enabled) until acknowledged; one request at a
// time; the response doorbell hands the words to the host at the write's time.
#include <gtest/gtest.h>

#include <vector>

#include "models/devices/mailbox.h"
#include "tests/devices/reg_access.h"

namespace npuvp {
namespace {

using test::read;
using test::write;

TEST(Mailbox, RequestDoorbellAndAcknowledge) {
  std::vector<bool> irqs;
  Mailbox mb("mb_req", {}, [&](bool l) { irqs.push_back(l); }, nullptr);
  Mailbox::Words w{};
  w[0] = 1;
  w[15] = 0xfeed;
  ASSERT_TRUE(mb.post(w));
  EXPECT_FALSE(mb.post(w)) << "the first request is not taken yet";
  EXPECT_TRUE(irqs.empty()) << "interrupt not enabled";
  write(mb.socket, Mailbox::kIrqEnable, 1, 4);
  EXPECT_EQ(irqs, std::vector<bool>({true}));
  EXPECT_EQ(read(mb.socket, Mailbox::kStatus, 4), 3u);
  EXPECT_EQ(read(mb.socket, Mailbox::kRequest, 8), 1u);
  EXPECT_EQ(read(mb.socket, Mailbox::kRequest + 8 * 15, 8), 0xfeedu);
  write(mb.socket, Mailbox::kRequestAck, 1, 4);
  EXPECT_EQ(irqs, std::vector<bool>({true, false}));
  EXPECT_TRUE(mb.post(w));
  uint64_t v = 5;
  EXPECT_EQ(test::access(mb.socket, tlm::TLM_WRITE_COMMAND, Mailbox::kRequest, &v, 8), tlm::TLM_COMMAND_ERROR_RESPONSE)
      << "requests are the host's";
}

TEST(Mailbox, ResponseDoorbellCallsTheHostWithTheWordsAtItsTime) {
  Mailbox::Words got{};
  sc_core::sc_time when;
  int calls = 0;
  Mailbox mb("mb_resp", {}, nullptr, [&](const Mailbox::Words& w, sc_core::sc_time t) {
    got = w;
    when = t;
    ++calls;
  });
  write(mb.socket, Mailbox::kResponse + 8 * 2, 0x1234, 8);
  EXPECT_EQ(read(mb.socket, Mailbox::kResponse + 8 * 2, 8), 0x1234u);
  EXPECT_EQ(calls, 0);
  write(mb.socket, Mailbox::kResponseBell, 1, 4, sc_core::sc_time(7, sc_core::SC_US));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got[2], 0x1234u);
  EXPECT_EQ(when, sc_core::sc_time(7, sc_core::SC_US));
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
