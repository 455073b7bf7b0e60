// The runtime's trap vector: an instruction nobody handles must end the run
// with status 255 and a report of mcause, mepc and mtval on the console.
int main(void) {
  __asm__ volatile(".word 0xfe000033");  // OP with funct7 = 0x7f: illegal
  return 0;
}
