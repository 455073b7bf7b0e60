/* The protocol between the host (npuvp's command line) and the reference
   firmware over the mailbox (models/devices/MAILBOX.md): word 0 of a message
   is its command, the rest its fields. Plain C, included by the firmware
   and by platform/chip_platform.cpp. */
#ifndef NPUVP_MAILBOX_H
#define NPUVP_MAILBOX_H

/* Firmware -> host. */
#define MB_READY 0x1 /* boot finished: [1] status (0 ok), [2] AI cores that passed the self-test, [3] boot time ns */
#define MB_DONE 0x2  /* a launch finished: [1] cores that failed, [2] kernel cycles, [3] first failed core, [4] its state */
#define MB_PANIC 0x3 /* the firmware gave up: [1] reason (MB_PANIC_*), [2] detail */
#define MB_REFUSED 0x4 /* a request the firmware does not accept: [1] reason (MB_REFUSE_*) */

/* Host -> firmware. */
#define MB_LAUNCH 0x10 /* [1] start pc, [2] entry, [3] blocks, [4] argument block, [5] stack base,
                          [6] stack size, [7..10] core mask words */
#define MB_LAUNCH_WORDS 11

#define MB_PANIC_HBM 1      /* HBM training failed or timed out; [2] die */
#define MB_PANIC_SELFTEST 2 /* an AI core failed the self-test; [2] core */
#define MB_PANIC_TRAP 3     /* an unexpected trap; [2] mcause */

#define MB_REFUSE_UNKNOWN 1  /* not a command the firmware knows */
#define MB_REFUSE_DISPATCH 2 /* the dispatch block refused the launch; [2] its ERROR code */

#endif
