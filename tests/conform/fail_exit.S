// Fails its test case 3 (2 + 2 is not 5): exit status 3.
#include "npuvp_test.h"

TEST_BEGIN
  TEST_CASE(1, a0, 4, li a1, 2; li a2, 2; add a0, a1, a2)
  TEST_CASE(3, a0, 5, li a1, 2; li a2, 2; add a0, a1, a2)
TEST_PASS
TEST_END
