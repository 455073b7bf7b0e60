// The instruction table, expanded from the .def files.
#include "isa/insn_table.h"

namespace npuvp::isa {
namespace {

constexpr uint8_t kFormatLength[] = {
#define FORMAT(name, length, description) length,
#include "isa/formats.def"
#undef FORMAT
};

constexpr const char* kFormatName[] = {
#define FORMAT(name, length, description) #name,
#include "isa/formats.def"
#undef FORMAT
};

constexpr const char* kLatClassName[] = {
#define LATCLASS(name, description) #name,
#include "isa/latclasses.def"
#undef LATCLASS
};

constexpr uint8_t length_of(Format f) { return kFormatLength[static_cast<size_t>(f)]; }

}  // namespace

constexpr InsnInfo kInsnTable[kInsnCount] = {
#define INSN(ident, mnemonic, format, match, mask, sem, lat, ext, operands)                    \
  {InsnId::ident, #ident,         mnemonic, Format::format, match, mask, InsnId::sem, LatClass::lat, \
   Ext::ext,      operands,       length_of(Format::format)},
#include "isa/rv64gc.def"
#include "isa/xnpu.def"
#undef INSN
};

namespace {

// Compile-time checks of the table's shape: row i is InsnId i, a row fixes
// only bits it masks, a compressed row fits in 16 bits and fixes its
// quadrant and funct3, a 32-bit row fixes its major opcode (the decoder
// buckets on those bits), and a compressed row executes as a 32-bit row.
constexpr bool table_is_well_formed() {
  for (size_t i = 0; i < kInsnCount; ++i) {
    const InsnInfo& r = kInsnTable[i];
    if (static_cast<size_t>(r.id) != i) return false;
    if ((r.match & ~r.mask) != 0) return false;
    if (r.length == 2) {
      if (r.mask > 0xffff || (r.mask & 0xe003) != 0xe003 || (r.match & 3) == 3) return false;
      if (kInsnTable[static_cast<size_t>(r.sem)].length != 4) return false;
    } else {
      if ((r.mask & 0x7f) != 0x7f || (r.match & 3) != 3) return false;
    }
  }
  return true;
}
static_assert(table_is_well_formed(), "isa/*.def: a row is malformed (see table_is_well_formed)");

}  // namespace

const char* format_name(Format f) { return kFormatName[static_cast<size_t>(f)]; }
const char* latclass_name(LatClass c) { return kLatClassName[static_cast<size_t>(c)]; }
uint8_t format_length(Format f) { return length_of(f); }

const char* ext_name(Ext e) {
  switch (e) {
    case Ext::I: return "I";
    case Ext::M: return "M";
    case Ext::A: return "A";
    case Ext::F: return "F";
    case Ext::D: return "D";
    case Ext::C: return "C";
    case Ext::Zicsr: return "Zicsr";
    case Ext::Zifencei: return "Zifencei";
    case Ext::Priv: return "Priv";
    case Ext::Xnpu: return "Xnpu";
  }
  return "?";
}

}  // namespace npuvp::isa
