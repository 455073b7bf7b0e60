// Decoding of raw instruction bits into a row of the table plus operand fields.
#pragma once

#include <cstdint>
#include <string>

#include "isa/insn_table.h"

namespace npuvp::isa {

// Operand fields of one decoded instruction, in the form the semantic
// function of its `sem` row expects: a compressed instruction is decoded
// straight into the fields of its 32-bit equivalent (c.addi a0,1 gives
// rd=rs1=10, imm=1), with x0/x1/x2 filled in where the encoding implies them.
struct Decoded {
  InsnId id = InsnId::kCount;  // kCount: not an instruction (illegal)
  uint8_t rd = 0, rs1 = 0, rs2 = 0, rs3 = 0;
  uint8_t rm = 0;   // rounding mode field (F/D); aq<<1|rl for atomics
  uint8_t length = 4;
  int64_t imm = 0;  // sign-extended immediate; CSR number for Zicsr;
                    // fm|pred|succ (bits 31:20) for fence
  uint32_t raw = 0;
};

// Length in bytes of the instruction whose first 16-bit parcel is `lo`.
// Returns 2 or 4; longer encodings (0 otherwise) are not part of RV64GC.
inline unsigned insn_length(uint16_t lo) {
  if ((lo & 0b11) != 0b11) return 2;
  if ((lo & 0b11100) != 0b11100) return 4;
  return 0;
}

// Decodes `raw` (the low 16 bits only, for a compressed instruction).
// Returns false, with d.id == InsnId::kCount, for an illegal or reserved
// encoding (including the reserved compressed forms, e.g. c.addi4spn with a
// zero immediate, and the all-zero parcel).
bool decode(uint32_t raw, Decoded& d);

}  // namespace npuvp::isa
