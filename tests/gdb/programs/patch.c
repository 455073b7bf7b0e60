// Calls answer() twice and exits with the sum (gdb_cli_test: the debugger
// patches answer's code between the calls, after the core has decoded it).
__attribute__((noinline)) int answer(void) { return 5; }

int main(void) {
  const int first = answer();
  const int second = answer();
  return first + second;
}
