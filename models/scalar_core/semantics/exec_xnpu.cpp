// The reserved Xnpu rows (one per custom major opcode): no instruction is
// defined there yet, so executing one is an illegal instruction.
#include "models/scalar_core/semantics/exec_table.h"
#include "models/scalar_core/semantics/exec_util.h"

namespace npuvp {

EXEC(xnpu_reserved) { sem::illegal(i); }

}  // namespace npuvp
