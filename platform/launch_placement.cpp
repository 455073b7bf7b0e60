#include "platform/launch_placement.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace npuvp {

namespace {

constexpr uint64_t kPage = 4096;
uint64_t align_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

const char* core_kind_name(CoreKind k) {
  switch (k) {
    case CoreKind::Aiv: return "aiv";
    case CoreKind::Aic: return "aic";
    case CoreKind::Mix: return "mix";
  }
  return "?";
}

KernelArg KernelArg::f32(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  return f32_bits(bits);
}
KernelArg KernelArg::f64(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return f64_bits(bits);
}

CoreTopology CoreTopology::of(const NpuPreset& np) {
  return {static_cast<uint32_t>(np.dies.size()), np.aic_per_die, np.aiv_per_die};
}

CorePlacement place_blocks(const CoreTopology& t, CoreKind kind, uint32_t blocks, int die, const std::string& entry,
                           const std::string& preset_name) {
  if (blocks == 0) throw LaunchError("a launch needs at least one block");
  if (die >= static_cast<int>(t.dies)) throw LaunchError("no die " + std::to_string(die) + " on " + preset_name);
  const std::string name = entry.empty() ? "kernel_main" : entry;
  CorePlacement p;
  p.kind = kind;
  p.blocks = blocks;
  // Every unit of the kind, in order; then only the first `blocks` units run.
  std::vector<PlacedCore> all;
  auto add = [&](uint32_t d, bool vector, uint32_t id, uint32_t group, uint32_t member, const std::string& sym) {
    PlacedCore c;
    c.die = d;
    c.id = id;
    c.is_vector = vector;
    c.global_id = t.global_id(d, vector, id);
    c.dispatch_index = t.dispatch_index(d, vector, id);
    c.unit = p.units_available;
    c.group = group;
    c.member = member;
    c.entry_symbol = sym;
    all.push_back(std::move(c));
  };
  for (uint32_t d = 0; d < t.dies; ++d) {
    if (die >= 0 && static_cast<uint32_t>(die) != d) continue;
    switch (kind) {
      case CoreKind::Aiv:
        for (uint32_t v = 0; v < t.aiv_per_die; ++v, ++p.units_available) add(d, true, v, 0, 0, name);
        break;
      case CoreKind::Aic:
        for (uint32_t c = 0; c < t.aic_per_die; ++c, ++p.units_available) add(d, false, c, 0, 0, name);
        break;
      case CoreKind::Mix:
        for (uint32_t g = 0; g < t.groups_per_die(); ++g, ++p.units_available) {
          const uint32_t group = d * t.groups_per_die() + g;
          add(d, false, g, group, 0, name + "_mix_aic");
          for (uint32_t k = 0; k < 2; ++k) add(d, true, 2 * g + k, group, 1 + k, name + "_mix_aiv");
        }
        break;
    }
  }
  if (p.units_available == 0)
    throw LaunchError("preset " + preset_name + " has no " +
                      (kind == CoreKind::Mix ? std::string("AIC + 2 AIV groups")
                                             : core_kind_name(kind) + std::string(" cores")) +
                      (die >= 0 ? " on die " + std::to_string(die) : ""));
  p.units_used = std::min(p.units_available, blocks);
  for (PlacedCore& c : all) {
    if (c.unit >= p.units_used) break;
    for (uint32_t b = c.unit; b < blocks; b += p.units_available) c.blocks.push_back(b);
    p.cores.push_back(std::move(c));
  }
  return p;
}

uint64_t LaunchPlan::place(uint32_t die, uint64_t bytes, const std::string& what) {
  const uint64_t at = cursor.at(die);
  const uint64_t end = at + align_up(std::max<uint64_t>(bytes, 1), kPage);
  if (end > die_end.at(die))
    throw LaunchError(what + " (" + std::to_string(bytes) + " bytes) does not fit in die " + std::to_string(die) +
                      "'s GM of " + preset_name);
  cursor[die] = end;
  return at;
}

LaunchPlan plan_launch(const NpuPreset& np, const std::string& preset_name, const ElfImage& kernel,
                       const std::string& elf_path, CoreKind kind, uint32_t blocks, int die, const std::string& entry,
                       const std::vector<LaunchTensor>& tensors, const std::vector<KernelArg>& args) {
  LaunchPlan plan;
  plan.preset_name = preset_name;
  plan.entry_name = entry.empty() ? "kernel_main" : entry;
  plan.cores = place_blocks(CoreTopology::of(np), kind, blocks, die, plan.entry_name, preset_name);
  const uint32_t ndies = static_cast<uint32_t>(np.dies.size());

  // The entries, each resolved once.
  for (const PlacedCore& c : plan.cores.cores) {
    const auto a = kernel.symbols.address(c.entry_symbol);
    if (!a)
      throw LaunchError(elf_path + ": no symbol " + c.entry_symbol + " (the kernel's entry function" +
                        (kind == CoreKind::Mix ? " for a mixed launch" : "") + ")");
    plan.entry.push_back(*a);
  }

  // The kernel image: in die 0's GM.
  const uint64_t gm0 = np.dies.at(0).gm_base, gm_size = np.hbm.size;
  uint64_t image_end = gm0;
  for (const ElfSegment& s : kernel.segments) {
    if (s.memsz == 0) continue;
    if (s.vaddr < gm0 || s.vaddr + s.memsz > gm0 + gm_size)
      throw LaunchError(elf_path + ": segment [" + hex(s.vaddr) + ", " + hex(s.vaddr + s.memsz) +
                        ") is not in die 0's GM [" + hex(gm0) + ", " + hex(gm0 + gm_size) +
                        "): link kernels with add_npu_kernel (firmware/kernel/kernel.ld)");
    image_end = std::max(image_end, s.vaddr + s.memsz);
  }
  plan.regions.push_back({gm0, image_end - gm0, "kernel image", false});
  for (uint32_t d = 0; d < ndies; ++d) {
    plan.cursor.push_back(d == 0 ? align_up(image_end, kPage) : np.dies[d].gm_base);
    plan.die_end.push_back(np.dies[d].gm_base + gm_size);
  }

  // The stacks, core by core on the core's die; then the tensors.
  const uint64_t stack = np.ai_core.stack_size;
  for (const PlacedCore& c : plan.cores.cores) {
    const std::string what = "stack of core " + std::to_string(c.global_id);
    const uint64_t at = plan.place(c.die, stack, what);
    plan.stack_top.push_back(at + stack);
    plan.regions.push_back({at, stack, what, true});
  }
  for (size_t t = 0; t < tensors.size(); ++t) {
    const LaunchTensor& ts = tensors[t];
    const int d = ts.die < 0 ? 0 : ts.die;
    if (d >= static_cast<int>(ndies))
      throw LaunchError("tensor " + ts.name + ": no die " + std::to_string(d) + " on " + preset_name);
    const uint64_t at = plan.place(static_cast<uint32_t>(d), ts.bytes.size(), "tensor " + ts.name);
    plan.tensor_addr.push_back(at);
    plan.regions.push_back({at, ts.bytes.size(), ts.name.empty() ? "tensor " + std::to_string(t) : ts.name, true});
  }

  // The argument registers. No arguments given: every tensor, in order.
  std::vector<KernelArg> list = args;
  if (list.empty())
    for (size_t t = 0; t < tensors.size(); ++t) list.push_back(KernelArg::tensor(t));
  size_t nx = 0, nf = 0;
  for (const KernelArg& a : list) {
    uint64_t v = a.value;
    if (a.kind == KernelArg::Kind::Tensor) {
      if (a.value >= plan.tensor_addr.size())
        throw LaunchError("kernel argument names tensor " + std::to_string(a.value) + " of " +
                          std::to_string(plan.tensor_addr.size()));
      v = plan.tensor_addr[a.value];
    }
    const bool fp = a.kind == KernelArg::Kind::F32 || a.kind == KernelArg::Kind::F64;
    if (a.kind == KernelArg::Kind::F32) v = 0xFFFFFFFF00000000ull | (v & 0xFFFFFFFFu);
    if ((fp ? nf : nx) == 8)
      throw LaunchError(fp ? "more than 8 floating-point kernel arguments (fa0..fa7)"
                           : "more than 8 pointer/integer kernel arguments (a0..a7)");
    (fp ? plan.f[nf++] : plan.x[nx++]) = v;
  }
  return plan;
}

}  // namespace npuvp
