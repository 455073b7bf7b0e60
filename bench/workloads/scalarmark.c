// scalarmark: a CoreMark-class integer benchmark for the scalar core.
//
// Each iteration runs four kernels over data derived from a fixed seed and the
// iteration number: linked-list search, reversal and merge sort; small integer
// matrix operations; a state machine that scans a byte string for numbers;
// and a CRC-16 over every result. Each kernel also checks itself a second way
// (a sorted list is in order and keeps its sum, two loop orders of the matrix
// product agree, the state counts add up to the bytes scanned); a failed
// check ends the program with status 1. The final CRC is printed, and tests
// compare it with the same source built for the host.
//
// Portable C99: builds for the host with the C library, and for npuvp with
// the bare-metal runtime (printf through HTIF). SCALARMARK_ITERATIONS sets
// the iteration count at compile time.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef SCALARMARK_ITERATIONS
#define SCALARMARK_ITERATIONS 10
#endif

enum { kListNodes = 96, kMatrixN = 12, kTextBytes = 256 };

static uint16_t crc16_update(uint16_t crc, uint8_t byte) {
  crc ^= byte;
  for (int i = 0; i < 8; i++) crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
  return crc;
}

static uint16_t crc16_u32(uint16_t crc, uint32_t v) {
  for (int i = 0; i < 4; i++) crc = crc16_update(crc, (uint8_t)(v >> (8 * i)));
  return crc;
}

// A 32-bit linear congruential generator (Numerical Recipes constants).
static uint32_t rng_state;
static uint32_t rng_next(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

static int failures;
static void check(int ok) {
  if (!ok) failures++;
}

// ---- Linked list
struct node {
  struct node* next;
  int32_t key;
  int32_t value;
};

static struct node pool[kListNodes];

static struct node* list_build(void) {
  struct node* head = NULL;
  for (int i = kListNodes - 1; i >= 0; i--) {
    pool[i].key = i;
    pool[i].value = (int32_t)(rng_next() % 2000) - 1000;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static struct node* list_find(struct node* head, int32_t value) {
  while (head != NULL && head->value != value) head = head->next;
  return head;
}

static struct node* list_reverse(struct node* head) {
  struct node* prev = NULL;
  while (head != NULL) {
    struct node* next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

// Ordering by value, then key: a total order, so the sort result is unique.
static int node_before(const struct node* a, const struct node* b) {
  return a->value < b->value || (a->value == b->value && a->key <= b->key);
}

// Bottom-up merge sort of a singly linked list.
static struct node* list_sort(struct node* head) {
  for (int width = 1;; width *= 2) {
    struct node* p = head;
    struct node* tail = NULL;
    head = NULL;
    int merges = 0;
    while (p != NULL) {
      merges++;
      struct node* q = p;
      int psize = 0;
      for (int i = 0; i < width && q != NULL; i++) {
        psize++;
        q = q->next;
      }
      int qsize = width;
      while (psize > 0 || (qsize > 0 && q != NULL)) {
        struct node* e;
        if (psize == 0) {
          e = q, q = q->next, qsize--;
        } else if (qsize == 0 || q == NULL || node_before(p, q)) {
          e = p, p = p->next, psize--;
        } else {
          e = q, q = q->next, qsize--;
        }
        if (tail != NULL) tail->next = e;
        else head = e;
        tail = e;
      }
      p = q;
    }
    if (tail != NULL) tail->next = NULL;
    if (merges <= 1) return head;
  }
}

static uint16_t bench_list(uint16_t crc) {
  struct node* head = list_build();
  int64_t sum_before = 0;
  for (struct node* n = head; n != NULL; n = n->next) sum_before += n->value;
  // search for values of some nodes and for values that may be absent
  for (int i = 0; i < 16; i++) {
    int32_t want = (i & 1) ? pool[(i * 7) % kListNodes].value : (int32_t)(rng_next() % 2000) - 1000;
    struct node* found = list_find(head, want);
    crc = crc16_u32(crc, found != NULL ? (uint32_t)found->key : 0xffffffffu);
  }
  head = list_reverse(head);
  crc = crc16_u32(crc, (uint32_t)head->key);
  head = list_sort(head);
  int64_t sum_after = 0;
  int count = 0;
  for (struct node* n = head; n != NULL; n = n->next) {
    if (n->next != NULL) check(node_before(n, n->next));
    sum_after += n->value;
    count++;
    crc = crc16_u32(crc, (uint32_t)n->key);
  }
  check(count == kListNodes);
  check(sum_after == sum_before);
  return crc;
}

// ---- Matrices of small integers
static int16_t ma[kMatrixN][kMatrixN], mb[kMatrixN][kMatrixN];
static int32_t mc[kMatrixN][kMatrixN], md[kMatrixN][kMatrixN];

static uint16_t bench_matrix(uint16_t crc) {
  for (int i = 0; i < kMatrixN; i++)
    for (int j = 0; j < kMatrixN; j++) {
      ma[i][j] = (int16_t)((int32_t)(rng_next() % 512) - 256);
      mb[i][j] = (int16_t)((int32_t)(rng_next() % 512) - 256);
    }
  // add a constant, multiply by a constant
  int16_t k = (int16_t)(rng_next() % 16 + 1);
  for (int i = 0; i < kMatrixN; i++)
    for (int j = 0; j < kMatrixN; j++) {
      mc[i][j] = (int32_t)ma[i][j] + k;
      crc = crc16_u32(crc, (uint32_t)mc[i][j]);
      mc[i][j] = (int32_t)ma[i][j] * k;
      crc = crc16_u32(crc, (uint32_t)mc[i][j]);
    }
  // matrix-vector product
  for (int i = 0; i < kMatrixN; i++) {
    int32_t acc = 0;
    for (int j = 0; j < kMatrixN; j++) acc += (int32_t)ma[i][j] * mb[j][0];
    crc = crc16_u32(crc, (uint32_t)acc);
  }
  // matrix product in i-j-k order, and again in i-k-j order: they must agree
  for (int i = 0; i < kMatrixN; i++)
    for (int j = 0; j < kMatrixN; j++) {
      int32_t acc = 0;
      for (int x = 0; x < kMatrixN; x++) acc += (int32_t)ma[i][x] * mb[x][j];
      mc[i][j] = acc;
    }
  memset(md, 0, sizeof md);
  for (int i = 0; i < kMatrixN; i++)
    for (int x = 0; x < kMatrixN; x++) {
      int32_t a = ma[i][x];
      for (int j = 0; j < kMatrixN; j++) md[i][j] += a * mb[x][j];
    }
  check(memcmp(mc, md, sizeof mc) == 0);
  // a bit field of each product element
  for (int i = 0; i < kMatrixN; i++)
    for (int j = 0; j < kMatrixN; j++) crc = crc16_u32(crc, ((uint32_t)mc[i][j] >> 2) & 0x7fff);
  return crc;
}

// ---- State machine: classify the tokens of a byte string
enum state { kStart, kInt, kSign, kFrac, kExpChar, kExpSign, kExp, kInvalid, kStates };

static enum state next_state(enum state s, char c) {
  int digit = c >= '0' && c <= '9';
  switch (s) {
    case kStart:
      if (digit) return kInt;
      if (c == '+' || c == '-') return kSign;
      if (c == '.') return kFrac;
      return kInvalid;
    case kSign:
      if (digit) return kInt;
      if (c == '.') return kFrac;
      return kInvalid;
    case kInt:
      if (digit) return kInt;
      if (c == '.') return kFrac;
      if (c == 'e' || c == 'E') return kExpChar;
      return kInvalid;
    case kFrac:
      if (digit) return kFrac;
      if (c == 'e' || c == 'E') return kExpChar;
      return kInvalid;
    case kExpChar:
      if (digit) return kExp;
      if (c == '+' || c == '-') return kExpSign;
      return kInvalid;
    case kExpSign:
      return digit ? kExp : kInvalid;
    case kExp:
      return digit ? kExp : kInvalid;
    default:
      return kInvalid;
  }
}

static char text[kTextBytes];

static uint16_t bench_state(uint16_t crc) {
  static const char alphabet[] = "0123456789+-.eE,x";
  for (int i = 0; i < kTextBytes - 1; i++) {
    uint32_t r = rng_next();
    // mostly digits, so that numbers form
    text[i] = (r & 3) ? (char)('0' + (r >> 2) % 10) : alphabet[(r >> 2) % (sizeof alphabet - 1)];
  }
  text[kTextBytes - 1] = '\0';
  uint32_t final_counts[kStates] = {0};
  uint32_t transitions = 0, scanned = 0;
  const char* p = text;
  while (*p != '\0') {
    enum state s = kStart;
    while (*p != '\0' && *p != ',') {
      enum state n = next_state(s, *p);
      if (n != s) transitions++;
      s = n;
      p++;
      scanned++;
    }
    final_counts[s]++;
    if (*p == ',') {
      p++;
      scanned++;
    }
  }
  check(scanned == strlen(text));
  for (int i = 0; i < kStates; i++) crc = crc16_u32(crc, final_counts[i]);
  return crc16_u32(crc, transitions);
}

int main(void) {
  uint16_t crc = 0;
  for (uint32_t it = 0; it < SCALARMARK_ITERATIONS; it++) {
    rng_state = 0x5eed1234u ^ (it * 0x9e3779b9u);
    uint16_t c = 0;
    c = bench_list(c);
    c = bench_matrix(c);
    c = bench_state(c);
    crc = crc16_update(crc16_update(crc, (uint8_t)c), (uint8_t)(c >> 8));
  }
  printf("scalarmark: iterations %u checksum 0x%04x self-checks %s\n",
         (unsigned)SCALARMARK_ITERATIONS, (unsigned)crc, failures == 0 ? "pass" : "FAIL");
  return failures == 0 ? 0 : 1;
}
