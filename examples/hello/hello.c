// The smallest program for `npuvp run`: print a line and exit with status 0.
#include <stdio.h>

int main(void) {
  printf("Hello from RISC-V on npuvp!\n");
  return 0;
}
