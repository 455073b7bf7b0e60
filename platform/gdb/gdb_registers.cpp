#include "platform/gdb/gdb_registers.h"

#include <algorithm>
#include <sstream>

namespace npuvp::gdb {

namespace {

constexpr unsigned kCsrBase = 65;
constexpr unsigned kPrivRegnum = kCsrBase + 4096;

const char* const kXNames[32] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "fp", "s1", "a0",
                                 "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                                 "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
const char* const kFNames[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                 "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                 "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                 "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

// The machine CSRs a firmware developer looks at, and the user counters.
struct CsrRow {
  const char* name;
  unsigned num;
};
const CsrRow kCsrs[] = {
    {"mstatus", 0x300}, {"misa", 0x301},     {"mie", 0x304},      {"mtvec", 0x305},   {"mcounteren", 0x306},
    {"mcountinhibit", 0x320}, {"mscratch", 0x340}, {"mepc", 0x341}, {"mcause", 0x342}, {"mtval", 0x343},
    {"mip", 0x344},     {"mcycle", 0xB00},  {"minstret", 0xB02}, {"cycle", 0xC00},   {"instret", 0xC02},
    {"mhartid", 0xF14},
};

constexpr unsigned kFflags = 0x001, kFrm = 0x002, kFcsr = 0x003, kMcycle = 0xB00, kMinstret = 0xB02;

std::vector<RegisterInfo> build_table() {
  std::vector<RegisterInfo> t;
  for (unsigned i = 0; i < 32; ++i) {
    const char* type = i == 1 ? "code_ptr" : (i >= 2 && i <= 4) || i == 8 ? "data_ptr" : "int";
    t.push_back({kXNames[i], i, 64, type, "cpu", RegisterInfo::Kind::X, i});
  }
  t.push_back({"pc", 32, 64, "code_ptr", "cpu", RegisterInfo::Kind::Pc, 0});
  for (unsigned i = 0; i < 32; ++i) t.push_back({kFNames[i], 33 + i, 64, "riscv_double", "fpu", RegisterInfo::Kind::F, i});
  t.push_back({"fflags", kCsrBase + kFflags, 32, "int", "fpu", RegisterInfo::Kind::Csr, kFflags});
  t.push_back({"frm", kCsrBase + kFrm, 32, "int", "fpu", RegisterInfo::Kind::Csr, kFrm});
  t.push_back({"fcsr", kCsrBase + kFcsr, 32, "int", "fpu", RegisterInfo::Kind::Csr, kFcsr});
  for (const CsrRow& c : kCsrs) t.push_back({c.name, kCsrBase + c.num, 64, "int", "csr", RegisterInfo::Kind::Csr, c.num});
  t.push_back({"priv", kPrivRegnum, 64, "int", "virtual", RegisterInfo::Kind::Priv, 0});
  std::sort(t.begin(), t.end(), [](const RegisterInfo& a, const RegisterInfo& b) { return a.regnum < b.regnum; });
  return t;
}

// Machine privilege for the length of a debugger's CSR access.
class AsMachine {
 public:
  explicit AsMachine(Hart& h) : h_(h), saved_(h.priv) { h_.priv = Priv::M; }
  ~AsMachine() { h_.priv = saved_; }

 private:
  Hart& h_;
  Priv saved_;
};

}  // namespace

const std::vector<RegisterInfo>& register_table() {
  static const std::vector<RegisterInfo> table = build_table();
  return table;
}

const RegisterInfo* find_register(unsigned regnum) {
  const auto& t = register_table();
  auto it = std::lower_bound(t.begin(), t.end(), regnum,
                             [](const RegisterInfo& r, unsigned n) { return r.regnum < n; });
  return it != t.end() && it->regnum == regnum ? &*it : nullptr;
}

std::string target_xml() {
  std::ostringstream o;
  o << "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
    << "<architecture>riscv:rv64</architecture>\n";
  for (const char* feature : {"cpu", "fpu", "csr", "virtual"}) {
    o << "<feature name=\"org.gnu.gdb.riscv." << feature << "\">\n";
    if (std::string(feature) == "fpu")
      o << "<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/>"
        << "<field name=\"double\" type=\"ieee_double\"/></union>\n";
    for (const RegisterInfo& r : register_table()) {
      if (std::string(r.feature) != feature) continue;
      o << "<reg name=\"" << r.name << "\" bitsize=\"" << r.bits << "\" type=\"" << r.type << "\" regnum=\""
        << r.regnum << "\"";
      if (r.kind == RegisterInfo::Kind::Priv) o << " group=\"general\"";
      o << "/>\n";
    }
    o << "</feature>\n";
  }
  o << "</target>\n";
  return o.str();
}

std::optional<uint64_t> read_register(Hart& h, const RegisterInfo& r) {
  switch (r.kind) {
    case RegisterInfo::Kind::X: return h.x[r.index];
    case RegisterInfo::Kind::Pc: return h.pc;
    case RegisterInfo::Kind::F: return h.f[r.index];
    case RegisterInfo::Kind::Priv: return static_cast<uint64_t>(h.priv);
    case RegisterInfo::Kind::Csr: break;
  }
  // The FP CSRs whatever mstatus.FS says (the hart would trap with FS off).
  if (r.index == kFflags) return h.csr.fflags;
  if (r.index == kFrm) return h.csr.frm;
  if (r.index == kFcsr) return uint64_t{h.csr.frm} << 5 | h.csr.fflags;
  AsMachine m(h);
  try {
    return h.csr_read(r.index, 0);
  } catch (const Trap&) {
    return std::nullopt;
  }
}

bool write_register(Hart& h, const RegisterInfo& r, uint64_t value) {
  switch (r.kind) {
    case RegisterInfo::Kind::X:
      if (r.index != 0) h.x[r.index] = value;
      return true;
    case RegisterInfo::Kind::Pc: h.pc = value; return true;
    case RegisterInfo::Kind::F: h.f[r.index] = value; return true;
    case RegisterInfo::Kind::Priv:
      if (value != static_cast<uint64_t>(Priv::M) && value != static_cast<uint64_t>(Priv::U)) return false;
      h.priv = static_cast<Priv>(value);
      return true;
    case RegisterInfo::Kind::Csr: break;
  }
  if (r.index == kFflags || r.index == kFcsr) h.csr.fflags = value & 0x1f;
  if (r.index == kFrm) h.csr.frm = value & 7;
  if (r.index == kFcsr) h.csr.frm = (value >> 5) & 7;
  if (r.index == kFflags || r.index == kFrm || r.index == kFcsr) return true;
  AsMachine m(h);
  try {
    h.csr_write(r.index, value, 0);
  } catch (const Trap&) {
    return false;
  }
  // An instruction's write of mcycle/minstret is what the next instruction
  // reads (csr.cpp); the debugger's is what the counter holds now.
  if (r.index == kMcycle && !(h.csr.mcountinhibit & 1)) h.csr.mcycle_offset += 1;
  if (r.index == kMinstret && !(h.csr.mcountinhibit & 4)) h.csr.minstret_offset += 1;
  return true;
}

}  // namespace npuvp::gdb
