// Never ends: only a cycle limit (or the host's clock) stops it.
#include "npuvp_test.h"

TEST_BEGIN
1:
  addi a0, a0, 1
  j 1b
TEST_END
