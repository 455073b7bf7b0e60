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
                          [6] stack size, [7..10] core mask words, [11] flags (MB_LAUNCH_*),
                          [12] the cube cores' entry (MB_LAUNCH_ENTRY_AIC) */
#define MB_LAUNCH_WORDS 13

/* MB_LAUNCH flags. */
#define MB_LAUNCH_GROUPS 1u      /* [7..8] is a mask of AIC + 2 AIV groups (a mixed kernel), not of cores */
#define MB_LAUNCH_STACK_TABLE 2u /* [5] is a table of stack tops, one 64-bit word per core number */
#define MB_LAUNCH_ENTRY_AIC 4u   /* the cube cores call [12], the vector cores [2] */

#define MB_PANIC_HBM 1      /* HBM training failed or timed out; [2] die */
#define MB_PANIC_SELFTEST 2 /* an AI core failed the self-test; [2] core */
#define MB_PANIC_TRAP 3     /* an unexpected trap; [2] mcause */

#define MB_REFUSE_UNKNOWN 1  /* not a command the firmware knows */
#define MB_REFUSE_DISPATCH 2 /* the dispatch block refused the launch; [2] its ERROR code */
#define MB_REFUSE_FLAGS 3    /* MB_LAUNCH flags the firmware does not know; [2] the flags */

#endif
