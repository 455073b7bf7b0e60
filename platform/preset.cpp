#include "platform/preset.h"

#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>
#include <tuple>
#include <utility>

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

const std::vector<std::string>& vector_class_names() {
  // npuvp::vector_class_name() of each VectorClass, in order
  // (models/ai_core/ai_core.h); platform/npu_platform.cpp checks they agree.
  static const std::vector<std::string> names = {"simple",        "fused_mul_add", "divide",  "transcendental",
                                                 "compare_select", "reduce",      "convert", "transpose",
                                                 "gather",        "copy"};
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


const std::vector<std::string> kCpuFields = {"clock_hz", "quantum_cycles", "timing", "penalties", "icache", "pmp"};

// The timing of a scalar core (/cpu, /npu/ai_core/scalar): one format.
CpuPreset parse_cpu(const Reader& r, const json& cpu, const std::string& at) {
  CpuPreset c;
  c.clock_hz = r.unsigned_int(cpu, at, "clock_hz", 1'000'000'000'000'000ull, 1);
  c.quantum_cycles = r.unsigned_int(cpu, at, "quantum_cycles", std::numeric_limits<uint64_t>::max(), 1);
  const auto& classes = latency_class_names();
  const json& timing = r.object(cpu, at, "timing", classes);
  for (const std::string& cls : classes) {
    const std::string path = at + "/timing";
    const json& row = r.object(timing, path, cls, {"latency", "occupancy"});
    TimingRowPreset t;
    t.latency = r.u32(row, path + "/" + cls, "latency", 1);
    t.occupancy = r.u32(row, path + "/" + cls, "occupancy", 1);
    c.timing.push_back(t);
  }
  const json& pen = r.object(cpu, at, "penalties", {"taken_branch", "trap"});
  c.taken_branch_penalty = r.u32(pen, at + "/penalties", "taken_branch");
  c.trap_penalty = r.u32(pen, at + "/penalties", "trap");
  const std::string icp = at + "/icache";
  const json& ic = r.object(cpu, at, "icache", {"size", "line", "ways", "miss_penalty"});
  c.icache_size = r.u32(ic, icp, "size", 1);
  c.icache_line = r.u32(ic, icp, "line", 4);
  c.icache_ways = r.u32(ic, icp, "ways", 1);
  c.icache_miss_penalty = r.u32(ic, icp, "miss_penalty");
  if (!is_power_of_two(c.icache_line)) r.fail(icp + "/line", "must be a power of two");
  // Optional: physical memory protection (default 16 entries, G = 0).
  if (cpu.contains("pmp")) {
    const json& pmp = r.object(cpu, at, "pmp", {"entries", "granularity"});
    c.pmp_entries = static_cast<uint32_t>(r.unsigned_int(pmp, at + "/pmp", "entries", 16));
    c.pmp_granularity = static_cast<uint32_t>(r.unsigned_int(pmp, at + "/pmp", "granularity", 52));
  }
  const uint64_t way_bytes = uint64_t{c.icache_line} * c.icache_ways;
  if (c.icache_size % way_bytes != 0 || !is_power_of_two(c.icache_size / way_bytes))
    r.fail(icp + "/size", "must be line * ways * a power of two");
  return c;
}

const std::vector<std::string> kNpuFields = {"dies", "aic_per_die", "aiv_per_die", "ai_core",
                                             "hbm", "l2", "noc", "die_link"};
constexpr uint32_t kU32Max = std::numeric_limits<uint32_t>::max();

NpuPreset parse_npu(const Reader& r, const json& npu, const std::string& at, const Preset& whole) {
  NpuPreset n;
  n.present = true;

  // Dies and their places in the address space.
  auto it = npu.find("dies");
  if (it == npu.end()) r.fail(at + "/dies", "missing");
  if (!it->is_array()) r.fail(at + "/dies", "expected array of dies");
  if (it->empty() || it->size() > 2) r.fail(at + "/dies", "expected one or two dies, got " + std::to_string(it->size()));
  for (size_t d = 0; d < it->size(); ++d) {
    const std::string dp = at + "/dies/" + std::to_string(d);
    r.check_object((*it)[d], dp, {"gm_base"});
    NpuDiePreset die;
    die.gm_base = r.unsigned_int((*it)[d], dp, "gm_base");
    if (die.gm_base % 4096 != 0) r.fail(dp + "/gm_base", "must be 4 KiB aligned");
    n.dies.push_back(die);
  }
  n.aic_per_die = r.u32(npu, at, "aic_per_die");
  n.aiv_per_die = r.u32(npu, at, "aiv_per_die", 1);

  // The AI core.
  const std::string ap = at + "/ai_core";
  const json& ac = r.object(npu, at, "ai_core",
                            {"scalar", "timing", "ub_size", "cube_buffers", "vector_lanes_fp16", "cube_macs_per_cycle_fp16",
                             "stack_size"});
  n.ai_core.scalar = parse_cpu(r, r.object(ac, ap, "scalar", kCpuFields), ap + "/scalar");
  const std::string tp = ap + "/timing";
  const json& t = r.object(ac, ap, "timing",
                           {"queue_depth", "sync_latency", "cycles_per_repeat", "vector_latency", "ub_bank_groups",
                            "ub_section_bytes", "ub_scalar_latency", "gm_booking_window", "mte2", "mte3", "mte1",
                            "fix", "cube_switch_cycles", "cube_latency", "cross_core_latency"});
  AiCoreTimingPreset& at_ = n.ai_core.timing;
  at_.queue_depth = r.u32(t, tp, "queue_depth", 1);
  at_.sync_latency = r.u32(t, tp, "sync_latency");
  const json& cpr = r.object(t, tp, "cycles_per_repeat", vector_class_names());
  for (const std::string& cls : vector_class_names()) at_.cycles_per_repeat.push_back(r.u32(cpr, tp + "/cycles_per_repeat", cls, 1));
  at_.vector_latency = r.u32(t, tp, "vector_latency");
  at_.ub_bank_groups = r.u32(t, tp, "ub_bank_groups", 1);
  at_.ub_section_bytes = r.u32(t, tp, "ub_section_bytes", 32);
  at_.ub_scalar_latency = r.u32(t, tp, "ub_scalar_latency");
  at_.gm_booking_window = r.u32(t, tp, "gm_booking_window");
  if (!is_power_of_two(at_.ub_bank_groups)) r.fail(tp + "/ub_bank_groups", "must be a power of two");
  if (at_.ub_section_bytes % 32 != 0) r.fail(tp + "/ub_section_bytes", "must be a multiple of 32 B blocks");
  const std::pair<const char*, MtePathPreset*> paths[] = {
      {"mte2", &at_.mte2}, {"mte3", &at_.mte3}, {"mte1", &at_.mte1}, {"fix", &at_.fix}};
  for (const auto& [m, p] : paths) {
    const json& mt = r.object(t, tp, m, {"bytes_per_cycle", "latency"});
    MtePathPreset& path = *p;
    path.bytes_per_cycle = r.u32(mt, tp + "/" + m, "bytes_per_cycle", 1);
    path.latency = r.u32(mt, tp + "/" + m, "latency");
  }
  at_.cube_switch_cycles = r.u32(t, tp, "cube_switch_cycles");
  at_.cube_latency = r.u32(t, tp, "cube_latency");
  at_.cross_core_latency = r.u32(t, tp, "cross_core_latency");
  n.ai_core.ub_size = r.u32(ac, ap, "ub_size", 32);
  {
    const std::string bp = ap + "/cube_buffers";
    const json& cb = r.object(ac, ap, "cube_buffers", {"l1", "l0a", "l0b", "l0c", "bt"});
    CubeBuffersPreset& b = n.ai_core.cube_buffers;
    // Each a whole number of its alignment unit (isa/XNPU.md): L1 32 B,
    // L0A/L0B 512 B fractals, L0C 1 KiB fractals, BiasTable 64 B.
    const std::tuple<const char*, uint32_t*, uint32_t> fields[] = {
        {"l1", &b.l1, 32}, {"l0a", &b.l0a, 512}, {"l0b", &b.l0b, 512}, {"l0c", &b.l0c, 1024}, {"bt", &b.bt, 64}};
    for (const auto& [name, value, unit] : fields) {
      *value = r.u32(cb, bp, name, unit);
      if (*value % unit != 0) r.fail(bp + "/" + name, "must be a multiple of " + std::to_string(unit) + " B");
    }
  }
  if (n.ai_core.ub_size % 32 != 0) r.fail(ap + "/ub_size", "must be a multiple of 32 B blocks");
  if (n.ai_core.ub_size % at_.ub_section_bytes != 0)
    r.fail(ap + "/ub_size", "must be a whole number of timing/ub_section_bytes sections");
  n.ai_core.vector_lanes_fp16 = r.u32(ac, ap, "vector_lanes_fp16", 1);
  n.ai_core.cube_macs_per_cycle_fp16 = r.u32(ac, ap, "cube_macs_per_cycle_fp16", 1);
  n.ai_core.stack_size = r.unsigned_int(ac, ap, "stack_size", uint64_t{1} << 30, 256);
  if (n.ai_core.stack_size % 16 != 0) r.fail(ap + "/stack_size", "must be a multiple of 16");

  // GM = the HBM of each die.
  const std::string hp = at + "/hbm";
  const json& h = r.object(npu, at, "hbm",
                           {"size", "clock_period_ps", "channels", "pseudo_channels", "bytes_per_cycle", "banks",
                            "row_size", "interleave", "bank_mapping", "tCL", "tCWL", "tRCD", "tRP", "tRAS", "tRFC", "tREFI", "tWTR",
                            "tRTW", "controller_latency"});
  HbmPreset& hb = n.hbm;
  hb.size = r.unsigned_int(h, hp, "size", std::numeric_limits<uint64_t>::max(), 4096);
  hb.clock_period_ps = r.u32(h, hp, "clock_period_ps", 1);
  hb.channels = r.u32(h, hp, "channels", 1);
  hb.pseudo_channels = r.u32(h, hp, "pseudo_channels", 1);
  hb.bytes_per_cycle = r.u32(h, hp, "bytes_per_cycle", 1);
  hb.banks = r.u32(h, hp, "banks", 1);
  hb.row_size = r.u32(h, hp, "row_size", 1);
  hb.interleave = r.unsigned_int(h, hp, "interleave", kU32Max, 1);
  if (!is_power_of_two(hb.row_size)) r.fail(hp + "/row_size", "must be a power of two");
  if (!is_power_of_two(hb.interleave)) r.fail(hp + "/interleave", "must be a power of two");
  hb.bank_mapping = r.string(h, hp, "bank_mapping");
  if (hb.bank_mapping != "rotate" && hb.bank_mapping != "linear")
    r.fail(hp + "/bank_mapping", "expected \"rotate\" or \"linear\"");
  hb.tCL = r.u32(h, hp, "tCL");
  hb.tCWL = r.u32(h, hp, "tCWL");
  hb.tRCD = r.u32(h, hp, "tRCD");
  hb.tRP = r.u32(h, hp, "tRP");
  hb.tRAS = r.u32(h, hp, "tRAS");
  hb.tRFC = r.u32(h, hp, "tRFC");
  hb.tREFI = r.u32(h, hp, "tREFI");
  if (hb.tREFI != 0 && hb.tRFC >= hb.tREFI) r.fail(hp + "/tRFC", "must be shorter than tREFI");
  hb.tWTR = r.u32(h, hp, "tWTR");
  hb.tRTW = r.u32(h, hp, "tRTW");
  hb.controller_latency = r.u32(h, hp, "controller_latency");

  // The dies' GM ranges: in the address space, apart from each other and
  // from the control CPU's RAM and CLINT.
  for (size_t d = 0; d < n.dies.size(); ++d) {
    const std::string dp = at + "/dies/" + std::to_string(d) + "/gm_base";
    const uint64_t b = n.dies[d].gm_base;
    if (b + (hb.size - 1) < b) r.fail(dp, "gm_base + hbm size wraps around");
    auto overlaps = [&](uint64_t base, uint64_t size) { return b < base + size && base < b + hb.size; };
    if (overlaps(whole.ram.base, whole.ram.size)) r.fail(dp, "die GM overlaps the RAM");
    if (overlaps(whole.clint.base, 0x10000)) r.fail(dp, "die GM overlaps the CLINT");
    for (size_t e = 0; e < d; ++e)
      if (overlaps(n.dies[e].gm_base, hb.size)) r.fail(dp, "die GM overlaps die " + std::to_string(e) + "'s");
  }

  // L2 per die.
  const std::string lp = at + "/l2";
  const json& l = r.object(npu, at, "l2",
                           {"size", "line_size", "ways", "replacement", "slices", "slice_interleave", "slice_hash", "bytes_per_cycle",
                            "tag_latency", "hit_latency"});
  L2Preset& l2 = n.l2;
  l2.size = r.unsigned_int(l, lp, "size", std::numeric_limits<uint64_t>::max(), 1);
  l2.line_size = r.u32(l, lp, "line_size", 1);
  l2.ways = r.u32(l, lp, "ways", 1);
  if (!is_power_of_two(l2.line_size)) r.fail(lp + "/line_size", "must be a power of two");
  if (l2.size % (uint64_t{l2.line_size} * l2.ways) != 0) r.fail(lp + "/size", "must be a multiple of line_size * ways");
  l2.replacement = r.string(l, lp, "replacement");
  if (l2.replacement != "lru" && l2.replacement != "fifo") r.fail(lp + "/replacement", "expected \"lru\" or \"fifo\"");
  l2.slices = r.u32(l, lp, "slices", 1);
  l2.slice_interleave = r.unsigned_int(l, lp, "slice_interleave", kU32Max, 1);
  l2.slice_hash = r.string(l, lp, "slice_hash");
  if (l2.slice_hash != "modulo" && l2.slice_hash != "xor_fold")
    r.fail(lp + "/slice_hash", "expected \"modulo\" or \"xor_fold\"");
  if (l2.slice_hash == "xor_fold" && (l2.slices < 2 || !is_power_of_two(l2.slices)))
    r.fail(lp + "/slice_hash", "xor_fold needs a power-of-two slice count of at least 2");
  l2.bytes_per_cycle = r.u32(l, lp, "bytes_per_cycle", 1);
  l2.tag_latency = r.u32(l, lp, "tag_latency");
  l2.hit_latency = r.u32(l, lp, "hit_latency");

  const std::string np = at + "/noc";
  const json& no = r.object(npu, at, "noc", {"latency", "requester_bytes_per_cycle", "l2_bytes_per_cycle"});
  n.noc.latency = r.u32(no, np, "latency");
  n.noc.requester_bytes_per_cycle = r.u32(no, np, "requester_bytes_per_cycle");
  n.noc.l2_bytes_per_cycle = r.u32(no, np, "l2_bytes_per_cycle");

  // The die-to-die link: present exactly when there are two dies.
  if (n.dies.size() == 2) {
    const std::string kp = at + "/die_link";
    const json& k = r.object(npu, at, "die_link", {"clock_period_ps", "bytes_per_cycle", "latency_ns"});
    n.die_link.clock_period_ps = r.u32(k, kp, "clock_period_ps", 1);
    n.die_link.bytes_per_cycle = r.u32(k, kp, "bytes_per_cycle", 1);
    n.die_link.latency_ns = r.u32(k, kp, "latency_ns");
  } else if (npu.contains("die_link")) {
    r.fail(at + "/die_link", "a die-to-die link needs two dies");
  }
  return n;
}
}  // namespace

ChipPreset parse_chip(const Reader& r, const json& chip, const std::string& at, const Preset& whole) {
  ChipPreset c;
  c.present = true;
  if (!whole.npu.present) r.fail(at, "a chip needs the /npu section");
  struct Range {
    std::string name;
    uint64_t base, size;
  };
  std::vector<Range> ranges = {{"the RAM", whole.ram.base, whole.ram.size}, {"the CLINT", whole.clint.base, 0x10000}};
  for (size_t d = 0; d < whole.npu.dies.size(); ++d)
    ranges.push_back({"die " + std::to_string(d) + "'s GM", whole.npu.dies[d].gm_base, whole.npu.hbm.size});
  auto device = [&](const std::string& key, const std::vector<std::string>& extra, uint64_t size) {
    std::vector<std::string> fields = {"base", "latency"};
    fields.insert(fields.end(), extra.begin(), extra.end());
    const json& o = r.object(chip, at, key, fields);
    DevicePreset d;
    d.base = r.unsigned_int(o, at + "/" + key, "base");
    d.latency = r.u32(o, at + "/" + key, "latency");
    for (const Range& x : ranges)
      if (d.base < x.base + x.size && x.base < d.base + size) r.fail(at + "/" + key + "/base", "overlaps " + x.name);
    ranges.push_back({at + "/" + key, d.base, size});
    return std::make_pair(d, &o);
  };
  c.boot_rom_size = r.unsigned_int(r.object(chip, at, "boot_rom", {"base", "latency", "size"}), at + "/boot_rom",
                                    "size", 0x1000000, 0x100);
  c.boot_rom = device("boot_rom", {"size"}, c.boot_rom_size).first;
  c.uart = device("uart", {}, 0x100).first;
  auto plic = device("plic", {"sources"}, 0x400000);
  c.plic = plic.first;
  c.plic_sources = r.u32(*plic.second, at + "/plic", "sources", 2);
  if (c.plic_sources > 1024) r.fail(at + "/plic/sources", "at most 1024");
  c.mailbox = device("mailbox", {}, 0x1000).first;
  c.dispatch = device("dispatch", {}, 0x1000).first;
  auto hbm = device("hbm_init", {"stride", "training_ns"}, 0x1000 * whole.npu.dies.size());
  c.hbm_init = hbm.first;
  c.hbm_init_stride = r.unsigned_int(*hbm.second, at + "/hbm_init", "stride", 0x100000, 0x1000);
  c.hbm_training_ns = r.unsigned_int(*hbm.second, at + "/hbm_init", "training_ns", 1000000000, 1);
  auto l2 = device("l2_ctrl", {"stride"}, 0x1000 * whole.npu.dies.size());
  c.l2_ctrl = l2.first;
  c.l2_ctrl_stride = r.unsigned_int(*l2.second, at + "/l2_ctrl", "stride", 0x100000, 0x1000);
  const json& irq = r.object(chip, at, "irq", {"uart", "mailbox", "dispatch"});
  c.irq_uart = r.u32(irq, at + "/irq", "uart", 1);
  c.irq_mailbox = r.u32(irq, at + "/irq", "mailbox", 1);
  c.irq_dispatch = r.u32(irq, at + "/irq", "dispatch", 1);
  for (uint32_t s : {c.irq_uart, c.irq_mailbox, c.irq_dispatch})
    if (s >= c.plic_sources) r.fail(at + "/irq", "source " + std::to_string(s) + " >= /chip/plic/sources");
  if (c.irq_uart == c.irq_mailbox || c.irq_uart == c.irq_dispatch || c.irq_mailbox == c.irq_dispatch)
    r.fail(at + "/irq", "two devices share a PLIC source");
  return c;
}

Preset parse_preset(const json& tree, const std::string& label) {
  Reader r(label);
  Preset p;
  p.tree = tree;
  r.check_object(tree, "", {"name", "cpu", "ram", "clint", "htif", "npu", "chip"});
  p.name = r.string(tree, "", "name");

  p.cpu = parse_cpu(r, r.object(tree, "", "cpu", kCpuFields), "/cpu");

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

  if (tree.contains("npu")) p.npu = parse_npu(r, r.object(tree, "", "npu", kNpuFields), "/npu", p);
  if (tree.contains("chip"))
    p.chip = parse_chip(r,
                        r.object(tree, "", "chip",
                                 {"boot_rom", "uart", "plic", "mailbox", "dispatch", "hbm_init", "l2_ctrl", "irq"}),
                        "/chip", p);
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

namespace {
json derived_npu_figures(const NpuPreset& n) {
  json d;
  const double dies = static_cast<double>(n.dies.size());
  const double clock = static_cast<double>(n.ai_core.scalar.clock_hz);
  const double aic = dies * n.aic_per_die, aiv = dies * n.aiv_per_die;
  d["dies"] = n.dies.size();
  d["aic_total"] = n.aic_per_die * n.dies.size();
  d["aiv_total"] = n.aiv_per_die * n.dies.size();
  d["ai_core_clock_ghz"] = clock / 1e9;
  // DESIGN.md: vector = AIVs x 128 lanes x 2 (a multiply-add counts two) x clock.
  d["peak_vector_tflops_fp16"] = aiv * n.ai_core.vector_lanes_fp16 * 2.0 * clock / 1e12;
  // DESIGN.md: cube = AICs x 4096 MAC x 2 x clock (fp16/bf16), int8 twice that.
  d["peak_cube_tflops_bf16"] = aic * n.ai_core.cube_macs_per_cycle_fp16 * 2.0 * clock / 1e12;
  d["peak_cube_tops_int8"] = 2.0 * aic * n.ai_core.cube_macs_per_cycle_fp16 * 2.0 * clock / 1e12;
  const double pcs = static_cast<double>(n.hbm.channels) * n.hbm.pseudo_channels;
  const double hbm_die = pcs * n.hbm.bytes_per_cycle / (n.hbm.clock_period_ps * 1e-12);
  d["hbm_bandwidth_tbps_per_die"] = hbm_die / 1e12;
  d["hbm_bandwidth_tbps"] = dies * hbm_die / 1e12;
  d["hbm_gib_total"] = dies * static_cast<double>(n.hbm.size) / double(uint64_t{1} << 30);
  d["l2_mib_per_die"] = static_cast<double>(n.l2.size) / (1024.0 * 1024.0);
  d["l2_sets"] = n.l2.size / (uint64_t{n.l2.line_size} * n.l2.ways);
  d["l2_bandwidth_tbps_per_die"] = static_cast<double>(n.l2.slices) * n.l2.bytes_per_cycle * clock / 1e12;
  d["mte2_gbps_per_core"] = n.ai_core.timing.mte2.bytes_per_cycle * clock / 1e9;
  d["mte3_gbps_per_core"] = n.ai_core.timing.mte3.bytes_per_cycle * clock / 1e9;
  if (n.dies.size() == 2) {
    d["die_link_gbps_each_way"] = n.die_link.bytes_per_cycle / (n.die_link.clock_period_ps * 1e-12) / 1e9;
    d["die_link_crossing_us"] = 2.0 * n.die_link.latency_ns / 1000.0;
  }
  // Roofline ridge: fp16 vector FLOPs per byte of HBM at which compute and
  // memory take the same time.
  d["vector_ridge_flops_per_byte"] = aiv * n.ai_core.vector_lanes_fp16 * 2.0 * clock / (dies * hbm_die);
  d["cube_ridge_flops_per_byte"] = aic * n.ai_core.cube_macs_per_cycle_fp16 * 2.0 * clock / (dies * hbm_die);
  return d;
}
}  // namespace

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
  if (p.npu.present) d["npu"] = derived_npu_figures(p.npu);
  return d;
}

}  // namespace npuvp
