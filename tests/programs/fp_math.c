// Floating point on the scalar core against the host: a square root in
// software (Newton's iteration, then a correction to the correctly rounded
// value) must equal the hardware fsqrt.d bit for bit, and conversions and
// arithmetic print the same bits as on the host. Build with
// -ffp-contract=off on both sides so that no multiply-add is fused.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t bits_of(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}
static double from_bits(uint64_t u) {
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}
static uint32_t fbits_of(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

// The correctly rounded square root of a positive normal x, in software:
// Newton's iteration to near the root, then step by one ulp while the
// residual x - r^2 (computed exactly by splitting r) says r is too far.
static double soft_sqrt(double x) {
  int e = 0;
  double m = x;
  while (m >= 4.0) m *= 0.25, e++;
  while (m < 1.0) m *= 4.0, e--;
  double r = 1.0 + (m - 1.0) / 3.0;  // m in [1, 4): root in [1, 2)
  for (int i = 0; i < 8; i++) r = 0.5 * (r + m / r);
  // exact residual m - r*r with Dekker's product split
  for (int i = 0; i < 4; i++) {
    const double split = 134217729.0;  // 2^27 + 1
    double rh = r * split;
    rh = rh - (rh - r);
    double rl = r - rh;
    double p = r * r;
    double err = ((rh * rh - p) + 2.0 * rh * rl) + rl * rl;
    double residual = (m - p) - err;  // m - r^2, exact enough to decide rounding
    double up = from_bits(bits_of(r) + 1), down = from_bits(bits_of(r) - 1);
    // r is the rounded root iff |m - r^2| <= r * ulp(r) (half-ulp test on the square)
    double ulp = up - r;
    if (residual > r * ulp) r = up;
    else if (residual < -(r * ulp - ulp * ulp)) r = down;
    else break;
  }
  for (; e > 0; e--) r *= 2.0;
  for (; e < 0; e++) r *= 0.5;
  return r;
}

int main(void) {
  int mismatches = 0;
  uint32_t seed = 12345;
  for (int i = 0; i < 2000; i++) {
    seed = seed * 1664525u + 1013904223u;
    uint64_t mant = ((uint64_t)seed << 20) ^ ((uint64_t)seed * 2654435761u);
    double x = from_bits((UINT64_C(0x3ff) + (int)(seed % 200) - 100) << 52 | (mant & ((UINT64_C(1) << 52) - 1)));
    double hw = sqrt(x), sw = soft_sqrt(x);
    if (bits_of(hw) != bits_of(sw)) {
      if (mismatches < 5) printf("sqrt mismatch: x=%016llx hw=%016llx sw=%016llx\n", (unsigned long long)bits_of(x),
                                 (unsigned long long)bits_of(hw), (unsigned long long)bits_of(sw));
      mismatches++;
    }
  }
  printf("sqrt: %d mismatches in 2000\n", mismatches);
  printf("sqrt(2) = %.17f %016llx\n", sqrt(2.0), (unsigned long long)bits_of(sqrt(2.0)));
  printf("sqrtf(2) = %.9f %08x\n", (double)sqrtf(2.0f), (unsigned)fbits_of(sqrtf(2.0f)));

  // conversions
  volatile double d = -2.75;
  volatile float f = 1e10f;
  volatile int64_t big = INT64_C(9007199254740993);  // 2^53 + 1
  printf("(int)-2.75 = %d, (long)-2.75 = %ld, (unsigned)2.75 = %u\n", (int)d, (long)d, (unsigned)-d);
  printf("(float)1/3 = %08x, (double)(float)0.1 = %016llx\n", (unsigned)fbits_of((float)(1.0 / 3.0)),
         (unsigned long long)bits_of((double)(float)0.1));
  printf("(double)(2^53+1) = %016llx, (float)1e10 = %.1f, (long)1e10f = %lld\n",
         (unsigned long long)bits_of((double)big), (double)f, (long long)f);
  printf("(double)UINT64_MAX = %016llx\n", (unsigned long long)bits_of((double)UINT64_MAX));

  // a little numerical work: a series and a product, printed exactly
  double sum = 0.0;
  for (int k = 1; k <= 1000; k++) sum += 1.0 / ((double)k * (double)k);
  float fsum = 0.0f;
  for (int k = 1; k <= 1000; k++) fsum += 1.0f / (float)k;
  printf("sum 1/k^2 = %.15f %016llx\n", sum, (unsigned long long)bits_of(sum));
  printf("sum 1/k (float) = %.6f %08x\n", (double)fsum, (unsigned)fbits_of(fsum));
  printf("pi/4 product: %.12f\n", 3.14159265358979 / 4.0 * 1.0000001);
  return mismatches == 0 ? 0 : 1;
}
