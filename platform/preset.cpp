#include "platform/preset.h"

#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>

#ifndef NPUVP_SOURCE_PRESET_DIR
#error "NPUVP_SOURCE_PRESET_DIR must be defined by the build"
#endif

namespace npuvp {

using nlohmann::json;

const std::vector<std::string>& latency_class_names() {
  static const std::vector<std::string> names = {
#define LATCLASS(name, description) #name,
#include "isa/latclasses.def"
#undef LATCLASS
  };
  return names;
}

namespace {

bool is_annotation(const std::string& key) {
  auto ends = [&](const char* s) {
    const std::string suf(s);
    return key.size() >= suf.size() && key.compare(key.size() - suf.size(), suf.size(), suf) == 0;
  };
  return key == "comment" || key == "source" || ends("_comment") || ends("_source");
}

// Walks the tree with the JSON pointer of every value at hand for messages.
class Reader {
 public:
  explicit Reader(std::string label) : label_(std::move(label)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw PresetError("preset " + label_ + ": " + (path.empty() ? "/" : path) + ": " + what);
  }

  // The object at obj[key]; `allowed` are its fields besides annotations.
  const json& object(const json& obj, const std::string& path, const std::string& key,
                     const std::vector<std::string>& allowed) const {
    const json& v = field(obj, path, key);
    check_object(v, path + "/" + key, allowed);
    return v;
  }

  void check_object(const json& v, const std::string& path, const std::vector<std::string>& allowed) const {
    if (!v.is_object()) fail(path, "expected object");
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& k = it.key();
      if (is_annotation(k)) {
        if (!it->is_string()) fail(path + "/" + k, "expected string");
        continue;
      }
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) fail(path + "/" + k, "unknown field");
    }
  }

  // An unsigned integer, written as a JSON number or as a "0x..." string.
  uint64_t unsigned_int(const json& obj, const std::string& path, const std::string& key,
                        uint64_t max = std::numeric_limits<uint64_t>::max(), uint64_t min = 0) const {
    const json& v = field(obj, path, key);
    const std::string p = path + "/" + key;
    uint64_t x = 0;
    if (v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0)) {
      x = v.get<uint64_t>();
    } else if (v.is_string() && is_hex(v.get<std::string>())) {
      x = std::stoull(v.get<std::string>(), nullptr, 16);
    } else if (v.is_number_integer()) {
      fail(p, "expected unsigned integer, got " + v.dump());
    } else {
      fail(p, "expected unsigned integer");
    }
    if (x > max) fail(p, "out of range: " + std::to_string(x) + " > " + std::to_string(max));
    if (x < min) fail(p, "out of range: " + std::to_string(x) + " < " + std::to_string(min));
    return x;
  }
  uint32_t u32(const json& obj, const std::string& path, const std::string& key, uint32_t min = 0) const {
    return static_cast<uint32_t>(unsigned_int(obj, path, key, std::numeric_limits<uint32_t>::max(), min));
  }
  bool boolean(const json& obj, const std::string& path, const std::string& key) const {
    const json& v = field(obj, path, key);
    if (!v.is_boolean()) fail(path + "/" + key, "expected true or false");
    return v.get<bool>();
  }
  std::string string(const json& obj, const std::string& path, const std::string& key) const {
    const json& v = field(obj, path, key);
    if (!v.is_string()) fail(path + "/" + key, "expected string");
    return v.get<std::string>();
  }

 private:
  static bool is_hex(const std::string& s) {
    if (s.size() < 3 || s.size() > 18 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
    return std::all_of(s.begin() + 2, s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  }
  const json& field(const json& obj, const std::string& path, const std::string& key) const {
    auto it = obj.find(key);
    if (it == obj.end()) fail(path + "/" + key, "missing");
    return *it;
  }

  std::string label_;
};

bool is_power_of_two(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

}  // namespace

Preset parse_preset(const json& tree, const std::string& label) {
  Reader r(label);
  Preset p;
  p.tree = tree;
  r.check_object(tree, "", {"name", "cpu", "ram", "clint", "htif"});
  p.name = r.string(tree, "", "name");

  const json& cpu = r.object(tree, "", "cpu", {"clock_hz", "quantum_cycles", "timing", "penalties", "icache"});
  p.cpu.clock_hz = r.unsigned_int(cpu, "/cpu", "clock_hz", 1'000'000'000'000'000ull, 1);
  p.cpu.quantum_cycles = r.unsigned_int(cpu, "/cpu", "quantum_cycles", std::numeric_limits<uint64_t>::max(), 1);
  const auto& classes = latency_class_names();
  const json& timing = r.object(cpu, "/cpu", "timing", classes);
  for (const std::string& c : classes) {
    const std::string path = "/cpu/timing";
    const json& row = r.object(timing, path, c, {"latency", "occupancy"});
    TimingRowPreset t;
    t.latency = r.u32(row, path + "/" + c, "latency", 1);
    t.occupancy = r.u32(row, path + "/" + c, "occupancy", 1);
    p.cpu.timing.push_back(t);
  }
  const json& pen = r.object(cpu, "/cpu", "penalties", {"taken_branch", "trap"});
  p.cpu.taken_branch_penalty = r.u32(pen, "/cpu/penalties", "taken_branch");
  p.cpu.trap_penalty = r.u32(pen, "/cpu/penalties", "trap");
  const json& ic = r.object(cpu, "/cpu", "icache", {"size", "line", "ways", "miss_penalty"});
  p.cpu.icache_size = r.u32(ic, "/cpu/icache", "size", 1);
  p.cpu.icache_line = r.u32(ic, "/cpu/icache", "line", 4);
  p.cpu.icache_ways = r.u32(ic, "/cpu/icache", "ways", 1);
  p.cpu.icache_miss_penalty = r.u32(ic, "/cpu/icache", "miss_penalty");
  if (!is_power_of_two(p.cpu.icache_line)) r.fail("/cpu/icache/line", "must be a power of two");
  const uint64_t way_bytes = uint64_t{p.cpu.icache_line} * p.cpu.icache_ways;
  if (p.cpu.icache_size % way_bytes != 0 || !is_power_of_two(p.cpu.icache_size / way_bytes))
    r.fail("/cpu/icache/size", "must be line * ways * a power of two");

  const json& ram = r.object(tree, "", "ram", {"base", "size", "read_latency", "write_latency"});
  p.ram.base = r.unsigned_int(ram, "/ram", "base");
  p.ram.size = r.unsigned_int(ram, "/ram", "size", std::numeric_limits<uint64_t>::max(), 1);
  if (p.ram.base + (p.ram.size - 1) < p.ram.base) r.fail("/ram/size", "base + size wraps around");
  p.ram.read_latency = r.u32(ram, "/ram", "read_latency");
  p.ram.write_latency = r.u32(ram, "/ram", "write_latency");

  const json& clint = r.object(tree, "", "clint", {"base", "mtime_divider", "latency"});
  p.clint.base = r.unsigned_int(clint, "/clint", "base");
  p.clint.mtime_divider = r.unsigned_int(clint, "/clint", "mtime_divider", std::numeric_limits<uint32_t>::max(), 1);
  p.clint.latency = r.u32(clint, "/clint", "latency");
  const uint64_t clint_size = 0x10000;
  if (p.clint.base < p.ram.base + p.ram.size && p.ram.base < p.clint.base + clint_size)
    r.fail("/clint/base", "CLINT overlaps the RAM");

  const json& htif = r.object(tree, "", "htif", {"enabled", "latency"});
  p.htif.enabled = r.boolean(htif, "/htif", "enabled");
  p.htif.latency = r.u32(htif, "/htif", "latency");
  return p;
}

std::string preset_dir() {
  if (const char* env = std::getenv("NPUVP_PRESET_DIR"); env != nullptr && *env != '\0') return env;
  return NPUVP_SOURCE_PRESET_DIR;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  if (DIR* d = opendir(preset_dir().c_str())) {
    while (dirent* e = readdir(d)) {
      std::string f = e->d_name;
      if (f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0) names.push_back(f.substr(0, f.size() - 5));
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Preset load_preset(const std::string& name_or_file) {
  const bool is_path = name_or_file.find('/') != std::string::npos ||
                       (name_or_file.size() > 5 && name_or_file.compare(name_or_file.size() - 5, 5, ".json") == 0);
  const std::string path = is_path ? name_or_file : preset_dir() + "/" + name_or_file + ".json";
  const std::string label = path.substr(path.find_last_of('/') + 1);
  std::ifstream in(path);
  if (!in) {
    if (is_path) throw PresetError("preset " + path + ": cannot open file");
    std::string known;
    for (const auto& n : preset_names()) known += (known.empty() ? "" : ", ") + n;
    throw PresetError("preset " + name_or_file + ": no such preset in " + preset_dir() + " (known: " +
                      (known.empty() ? "none" : known) + ")");
  }
  json tree;
  try {
    tree = json::parse(in);
  } catch (const json::parse_error& e) {
    throw PresetError("preset " + label + ": not valid JSON: " + e.what());
  }
  Preset p = parse_preset(tree, label);
  p.path = path;
  return p;
}

json derived_figures(const Preset& p) {
  json d;
  d["cpu_clock_period_ps"] = 1e12 / static_cast<double>(p.cpu.clock_hz);
  d["mtime_hz"] = static_cast<double>(p.cpu.clock_hz) / static_cast<double>(p.clint.mtime_divider);
  d["quantum_ns"] = static_cast<double>(p.cpu.quantum_cycles) * 1e9 / static_cast<double>(p.cpu.clock_hz);
  d["icache_sets"] = p.cpu.icache_size / (p.cpu.icache_line * p.cpu.icache_ways);
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(p.ram.base + p.ram.size - 1));
  d["ram_last_address"] = buf;
  d["ram_mib"] = static_cast<double>(p.ram.size) / (1024.0 * 1024.0);
  return d;
}

}  // namespace npuvp
