#include "models/trace/chrome_trace.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace npuvp {

namespace {

constexpr const char* kPipeOrder[] = {"PIPE_S", "PIPE_V", "PIPE_M", "PIPE_MTE1", "PIPE_MTE2", "PIPE_MTE3", "PIPE_FIX"};
constexpr unsigned kPipes = sizeof(kPipeOrder) / sizeof(kPipeOrder[0]);
constexpr unsigned kLaneStride = 32;  // sort index: group * 1000 + rank * 32 + lane
constexpr unsigned kMaxRank = 30;

std::string u64(uint64_t v) { return std::to_string(v); }

// Picoseconds as microseconds: integer part, then up to six decimals with
// trailing zeros dropped. Pure integer formatting: same value, same bytes.
std::string micros(uint64_t ps) {
  std::string s = u64(ps / 1'000'000);
  uint64_t frac = ps % 1'000'000;
  if (frac != 0) {
    char d[7];
    for (int i = 5; i >= 0; --i) {
      d[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    int n = 6;
    while (n > 0 && d[n - 1] == '0') --n;
    s += '.';
    s.append(d, static_cast<size_t>(n));
  }
  return s;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  json_escape_append(out, s);
  out += '"';
  return out;
}

}  // namespace

void json_escape_append(std::string& out, const std::string& s) {
  static const char hex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // A well-formed UTF-8 sequence (no overlongs, no surrogates, <= U+10FFFF)
    // is copied; anything else becomes U+FFFD, one byte at a time.
    size_t len = 0;
    uint32_t cp = 0, min = 0;
    if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f, min = 0x80;
    else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f, min = 0x800;
    else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07, min = 0x10000;
    bool ok = len != 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) ok = false;
      else cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      out.append(s, i, len);
      i += len;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
}

ChromeTrace::ChromeTrace(const std::string& path, ChromeTraceOptions options) : opt_(options), path_(path) {
  file_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file_) throw std::runtime_error(path + ": cannot create the trace file");
  out_ = file_.get();
  begin();
}

ChromeTrace::ChromeTrace(std::ostream& out, ChromeTraceOptions options) : opt_(options), out_(&out) { begin(); }

ChromeTrace::~ChromeTrace() {
  try {
    finish();
  } catch (...) {
  }
}

void ChromeTrace::begin() {
  if (opt_.clock_hz == 0) throw std::invalid_argument("trace: the clock must not be 0 Hz");
  if (opt_.max_lanes == 0) opt_.max_lanes = 1;
  opt_.max_lanes = std::min(opt_.max_lanes, kLaneStride);
  if (opt_.flow_history == 0) opt_.flow_history = 1;
  static const std::string head = "{\"traceEvents\":[\n";
  out_->write(head.data(), static_cast<std::streamsize>(head.size()));
  bytes_ = head.size();
  reserve_ = footer(true).size();
}

uint64_t ChromeTrace::to_ps(uint64_t cycle) const {
  const uint64_t hz = opt_.cycle_timeline ? 1'000'000'000ull : opt_.clock_hz;
  unsigned __int128 v = static_cast<unsigned __int128>(cycle) * 1'000'000'000'000ull + hz / 2;
  return static_cast<uint64_t>(v / hz);
}

std::string ChromeTrace::footer(bool worst) const {
  auto num = [worst](uint64_t v) { return worst ? std::string(20, '9') : u64(v); };
  std::string f = "\n],\n\"displayTimeUnit\":\"ns\",\n\"otherData\":{";
  f += "\"generator\":\"npuvp\",\"time_unit\":\"us\"";
  f += std::string(",\"timeline\":") + (opt_.cycle_timeline ? "\"cycles\"" : "\"clock\"");
  f += ",\"clock_hz\":" + u64(opt_.clock_hz);
  f += ",\"window_from\":" + u64(opt_.window_from);
  f += ",\"window_to\":" + u64(opt_.window_to);
  f += ",\"max_bytes\":" + u64(opt_.max_bytes);
  f += std::string(",\"truncated\":") + (worst || !truncated_ ? "false" : "true");
  f += ",\"truncated_at_cycle\":" + num(truncated_at_);
  f += ",\"slices\":" + num(counts_.slices);
  f += ",\"flows\":" + num(counts_.flows);
  f += ",\"slices_outside_window\":" + num(counts_.slices_outside_window);
  f += ",\"slices_lane_overflow\":" + num(counts_.slices_lane_overflow);
  f += ",\"flows_unbound\":" + num(counts_.flows_unbound);
  f += ",\"events_after_truncation\":" + num(counts_.events_after_truncation);
  for (const auto& [k, v] : info_) f += "," + quoted(k) + ":" + quoted(v);
  f += "}}\n";
  return f;
}

void ChromeTrace::set_info(const std::string& key, const std::string& value) {
  if (finished_) return;
  auto it = std::find_if(info_.begin(), info_.end(), [&](const auto& kv) { return kv.first == key; });
  if (it != info_.end()) it->second = value;
  else info_.emplace_back(key, value);
  reserve_ = footer(true).size();
}

void ChromeTrace::stop(uint64_t cycle) {
  truncated_ = true;
  truncated_at_ = cycle;
}

bool ChromeTrace::emit(const std::string& chunk, uint64_t cycle) {
  const size_t sep = first_event_ ? 0 : 2;
  if (bytes_ + sep + chunk.size() + reserve_ > opt_.max_bytes) {
    stop(cycle);
    return false;
  }
  if (!first_event_) out_->write(",\n", 2);
  out_->write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  bytes_ += sep + chunk.size();
  first_event_ = false;
  return true;
}

ChromeTrace::Track& ChromeTrace::track(const std::string& name, std::string& meta) {
  auto it = tracks_.find(name);
  if (it != tracks_.end()) return it->second;
  Track t;
  const size_t slash = name.find('/');
  const std::string proc = slash == std::string::npos ? name : name.substr(0, slash);
  t.thread = slash == std::string::npos ? name : name.substr(slash + 1);
  auto pit = processes_.find(proc);
  if (pit == processes_.end()) {
    Process p;
    p.pid = next_id_++;
    const std::string pid = u64(p.pid);
    meta += "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + pid + ",\"tid\":" + pid +
            ",\"args\":{\"name\":" + quoted(proc) + "}},\n";
    meta += "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":" + pid + ",\"tid\":" + pid +
            ",\"args\":{\"sort_index\":" + pid + "}},\n";
    pit = processes_.emplace(proc, std::move(p)).first;
  }
  Process& p = pit->second;
  t.pid = p.pid;
  // Threads "aiv3/PIPE_V" of a process "die0" group by "aiv3", then by pipe.
  const size_t last = t.thread.rfind('/');
  const std::string group = last == std::string::npos ? std::string() : t.thread.substr(0, last);
  const std::string leaf = last == std::string::npos ? t.thread : t.thread.substr(last + 1);
  unsigned g = p.groups.emplace(group, static_cast<unsigned>(p.groups.size())).first->second;
  unsigned rank = kPipes;
  for (unsigned k = 0; k < kPipes; ++k)
    if (leaf == kPipeOrder[k]) rank = k;
  if (rank == kPipes) {
    unsigned o = p.others.emplace(leaf, static_cast<unsigned>(p.others.size())).first->second;
    rank = std::min(kPipes + o, kMaxRank);
  }
  t.sort_base = g * 1000 + rank * kLaneStride;
  return tracks_.emplace(name, std::move(t)).first->second;
}

std::string ChromeTrace::lane_meta(const Track& t, size_t lane) const {
  const std::string pid = u64(t.pid), tid = u64(t.lanes[lane].tid);
  std::string name = t.thread;
  if (lane > 0) name += " #" + u64(lane + 1);
  return "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + pid + ",\"tid\":" + tid + ",\"args\":{\"name\":" +
         quoted(name) + "}},\n" + "{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":" + pid +
         ",\"tid\":" + tid + ",\"args\":{\"sort_index\":" + u64(t.sort_base + lane) + "}},\n";
}

void ChromeTrace::slice(const std::string& track_name, const std::string& name, uint64_t start, uint64_t end) {
  if (finished_) return;
  if (truncated_) {
    ++counts_.events_after_truncation;
    return;
  }
  if (end < start) end = start;
  const bool inside = start == end ? (start >= opt_.window_from && start < opt_.window_to)
                                   : (start < opt_.window_to && end > opt_.window_from);
  auto remember = [this](Track& t, Written w) {
    t.recent.push_back(w);
    if (t.recent.size() > opt_.flow_history) t.recent.pop_front();
  };
  constexpr size_t kNotWritten = static_cast<size_t>(-1);
  if (!inside) {
    ++counts_.slices_outside_window;
    // Remembered unwritten, so an arrow ending here is not bound to an
    // earlier slice that happens to be in the window.
    auto it = tracks_.find(track_name);
    if (it != tracks_.end()) remember(it->second, {start, end, 0, kNotWritten});
    return;
  }
  std::string chunk;
  Track& t = track(track_name, chunk);
  size_t lane = 0;
  while (lane < t.lanes.size() && t.lanes[lane].last_end > start) ++lane;
  if (lane == opt_.max_lanes) {
    ++counts_.slices_lane_overflow;
    remember(t, {start, end, 0, kNotWritten});
    return;
  }
  const bool new_lane = lane == t.lanes.size();
  if (new_lane) {
    t.lanes.push_back({next_id_++, 0});
    chunk += lane_meta(t, lane);
  }
  const uint64_t ts = to_ps(start), te = to_ps(end);
  chunk += "{\"ph\":\"X\",\"cat\":\"npu\",\"name\":" + quoted(name) + ",\"pid\":" + u64(t.pid) +
           ",\"tid\":" + u64(t.lanes[lane].tid) + ",\"ts\":" + micros(ts) + ",\"dur\":" + micros(te - ts) +
           ",\"args\":{\"start_cycle\":" + u64(start) + ",\"end_cycle\":" + u64(end) + "}}";
  if (!emit(chunk, start)) return;
  t.lanes[lane].last_end = end;
  ++counts_.slices;
  remember(t, {start, end, ts, lane});
}

const ChromeTrace::Written* ChromeTrace::bind(const Track& t, uint64_t cycle) const {
  const Written* best = nullptr;
  for (const Written& w : t.recent)
    if (w.start <= cycle && (best == nullptr || w.start >= best->start)) best = &w;
  if (best == nullptr || best->lane == static_cast<size_t>(-1)) return nullptr;
  return best;
}

void ChromeTrace::flow(uint64_t id, const std::string& from_track, uint64_t from_cycle, const std::string& to_track,
                       uint64_t to_cycle) {
  if (finished_) return;
  if (truncated_) {
    ++counts_.events_after_truncation;
    return;
  }
  auto fi = tracks_.find(from_track), ti = tracks_.find(to_track);
  const Written* a = fi == tracks_.end() ? nullptr : bind(fi->second, from_cycle);
  const Written* b = ti == tracks_.end() ? nullptr : bind(ti->second, to_cycle);
  if (a == nullptr || b == nullptr) {
    ++counts_.flows_unbound;
    return;
  }
  const Track& from = fi->second;
  const Track& to = ti->second;
  const std::string common = "\"cat\":\"npu\",\"name\":\"flag\",\"id\":" + u64(id);
  std::string chunk = "{\"ph\":\"s\"," + common + ",\"pid\":" + u64(from.pid) +
                      ",\"tid\":" + u64(from.lanes[a->lane].tid) + ",\"ts\":" + micros(a->ts_ps) + "},\n" +
                      "{\"ph\":\"f\",\"bp\":\"e\"," + common + ",\"pid\":" + u64(to.pid) +
                      ",\"tid\":" + u64(to.lanes[b->lane].tid) + ",\"ts\":" + micros(b->ts_ps) + "}";
  if (emit(chunk, to_cycle)) ++counts_.flows;
}

void ChromeTrace::finish() {
  if (finished_) return;
  finished_ = true;
  const std::string f = footer(false);
  out_->write(f.data(), static_cast<std::streamsize>(f.size()));
  bytes_ += f.size();
  out_->flush();
  const bool ok = static_cast<bool>(*out_);
  if (file_) file_->close();
  if (!ok || (file_ && file_->fail()))
    throw std::runtime_error((path_.empty() ? std::string("trace") : path_) + ": writing the trace failed");
}

std::pair<uint64_t, uint64_t> parse_trace_window(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos)
    throw std::invalid_argument("trace window '" + text + "': expected FROM:TO in cycles");
  auto number = [&](const std::string& s, uint64_t dflt) -> uint64_t {
    if (s.empty()) return dflt;
    if (!std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; }) || s.size() > 20)
      throw std::invalid_argument("trace window '" + text + "': '" + s + "' is not a cycle count");
    try {
      return std::stoull(s);
    } catch (const std::exception&) {
      throw std::invalid_argument("trace window '" + text + "': '" + s + "' is out of range");
    }
  };
  const uint64_t from = number(text.substr(0, colon), 0);
  const uint64_t to = number(text.substr(colon + 1), std::numeric_limits<uint64_t>::max());
  if (to <= from) throw std::invalid_argument("trace window '" + text + "': TO must be greater than FROM");
  return {from, to};
}

uint64_t parse_byte_size(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) ++digits;
  if (digits == 0 || digits > 19) throw std::invalid_argument("size '" + text + "': expected a number of bytes");
  const uint64_t n = std::stoull(text.substr(0, digits));
  std::string unit = text.substr(digits);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  unsigned shift = 0;
  if (unit.empty() || unit == "B") shift = 0;
  else if (unit == "K" || unit == "KB" || unit == "KIB") shift = 10;
  else if (unit == "M" || unit == "MB" || unit == "MIB") shift = 20;
  else if (unit == "G" || unit == "GB" || unit == "GIB") shift = 30;
  else throw std::invalid_argument("size '" + text + "': unknown unit '" + text.substr(digits) + "' (K, M or G)");
  if (shift != 0 && n > (std::numeric_limits<uint64_t>::max() >> shift))
    throw std::invalid_argument("size '" + text + "': too large");
  return n << shift;
}

}  // namespace npuvp
