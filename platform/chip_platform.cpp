#include "platform/chip_platform.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "firmware/include/npuvp_mailbox.h"
#include "models/devices/ai_core_dispatch.h"
#include "models/devices/boot_rom.h"
#include "models/devices/clint.h"
#include "models/devices/gm_gate.h"
#include "models/devices/hbm_init.h"
#include "models/devices/htif.h"
#include "models/devices/irq.h"
#include "models/devices/l2_ctrl.h"
#include "models/devices/mailbox.h"
#include "models/devices/plic.h"
#include "models/devices/uart16550.h"
#include "models/hbm/hbm_controller.h"
#include "models/l2_cache/l2_cache.h"
#include "models/memory/bus.h"
#include "models/noc/die_link.h"
#include "models/noc/noc.h"
#include "platform/npu_params.h"

namespace npuvp {

using sc_core::sc_time;

namespace {
std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}
}  // namespace

// Set by firmware/CMakeLists.txt; a build without the RISC-V firmware has none.
#ifndef NPUVP_FIRMWARE_ELF
#define NPUVP_FIRMWARE_ELF ""
#endif
#ifndef NPUVP_BOOT_ROM_ELF
#define NPUVP_BOOT_ROM_ELF ""
#endif
std::string default_firmware() { return NPUVP_FIRMWARE_ELF; }
std::string default_boot_rom() { return NPUVP_BOOT_ROM_ELF; }

class ChipPlatform::Cores : public DispatchCores {
 public:
  explicit Cores(ChipPlatform& p) : p_(p) {}
  bool start(unsigned c, const AiCoreLaunch& launch, sc_time at) override {
    Core& core = p_.cores_.at(c);
    // A launch from the host is checked against its tensors; the firmware's
    // own (the self-test) against nothing.
    core.core->set_gm_regions(p_.launch_posted_ ? p_.regions_ : std::vector<GmRegion>{});
    if (!core.core->start(launch, at)) return false;
    core.running = true;
    return true;
  }
  std::string core_name(unsigned c) const override { return p_.core_name(c); }
  sc_time begin_launch(sc_time at) override { return p_.begin_launch(at); }

 private:
  ChipPlatform& p_;
};

std::string ChipPlatform::core_name(size_t c) const {
  const Core& k = cores_.at(c);
  return "die" + std::to_string(k.die) + (k.is_vector ? ".aiv" : ".aic") + std::to_string(k.index);
}

ChipPlatform::ChipPlatform(sc_core::sc_module_name name, const Preset& preset, const ChipOptions& options,
                           const LaunchRequest* launch)
    : sc_core::sc_module(name), preset_(preset), options_(options), launch_(launch) {
  if (!preset_.npu.present) throw PresetError("preset " + preset_.name + " has no NPU (no /npu section)");
  if (!preset_.chip.present)
    throw PresetError("preset " + preset_.name + " has no chip around its NPU (no /chip section) to boot");
  if (options_.firmware.empty()) options_.firmware = default_firmware();
  if (options_.boot_rom.empty()) options_.boot_rom = default_boot_rom();
  if (options_.firmware.empty() || options_.boot_rom.empty())
    throw LaunchError("this npuvp was built without the reference firmware and boot ROM: give --firmware");
  const bool functional = options_.mode == SimMode::Functional;
  build_npu(preset_.npu, functional);
  build_devices(preset_);
  if (launch_) place_launch(*launch_);
  map_gm0();
  load_images();
}

void ChipPlatform::map_gm0() {
  // As NpuPlatform does: a kernel that prints through HTIF (its tohost and
  // fromhost words) reaches the console; the rest of die 0's GM is the L2's.
  const NpuPreset& np = preset_.npu;
  const uint64_t base = np.dies[0].gm_base, end = base + np.hbm.size;
  struct Hole {
    uint64_t addr, htif_offset;
    const char* name;
  };
  std::vector<Hole> holes;
  if (launch_) {
    if (const auto tohost = kernel_.symbols.address("tohost")) {
      Htif::Params hp;
      hp.latency = period_of_hz(np.ai_core.scalar.clock_hz);
      hp.console = launch_->console;
      htif_ = std::make_unique<Htif>(
          "htif", hp, [this](uint64_t a, void* p, uint64_t n, bool w) { return gm_access(a, p, n, w); },
          [this](int code) {
            platform_error("a kernel called exit(" + std::to_string(code) +
                           ") through HTIF: kernels return from their entry function, they never stop the platform");
          });
      holes.push_back({*tohost, Htif::kToHost, "tohost"});
      if (const auto fromhost = kernel_.symbols.address("fromhost")) holes.push_back({*fromhost, Htif::kFromHost, "fromhost"});
      std::sort(holes.begin(), holes.end(), [](const Hole& a, const Hole& b) { return a.addr < b.addr; });
      for (const Hole& h : holes) dies_[0].noc->map(htif_->socket, h.addr, 8, h.name, h.htif_offset);
    }
  }
  uint64_t at = base;
  int piece = 0;
  auto map_l2 = [&](uint64_t from, uint64_t to) {
    dies_[0].noc->map(dies_[0].l2->socket, from, to - from, "gm0_" + std::to_string(piece++), from - base,
                      np.noc.l2_bytes_per_cycle);
  };
  for (const Hole& h : holes) {
    if (h.addr < base || h.addr + 8 > end) continue;
    if (h.addr > at) map_l2(at, h.addr);
    at = std::max(at, h.addr + 8);
  }
  if (at < end) map_l2(at, end);
}

ChipPlatform::~ChipPlatform() = default;

void ChipPlatform::build_npu(const NpuPreset& np, bool functional) {
  const uint32_t ndies = static_cast<uint32_t>(np.dies.size());
  const sc_time period = period_of_hz(np.ai_core.scalar.clock_hz);
  for (uint32_t d = 0; d < ndies; ++d) {
    Die die;
    const std::string n = std::to_string(d);
    die.hbm = std::make_unique<HbmController>(("hbm" + n).c_str(), hbm_params(np.hbm, functional));
    die.l2 = std::make_unique<L2Cache>(("l2_" + n).c_str(), l2_params(np.l2, period, functional));
    die.noc = std::make_unique<Noc>(("noc" + n).c_str(), noc_params(np.noc, period, functional));
    die.l2->downstream.bind(die.hbm->socket);
    // Die 0's GM is mapped once the launch is known (map_gm0): its kernel's
    // HTIF words are holes in it.
    if (d != 0) die.noc->map(die.l2->socket, np.dies[d].gm_base, np.hbm.size, "gm" + n, 0, np.noc.l2_bytes_per_cycle);
    HbmInit::Params hp;
    hp.size = np.hbm.size;
    hp.gm_base = np.dies[d].gm_base;
    hp.channels = np.hbm.channels * np.hbm.pseudo_channels;
    hp.training = sc_time(static_cast<double>(preset_.chip.hbm_training_ns), sc_core::SC_NS);
    hp.latency = period_of_hz(preset_.cpu.clock_hz) * static_cast<double>(preset_.chip.hbm_init.latency);
    die.init = std::make_unique<HbmInit>(("hbm_init" + n).c_str(), hp);
    die.gate = std::make_unique<GmGate>(
        ("gm_gate" + n).c_str(),
        [this](uint64_t addr, sc_time t) {
          // The HBM of the die whose GM holds addr; other addresses are not GM.
          for (size_t e = 0; e < dies_.size(); ++e) {
            const uint64_t base = preset_.npu.dies[e].gm_base;
            if (addr >= base && addr - base < preset_.npu.hbm.size) return dies_[e].init->ready(t);
          }
          return true;
        },
        [this](const std::string& m) { platform_error(m); });
    dies_.push_back(std::move(die));
  }

  // The cores, in the dispatch block's order: per die the cube cores, then
  // the vector cores, with the global ids a direct launch gives them
  // (platform/launch_placement.h, CoreTopology).
  const CoreTopology topology = CoreTopology::of(np);
  for (uint32_t d = 0; d < ndies; ++d) {
    for (uint32_t k = 0; k < np.aic_per_die + np.aiv_per_die; ++k) {
      const bool vec = k >= np.aic_per_die;
      const uint32_t i = vec ? k - np.aic_per_die : k;
      // A host launch's cycle limit applies to every launch (the self-test's too).
      AiCoreConfig cfg = ai_core_config(np, options_.mode, launch_ ? launch_->max_cycles : 0, d, vec, i,
                                        topology.global_id(d, vec, i));
      cfg.dispatched = true;
      Core core;
      core.die = d;
      core.index = i;
      core.is_vector = vec;
      core.core = std::make_unique<AiCore>(((vec ? "die" + std::to_string(d) + "_aiv" : "die" + std::to_string(d) + "_aic") +
                                            std::to_string(i)).c_str(),
                                           cfg);
      cores_.push_back(std::move(core));
    }
  }
  for (size_t c = 0; c < cores_.size(); ++c) {
    AiCore& ac = *cores_[c].core;
    GmGate& gate = *dies_[cores_[c].die].gate;
    const std::string n = core_name(c);
    unsigned port = static_cast<unsigned>(gate.in.size());
    gate.name_port(port++, n + " DMA");
    gate.name_port(port++, n + " instruction fetch");
    gate.name_port(port, n + " scalar load/store");
    ac.gm.bind(gate.in);
    ac.scalar().ifetch.bind(gate.in);
    ac.data.bind(gate.in);
    ac.scalar().set_stop_handler([this, c] { on_core_finished(c); });
    ac.set_launch_done_handler([this, c] { on_core_finished(c); });
  }
  // Gate port i -> network port i.
  for (uint32_t d = 0; d < ndies; ++d) {
    size_t ports = 0;
    for (const Core& c : cores_) ports += c.die == d ? 3 : 0;
    for (size_t i = 0; i < ports; ++i) dies_[d].gate->out.bind(dies_[d].noc->requesters);
  }
  if (ndies == 2) {
    link_ = std::make_unique<DieLink>("die_link", link_params(np.die_link, functional));
    link_->to_die1.bind(dies_[1].noc->requesters);
    link_->to_die0.bind(dies_[0].noc->requesters);
    dies_[0].noc->map(link_->from_die0, np.dies[1].gm_base, np.hbm.size, "die1", np.dies[1].gm_base);
    dies_[1].noc->map(link_->from_die1, np.dies[0].gm_base, np.hbm.size, "die0", np.dies[0].gm_base);
  }
}

void ChipPlatform::build_devices(const Preset& p) {
  const ChipPreset& cp = p.chip;
  ScalarCoreConfig cfg = scalar_config(p.cpu, options_.mode, options_.max_cycles);
  cfg.reset_pc = cp.boot_rom.base;
  cfg.hartid = 0;
  cfg.mtime_divider = p.clint.mtime_divider;
  cfg.commit_log = options_.commit_log;
  const sc_time period = cfg.clock_period;
  auto lat = [&](const DevicePreset& d) { return period * static_cast<double>(d.latency); };
  cpu_ = std::make_unique<ScalarCore>("cpu", cfg);
  cpu_irq_ = std::make_unique<IrqAdapter<ScalarCore>>(*cpu_);
  cpu_->set_stop_handler([this] {
    const StopReason r = cpu_->stop_reason();
    const std::string m = "control CPU: " + std::string(stop_reason_name(r)) +
                          (cpu_->stop_message().empty() ? "" : ": " + cpu_->stop_message());
    platform_error(m);
    if (r == StopReason::CycleLimit) result_.outcome = BootResult::Outcome::CycleLimit;
  });
  bus_ = std::make_unique<Bus>("cpu_bus");
  cpu_->ifetch.bind(bus_->target);
  cpu_->data.bind(bus_->target);

  BootRom::Params rp;
  rp.size = cp.boot_rom_size;
  rp.latency = lat(cp.boot_rom);
  rom_ = std::make_unique<BootRom>("boot_rom", rp);
  bus_->map(rom_->socket, cp.boot_rom.base, cp.boot_rom_size, "boot_rom");

  Clint::Params clp;
  clp.tick = period * static_cast<double>(p.clint.mtime_divider);
  clp.latency = period * static_cast<double>(p.clint.latency);
  clint_ = std::make_unique<Clint>("clint", clp, std::vector<IrqTarget*>{cpu_irq_.get()});
  bus_->map(clint_->socket, p.clint.base, Clint::kSize, "clint");

  Plic::Params pp;
  pp.sources = cp.plic_sources;
  pp.latency = lat(cp.plic);
  plic_ = std::make_unique<Plic>("plic", pp, cpu_irq_.get());
  bus_->map(plic_->socket, cp.plic.base, Plic::kSize, "plic");

  Uart16550::Params up;
  up.latency = lat(cp.uart);
  up.console = options_.uart;
  uart_ = std::make_unique<Uart16550>("uart", up, [this, s = cp.irq_uart](bool l) { plic_->set_source(s, l); });
  bus_->map(uart_->socket, cp.uart.base, Uart16550::kSize, "uart");

  Mailbox::Params mp;
  mp.latency = lat(cp.mailbox);
  mailbox_ = std::make_unique<Mailbox>(
      "mailbox", mp, [this, s = cp.irq_mailbox](bool l) { plic_->set_source(s, l); },
      [this](const Mailbox::Words& w, sc_time at) { on_response(std::vector<uint64_t>(w.begin(), w.end()), at); });
  bus_->map(mailbox_->socket, cp.mailbox.base, Mailbox::kSize, "mailbox");

  AiCoreDispatch::Params dp;
  dp.dies = static_cast<unsigned>(p.npu.dies.size());
  dp.aic_per_die = p.npu.aic_per_die;
  dp.aiv_per_die = p.npu.aiv_per_die;
  dp.clock_period = period_of_hz(p.npu.ai_core.scalar.clock_hz);
  dp.latency = lat(cp.dispatch);
  dispatch_cores_ = std::make_unique<Cores>(*this);
  dispatch_ = std::make_unique<AiCoreDispatch>(
      "dispatch", dp, *dispatch_cores_,
      [this](uint64_t a, void* d, uint64_t n) { return gm_access(a, d, n, false); },
      [this, s = cp.irq_dispatch](bool l) { plic_->set_source(s, l); },
      [this](const std::string& m) { platform_error(m); });
  bus_->map(dispatch_->socket, cp.dispatch.base, AiCoreDispatch::kSize, "dispatch");

  for (size_t d = 0; d < dies_.size(); ++d) {
    HbmController& hbm = *dies_[d].hbm;
    dies_[d].init->set_precharge([&hbm](sc_time at) { return hbm.precharge_all(at); });
    L2Ctrl::Params lp;
    lp.size = p.npu.l2.size;
    lp.line_size = p.npu.l2.line_size;
    lp.latency = lat(cp.l2_ctrl);
    L2Cache& l2 = *dies_[d].l2;
    dies_[d].l2_ctrl = std::make_unique<L2Ctrl>(("l2_ctrl" + std::to_string(d)).c_str(), lp, [&l2](sc_time at) {
      const L2Cache::Flush f = l2.flush_invalidate(at);
      return L2Ctrl::FlushResult{f.done, f.writebacks, f.invalidated};
    });
    bus_->map(dies_[d].l2_ctrl->socket, cp.l2_ctrl.base + d * cp.l2_ctrl_stride, L2Ctrl::kSize,
              "l2_ctrl" + std::to_string(d));
    bus_->map(dies_[d].init->socket, cp.hbm_init.base + d * cp.hbm_init_stride, HbmInit::kSize,
              "hbm_init" + std::to_string(d));
    // GM: through die 0's network (die 1's over the die-to-die link).
    bus_->map(dies_[0].noc->requesters, p.npu.dies[d].gm_base, p.npu.hbm.size, "gm" + std::to_string(d),
              p.npu.dies[d].gm_base);
  }
}

bool ChipPlatform::gm_access(uint64_t addr, void* data, uint64_t len, bool write) {
  const uint64_t size = preset_.npu.hbm.size;
  for (size_t d = 0; d < dies_.size(); ++d) {
    const uint64_t base = preset_.npu.dies[d].gm_base;
    if (addr < base || addr - base > size || size - (addr - base) < len) continue;
    uint8_t* p = dies_[d].hbm->host_ptr(addr - base);
    if (p == nullptr) return false;
    if (write) {
      std::memcpy(p, data, len);
      for (Core& c : cores_) c.core->scalar().invalidate_decoded(addr, len);
      cpu_->invalidate_decoded(addr, len);
    } else {
      std::memcpy(data, p, len);
    }
    return true;
  }
  return false;
}

void ChipPlatform::load_images() {
  const NpuPreset& np = preset_.npu;
  std::vector<LoadRegion> gm;
  for (size_t d = 0; d < dies_.size(); ++d)
    gm.push_back({"die " + std::to_string(d) + " GM", np.dies[d].gm_base, np.hbm.size, dies_[d].hbm->host_ptr(0)});
  const ElfImage fw = read_elf(options_.firmware);
  load_elf(fw, gm);
  for (const ElfSegment& s : fw.segments)
    for (const GmRegion& r : regions_)
      if (s.memsz != 0 && s.vaddr < r.base + r.size && r.base < s.vaddr + s.memsz)
        throw LaunchError(options_.firmware + ": the firmware image [" + hex(s.vaddr) + ", " + hex(s.vaddr + s.memsz) +
                          ") overlaps the launch's " + r.name);
  const ElfImage rom = read_elf(options_.boot_rom);
  const uint64_t base = preset_.chip.boot_rom.base, size = preset_.chip.boot_rom_size;
  std::vector<uint8_t> image(size, 0);
  load_elf(rom, {{"boot ROM", base, size, image.data()}});
  // The boot ROM jumps to the word at `boot_target`, which the host fills in
  // (as QEMU's reset vector reads the kernel's start address from a table).
  const auto target = rom.symbols.address("boot_target");
  if (!target || *target < base || *target + 8 > base + size)
    throw ElfError(options_.boot_rom + ": no 8-byte symbol boot_target inside the boot ROM");
  std::memcpy(image.data() + (*target - base), &fw.entry, 8);
  rom_->program(0, image.data(), size);
}

void ChipPlatform::place_launch(const LaunchRequest& rq) {
  // The direct launch's placement (platform/launch_placement.h), so that
  // both runs see the same cores, blocks, entries and addresses; then the
  // argument block and the stack table (which a direct launch does not
  // need) after everything else.
  const NpuPreset& np = preset_.npu;
  kernel_ = read_elf(rq.elf_path);
  LaunchPlan plan = plan_launch(np, preset_.name, kernel_, rq.elf_path, rq.cores, rq.blocks, rq.die,
                                      rq.entry_symbol, rq.tensors, rq.args);
  for (const PlacedRegion& r : plan.regions) regions_.push_back({r.base, r.size, r.name, r.writable});
  tensor_addr_ = plan.tensor_addr;

  std::array<uint64_t, AiCoreDispatch::kArgWords> block{};
  std::copy(plan.x.begin(), plan.x.end(), block.begin());
  std::copy(plan.f.begin(), plan.f.end(), block.begin() + 8);
  const uint64_t args_at = plan.place(0, sizeof block, "argument block");
  regions_.push_back({args_at, sizeof block, "argument block", false});
  std::vector<uint64_t> stacks(cores_.size(), 0);  // by dispatch core number
  for (size_t k = 0; k < plan.cores.cores.size(); ++k) stacks.at(plan.cores.cores[k].dispatch_index) = plan.stack_top[k];
  const uint64_t stacks_at = plan.place(0, stacks.size() * 8, "stack table");
  regions_.push_back({stacks_at, stacks.size() * 8, "stack table", false});

  // Contents: the image, the tensors, the arguments, the stack table (the
  // host writes GM, as over PCIe; nothing has cached these addresses).
  const uint64_t gm0 = np.dies[0].gm_base;
  load_elf(kernel_, {{"die 0 GM", gm0, np.hbm.size, dies_[0].hbm->host_ptr(0)}});
  for (size_t t = 0; t < rq.tensors.size(); ++t)
    if (!rq.tensors[t].bytes.empty())
      gm_access(tensor_addr_[t], const_cast<uint8_t*>(rq.tensors[t].bytes.data()), rq.tensors[t].bytes.size(), true);
  gm_access(args_at, block.data(), sizeof block, true);
  gm_access(stacks_at, stacks.data(), stacks.size() * 8, true);

  // The request: a core mask, or for a mixed launch a group mask and the
  // cube cores' own entry.
  const bool mix = rq.cores == CoreKind::Mix;
  std::array<uint64_t, 4> mask{};
  uint64_t entry = 0, entry_aic = 0;
  for (size_t k = 0; k < plan.cores.cores.size(); ++k) {
    const PlacedCore& c = plan.cores.cores[k];
    launch_cores_.push_back(c.dispatch_index);
    const uint32_t bit = mix ? c.group : c.dispatch_index;
    mask[bit / 64] |= uint64_t{1} << (bit % 64);
    (c.is_vector || !mix ? entry : entry_aic) = plan.entry[k];
  }
  const uint64_t flags = MB_LAUNCH_STACK_TABLE | (mix ? MB_LAUNCH_GROUPS | MB_LAUNCH_ENTRY_AIC : 0);
  launch_words_ = {MB_LAUNCH, kernel_.entry, entry, rq.blocks, args_at, stacks_at, np.ai_core.stack_size,
                   mask[0], mask[1], mask[2], mask[3], flags, entry_aic};
}

void ChipPlatform::platform_error(const std::string& message) {
  if (finished_) return;
  finished_ = true;
  result_.outcome = BootResult::Outcome::ModelError;
  result_.message = message;
  sc_core::sc_stop();
}

void ChipPlatform::on_response(const std::vector<uint64_t>& w, sc_time at) {
  if (finished_) return;
  switch (w[0]) {
    case MB_READY:
      result_.ready_ns = static_cast<uint64_t>(at.to_seconds() * 1e9 + 0.5);
      result_.firmware_status = w[1];
      result_.cores_passed = w[2];
      if (w[1] != 0) {
        finished_ = true;
        result_.outcome = BootResult::Outcome::Failed;
        result_.message = "the firmware reported ready with status " + std::to_string(w[1]);
        sc_core::sc_stop();
        return;
      }
      result_.outcome = BootResult::Outcome::Ready;
      if (launch_ && !launch_posted_) {
        Mailbox::Words req{};
        std::copy(launch_words_.begin(), launch_words_.end(), req.begin());
        launch_posted_ = true;
        mailbox_->post(req);
        return;
      }
      finished_ = true;
      sc_core::sc_stop();
      return;
    case MB_DONE:
      if (!launch_posted_) return platform_error("the firmware reported a launch done that the host never asked for");
      finished_ = true;
      launch_status_ = w[1];
      collect_launch();
      sc_core::sc_stop();
      return;
    case MB_PANIC:
      finished_ = true;
      result_.outcome = BootResult::Outcome::Failed;
      result_.message = "the firmware panicked (reason " + std::to_string(w[1]) + ", detail " + hex(w[2]) + ")";
      sc_core::sc_stop();
      return;
    case MB_REFUSED:
      finished_ = true;
      result_.outcome = BootResult::Outcome::Failed;
      result_.message = "the firmware refused the request (reason " + std::to_string(w[1]) + ", detail " +
                        std::to_string(w[2]) + ")";
      sc_core::sc_stop();
      return;
    default:
      platform_error("the firmware sent an unknown mailbox response " + hex(w[0]));
  }
}

void ChipPlatform::on_core_finished(size_t c) {
  Core& k = cores_[c];
  if (!k.running) return;
  k.running = false;
  AiCore& ac = *k.core;
  if (ac.scalar().stop_reason() != StopReason::Running) ac.on_scalar_stopped();
  AiCoreDispatch::CoreState state = AiCoreDispatch::kDone;
  for (const KernelIssue& is : ac.issues()) {
    if (!is.fatal) continue;
    state = is.kind == KernelIssue::Kind::Deadlock ? AiCoreDispatch::kDeadlock : AiCoreDispatch::kBadAccess;
    break;
  }
  if (state == AiCoreDispatch::kDone) {
    switch (ac.scalar().stop_reason()) {
      case StopReason::Running: break;  // back in reset after npu_exit
      case StopReason::UnhandledTrap: state = AiCoreDispatch::kTrapped; break;
      case StopReason::Deadlock: state = AiCoreDispatch::kDeadlock; break;
      default: state = AiCoreDispatch::kStopped; break;
    }
  }
  dispatch_->core_finished(static_cast<unsigned>(c), state, ac.stats().cycles);
  // The launch's memory-system counters end with its last core.
  if (launch_posted_ && !dispatch_->busy()) launch_counters_end_ = memory_counters();
}

MemoryCounters ChipPlatform::memory_counters() const {
  std::vector<const L2Cache*> l2;
  std::vector<const HbmController*> hbm;
  for (const Die& d : dies_) {
    l2.push_back(d.l2.get());
    hbm.push_back(d.hbm.get());
  }
  return MemoryCounters::read(l2, hbm, link_.get());
}

sc_time ChipPlatform::begin_launch(sc_time at) {
  // The first AI-core clock edge a cycle or more after `at` outside every die's
  // refresh windows; the refresh timers restart there, as they start with
  // a direct launch's cores at time 0 (AI_CORE_DISPATCH.md, "Launch start").
  const Ticks period = to_ticks(period_of_hz(preset_.npu.ai_core.scalar.clock_hz));
  auto edge = [&](sc_time t) { return to_time((to_ticks(t) + period - 1) / period * period); };
  sc_time start = edge(at + to_time(period));
  for (bool moved = true; moved;) {
    moved = false;
    for (const Die& d : dies_) {
      const sc_time free = edge(d.hbm->refresh_free(start));
      if (free != start) {
        start = free;
        moved = true;
      }
    }
  }
  for (Die& d : dies_) d.hbm->restart_refresh(start);
  if (launch_posted_) launch_counters_start_ = memory_counters();
  return start;
}

void ChipPlatform::collect_launch() {
  LaunchResult& r = launch_result_;
  r.clock_hz = 1.0 / period_of_hz(preset_.npu.ai_core.scalar.clock_hz).to_seconds();
  r.tensor_addresses = tensor_addr_;
  r.cycles = dispatch_->last_cycles();
  for (size_t c : launch_cores_) {
    const AiCore& ac = *cores_[c].core;
    CoreResult cr;
    cr.global_index = ac.config().global_id;
    cr.die = cores_[c].die;
    cr.core_id = ac.config().core_id;
    cr.is_vector = cores_[c].is_vector;
    cr.blocks = ac.config().blocks;
    cr.reason = ac.scalar().stop_reason() == StopReason::Running ? StopReason::Exit : ac.scalar().stop_reason();
    cr.message = ac.scalar().stop_message();
    cr.pc = ac.scalar().hart().pc;
    cr.stats = ac.stats();
    cr.scalar = ac.launch_scalar_stats();
    for (const KernelIssue& is : ac.issues()) r.issues.push_back(is);
    if (r.reason == StopReason::Running && cr.reason != StopReason::Exit) {
      r.reason = cr.reason;
      r.message = core_name(c) + ": " + stop_reason_name(cr.reason) + (cr.message.empty() ? "" : ": " + cr.message);
    }
    r.cores.push_back(std::move(cr));
  }
  // Cross-core flags set and never waited for (a warning, as a direct launch gives it).
  for (size_t c : launch_cores_) {
    const AiCoreConfig& cfg = cores_[c].core->config();
    if (cfg.cross == nullptr) continue;
    for (unsigned ev = 0; ev < CrossCoreFlags::kEvents; ++ev) {
      const size_t n = cfg.cross->pending(cfg.cross_member, ev);
      if (n == 0) continue;
      r.issues.push_back({KernelIssue::Kind::FlagLeftSet, false,
                          std::string("warning: ") + cores_[c].core->name() + ": cross-core flag event " +
                              std::to_string(ev) + " left set for it at kernel end (" + std::to_string(n) +
                              " set(s) never waited for)"});
    }
  }
  for (const KernelIssue& is : r.issues)
    if (is.fatal && r.reason == StopReason::Running) {
      r.reason = StopReason::Error;
      r.message = is.message;
    }
  if (r.reason == StopReason::Running && launch_status_ != 0) {
    r.reason = StopReason::Error;
    r.message = "the firmware reports " + std::to_string(launch_status_) + " failed cores";
  }
  if (r.reason == StopReason::Running) r.reason = StopReason::Exit;
  r.outputs.resize(launch_->tensors.size());
  for (size_t t = 0; t < launch_->tensors.size(); ++t) {
    if (!launch_->tensors[t].is_output) continue;
    r.outputs[t].resize(launch_->tensors[t].bytes.size());
    if (!r.outputs[t].empty()) gm_access(tensor_addr_[t], r.outputs[t].data(), r.outputs[t].size(), false);
  }
  if (launch_counters_end_.dies.empty()) launch_counters_end_ = memory_counters();  // no clean completion
  nlohmann::json s =
      launch_stats_json(preset_, *launch_, r, launch_counters_end_.since(launch_counters_start_), nullptr);
  s["via"] = "firmware";
  s["boot"] = {{"ready_ns", result_.ready_ns}, {"cores_passed_self_test", result_.cores_passed}};
  r.stats = s;
}

BootResult ChipPlatform::run() {
  // A core in wfi that nothing can wake ends the simulation's activity; the
  // dispatch block reports it (deadlock) and the firmware goes on. The
  // simulation ends when the host is done, on an error, or when the control
  // CPU itself sleeps for good.
  for (;;) {
    sc_core::sc_start();
    if (finished_ || sc_core::sc_get_status() == sc_core::SC_STOPPED) break;
    bool woke = false;
    for (Core& c : cores_) {
      if (!c.running || c.core->scalar().stop_reason() != StopReason::Running) continue;
      c.core->scalar().on_simulation_end();
      woke = true;
    }
    if (woke) continue;
    cpu_->on_simulation_end();
    result_.outcome = BootResult::Outcome::Deadlock;
    result_.message = "control CPU: " + cpu_->stop_message();
    break;
  }
  if (!finished_ && result_.message.empty()) {
    result_.outcome = BootResult::Outcome::ModelError;
    result_.message = "the simulation ended before the firmware reported ready";
  }
  if (launch_ && launch_result_.reason == StopReason::Running) {
    launch_result_.reason = result_.outcome == BootResult::Outcome::Deadlock ? StopReason::Deadlock : StopReason::Error;
    launch_result_.message = result_.message.empty() ? "the firmware did not complete the launch" : result_.message;
    launch_result_.stats["stop_reason"] = stop_reason_name(launch_result_.reason);
  }
  return result_;
}

BootResult boot(const Preset& preset, const ChipOptions& options) {
  ChipPlatform chip("chip", preset, options);
  return chip.run();
}

LaunchResult launch_via_firmware(const Preset& preset, const LaunchRequest& request, const ChipOptions& options,
                                 BootResult* boot_result) {
  ChipPlatform chip("chip", preset, options, &request);
  const BootResult b = chip.run();
  if (boot_result) *boot_result = b;
  return chip.launch_result();
}

}  // namespace npuvp
