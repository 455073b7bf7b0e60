// Table-driven decoding: rows are bucketed once by the bits every row of a
// kind fixes (the major opcode of a 32-bit instruction; quadrant and funct3 of
// a compressed one), most specific mask first, so a lookup scans a handful of
// rows. Operand fields are then extracted per format.
#include "isa/decoder.h"

#include <algorithm>
#include <array>
#include <vector>

namespace npuvp::isa {
namespace {

constexpr uint32_t bits(uint32_t x, unsigned hi, unsigned lo) {
  return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}
constexpr uint32_t bit(uint32_t x, unsigned b) { return (x >> b) & 1; }
// Sign-extends the low `width` bits of x.
constexpr int64_t sext(uint64_t x, unsigned width) {
  const uint64_t m = uint64_t{1} << (width - 1);
  x &= (m << 1) - 1;
  return static_cast<int64_t>((x ^ m) - m);
}
// 3-bit register field of a compressed instruction: x8..x15.
constexpr uint8_t creg(uint32_t x, unsigned lo) { return static_cast<uint8_t>(8 + bits(x, lo + 2, lo)); }
constexpr uint8_t reg(uint32_t x, unsigned lo) { return static_cast<uint8_t>(bits(x, lo + 4, lo)); }

// Buckets 0..127: 32-bit instructions by opcode bits 6:0.
// Buckets 128..159: compressed instructions by funct3 (15:13) and quadrant (1:0).
constexpr size_t kBuckets = 160;
size_t bucket_of(uint32_t raw, unsigned length) {
  if (length == 4) return raw & 0x7f;
  return 128 + ((bits(raw, 15, 13) << 2) | (raw & 3));
}

using Buckets = std::array<std::vector<InsnId>, kBuckets>;

Buckets build_buckets() {
  Buckets b;
  for (const InsnInfo& r : kInsnTable) b[bucket_of(r.match, r.length)].push_back(r.id);
  // Nested rows: the more specific (more fixed bits) comes first and wins.
  for (auto& v : b)
    std::stable_sort(v.begin(), v.end(), [](InsnId x, InsnId y) {
      return __builtin_popcount(info(x).mask) > __builtin_popcount(info(y).mask);
    });
  return b;
}

const Buckets& buckets() {
  static const Buckets b = build_buckets();
  return b;
}

// Fills the operand fields of `d` from d.raw per format. Returns false for a
// reserved encoding the mask cannot rule out.
bool extract(Format f, Decoded& d) {
  const uint32_t x = d.raw;
  switch (f) {
    // ---- 32-bit
    case Format::R:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15), d.rs2 = reg(x, 20);
      return true;
    case Format::R_RM:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15), d.rs2 = reg(x, 20);
      d.rm = static_cast<uint8_t>(bits(x, 14, 12));
      return true;
    case Format::R4:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15), d.rs2 = reg(x, 20), d.rs3 = reg(x, 27);
      d.rm = static_cast<uint8_t>(bits(x, 14, 12));
      return true;
    case Format::I:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15);
      d.imm = sext(bits(x, 31, 20), 12);
      return true;
    case Format::I_SH6:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15);
      d.imm = bits(x, 25, 20);
      return true;
    case Format::I_SH5:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15);
      d.imm = bits(x, 24, 20);
      return true;
    case Format::S:
      d.rs1 = reg(x, 15), d.rs2 = reg(x, 20);
      d.imm = sext(bits(x, 31, 25) << 5 | bits(x, 11, 7), 12);
      return true;
    case Format::B:
      d.rs1 = reg(x, 15), d.rs2 = reg(x, 20);
      d.imm = sext(bit(x, 31) << 12 | bit(x, 7) << 11 | bits(x, 30, 25) << 5 | bits(x, 11, 8) << 1, 13);
      return true;
    case Format::U:
      d.rd = reg(x, 7);
      d.imm = sext(x & 0xfffff000u, 32);
      return true;
    case Format::J:
      d.rd = reg(x, 7);
      d.imm = sext(bit(x, 31) << 20 | bits(x, 19, 12) << 12 | bit(x, 20) << 11 | bits(x, 30, 21) << 1, 21);
      return true;
    case Format::CSR:
    case Format::CSRI:  // rs1 holds zimm
    case Format::FENCE:
    case Format::FENCE_I:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15);
      d.imm = bits(x, 31, 20);
      return true;
    case Format::AMO:
    case Format::LR:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15), d.rs2 = reg(x, 20);
      d.rm = static_cast<uint8_t>(bits(x, 26, 25));
      return true;
    case Format::NONE:
      return true;
    case Format::XNPU_R:
      d.rd = reg(x, 7), d.rs1 = reg(x, 15), d.rs2 = reg(x, 20);
      d.imm = bits(x, 31, 25) << 3 | bits(x, 14, 12);
      return true;
    case Format::XNPU_V:  // the rd field is the data type, fixed by the row
      d.rs1 = reg(x, 15), d.rs2 = reg(x, 20);
      return true;
    case Format::XNPU_VCVT:  // rounding modes 0..6 (isa/XNPU.md); 7 is reserved
      d.rs1 = reg(x, 15), d.rs2 = reg(x, 20);
      d.rm = static_cast<uint8_t>(bits(x, 14, 12));
      return d.rm != 7;
    case Format::XNPU_R4:
    case Format::XNPU_C4:
      d.rs1 = reg(x, 15), d.rs2 = reg(x, 20), d.rs3 = reg(x, 27);
      return true;
    case Format::XNPU_SYNC: {  // pipes 0..6 name one pipe; 7 (ALL) only for pipe_barrier
      d.imm = bits(x, 31, 20);
      const uint32_t src = bits(x, 23, 20), dst = bits(x, 27, 24);
      if (d.id == InsnId::xnpu_pipe_barrier) return src <= 7;
      return src <= 6 && dst <= 6;
    }

    // ---- 16-bit, as the 32-bit equivalent
    case Format::CIW_ADDI4SPN:
      d.rd = creg(x, 2), d.rs1 = 2;
      d.imm = bits(x, 12, 11) << 4 | bits(x, 10, 7) << 6 | bit(x, 6) << 2 | bit(x, 5) << 3;
      return d.imm != 0;
    case Format::CL_LW:
      d.rd = creg(x, 2), d.rs1 = creg(x, 7);
      d.imm = bits(x, 12, 10) << 3 | bit(x, 6) << 2 | bit(x, 5) << 6;
      return true;
    case Format::CL_LD:
      d.rd = creg(x, 2), d.rs1 = creg(x, 7);
      d.imm = bits(x, 12, 10) << 3 | bits(x, 6, 5) << 6;
      return true;
    case Format::CS_SW:
      d.rs2 = creg(x, 2), d.rs1 = creg(x, 7);
      d.imm = bits(x, 12, 10) << 3 | bit(x, 6) << 2 | bit(x, 5) << 6;
      return true;
    case Format::CS_SD:
      d.rs2 = creg(x, 2), d.rs1 = creg(x, 7);
      d.imm = bits(x, 12, 10) << 3 | bits(x, 6, 5) << 6;
      return true;
    case Format::CI_NOP:
      d.rd = 0, d.rs1 = 0;
      d.imm = sext(bit(x, 12) << 5 | bits(x, 6, 2), 6);
      return true;
    case Format::CI_ADDI:  // c.addi with rd=0 is c.nop (nested row); c.addiw rd=0 is reserved
      d.rd = d.rs1 = reg(x, 7);
      d.imm = sext(bit(x, 12) << 5 | bits(x, 6, 2), 6);
      return d.rd != 0;
    case Format::CI_LI:
      d.rd = reg(x, 7), d.rs1 = 0;
      d.imm = sext(bit(x, 12) << 5 | bits(x, 6, 2), 6);
      return true;
    case Format::CI_ADDI16SP:
      d.rd = d.rs1 = 2;
      d.imm = sext(bit(x, 12) << 9 | bit(x, 6) << 4 | bit(x, 5) << 6 | bits(x, 4, 3) << 7 | bit(x, 2) << 5, 10);
      return d.imm != 0;
    case Format::CI_LUI:
      d.rd = reg(x, 7);
      d.imm = sext(bit(x, 12) << 17 | bits(x, 6, 2) << 12, 18);
      return d.imm != 0;
    case Format::CI_SLLI:
      d.rd = d.rs1 = reg(x, 7);
      d.imm = bit(x, 12) << 5 | bits(x, 6, 2);
      return true;
    case Format::CB_SHIFT:
      d.rd = d.rs1 = creg(x, 7);
      d.imm = bit(x, 12) << 5 | bits(x, 6, 2);
      return true;
    case Format::CB_ANDI:
      d.rd = d.rs1 = creg(x, 7);
      d.imm = sext(bit(x, 12) << 5 | bits(x, 6, 2), 6);
      return true;
    case Format::CA:
      d.rd = d.rs1 = creg(x, 7), d.rs2 = creg(x, 2);
      return true;
    case Format::CJ:
      d.rd = 0;
      d.imm = sext(bit(x, 12) << 11 | bit(x, 11) << 4 | bits(x, 10, 9) << 8 | bit(x, 8) << 10 |
                       bit(x, 7) << 6 | bit(x, 6) << 7 | bits(x, 5, 3) << 1 | bit(x, 2) << 5,
                   12);
      return true;
    case Format::CB_BRANCH:
      d.rs1 = creg(x, 7), d.rs2 = 0;
      d.imm = sext(bit(x, 12) << 8 | bits(x, 11, 10) << 3 | bits(x, 6, 5) << 6 | bits(x, 4, 3) << 1 |
                       bit(x, 2) << 5,
                   9);
      return true;
    case Format::CI_LWSP:
      d.rd = reg(x, 7), d.rs1 = 2;
      d.imm = bit(x, 12) << 5 | bits(x, 6, 4) << 2 | bits(x, 3, 2) << 6;
      return d.rd != 0;
    case Format::CI_LDSP:  // rd=0 is reserved for c.ldsp only: c.fldsp may load f0
      d.rd = reg(x, 7), d.rs1 = 2;
      d.imm = bit(x, 12) << 5 | bits(x, 6, 5) << 3 | bits(x, 4, 2) << 6;
      return d.rd != 0 || d.id != InsnId::c_ldsp;
    case Format::CSS_SWSP:
      d.rs2 = reg(x, 2), d.rs1 = 2;
      d.imm = bits(x, 12, 9) << 2 | bits(x, 8, 7) << 6;
      return true;
    case Format::CSS_SDSP:
      d.rs2 = reg(x, 2), d.rs1 = 2;
      d.imm = bits(x, 12, 10) << 3 | bits(x, 9, 7) << 6;
      return true;
    case Format::CR_JR:
      d.rd = 0, d.rs1 = reg(x, 7), d.imm = 0;
      return d.rs1 != 0;
    case Format::CR_JALR:
      d.rd = 1, d.rs1 = reg(x, 7), d.imm = 0;
      return d.rs1 != 0;
    case Format::CR_MV:
      d.rd = reg(x, 7), d.rs1 = 0, d.rs2 = reg(x, 2);
      return d.rs2 != 0;
    case Format::CR_ADD:
      d.rd = d.rs1 = reg(x, 7), d.rs2 = reg(x, 2);
      return d.rs2 != 0;
    case Format::C_NONE:
      return true;
  }
  return false;
}

}  // namespace

bool decode(uint32_t raw, Decoded& d) {
  d = Decoded{};
  const unsigned length = insn_length(static_cast<uint16_t>(raw));
  if (length == 0) {
    d.raw = raw;
    return false;
  }
  if (length == 2) raw &= 0xffff;
  d.raw = raw;
  d.length = static_cast<uint8_t>(length);
  for (InsnId id : buckets()[bucket_of(raw, length)]) {
    const InsnInfo& r = info(id);
    if ((raw & r.mask) != r.match) continue;
    // The most specific matching row decides; if its fields are reserved the
    // encoding is illegal (it does not fall through to a wider row).
    d.id = id;
    if (extract(r.format, d)) return true;
    break;
  }
  const Decoded empty{};
  d.id = empty.id, d.rd = d.rs1 = d.rs2 = d.rs3 = d.rm = 0, d.imm = 0;
  return false;
}

}  // namespace npuvp::isa
