#include "platform/gdb/rsp_packet.h"


namespace npuvp::gdb {

namespace {
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
constexpr char kDigits[] = "0123456789abcdef";
}  // namespace

std::string frame_packet(const std::string& payload) {
  unsigned sum = 0;
  for (unsigned char c : payload) sum += c;
  std::string out;
  out.reserve(payload.size() + 4);
  out += '$';
  out += payload;
  out += '#';
  out += kDigits[(sum >> 4) & 0xf];
  out += kDigits[sum & 0xf];
  return out;
}

std::string escape_binary(const std::string& data) {
  std::string out;
  out.reserve(data.size());
  for (char c : data) {
    if (c == '#' || c == '$' || c == '}' || c == '*') {
      out += '}';
      out += static_cast<char>(c ^ 0x20);
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> unescape_binary(const std::string& data) {
  std::string out;
  out.reserve(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] != '}') {
      out += data[i];
      continue;
    }
    if (++i == data.size()) return std::nullopt;
    out += static_cast<char>(data[i] ^ 0x20);
  }
  return out;
}

std::string to_hex(const uint8_t* data, size_t len) {
  std::string out;
  out.reserve(len * 2);
  for (size_t i = 0; i < len; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

std::string to_hex(const std::string& bytes) {
  return to_hex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::optional<std::vector<uint8_t>> from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

std::optional<uint64_t> parse_hex_number(const std::string& text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    const int d = hex_digit(c);
    if (d < 0) return std::nullopt;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  return v;
}

std::string le_hex(uint64_t value, unsigned bytes) {
  uint8_t b[8];
  for (unsigned i = 0; i < bytes && i < 8; ++i) b[i] = static_cast<uint8_t>(value >> (8 * i));
  return to_hex(b, bytes < 8 ? bytes : 8);
}

std::optional<uint64_t> parse_le_hex(const std::string& hex, unsigned bytes) {
  if (bytes > 8 || hex.size() != 2 * size_t{bytes}) return std::nullopt;
  const auto b = from_hex(hex);
  if (!b) return std::nullopt;
  uint64_t v = 0;
  for (unsigned i = 0; i < bytes; ++i) v |= uint64_t{(*b)[i]} << (8 * i);
  return v;
}

void RspDecoder::feed(const char* data, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    const char c = data[i];
    switch (state_) {
      case State::Idle:
        if (c == '$') {
          state_ = State::Payload;
          payload_.clear();
          sum_ = 0;
        } else if (c == '+') {
          events_.push_back({RspEvent::Kind::Ack, {}});
        } else if (c == '-') {
          events_.push_back({RspEvent::Kind::Nack, {}});
        } else if (c == '\x03') {
          events_.push_back({RspEvent::Kind::Interrupt, {}});
        }
        break;
      case State::Payload:
        if (c == '#') {
          state_ = State::Check1;
        } else {
          sum_ += static_cast<unsigned char>(c);
          payload_ += c;
        }
        break;
      case State::Check1:
      case State::Check2: {
        const int d = hex_digit(c);
        check_ = (state_ == State::Check1 ? 0 : check_ << 4) | static_cast<unsigned>(d < 0 ? 0x100 : d);
        if (state_ == State::Check1) {
          state_ = State::Check2;
          break;
        }
        state_ = State::Idle;
        if (check_ != (sum_ & 0xff)) {
          events_.push_back({RspEvent::Kind::BadChecksum, {}});
          break;
        }
        // Run-length encoding: "c*n" repeats c another n - 29 times.
        std::string expanded;
        for (size_t k = 0; k < payload_.size(); ++k) {
          if (payload_[k] == '*' && !expanded.empty() && k + 1 < payload_.size()) {
            const int n = static_cast<unsigned char>(payload_[++k]) - 29;
            expanded.append(static_cast<size_t>(n > 0 ? n : 0), expanded.back());
          } else {
            expanded += payload_[k];
          }
        }
        events_.push_back({RspEvent::Kind::Packet, std::move(expanded)});
        break;
      }
    }
  }
}

std::optional<RspEvent> RspDecoder::next() {
  if (events_.empty()) return std::nullopt;
  RspEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

}  // namespace npuvp::gdb
