/* The reference firmware of the npuvp chip: what a firmware engineer would
   write for bring-up. Console on the 16550 UART, traps and external
   interrupts through the PLIC, discovery of the NPU from the dispatch
   block, HBM bring-up of every die (PHY on, training, poll READY), release
   of the AI cores from reset, a self-test of every AI core with a built-in
   kernel, then a loop serving launch requests from the host mailbox and
   reporting completions. Every step is logged with the simulated time from
   the CLINT's mtime.

   Compile-time switches build broken variants for the tests that check the
   model catches them: FW_SKIP_HBM_BRINGUP (never trains HBM) and
   FW_SKIP_RESET_RELEASE (launches on cores held in reset). */
#include <stdint.h>
#include <stdio.h>

#include "npuvp_chip.h"
#include "npuvp_mailbox.h"
#include "selftest.h"

extern char _kernel_start[];
extern char __kernel_stacks[], __kernel_stacks_end[];

#define KERNEL_STACK 4096u
#define MAX_CORES 256u

/* ---- console ---------------------------------------------------------- */

static void uart_init(void) {
  REG8(CHIP_UART + UART_IER) = 0;     /* polled output, no UART interrupts */
  REG8(CHIP_UART + UART_LCR) = 0x80;  /* DLAB: divisor 1 (the model does not time the line) */
  REG8(CHIP_UART + 0) = 1;
  REG8(CHIP_UART + 1) = 0;
  REG8(CHIP_UART + UART_LCR) = 0x03;  /* 8N1 */
  REG8(CHIP_UART + UART_FCR) = 0x07;  /* FIFOs on and cleared */
}

static void uart_putc(char c) {
  while ((REG8(CHIP_UART + UART_LSR) & UART_LSR_THRE) == 0) {
  }
  REG8(CHIP_UART + UART_THR) = (uint8_t)c;
}

/* The runtime's printf writes through htif_write; on this chip that is the UART. */
long htif_write(int fd, const void* buf, size_t len) {
  (void)fd;
  const char* p = buf;
  for (size_t i = 0; i < len; ++i) uart_putc(p[i]);
  return (long)len;
}

static uint64_t now_ticks(void) { return REG64(CLINT_MTIME); }
static uint64_t ticks_to_ns(uint64_t t) { return t * 1000000000ull / CHIP_MTIME_HZ; }

/* A log line: "[   seconds.micros] " then the message, as a kernel log. */
#define LOG(...)                                                                            \
  do {                                                                                      \
    const uint64_t us_ = ticks_to_ns(now_ticks()) / 1000;                                   \
    printf("[%5lu.%06lu] ", (unsigned long)(us_ / 1000000), (unsigned long)(us_ % 1000000)); \
    printf(__VA_ARGS__);                                                                    \
  } while (0)

static void fmt_us(char* buf, size_t n, uint64_t ns) {
  snprintf(buf, n, "%lu.%01lu us", (unsigned long)(ns / 1000), (unsigned long)(ns % 1000 / 100));
}

/* ---- mailbox ---------------------------------------------------------- */

static void respond(uint64_t cmd, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  REG64(MBOX_RESPONSE(0)) = cmd;
  REG64(MBOX_RESPONSE(1)) = a;
  REG64(MBOX_RESPONSE(2)) = b;
  REG64(MBOX_RESPONSE(3)) = c;
  REG64(MBOX_RESPONSE(4)) = d;
  REG32(MBOX_RESPONSE_BELL) = 1;
}

static void panic(uint64_t reason, uint64_t detail) {
  LOG("PANIC: reason %lu, detail 0x%lx; halting\n", (unsigned long)reason, (unsigned long)detail);
  respond(MB_PANIC, reason, detail, 0, 0);
  for (;;) __asm__ volatile("wfi");
}

/* ---- traps and interrupts --------------------------------------------- */

static volatile int dispatch_done, mailbox_request;
static volatile uint64_t interrupts_taken;

#define MCAUSE_INTERRUPT (1ull << 63)
#define IRQ_M_EXT 11
#define MIE_MEIE (1u << IRQ_M_EXT)
#define MSTATUS_MIE 8u

void fw_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval) {
  if ((mcause & MCAUSE_INTERRUPT) && (mcause & 0xff) == IRQ_M_EXT) {
    ++interrupts_taken;
    for (uint32_t src; (src = REG32(PLIC_CLAIM)) != 0;) {
      if (src == CHIP_IRQ_DISPATCH) {
        REG32(DISP_IRQ_STATUS) = DISP_IRQ_DONE; /* drop the line before completing */
        dispatch_done = 1;
      } else if (src == CHIP_IRQ_MAILBOX) {
        REG32(MBOX_IRQ_ENABLE) = 0; /* served from the main loop, which re-enables it */
        mailbox_request = 1;
      }
      REG32(PLIC_CLAIM) = src;
    }
    return;
  }
  LOG("unexpected trap: mcause 0x%lx mepc 0x%lx mtval 0x%lx\n", (unsigned long)mcause, (unsigned long)mepc,
      (unsigned long)mtval);
  panic(MB_PANIC_TRAP, mcause);
}

static void irq_init(void) {
  REG32(PLIC_PRIORITY(CHIP_IRQ_DISPATCH)) = 2;
  REG32(PLIC_PRIORITY(CHIP_IRQ_MAILBOX)) = 1;
  REG32(PLIC_ENABLE0) = (1u << CHIP_IRQ_DISPATCH) | (1u << CHIP_IRQ_MAILBOX);
  REG32(PLIC_THRESHOLD) = 0;
  REG32(DISP_IRQ_ENABLE) = DISP_IRQ_DONE;
  __asm__ volatile("csrs mie, %0" ::"r"(MIE_MEIE));
  __asm__ volatile("csrs mstatus, %0" ::"r"(MSTATUS_MIE));
}

/* Sleeps until *flag is set by the interrupt handler. Interrupts are off
   between the test and the wfi (which wakes on a pending interrupt even
   then), so a completion cannot slip in between and be missed. */
static void wait_for(volatile int* flag) {
  for (;;) {
    __asm__ volatile("csrc mstatus, %0" ::"r"(MSTATUS_MIE));
    if (*flag) break;
    __asm__ volatile("wfi");
    __asm__ volatile("csrs mstatus, %0" ::"r"(MSTATUS_MIE));
  }
  *flag = 0;
  __asm__ volatile("csrs mstatus, %0" ::"r"(MSTATUS_MIE));
}

/* ---- the NPU ---------------------------------------------------------- */

static uint32_t dies, aic_per_die, aiv_per_die, cores;

static void discover(void) {
  if (REG32(DISP_ID) != DISP_ID_VALUE) {
    LOG("npu: no dispatch block at 0x%lx\n", (unsigned long)CHIP_DISPATCH);
    panic(MB_PANIC_SELFTEST, 0);
  }
  dies = REG32(DISP_DIES);
  aic_per_die = REG32(DISP_AIC_PER_DIE);
  aiv_per_die = REG32(DISP_AIV_PER_DIE);
  cores = dies * (aic_per_die + aiv_per_die);
  LOG("npu: dispatch block at 0x%lx: %u die%s, %u AIC + %u AIV per die, %u AI cores\n",
      (unsigned long)CHIP_DISPATCH, dies, dies == 1 ? "" : "s", aic_per_die, aiv_per_die, cores);
  if (cores > MAX_CORES) panic(MB_PANIC_SELFTEST, cores);
}

static void hbm_bringup(void) {
  uint64_t t0 = now_ticks();
  uint64_t started[8] = {0};
  for (uint32_t d = 0; d < dies; ++d) {
    if (REG32(HBM_ID(d)) != HBM_ID_VALUE) {
      LOG("hbm%u: no controller at 0x%lx\n", d, (unsigned long)HBM_BASE(d));
      panic(MB_PANIC_HBM, d);
    }
    LOG("hbm%u: %lu GiB at 0x%lx, %u channels: PHY on, training\n", d, (unsigned long)(REG64(HBM_SIZE(d)) >> 30),
        (unsigned long)REG64(HBM_GM_BASE(d)), REG32(HBM_CHANNELS(d)));
#ifndef FW_SKIP_HBM_BRINGUP
    REG32(HBM_CTRL(d)) = HBM_CTRL_PHY_ON;
    if (d == 0) t0 = now_ticks();
    if (d < 8) started[d] = now_ticks();
    REG32(HBM_CTRL(d)) = HBM_CTRL_PHY_ON | HBM_CTRL_TRAIN;
#endif
  }
  (void)t0;
  (void)started;
#ifndef FW_SKIP_HBM_BRINGUP
  /* The stacks train in parallel; give up after ten times the training time. */
  uint64_t ready_after[8] = {0};
  for (uint32_t d = 0; d < dies; ++d) {
    const uint64_t limit = t0 + 10 * (REG32(HBM_TRAIN_NS(d)) * CHIP_MTIME_HZ / 1000000000ull + 1);
    uint32_t s;
    while (((s = REG32(HBM_STATUS(d))) & (HBM_STATUS_READY | HBM_STATUS_ERROR)) == 0) {
      if (now_ticks() > limit) {
        LOG("hbm%u: training timed out (status 0x%x)\n", d, s);
        panic(MB_PANIC_HBM, d);
      }
    }
    if (s & HBM_STATUS_ERROR) {
      LOG("hbm%u: training failed (status 0x%x)\n", d, s);
      panic(MB_PANIC_HBM, d);
    }
    if (d < 8) ready_after[d] = ticks_to_ns(now_ticks() - started[d]);
  }
  for (uint32_t d = 0; d < dies && d < 8; ++d) {
    char t[32];
    fmt_us(t, sizeof t, ready_after[d]);
    LOG("hbm%u: trained, READY seen %s after its training started\n", d, t);
  }
#endif
}

/* The L2 of every die: its maintenance registers, which every launch uses
   to flush and invalidate it (launch.S). */
static void l2_discover(void) {
  for (uint32_t d = 0; d < dies; ++d) {
    if (REG32(L2C_ID(d)) != L2C_ID_VALUE) {
      LOG("l2_%u: no maintenance registers at 0x%lx\n", d, (unsigned long)L2C_BASE(d));
      panic(MB_PANIC_SELFTEST, d);
    }
    LOG("l2_%u: %lu MiB, %u B lines, flush and invalidate at 0x%lx\n", d, (unsigned long)(REG64(L2C_SIZE(d)) >> 20),
        REG32(L2C_LINE_SIZE(d)), (unsigned long)L2C_BASE(d));
  }
}

static void release_cores(void) {
#ifndef FW_SKIP_RESET_RELEASE
  for (uint32_t w = 0; w < (cores + 63) / 64; ++w) {
    const uint32_t n = cores - 64 * w;
    REG64(DISP_RESET_RELEASE(w)) = n >= 64 ? ~0ull : (1ull << n) - 1;
  }
  LOG("npu: %u AI cores released from reset\n", cores);
#endif
}

/* launch.S: flushes every die's L2, precharges every die's HBM, writes
   START and sleeps until the launch completes, touching no GM. */
uint32_t fw_launch_quiesced(uint64_t dies, uintptr_t l2_ctrl, uintptr_t l2_stride, uintptr_t hbm_init,
                            uintptr_t hbm_stride, uintptr_t dispatch);

/* A launch as the dispatch block takes it. */
struct launch {
  uint64_t start_pc, entry, entry_aic, blocks, args, stack_base, stack_size;
  uint32_t mode;    /* DISP_MODE_* */
  uint64_t mask[4]; /* cores, or with DISP_MODE_GROUPS groups (words 0..1) */
};

/* Starts a launch on the dispatch block and waits for its completion
   interrupt. The kernel meets a cold memory system (firmware/reference/
   README.md): the launch sequence flushes and invalidates the L2s and
   precharges the HBM right before START and stays off GM until the launch
   completed. Returns the dispatch block's ERROR code (0: it ran). */
static uint32_t run_launch(const struct launch* l) {
  const int groups = (l->mode & DISP_MODE_GROUPS) != 0;
  REG32(DISP_MODE) = l->mode;
  REG64(DISP_START_PC) = l->start_pc;
  REG64(DISP_ENTRY) = l->entry;
  REG64(DISP_ENTRY_AIC) = l->entry_aic;
  REG64(DISP_ARGS) = l->args;
  REG64(DISP_STACK_BASE) = l->stack_base;
  REG32(DISP_STACK_SIZE) = (uint32_t)l->stack_size;
  REG32(DISP_BLOCKS) = (uint32_t)l->blocks;
  for (int w = 0; w < 4; ++w) REG64(DISP_CORE_MASK(w)) = groups ? 0 : l->mask[w];
  for (int w = 0; w < 2; ++w) REG64(DISP_GROUP_MASK(w)) = groups ? l->mask[w] : 0;
  dispatch_done = 0;
  const uint32_t err =
      fw_launch_quiesced(dies, CHIP_L2_CTRL, CHIP_L2_CTRL_STRIDE, CHIP_HBM_INIT, CHIP_HBM_INIT_STRIDE, CHIP_DISPATCH);
  if (err != 0) return err;
  wait_for(&dispatch_done); /* the completion interrupt, taken as the sequence re-enabled interrupts */
  return 0;
}

static volatile uint64_t selftest_results[MAX_CORES];
static uint64_t selftest_args[16];

static uint32_t selftest(void) {
  const uint64_t t0 = now_ticks();
  for (uint32_t c = 0; c < cores; ++c) selftest_results[c] = 0;
  selftest_args[0] = (uint64_t)(uintptr_t)selftest_results;
  struct launch l = {(uint64_t)(uintptr_t)_kernel_start, (uint64_t)(uintptr_t)selftest_kernel, 0, cores,
                     (uint64_t)(uintptr_t)selftest_args, (uint64_t)(uintptr_t)__kernel_stacks, KERNEL_STACK, 0,
                     {0, 0, 0, 0}};
  for (uint32_t c = 0; c < cores; ++c) l.mask[c / 64] |= 1ull << (c % 64);
  /* One block per core: block c runs on core c (the c-th selected core). */
  const uint32_t err = run_launch(&l);
  if (err != 0) {
    LOG("self-test: the dispatch block refused the launch (error %u, core %u)\n", err, REG32(DISP_ERROR_CORE));
    panic(MB_PANIC_SELFTEST, err);
  }
  uint32_t passed = 0, aic_ok = 0, aiv_ok = 0;
  uint64_t sum = 0;
  for (uint64_t i = 1; i <= SELFTEST_LOOP; ++i) sum += i;
  for (uint32_t c = 0; c < cores; ++c) {
    const uint32_t per_die = aic_per_die + aiv_per_die;
    const uint32_t die = c / per_die, k = c % per_die, vector = k >= aic_per_die;
    const uint32_t id = vector ? k - aic_per_die : k;
    const uint64_t want = selftest_signature(c, die, vector, id, sum * (c + 1));
    const uint32_t state = REG32(DISP_STATUS(c));
    if (state == DISP_STATE_DONE && selftest_results[c] == want) {
      ++passed;
      if (vector) ++aiv_ok; else ++aic_ok;
    } else {
      LOG("self-test: die%u %s%u FAILED: status %u, signature 0x%lx (expected 0x%lx)\n", die, vector ? "aiv" : "aic",
          id, state, (unsigned long)selftest_results[c], (unsigned long)want);
    }
  }
  char t[32];
  fmt_us(t, sizeof t, ticks_to_ns(now_ticks() - t0));
  LOG("self-test: %u of %u AI cores passed (%u AIC, %u AIV) in %s, longest core %lu cycles\n", passed, cores, aic_ok,
      aiv_ok, t, (unsigned long)REG64(DISP_CYCLES));
  return passed;
}

/* ---- serving the host -------------------------------------------------- */

/* "die0.aiv3" for dispatch core c, as the model names it. */
static void core_label(char* buf, size_t n, uint32_t c) {
  const uint32_t per_die = aic_per_die + aiv_per_die, k = c % per_die;
  snprintf(buf, n, "die%u.%s%u", c / per_die, k < aic_per_die ? "aic" : "aiv", k < aic_per_die ? k : k - aic_per_die);
}

static void serve(void) {
  for (;;) {
    REG32(MBOX_IRQ_ENABLE) = 1;
    wait_for(&mailbox_request);
    uint64_t w[MB_LAUNCH_WORDS];
    for (int i = 0; i < MB_LAUNCH_WORDS; ++i) w[i] = REG64(MBOX_REQUEST(i));
    REG32(MBOX_REQUEST_ACK) = 1;
    if (w[0] != MB_LAUNCH) {
      LOG("mailbox: unknown request 0x%lx\n", (unsigned long)w[0]);
      respond(MB_REFUSED, MB_REFUSE_UNKNOWN, w[0], 0, 0);
      continue;
    }
    const uint64_t flags = w[11];
    if (flags & ~(uint64_t)(MB_LAUNCH_GROUPS | MB_LAUNCH_STACK_TABLE | MB_LAUNCH_ENTRY_AIC)) {
      LOG("mailbox: launch with unknown flags 0x%lx\n", (unsigned long)flags);
      respond(MB_REFUSED, MB_REFUSE_FLAGS, flags, 0, 0);
      continue;
    }
    struct launch l = {w[1], w[2], w[12], w[3], w[4], w[5], w[6], 0, {w[7], w[8], w[9], w[10]}};
    if (flags & MB_LAUNCH_GROUPS) l.mode |= DISP_MODE_GROUPS;
    if (flags & MB_LAUNCH_STACK_TABLE) l.mode |= DISP_MODE_STACK_TABLE;
    if (flags & MB_LAUNCH_ENTRY_AIC) l.mode |= DISP_MODE_ENTRY_AIC;
    uint32_t units = 0;
    for (int i = 0; i < 4; ++i)
      for (uint64_t m = l.mask[i]; m != 0; m &= m - 1) ++units;
    if (l.mode & DISP_MODE_GROUPS)
      LOG("launch: entries 0x%lx (aic) 0x%lx (aiv), %lu blocks on %u AIC + 2 AIV groups, arguments at 0x%lx\n",
          (unsigned long)l.entry_aic, (unsigned long)l.entry, (unsigned long)l.blocks, units, (unsigned long)l.args);
    else
      LOG("launch: entry 0x%lx, %lu blocks, arguments at 0x%lx\n", (unsigned long)l.entry, (unsigned long)l.blocks,
          (unsigned long)l.args);
    const uint32_t err = run_launch(&l);
    if (err != 0) {
      LOG("launch: refused by the dispatch block (error %u, core %u)\n", err, REG32(DISP_ERROR_CORE));
      respond(MB_REFUSED, MB_REFUSE_DISPATCH, err, 0, 0);
      continue;
    }
    /* The cores of this launch are those with a unit; the first that failed
       is reported with its state and the first block it ran. */
    const uint32_t failed = REG32(DISP_FAILED);
    uint64_t first = 0, state = 0;
    for (uint32_t c = 0; c < cores && failed != 0; ++c) {
      const uint32_t unit = REG32(DISP_UNIT(c)), s = REG32(DISP_STATUS(c));
      if (unit != DISP_NO_UNIT && s != DISP_STATE_DONE) {
        first = c;
        state = s;
        char name[24];
        core_label(name, sizeof name, c);
        LOG("launch: %s (core %u, first block %u) ended in state %u\n", name, c, unit, s);
        break;
      }
    }
    const uint64_t cycles = REG64(DISP_CYCLES);
    LOG("launch: done in %lu cycles, %u cores failed\n", (unsigned long)cycles, failed);
    respond(MB_DONE, failed, cycles, first, state);
  }
}

void fw_main(void) {
  const uint64_t t0 = now_ticks();
  uart_init();
  printf("\nnpuvp reference firmware, control CPU hart 0\n");
  LOG("console: 16550 UART at 0x%lx\n", (unsigned long)CHIP_UART);
  irq_init();
  LOG("irq: PLIC at 0x%lx, dispatch on source %u, mailbox on source %u; CLINT at 0x%lx\n",
      (unsigned long)CHIP_PLIC, CHIP_IRQ_DISPATCH, CHIP_IRQ_MAILBOX, (unsigned long)CHIP_CLINT);
  discover();
  hbm_bringup();
  l2_discover();
  release_cores();
  const uint32_t passed = selftest();
  char t[32];
  fmt_us(t, sizeof t, ticks_to_ns(now_ticks() - t0));
  LOG("ready: boot took %s (%lu interrupts); serving launch requests on the mailbox at 0x%lx\n", t,
      (unsigned long)interrupts_taken, (unsigned long)CHIP_MAILBOX);
  respond(MB_READY, passed == cores ? 0 : 1, passed, ticks_to_ns(now_ticks() - t0), 0);
  if (passed != cores) panic(MB_PANIC_SELFTEST, cores - passed);
  serve();
}
