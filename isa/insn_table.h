// The single description of the instruction set, as data.
//
// Every instruction the cores understand is one row of an X-macro table:
//   isa/rv64gc.def   RV64GC: I, M, A, F, D, C, Zicsr, Zifencei and the privileged
//                    instructions of M and U mode
//   isa/xnpu.def     the NPU extension (custom-0..3 major opcodes)
//
// A row reads
//   INSN(ident, "mnemonic", Format, match, mask, sem, LatClass, Ext, "operands")
// ident     C++ identifier of the row (mnemonic with '.' -> '_', plus a trailing
//           '_' for C++ keywords: and_, or_, xor_), names InsnId::ident
// mnemonic  the assembler mnemonic, as llvm-objdump prints it with -M no-aliases
// Format    how operand fields are laid out in the encoding (see Format below)
// match     fixed bits: (bits & mask) == match identifies the instruction
// mask      which bits are fixed
// sem       the row whose semantic function executes it: the row itself for a
//           32-bit instruction, the 32-bit equivalent for a compressed one
//           (c.addi -> addi); the core binds exec_<sem> to the row
// LatClass  timing class, looked up in the preset's latency table
// Ext       the extension the instruction belongs to
// operands  the disassembly pattern; its tokens also say which registers an
//           instruction reads and writes, which is what the scoreboard uses:
//             rd rs1 rs2          integer registers (rd written, rs read)
//             fd fs1 fs2 fs3      floating-point registers
//             imm                 signed immediate, printed in decimal
//             imm(rs1)            load/store address
//             (rs1)               atomic address
//             target              pc-relative branch/jump target (pc + imm)
//             csr                 CSR number, printed by name
//             zimm                5-bit unsigned immediate held in the rs1 field
//             rm                  rounding mode (llvm-objdump -M no-aliases prints
//                                 it always, "dyn" included; rows whose rm is
//                                 ignored, e.g. fcvt.d.w, omit the token)
//             pred, succ          fence ordering sets
//             funct3, funct7      Xnpu: the function fields, printed as numbers
// Decoder, disassembler, the manual (isa/MANUAL.md) and the encoding tests are
// all generated from these rows.
#pragma once

#include <cstddef>
#include <cstdint>

namespace npuvp::isa {

// Operand layouts. 32-bit formats follow the RISC-V base formats; compressed
// formats are one per distinct immediate scrambling, named after the spec's
// instruction format plus the instruction that uses it.
enum class Format : uint8_t {
#define FORMAT(name, length, description) name,
#include "isa/formats.def"
#undef FORMAT
};

// Timing classes: the preset's latency table has one row per class.
enum class LatClass : uint8_t {
#define LATCLASS(name, description) name,
#include "isa/latclasses.def"
#undef LATCLASS
};

enum class Ext : uint8_t { I, M, A, F, D, C, Zicsr, Zifencei, Priv, Xnpu };

enum class InsnId : uint16_t {
#define INSN(ident, mnemonic, format, match, mask, sem, lat, ext, operands) ident,
#include "isa/rv64gc.def"
#include "isa/xnpu.def"
#undef INSN
  kCount
};

inline constexpr size_t kInsnCount = static_cast<size_t>(InsnId::kCount);

struct InsnInfo {
  InsnId id;
  const char* ident;
  const char* mnemonic;
  Format format;
  uint32_t match;
  uint32_t mask;
  InsnId sem;
  LatClass lat;
  Ext ext;
  const char* operands;
  uint8_t length;  // 2 or 4 bytes, from the format
};

// Indexed by InsnId.
extern const InsnInfo kInsnTable[kInsnCount];

inline const InsnInfo& info(InsnId id) { return kInsnTable[static_cast<size_t>(id)]; }

const char* format_name(Format f);
const char* latclass_name(LatClass c);
const char* ext_name(Ext e);
uint8_t format_length(Format f);

}  // namespace npuvp::isa
