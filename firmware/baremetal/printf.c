// printf family of the bare-metal runtime. Output goes to a sink: a caller's
// buffer (snprintf) or the HTIF console, buffered and written with one
// write() system call per printf call or per full buffer.
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "htif.h"

struct sink {
  char* buf;  // snprintf: destination, NULL for the console
  size_t cap;
  size_t count;  // characters produced so far
  char line[256];
  size_t line_len;
};

static void sink_flush(struct sink* s) {
  if (s->line_len != 0) {
    htif_write(1, s->line, s->line_len);
    s->line_len = 0;
  }
}

static void emit(struct sink* s, char c) {
  if (s->buf == NULL) {
    s->line[s->line_len++] = c;
    if (s->line_len == sizeof s->line) sink_flush(s);
  } else if (s->count + 1 < s->cap) {
    s->buf[s->count] = c;
  }
  s->count++;
}

static void emit_n(struct sink* s, char c, int n) {
  for (; n > 0; n--) emit(s, c);
}

static void emit_str(struct sink* s, const char* p, size_t n) {
  for (size_t i = 0; i < n; i++) emit(s, p[i]);
}

struct spec {
  bool left, zero, plus, space, alt;
  int width;      // 0: none
  int precision;  // -1: none
};

// Writes prefix (sign, 0x), then `digits` padded as the spec says. `zeros` is
// the number of zeros between prefix and digits that precision requires.
static void emit_padded(struct sink* s, const struct spec* sp, const char* prefix,
                        const char* digits, size_t ndigits, int zeros,
                        bool zero_pad_allowed) {
  size_t nprefix = 0;
  while (prefix[nprefix]) nprefix++;
  int total = (int)(nprefix + ndigits) + zeros;
  int pad = sp->width > total ? sp->width - total : 0;
  if (sp->left) {
    emit_str(s, prefix, nprefix);
    emit_n(s, '0', zeros);
    emit_str(s, digits, ndigits);
    emit_n(s, ' ', pad);
  } else if (sp->zero && zero_pad_allowed) {
    emit_str(s, prefix, nprefix);
    emit_n(s, '0', zeros + pad);
    emit_str(s, digits, ndigits);
  } else {
    emit_n(s, ' ', pad);
    emit_str(s, prefix, nprefix);
    emit_n(s, '0', zeros);
    emit_str(s, digits, ndigits);
  }
}

static void format_int(struct sink* s, const struct spec* sp, uint64_t mag, bool negative,
                       bool is_signed, unsigned base, bool upper) {
  char tmp[24];
  size_t n = 0;
  const char* digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  uint64_t v = mag;
  while (v != 0) {
    tmp[sizeof tmp - 1 - n++] = digit_chars[v % base];
    v /= base;
  }
  // Precision 0 with value 0 prints no digits; otherwise at least one.
  if (mag == 0 && sp->precision != 0) tmp[sizeof tmp - 1 - n++] = '0';
  int zeros = sp->precision > (int)n ? sp->precision - (int)n : 0;
  char prefix[3] = {0, 0, 0};
  if (is_signed) {
    if (negative) prefix[0] = '-';
    else if (sp->plus) prefix[0] = '+';
    else if (sp->space) prefix[0] = ' ';
  } else if (sp->alt && base == 16 && mag != 0) {
    prefix[0] = '0';
    prefix[1] = upper ? 'X' : 'x';
  } else if (sp->alt && base == 8 && zeros == 0 && (n == 0 || tmp[sizeof tmp - n] != '0')) {
    zeros = 1;
  }
  emit_padded(s, sp, prefix, tmp + sizeof tmp - n, n, zeros, sp->precision < 0);
}

// ---- %f: exact decimal conversion of a binary64 value.
// The integer part is a big number in base 10^9 (a double is below 2^1024,
// 309 digits); the fraction is a fixed-point number with 124 bits after the
// point, which holds every fraction of a double of magnitude >= 2^-72.

enum { kLimbs = 36, kFracBits = 124 };
typedef unsigned __int128 u128;

struct bigdec {
  uint32_t limb[kLimbs];  // little-endian, base 1e9
  int n;
};

static void big_from_u64(struct bigdec* b, uint64_t v) {
  b->n = 0;
  do {
    b->limb[b->n++] = (uint32_t)(v % 1000000000u);
    v /= 1000000000u;
  } while (v != 0);
}

static void big_shl(struct bigdec* b, int shift) {
  while (shift > 0) {
    int k = shift > 32 ? 32 : shift;
    uint64_t carry = 0;
    for (int i = 0; i < b->n; i++) {
      uint64_t t = ((uint64_t)b->limb[i] << k) + carry;
      b->limb[i] = (uint32_t)(t % 1000000000u);
      carry = t / 1000000000u;
    }
    while (carry != 0) {
      b->limb[b->n++] = (uint32_t)(carry % 1000000000u);
      carry /= 1000000000u;
    }
    shift -= k;
  }
}

static void big_increment(struct bigdec* b) {
  for (int i = 0; i < b->n; i++) {
    if (++b->limb[i] < 1000000000u) return;
    b->limb[i] = 0;
  }
  b->limb[b->n++] = 1;
}

static void format_double(struct sink* s, const struct spec* sp, double value, bool upper) {
  union {
    double d;
    uint64_t u;
  } bits = {value};
  bool negative = (bits.u >> 63) != 0;
  int exp_field = (int)((bits.u >> 52) & 0x7ff);
  uint64_t mant = bits.u & ((UINT64_C(1) << 52) - 1);
  char prefix[2] = {0, 0};
  if (negative) prefix[0] = '-';
  else if (sp->plus) prefix[0] = '+';
  else if (sp->space) prefix[0] = ' ';

  if (exp_field == 0x7ff) {
    const char* text = mant != 0 ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    emit_padded(s, sp, prefix, text, 3, 0, false);
    return;
  }
  int e2;  // value = mant * 2^e2
  if (exp_field == 0) {
    e2 = -1074;
  } else {
    mant |= UINT64_C(1) << 52;
    e2 = exp_field - 1075;
  }
  int precision = sp->precision < 0 ? 6 : sp->precision;
  if (precision > 64) precision = 64;

  struct bigdec ip;
  u128 frac = 0;
  if (e2 >= 0) {
    big_from_u64(&ip, mant);
    big_shl(&ip, e2);
  } else {
    int rs = -e2;
    big_from_u64(&ip, rs >= 64 ? 0 : mant >> rs);
    uint64_t fbits = rs >= 64 ? mant : mant & ((UINT64_C(1) << rs) - 1);
    // fbits has weight 2^e2; move it to weight 2^-kFracBits.
    if (e2 >= -kFracBits) {
      frac = (u128)fbits << (kFracBits + e2);
    } else {
      int drop = -kFracBits - e2;
      frac = drop >= 64 ? 0 : (u128)(fbits >> drop);
    }
  }

  char fdigits[64];
  const u128 mask = ((u128)1 << kFracBits) - 1;
  for (int i = 0; i < precision; i++) {
    frac *= 10;
    fdigits[i] = (char)('0' + (int)(frac >> kFracBits));
    frac &= mask;
  }
  // Round to nearest, ties to even (on the last digit printed).
  const u128 half = (u128)1 << (kFracBits - 1);
  bool last_odd = precision > 0 ? ((fdigits[precision - 1] - '0') & 1)
                                : (ip.limb[0] & 1);
  if (frac > half || (frac == half && last_odd)) {
    int i = precision - 1;
    while (i >= 0 && fdigits[i] == '9') fdigits[i--] = '0';
    if (i >= 0) fdigits[i]++;
    else big_increment(&ip);
  }

  char text[340 + 64];
  size_t len = 0;
  // Most significant limb without leading zeros, the others 9 digits each.
  {
    char tmp[10];
    int k = 0;
    uint32_t top = ip.limb[ip.n - 1];
    do {
      tmp[k++] = (char)('0' + top % 10);
      top /= 10;
    } while (top != 0);
    while (k > 0) text[len++] = tmp[--k];
    for (int i = ip.n - 2; i >= 0; i--) {
      uint32_t limb = ip.limb[i];
      for (int d = 8; d >= 0; d--) {
        text[len + (size_t)d] = (char)('0' + limb % 10);
        limb /= 10;
      }
      len += 9;
    }
  }
  if (precision > 0 || sp->alt) text[len++] = '.';
  for (int i = 0; i < precision; i++) text[len++] = fdigits[i];
  emit_padded(s, sp, prefix, text, len, 0, true);
}

static int parse_int(const char** p) {
  int v = 0;
  while (**p >= '0' && **p <= '9') v = v * 10 + (*(*p)++ - '0');
  return v;
}

static void format(struct sink* s, const char* fmt, va_list ap) {
  for (const char* p = fmt; *p; p++) {
    if (*p != '%') {
      emit(s, *p);
      continue;
    }
    const char* start = p++;
    struct spec sp = {false, false, false, false, false, 0, -1};
    for (;; p++) {
      if (*p == '-') sp.left = true;
      else if (*p == '0') sp.zero = true;
      else if (*p == '+') sp.plus = true;
      else if (*p == ' ') sp.space = true;
      else if (*p == '#') sp.alt = true;
      else break;
    }
    if (*p == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) {
        sp.left = true;
        sp.width = -sp.width;
      }
      p++;
    } else {
      sp.width = parse_int(&p);
    }
    if (*p == '.') {
      p++;
      if (*p == '*') {
        sp.precision = va_arg(ap, int);
        if (sp.precision < 0) sp.precision = -1;
        p++;
      } else {
        sp.precision = parse_int(&p);
      }
    }
    // Length: 0 int, 1 char, 2 short, 3 long, 4 long long / intmax / size / ptrdiff
    int length = 0;
    if (p[0] == 'h' && p[1] == 'h') length = 1, p += 2;
    else if (p[0] == 'h') length = 2, p++;
    else if (p[0] == 'l' && p[1] == 'l') length = 4, p += 2;
    else if (p[0] == 'l') length = 3, p++;
    else if (p[0] == 'z' || p[0] == 'j' || p[0] == 't') length = 4, p++;

    switch (*p) {
      case 'd':
      case 'i': {
        int64_t v;
        if (length >= 3) v = va_arg(ap, int64_t);
        else v = va_arg(ap, int);
        if (length == 1) v = (signed char)v;
        if (length == 2) v = (short)v;
        uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        format_int(s, &sp, mag, v < 0, true, 10, false);
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        uint64_t v;
        if (length >= 3) v = va_arg(ap, uint64_t);
        else v = va_arg(ap, unsigned);
        if (length == 1) v = (unsigned char)v;
        if (length == 2) v = (unsigned short)v;
        unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
        format_int(s, &sp, v, false, false, base, *p == 'X');
        break;
      }
      case 'p': {
        struct spec ps = sp;
        ps.alt = true;
        format_int(s, &ps, (uint64_t)(uintptr_t)va_arg(ap, void*), false, false, 16, false);
        break;
      }
      case 'c': {
        char c = (char)va_arg(ap, int);
        emit_padded(s, &sp, "", &c, 1, 0, false);
        break;
      }
      case 's': {
        const char* str = va_arg(ap, const char*);
        if (str == NULL) str = "(null)";
        size_t n = 0;
        while (str[n] && (sp.precision < 0 || n < (size_t)sp.precision)) n++;
        emit_padded(s, &sp, "", str, n, 0, false);
        break;
      }
      case 'f':
      case 'F':
        format_double(s, &sp, va_arg(ap, double), *p == 'F');
        break;
      case '%':
        emit(s, '%');
        break;
      default:  // unknown conversion: print it as it was written
        if (*p == '\0') p--;
        emit_str(s, start, (size_t)(p - start + 1));
        break;
    }
  }
}

int vprintf(const char* fmt, va_list ap) {
  struct sink s;
  s.buf = NULL;
  s.cap = 0;
  s.count = 0;
  s.line_len = 0;
  format(&s, fmt, ap);
  sink_flush(&s);
  return (int)s.count;
}

int printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap) {
  struct sink s;
  char dummy;
  s.buf = size != 0 ? buf : &dummy;
  s.cap = size;
  s.count = 0;
  s.line_len = 0;
  format(&s, fmt, ap);
  if (size != 0) buf[s.count < size ? s.count : size - 1] = '\0';
  return (int)s.count;
}

int snprintf(char* buf, size_t size, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char* buf, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, (size_t)-1 >> 1, fmt, ap);
  va_end(ap);
  return n;
}

int putchar(int ch) {
  char c = (char)ch;
  htif_write(1, &c, 1);
  return (unsigned char)c;
}

int puts(const char* str) {
  size_t n = 0;
  while (str[n]) n++;
  htif_write(1, str, n);
  htif_write(1, "\n", 1);
  return 0;
}
