// The framing layer of the GDB remote serial protocol: packets
// ("$payload#checksum"), acknowledgements ('+'/'-'), the out-of-band
// interrupt byte (0x03, Ctrl-C), and the hex and binary encodings packets
// carry. No sockets: bytes in, events out, so that it is tested on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace npuvp::gdb {

// "$payload#cs" with the modulo-256 sum of the payload's bytes. The payload
// is sent as is: binary replies escape their bytes first (escape_binary).
std::string frame_packet(const std::string& payload);

// Binary data in a packet: '#', '$', '}' and '*' become '}' then the byte
// xor 0x20 ('*' would otherwise start a run-length encoding).
std::string escape_binary(const std::string& data);
// The inverse, for X packets. Returns nothing if the data ends inside an escape.
std::optional<std::string> unescape_binary(const std::string& data);

// Hex: two lowercase digits per byte, in memory order.
std::string to_hex(const uint8_t* data, size_t len);
std::string to_hex(const std::string& bytes);
// Returns nothing on an odd length or a non-hex digit.
std::optional<std::vector<uint8_t>> from_hex(const std::string& hex);
// A number in hex digits, as packets write addresses, lengths and thread ids
// (at most 16 digits). Returns nothing on anything else.
std::optional<uint64_t> parse_hex_number(const std::string& text);
// A register value of `bytes` bytes in target (little-endian) order.
std::string le_hex(uint64_t value, unsigned bytes);
std::optional<uint64_t> parse_le_hex(const std::string& hex, unsigned bytes);

// What arrives from GDB, in order.
struct RspEvent {
  enum class Kind { Packet, BadChecksum, Ack, Nack, Interrupt };
  Kind kind = Kind::Packet;
  std::string payload;  // Packet: the payload, run-length encoding expanded
};

// Cuts a byte stream into events. Bytes outside packets other than '+', '-'
// and 0x03 are ignored, as the protocol says.
class RspDecoder {
 public:
  void feed(const char* data, size_t len);
  void feed(const std::string& data) { feed(data.data(), data.size()); }
  // The next complete event, if any.
  std::optional<RspEvent> next();
  bool empty() const { return events_.empty(); }

 private:
  enum class State { Idle, Payload, Check1, Check2 };
  State state_ = State::Idle;
  std::string payload_;
  unsigned sum_ = 0;
  unsigned check_ = 0;
  std::deque<RspEvent> events_;
};

}  // namespace npuvp::gdb
