// The semantic function of every row of the instruction table.
//
// kExecTable[id] executes instruction `id` (a compressed row maps to the
// function of its 32-bit equivalent, its `sem`). The functions themselves are
// exec_<ident> for every 32-bit RV64GC row, and exec_xnpu_issue for every
// Xnpu row that has no semantics yet (they raise illegal instruction).
#pragma once

#include "isa/insn_table.h"
#include "models/scalar_core/hart.h"

namespace npuvp {

extern const ExecFn kExecTable[isa::kInsnCount];

inline ExecFn exec_fn(isa::InsnId id) { return kExecTable[static_cast<size_t>(id)]; }

#define INSN(ident, mnemonic, format, match, mask, sem, lat, ext, operands) \
  uint64_t exec_##sem(Hart& h, const Insn& i, uint64_t pc);
#include "isa/rv64gc.def"
#undef INSN

// Every Xnpu row: issued to the hart's NPU, illegal without one.
uint64_t exec_xnpu_issue(Hart& h, const Insn& i, uint64_t pc);

}  // namespace npuvp
