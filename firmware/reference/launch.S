// fw_launch_quiesced: the launch sequence of the reference firmware, from the
// L2 flush to the completion, in one leaf function that touches no GM (no
// stack, no data; its instructions come from the control CPU's I-cache:
// the firmware's text, about 12 KiB, stays in the 32 KiB I-cache once run,
// and the self-test ran this sequence). So the kernel meets the memory
// system a launch after reset meets (firmware/reference/README.md):
//   1. every die's L2: CTRL = FLUSH, poll STATUS.BUSY  (models/devices/L2_CTRL.md)
//   2. every die's HBM: CTRL = PHY_ON | PRECHARGE_ALL, poll STATUS.PRECHARGING
//      (models/devices/HBM_INIT.md)
//   3. the dispatch block: START = 1 (everything else programmed before);
//      ERROR != 0: return it
//   4. sleep (wfi) until IRQ_STATUS.DONE, with mstatus.MIE off so that the
//      handler does not run (and touch GM) before the launch completed; MIE
//      is set again on return and the pending completion interrupt is taken.
//
// uint32_t fw_launch_quiesced(uint64_t dies, uintptr_t l2_ctrl, uintptr_t l2_stride,
//                             uintptr_t hbm_init, uintptr_t hbm_stride, uintptr_t dispatch);
// returns the dispatch block's ERROR after START (0: the launch ran).

// Register offsets (npuvp_chip.h, models/devices/*.md).
#define L2_CTRL_CTRL 0x04
#define L2_CTRL_STATUS 0x08
#define L2_CTRL_FLUSH 1
#define L2_STATUS_BUSY 1
#define HBM_CTRL 0x04
#define HBM_STATUS 0x08
#define HBM_CTRL_PHY_ON_PRECHARGE_ALL 5
#define HBM_STATUS_PRECHARGING 16
#define DISP_START 0x38
#define DISP_IRQ_STATUS 0x40
#define DISP_ERROR 0x48
#define DISP_IRQ_DONE 1
#define MSTATUS_MIE 8

  .section .text, "ax", @progbits
  .globl fw_launch_quiesced
  .type fw_launch_quiesced, @function
  .p2align 2
fw_launch_quiesced:
  csrci mstatus, MSTATUS_MIE
  // 1. flush and invalidate every die's L2
  mv t0, a1
  mv t1, a0
1:
  beqz t1, 3f
  li t2, L2_CTRL_FLUSH
  sw t2, L2_CTRL_CTRL(t0)
2:
  lw t2, L2_CTRL_STATUS(t0)
  andi t2, t2, L2_STATUS_BUSY
  bnez t2, 2b
  add t0, t0, a2
  addi t1, t1, -1
  j 1b
3:
  // 2. precharge every bank of every die's HBM
  mv t0, a3
  mv t1, a0
4:
  beqz t1, 6f
  li t2, HBM_CTRL_PHY_ON_PRECHARGE_ALL
  sw t2, HBM_CTRL(t0)
5:
  lw t2, HBM_STATUS(t0)
  andi t2, t2, HBM_STATUS_PRECHARGING
  bnez t2, 5b
  add t0, t0, a4
  addi t1, t1, -1
  j 4b
6:
  // 3. start
  li t2, 1
  sw t2, DISP_START(a5)
  lw a0, DISP_ERROR(a5)
  bnez a0, 8f
  // 4. sleep until the launch is done
7:
  wfi
  lw t2, DISP_IRQ_STATUS(a5)
  andi t2, t2, DISP_IRQ_DONE
  beqz t2, 7b
8:
  csrsi mstatus, MSTATUS_MIE
  ret
  .size fw_launch_quiesced, . - fw_launch_quiesced
