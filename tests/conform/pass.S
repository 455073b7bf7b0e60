// Passes: every check holds, exit status 0.
#include "npuvp_test.h"

TEST_BEGIN
  TEST_CASE(1, a0, 5, li a1, 2; li a2, 3; add a0, a1, a2)
  TEST_CASE(2, a0, 6, li a1, 2; li a2, 3; mul a0, a1, a2)
TEST_PASS
TEST_END
