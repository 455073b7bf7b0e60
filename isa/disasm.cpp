// Disassembly from the operand pattern of each row, in llvm-objdump's
// `-M no-aliases` spelling; targets are absolute addresses.
#include "isa/disasm.h"

#include "isa/xnpu.h"

#include <cctype>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

namespace npuvp::isa {
namespace {

constexpr const char* kXRegs[32] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
                                    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                                    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
constexpr const char* kFRegs[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                    "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                    "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
constexpr const char* kRoundingModes[8] = {"rne", "rtz", "rdn", "rup", "rmm", "5", "6", "dyn"};

std::string fence_set(unsigned s) {
  if (s == 0) return "0";
  std::string r;
  if (s & 8) r += 'i';
  if (s & 4) r += 'o';
  if (s & 2) r += 'r';
  if (s & 1) r += 'w';
  return r;
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

const char* xreg_name(unsigned r) { return r < 32 ? kXRegs[r] : "?"; }
const char* freg_name(unsigned r) { return r < 32 ? kFRegs[r] : "?"; }

namespace {

// Names of the CSRs of an M/U-mode RV64 hart, indexed by CSR number; built once.
std::vector<std::string> build_csr_names() {
  std::vector<std::string> n(4096);
  const std::pair<unsigned, const char*> fixed[] = {
      {0x001, "fflags"},   {0x002, "frm"},       {0x003, "fcsr"},      {0xc00, "cycle"},
      {0xc01, "time"},     {0xc02, "instret"},   {0xf11, "mvendorid"}, {0xf12, "marchid"},
      {0xf13, "mimpid"},   {0xf14, "mhartid"},   {0xf15, "mconfigptr"}, {0x300, "mstatus"},
      {0x301, "misa"},     {0x302, "medeleg"},   {0x303, "mideleg"},   {0x304, "mie"},
      {0x305, "mtvec"},    {0x306, "mcounteren"}, {0x320, "mcountinhibit"}, {0x340, "mscratch"},
      {0x341, "mepc"},     {0x342, "mcause"},    {0x343, "mtval"},     {0x344, "mip"},
      {0xb00, "mcycle"},   {0xb02, "minstret"},  {0x7a0, "tselect"},   {0x7a1, "tdata1"},
      {0x7a2, "tdata2"},   {0x7a3, "tdata3"},    {0x7b0, "dcsr"},      {0x7b1, "dpc"},
      {0x7b2, "dscratch0"}, {0x7b3, "dscratch1"},
  };
  for (const auto& [num, name] : fixed) n[num] = name;
  for (const auto& c : xnpu::kCsrNames) n[c.number] = c.name;  // Xnpu: custom user CSRs
  for (unsigned i = 3; i <= 31; ++i) {
    n[0xc00 + i] = "hpmcounter" + std::to_string(i);
    n[0xb00 + i] = "mhpmcounter" + std::to_string(i);
    n[0x320 + i] = "mhpmevent" + std::to_string(i);
  }
  for (unsigned i = 0; i < 16; i += 2) n[0x3a0 + i] = "pmpcfg" + std::to_string(i);  // RV64: even only
  for (unsigned i = 0; i < 64; ++i) n[0x3b0 + i] = "pmpaddr" + std::to_string(i);
  return n;
}

}  // namespace

const char* csr_name(unsigned csr) {
  static const std::vector<std::string> names = build_csr_names();
  if (csr >= names.size() || names[csr].empty()) return nullptr;
  return names[csr].c_str();
}

std::string disassemble(uint32_t raw, uint64_t pc) {
  Decoded d;
  decode(raw, d);
  return disassemble(d, pc);
}

std::string disassemble(const Decoded& d, uint64_t pc) {
  char buf[32];
  if (d.id == InsnId::kCount) {
    if (d.length == 2)
      std::snprintf(buf, sizeof buf, "unknown 0x%04x", d.raw & 0xffff);
    else
      std::snprintf(buf, sizeof buf, "unknown 0x%08x", d.raw);
    return buf;
  }
  const InsnInfo& r = info(d.id);
  std::string out = r.mnemonic;
  if (r.format == Format::AMO || r.format == Format::LR) {
    static constexpr const char* kOrdering[4] = {"", ".rl", ".aq", ".aqrl"};
    out += kOrdering[d.rm & 3];
  }
  const std::string_view ops = r.operands;
  if (ops.empty()) return out;
  out += '\t';
  size_t i = 0;
  while (i < ops.size()) {
    if (!std::isalnum(static_cast<unsigned char>(ops[i]))) {
      out += ops[i++];
      continue;
    }
    size_t j = i;
    while (j < ops.size() && std::isalnum(static_cast<unsigned char>(ops[j]))) ++j;
    const std::string_view tok = ops.substr(i, j - i);
    i = j;
    if (tok == "rd") out += xreg_name(d.rd);
    else if (tok == "rs1") out += xreg_name(d.rs1);
    else if (tok == "rs2") out += xreg_name(d.rs2);
    else if (tok == "fd") out += freg_name(d.rd);
    else if (tok == "fs1") out += freg_name(d.rs1);
    else if (tok == "fs2") out += freg_name(d.rs2);
    else if (tok == "fs3") out += freg_name(d.rs3);
    else if (tok == "rs3") out += xreg_name(d.rs3);
    else if (tok == "imm") {
      // lui-like immediates are printed as the 20-bit field, like llvm.
      if (r.format == Format::U || r.format == Format::CI_LUI)
        out += std::to_string((static_cast<uint64_t>(d.imm) >> 12) & 0xfffff);
      else
        out += std::to_string(d.imm);
    } else if (tok == "target") out += hex(pc + static_cast<uint64_t>(d.imm));
    else if (tok == "csr") {
      const char* n = csr_name(static_cast<unsigned>(d.imm));
      out += n ? n : std::to_string(d.imm);
    } else if (tok == "zimm") out += std::to_string(d.rs1);
    else if (tok == "rm") out += kRoundingModes[d.rm & 7];
    else if (tok == "pred") out += fence_set((d.imm >> 4) & 0xf);
    else if (tok == "succ") out += fence_set(d.imm & 0xf);
    else if (tok == "funct3") out += std::to_string(d.imm & 7);
    else if (tok == "funct7") out += std::to_string((d.imm >> 3) & 0x7f);
    else if (tok == "cvtrm") out += xnpu::kRoundModeNames[d.rm & 7];
    else if (tok == "srcpipe" || tok == "pipe") out += xnpu::kPipeNames[d.imm & 7];
    else if (tok == "dstpipe") out += xnpu::kPipeNames[(d.imm >> 4) & 7];
    else if (tok == "event") out += std::to_string((d.imm >> 8) & 7);
    else out += tok;  // a literal word in the pattern
  }
  return out;
}

}  // namespace npuvp::isa
