#include "platform/gdb/gdb_stub.h"

#include <algorithm>
#include <cstdio>

#include "platform/gdb/gdb_registers.h"
#include "platform/gdb/rsp_packet.h"

namespace npuvp::gdb {

namespace {

constexpr const char* kError = "E01";
// The largest packet we accept (hex in qSupported) and the largest memory
// read we answer at once: GDB asks again for the rest.
constexpr size_t kPacketSize = 0x4000;
constexpr size_t kMaxMemoryRead = 0x1000;

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string thread_id(size_t index) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%zx", index + 1);
  return buf;
}

// "addr,len" (and the rest after ':' in `rest`).
bool parse_addr_len(const std::string& text, uint64_t& addr, uint64_t& len, std::string* rest = nullptr) {
  const size_t colon = text.find(':');
  if ((colon == std::string::npos) != (rest == nullptr)) return false;
  const std::string head = rest ? text.substr(0, colon) : text;
  if (rest) *rest = text.substr(colon + 1);
  const size_t comma = head.find(',');
  if (comma == std::string::npos) return false;
  const auto a = parse_hex_number(head.substr(0, comma)), l = parse_hex_number(head.substr(comma + 1));
  if (!a || !l) return false;
  addr = *a;
  len = *l;
  return true;
}

// A part of an qXfer object: 'm' and more to come, or 'l' for the last part.
// `len` bounds the reply after escaping.
std::string xfer_chunk(const std::string& object, uint64_t offset, uint64_t len) {
  if (offset >= object.size()) return "l";
  std::string out;
  size_t i = static_cast<size_t>(offset);
  for (; i < object.size(); ++i) {
    const std::string piece = escape_binary(object.substr(i, 1));
    if (out.size() + piece.size() > len) break;
    out += piece;
  }
  return (i < object.size() ? "m" : "l") + out;
}

}  // namespace

GdbStub::GdbStub(GdbTarget& target) : target_(target) {}

bool GdbStub::parse_thread(const std::string& text, long long& id) const {
  if (text == "-1") {
    id = -1;
    return true;
  }
  const auto v = parse_hex_number(text);
  if (!v) return false;
  if (*v == 0) {
    id = kAnyThread;
    return true;
  }
  if (*v > target_.thread_count()) return false;
  id = static_cast<long long>(*v - 1);
  return true;
}

std::string GdbStub::set_stop(const StopEvent& e) {
  char buf[64];
  switch (e.kind) {
    case StopEvent::Kind::Exited:
      std::snprintf(buf, sizeof buf, "W%02x", e.exit_code & 0xff);
      exited_ = true;
      break;
    case StopEvent::Kind::Killed:
      std::snprintf(buf, sizeof buf, "X09");
      exited_ = true;
      break;
    default: {
      const bool sigint = e.kind == StopEvent::Kind::Interrupt;
      const bool swbreak = e.kind == StopEvent::Kind::Breakpoint && swbreak_;
      std::snprintf(buf, sizeof buf, "T%sthread:%s;%s", sigint ? "02" : "05", thread_id(e.thread).c_str(),
                    swbreak ? "swbreak:;" : "");
      g_thread_ = e.thread;
      c_thread_ = -1;
    }
  }
  stop_reply_ = buf;
  return stop_reply_;
}

StubResult GdbStub::handle(const std::string& p) {
  auto reply = [](std::string text) { return StubResult{StubResult::Kind::Reply, std::move(text), {}}; };
  if (p.empty()) return reply("");
  const std::string args = p.substr(1);
  // After the end of the simulation only the questions about it make sense.
  if (exited_ && (p[0] == 'c' || p[0] == 's' || p[0] == 'C' || p[0] == 'S' || starts_with(p, "vCont;")))
    return reply(stop_reply_);
  switch (p[0]) {
    case '?': return reply(stop_reply_);
    case 'g': return reply(exited_ ? kError : read_registers());
    case 'G': return reply(exited_ ? kError : write_registers(args));
    case 'p': return reply(exited_ ? kError : read_register(args));
    case 'P': return reply(exited_ ? kError : write_register(args));
    case 'm': return reply(exited_ ? kError : read_memory(args));
    case 'M': return reply(exited_ ? kError : write_memory(args, false));
    case 'X': return reply(exited_ ? kError : write_memory(args, true));
    case 'Z': return reply(breakpoint(args, true));
    case 'z': return reply(breakpoint(args, false));
    case 'c': return resume_all(Resume::Continue, args);
    case 'C': {  // C sig[;addr]: the signal means nothing to a bare-metal hart
      const size_t semi = args.find(';');
      return resume_all(Resume::Continue, semi == std::string::npos ? "" : args.substr(semi + 1));
    }
    case 's': return resume_all(Resume::Step, args);
    case 'S': {
      const size_t semi = args.find(';');
      return resume_all(Resume::Step, semi == std::string::npos ? "" : args.substr(semi + 1));
    }
    case 'D': return {StubResult::Kind::Detach, "OK", {}};
    case 'k': return {StubResult::Kind::Kill, "", {}};
    case 'H': {
      long long id;
      if (args.size() < 2 || !parse_thread(args.substr(1), id)) return reply(kError);
      if (args[0] == 'g') {
        if (id >= 0) g_thread_ = static_cast<size_t>(id);
        return reply("OK");
      }
      if (args[0] == 'c') {
        c_thread_ = id >= 0 ? id : -1;
        return reply("OK");
      }
      return reply(kError);
    }
    case 'T': {
      long long id;
      return reply(parse_thread(args, id) && id >= 0 ? "OK" : kError);
    }
    default: break;
  }
  if (starts_with(p, "qSupported")) {
    swbreak_ = p.find("swbreak+") != std::string::npos;
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "PacketSize=%zx;QStartNoAckMode+;qXfer:features:read+;qXfer:threads:read+;%svContSupported+",
                  kPacketSize, swbreak_ ? "swbreak+;" : "");
    return reply(buf);
  }
  if (p == "QStartNoAckMode") {
    no_ack_ = true;
    return reply("OK");
  }
  if (p == "qAttached") return reply("1");
  if (p == "qC") return reply("QC" + thread_id(g_thread_));
  if (p == "qfThreadInfo") {
    std::string list = "m";
    for (size_t t = 0; t < target_.thread_count(); ++t) list += (t ? "," : "") + thread_id(t);
    return reply(list);
  }
  if (p == "qsThreadInfo") return reply("l");
  if (starts_with(p, "qThreadExtraInfo,")) {
    long long id;
    if (!parse_thread(p.substr(17), id) || id < 0) return reply(kError);
    const std::string state = target_.thread_state(static_cast<size_t>(id));
    return reply(to_hex(target_.thread_name(static_cast<size_t>(id)) + (state.empty() ? "" : ", " + state)));
  }
  if (starts_with(p, "qXfer:")) return reply(xfer(p.substr(6)));
  if (starts_with(p, "qSymbol")) return reply("OK");
  if (p == "vCont?") return reply("vCont;c;C;s;S");
  if (starts_with(p, "vCont;")) return exited_ ? reply(stop_reply_) : vcont(p.substr(6));
  if (starts_with(p, "vKill")) return {StubResult::Kind::Kill, "OK", {}};
  return reply("");  // not supported
}

std::string GdbStub::read_registers() {
  Hart& h = target_.hart(g_thread_);
  std::string out;
  for (unsigned n = 0; n < kGPacketRegisters; ++n) {
    const RegisterInfo* r = find_register(n);
    out += le_hex(gdb::read_register(h, *r).value_or(0), r->bits / 8);
  }
  return out;
}

std::string GdbStub::write_registers(const std::string& hex) {
  Hart& h = target_.hart(g_thread_);
  size_t at = 0;
  std::vector<std::pair<const RegisterInfo*, uint64_t>> values;
  for (unsigned n = 0; n < kGPacketRegisters; ++n) {
    const RegisterInfo* r = find_register(n);
    const size_t width = r->bits / 4;
    if (at + width > hex.size()) return kError;
    const auto v = parse_le_hex(hex.substr(at, width), r->bits / 8);
    if (!v) return kError;
    values.emplace_back(r, *v);
    at += width;
  }
  for (const auto& [r, v] : values) gdb::write_register(h, *r, v);
  return "OK";
}

std::string GdbStub::read_register(const std::string& args) {
  const auto n = parse_hex_number(args);
  const RegisterInfo* r = n ? find_register(static_cast<unsigned>(*n)) : nullptr;
  if (r == nullptr) return kError;
  const auto v = gdb::read_register(target_.hart(g_thread_), *r);
  if (!v) return std::string(r->bits / 4, 'x');  // "unavailable"
  return le_hex(*v, r->bits / 8);
}

std::string GdbStub::write_register(const std::string& args) {
  const size_t eq = args.find('=');
  if (eq == std::string::npos) return kError;
  const auto n = parse_hex_number(args.substr(0, eq));
  const RegisterInfo* r = n ? find_register(static_cast<unsigned>(*n)) : nullptr;
  if (r == nullptr) return kError;
  const auto v = parse_le_hex(args.substr(eq + 1), r->bits / 8);
  if (!v) return kError;
  return gdb::write_register(target_.hart(g_thread_), *r, *v) ? "OK" : kError;
}

std::string GdbStub::read_memory(const std::string& args) {
  uint64_t addr, len;
  if (!parse_addr_len(args, addr, len)) return kError;
  len = std::min<uint64_t>(len, kMaxMemoryRead);
  std::vector<uint8_t> buf(static_cast<size_t>(len));
  const size_t got = len ? target_.read_memory(g_thread_, addr, buf.data(), buf.size()) : 0;
  if (got == 0 && len != 0) return kError;
  return to_hex(buf.data(), got);
}

std::string GdbStub::write_memory(const std::string& args, bool binary) {
  uint64_t addr, len;
  std::string data;
  if (!parse_addr_len(args, addr, len, &data)) return kError;
  std::vector<uint8_t> bytes;
  if (binary) {
    const auto raw = unescape_binary(data);
    if (!raw) return kError;
    bytes.assign(raw->begin(), raw->end());
  } else {
    auto hex = from_hex(data);
    if (!hex) return kError;
    bytes = std::move(*hex);
  }
  if (bytes.size() != len) return kError;
  if (len == 0) return "OK";  // GDB's probe for X
  return target_.write_memory(g_thread_, addr, bytes.data(), bytes.size()) == len ? "OK" : kError;
}

std::string GdbStub::breakpoint(const std::string& args, bool insert) {
  // Z0 software and Z1 hardware breakpoints are the same thing here: the
  // simulator checks the pc, memory is never patched. Watchpoints: no.
  if (args.size() < 2 || (args[0] != '0' && args[0] != '1') || args[1] != ',') return "";
  const std::string rest = args.substr(2);
  const size_t comma = rest.find(',');
  const auto addr = parse_hex_number(rest.substr(0, comma));
  if (!addr) return kError;
  if (insert) breakpoints_.insert(*addr);
  else breakpoints_.erase(*addr);
  return "OK";
}

std::string GdbStub::xfer(const std::string& args) {
  // object:read:annex:offset,length
  const size_t a = args.find(':'), b = a == std::string::npos ? a : args.find(':', a + 1),
               c = b == std::string::npos ? b : args.find(':', b + 1);
  if (c == std::string::npos) return kError;
  const std::string object = args.substr(0, a), op = args.substr(a + 1, b - a - 1),
                    annex = args.substr(b + 1, c - b - 1);
  uint64_t offset, len;
  if (op != "read" || !parse_addr_len(args.substr(c + 1), offset, len)) return "";
  if (object == "features") {
    if (annex != "target.xml") return "E00";
    return xfer_chunk(target_xml(), offset, len);
  }
  if (object == "threads") return xfer_chunk(threads_xml(), offset, len);
  return "";
}

std::string GdbStub::threads_xml() const {
  std::string x = "<?xml version=\"1.0\"?>\n<threads>\n";
  for (size_t t = 0; t < target_.thread_count(); ++t) {
    const std::string state = target_.thread_state(t);
    x += "<thread id=\"" + thread_id(t) + "\" name=\"" + target_.thread_name(t) + "\"" +
         (state.empty() ? "/>\n" : ">" + state + "</thread>\n");
  }
  return x + "</threads>\n";
}

StubResult GdbStub::resume_all(Resume current, const std::string& addr) {
  const size_t n = target_.thread_count();
  const size_t self = c_thread_ >= 0 ? static_cast<size_t>(c_thread_) : g_thread_;
  if (!addr.empty()) {
    const auto pc = parse_hex_number(addr);
    if (!pc) return {StubResult::Kind::Reply, kError, {}};
    target_.hart(self).pc = *pc;
  }
  // c resumes every thread; s steps one and holds the others.
  std::vector<Resume> actions(n, current == Resume::Continue ? Resume::Continue : Resume::Hold);
  if (self < n) actions[self] = current;
  return {StubResult::Kind::Resume, "", std::move(actions)};
}

StubResult GdbStub::vcont(const std::string& args) {
  const size_t n = target_.thread_count();
  std::vector<Resume> actions(n, Resume::Hold);
  std::vector<bool> decided(n, false);
  size_t pos = 0;
  while (pos <= args.size()) {
    size_t end = args.find(';', pos);
    if (end == std::string::npos) end = args.size();
    const std::string item = args.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) return {StubResult::Kind::Reply, kError, {}};
    Resume what;
    size_t i = 1;
    switch (item[0]) {
      case 'c': what = Resume::Continue; break;
      case 's': what = Resume::Step; break;
      case 'C': what = Resume::Continue; i = 3; break;  // the signal: two hex digits
      case 'S': what = Resume::Step; i = 3; break;
      case 't': what = Resume::Hold; break;
      default: return {StubResult::Kind::Reply, kError, {}};
    }
    if (item.size() < i) return {StubResult::Kind::Reply, kError, {}};
    long long id = -1;
    if (item.size() > i) {
      if (item[i] != ':' || !parse_thread(item.substr(i + 1), id)) return {StubResult::Kind::Reply, kError, {}};
      if (id == kAnyThread) id = static_cast<long long>(g_thread_);
    }
    // The leftmost action that names a thread is the one it takes.
    for (size_t t = 0; t < n; ++t) {
      if (decided[t] || (id >= 0 && static_cast<size_t>(id) != t)) continue;
      actions[t] = what;
      decided[t] = true;
    }
    if (end == args.size()) break;
  }
  return {StubResult::Kind::Resume, "", std::move(actions)};
}

}  // namespace npuvp::gdb
