// kExecTable, generated from the instruction table: each row binds the
// semantic function of its `sem` row.
#include "models/scalar_core/semantics/exec_table.h"

namespace npuvp {

const ExecFn kExecTable[isa::kInsnCount] = {
#define INSN(ident, mnemonic, format, match, mask, sem, lat, ext, operands) &exec_##sem,
#include "isa/rv64gc.def"
#undef INSN
// The Xnpu rows are bound generically, whatever their idents.
#define INSN(ident, mnemonic, format, match, mask, sem, lat, ext, operands) &exec_xnpu_issue,
#include "isa/xnpu.def"
#undef INSN
};

}  // namespace npuvp
