// Xnpu instructions on the scalar unit: they go to the NPU attached to the
// hart (an AI core's pipes), or are illegal on a core that has none.
#include "models/scalar_core/semantics/exec_table.h"
#include "models/scalar_core/semantics/exec_util.h"

namespace npuvp {

EXEC(xnpu_issue) {
  if (h.npu == nullptr) sem::illegal(i);
  h.stall += h.npu->issue(h, i, pc);
  return NEXT;
}

}  // namespace npuvp
