// The framing layer of the GDB remote protocol (platform/gdb/rsp_packet.h).
#include "platform/gdb/rsp_packet.h"

#include <gtest/gtest.h>

namespace npuvp::gdb {
namespace {

TEST(RspPacket, FrameAddsTheModulo256Checksum) {
  EXPECT_EQ(frame_packet("OK"), "$OK#9a");  // 'O' 0x4f + 'K' 0x4b = 0x9a
  EXPECT_EQ(frame_packet(""), "$#00");
  EXPECT_EQ(frame_packet("T05thread:1;"), "$T05thread:1;#d7");
}

TEST(RspPacket, DecoderSplitsPacketsAcksAndInterrupts) {
  RspDecoder d;
  d.feed("+$qSupported:swbreak+#8b-\x03");
  auto e = d.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, RspEvent::Kind::Ack);
  e = d.next();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->kind, RspEvent::Kind::Packet);
  EXPECT_EQ(e->payload, "qSupported:swbreak+");
  e = d.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, RspEvent::Kind::Nack);
  e = d.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, RspEvent::Kind::Interrupt);
  EXPECT_FALSE(d.next());
}

TEST(RspPacket, DecoderWaitsForTheWholePacketAcrossFeeds) {
  RspDecoder d;
  d.feed("$m800");
  EXPECT_FALSE(d.next());
  d.feed("00000,4#");
  EXPECT_FALSE(d.next());
  d.feed("5");
  EXPECT_FALSE(d.next());
  d.feed("5");
  const auto e = d.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, RspEvent::Kind::Packet);
  EXPECT_EQ(e->payload, "m80000000,4");
  EXPECT_EQ(frame_packet("m80000000,4"), "$m80000000,4#55");
}

TEST(RspPacket, DecoderReportsABadChecksum) {
  RspDecoder d;
  d.feed("$OK#9b$OK#zz$OK#9A");
  auto e = d.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, RspEvent::Kind::BadChecksum);
  e = d.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, RspEvent::Kind::BadChecksum) << "a non-hex checksum digit";
  e = d.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, RspEvent::Kind::Packet) << "checksum digits in either case";
  EXPECT_EQ(e->payload, "OK");
}

TEST(RspPacket, DecoderExpandsRunLengthEncoding) {
  // "0* " is '0' and then ' ' - 29 = 3 more.
  RspDecoder d;
  d.feed(frame_packet("0* 1"));
  const auto e = d.next();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->payload, "00001");
}

TEST(RspPacket, BinaryEscapingRoundTrips) {
  const std::string raw = std::string("a#b$c}d*e") + '\0' + "\xff";
  const std::string esc = escape_binary(raw);
  EXPECT_EQ(esc, std::string("a}\x03" "b}\x04" "c}]d}\x0a" "e") + '\0' + "\xff");
  EXPECT_EQ(unescape_binary(esc), raw);
  EXPECT_FALSE(unescape_binary("abc}")) << "ends inside an escape";
}

TEST(RspPacket, HexEncodings) {
  const uint8_t bytes[] = {0x00, 0x7f, 0x80, 0xff};
  EXPECT_EQ(to_hex(bytes, 4), "007f80ff");
  EXPECT_EQ(from_hex("007F80ff"), (std::vector<uint8_t>{0x00, 0x7f, 0x80, 0xff}));
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
  EXPECT_EQ(parse_hex_number("80000000"), 0x80000000u);
  EXPECT_EQ(parse_hex_number("ffffffffffffffff"), ~uint64_t{0});
  EXPECT_FALSE(parse_hex_number("10000000000000000")) << "more than 64 bits";
  EXPECT_FALSE(parse_hex_number(""));
  EXPECT_FALSE(parse_hex_number("-1"));
  EXPECT_EQ(le_hex(0x8000001c, 8), "1c00008000000000");
  EXPECT_EQ(le_hex(0x21, 4), "21000000");
  EXPECT_EQ(parse_le_hex("1c00008000000000", 8), 0x8000001cu);
  EXPECT_FALSE(parse_le_hex("1c000080", 8)) << "wrong width";
}

}  // namespace
}  // namespace npuvp::gdb
