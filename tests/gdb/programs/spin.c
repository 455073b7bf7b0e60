// Spins until the debugger sets `release`, then exits with 7
// (gdb_cli_test: Ctrl-C while running, memory writes, detach, kill).
volatile int release = 0;
volatile unsigned long spins = 0;

int main(void) {
  while (!release) ++spins;
  return 7;
}
