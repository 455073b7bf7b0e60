// The runtime's printf against the host C library's: the same source prints
// the same lines on both, and the test compares the two outputs byte for byte.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  printf("integers: [%d] [%i] [%d] [%u] [%d]\n", 0, -1, 2147483647, 4294967295u, -2147483647 - 1);
  printf("widths: [%5d] [%-5d] [%05d] [%+d] [% d] [%+05d] [%-+6d]\n", 42, 42, 42, 42, 42, -42, 7);
  printf("precision: [%.3d] [%.0d] [%8.3d] [%-8.3d|] [%.0x]\n", 5, 0, -5, 5, 0u);
  printf("hex: [%x] [%X] [%#x] [%#X] [%08x] [%#010x] [%#x]\n", 0xbeefu, 0xbeefu, 255u, 255u, 0x1234u, 0x1234u, 0u);
  printf("octal: [%o] [%#o] [%#o] [%5o]\n", 8u, 8u, 0u, 511u);
  printf("long: [%ld] [%lu] [%lx] [%lld] [%llx]\n", -9223372036854775807L - 1, 18446744073709551615UL,
         0xfedcba9876543210UL, 1234567890123LL, 0x7fffffffffffffffULL);
  printf("sizes: [%zu] [%hd] [%hhd] [%hu] [%hhu] [%jd]\n", (size_t)12345, (short)-2, (signed char)-3,
         (unsigned short)65535, (unsigned char)255, (intmax_t)-77);
  printf("strings: [%s] [%10s] [%-10s] [%.3s] [%*s] [%-*s] [%.*s]\n", "abc", "right", "left", "truncate", 6, "st",
         6, "ar", 2, "xyz");
  printf("chars: [%c] [%3c] [%-3c] [%%]\n", 'A', 'b', 'c');
  printf("star: [%*d] [%-*d] [%.*d]\n", 6, 1, 6, 2, 4, 3);
  printf("fixed: [%f] [%.2f] [%10.3f] [%-10.1f|] [%+.1f] [%08.2f] [%.0f] [%.0f] [%.0f] [%#.0f]\n", 3.14159265358979,
         2.675, -1.5, 0.25, 2.0, -3.14159, 0.5, 1.5, 2.5, 7.0);
  printf("fixed: [%f] [%f] [%.10f] [%.3f] [%f] [%.20f]\n", 0.0, -0.0, 1.0 / 3.0, 999.9996, 1e15, 0.1);
  printf("fixed: [%.1f] [%f] [%.2f] [%f]\n", 1e300, 123456789.125, 1e-3, 4503599627370497.5);
  printf("special: [%f] [%F] [%5.1f] [%-6f|]\n", 1.0 / 0.0, -1.0 / 0.0, -(1.0 / 0.0), 1.0 / 0.0);
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%s-%d-%x", "snprintf", 12345, 0xabcdu);
  printf("snprintf: [%s] %d %u\n", buf, n, (unsigned)strlen(buf));
  volatile size_t small = 4;  // not a constant: the truncation is the point
  n = snprintf(buf, small, "%d", 1234567);
  printf("truncated: [%s] %d\n", buf, n);
  n = snprintf(NULL, 0, "%08.3f", 3.0);
  printf("length only: %d\n", n);
  return 0;
}
