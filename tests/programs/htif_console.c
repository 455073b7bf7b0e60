// Both HTIF console paths of the runtime: characters through the console
// device (device 1, command 1) and a buffer through the write system call,
// whose answer (the byte count) comes back through fromhost.
#include <stdio.h>

#include "htif.h"

int main(void) {
  const char* text = "device path\n";
  for (const char* p = text; *p; p++) htif_putchar(*p);
  long n = htif_write(1, "syscall path\n", 13);
  if (n != 13) return 2;
  printf("write returned %ld\n", n);
  return 0;
}
