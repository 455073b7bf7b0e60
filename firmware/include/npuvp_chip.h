/* Where the chip's devices are and what their registers mean, for firmware
   in C. The addresses are those of the presets' /chip sections (the same in
   every preset: platform/presets/NAME.json); the register maps are documented
   beside the models (models/devices/NAME.md). */
#ifndef NPUVP_CHIP_H
#define NPUVP_CHIP_H

#include <stdint.h>

#define CHIP_CLINT 0x02000000ul
#define CHIP_PLIC 0x0c000000ul
#define CHIP_UART 0x10000000ul
#define CHIP_MAILBOX 0x10010000ul
#define CHIP_DISPATCH 0x10020000ul
#define CHIP_HBM_INIT 0x10030000ul
#define CHIP_HBM_INIT_STRIDE 0x1000ul
#define CHIP_L2_CTRL 0x10040000ul
#define CHIP_L2_CTRL_STRIDE 0x1000ul
#define CHIP_IRQ_UART 10
#define CHIP_IRQ_MAILBOX 1
#define CHIP_IRQ_DISPATCH 2
/* mtime counts at the control CPU's clock / /clint/mtime_divider:
   1.8 GHz / 100 in every preset. */
#define CHIP_MTIME_HZ 18000000ul

#define REG32(addr) (*(volatile uint32_t*)(uintptr_t)(addr))
#define REG64(addr) (*(volatile uint64_t*)(uintptr_t)(addr))
#define REG8(addr) (*(volatile uint8_t*)(uintptr_t)(addr))

/* CLINT */
#define CLINT_MTIME (CHIP_CLINT + 0xBFF8)

/* PLIC, context 0 = the control CPU's M mode */
#define PLIC_PRIORITY(s) (CHIP_PLIC + 4 * (s))
#define PLIC_ENABLE0 (CHIP_PLIC + 0x2000)
#define PLIC_THRESHOLD (CHIP_PLIC + 0x200000)
#define PLIC_CLAIM (CHIP_PLIC + 0x200004)

/* 16550 UART */
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_LSR 5
#define UART_LSR_THRE 0x20

/* Mailbox */
#define MBOX_STATUS (CHIP_MAILBOX + 0x00)
#define MBOX_REQUEST_ACK (CHIP_MAILBOX + 0x08)
#define MBOX_RESPONSE_BELL (CHIP_MAILBOX + 0x10)
#define MBOX_IRQ_ENABLE (CHIP_MAILBOX + 0x18)
#define MBOX_REQUEST(i) (CHIP_MAILBOX + 0x100 + 8 * (i))
#define MBOX_RESPONSE(i) (CHIP_MAILBOX + 0x200 + 8 * (i))

/* AI-core dispatch */
#define DISP_ID (CHIP_DISPATCH + 0x000)
#define DISP_DIES (CHIP_DISPATCH + 0x004)
#define DISP_AIC_PER_DIE (CHIP_DISPATCH + 0x008)
#define DISP_AIV_PER_DIE (CHIP_DISPATCH + 0x00C)
#define DISP_START_PC (CHIP_DISPATCH + 0x010)
#define DISP_ENTRY (CHIP_DISPATCH + 0x018)
#define DISP_ARGS (CHIP_DISPATCH + 0x020)
#define DISP_STACK_BASE (CHIP_DISPATCH + 0x028)
#define DISP_STACK_SIZE (CHIP_DISPATCH + 0x030)
#define DISP_BLOCKS (CHIP_DISPATCH + 0x034)
#define DISP_START (CHIP_DISPATCH + 0x038)
#define DISP_ACTIVE (CHIP_DISPATCH + 0x03C)
#define DISP_IRQ_STATUS (CHIP_DISPATCH + 0x040)
#define DISP_IRQ_ENABLE (CHIP_DISPATCH + 0x044)
#define DISP_ERROR (CHIP_DISPATCH + 0x048)
#define DISP_ERROR_CORE (CHIP_DISPATCH + 0x04C)
#define DISP_CYCLES (CHIP_DISPATCH + 0x050)
#define DISP_FAILED (CHIP_DISPATCH + 0x058)
#define DISP_MODE (CHIP_DISPATCH + 0x05C)
#define DISP_ENTRY_AIC (CHIP_DISPATCH + 0x060)
#define DISP_GROUPS (CHIP_DISPATCH + 0x068)
#define DISP_RESET_RELEASE(w) (CHIP_DISPATCH + 0x080 + 8 * (w))
#define DISP_CORE_MASK(w) (CHIP_DISPATCH + 0x0A0 + 8 * (w))
#define DISP_GROUP_MASK(w) (CHIP_DISPATCH + 0x0C0 + 8 * (w))
#define DISP_STATUS(c) (CHIP_DISPATCH + 0x100 + 4 * (c))
#define DISP_UNIT(c) (CHIP_DISPATCH + 0x500 + 4 * (c))
#define DISP_ID_VALUE 0x4455504Eu
#define DISP_STATE_DONE 3
#define DISP_IRQ_DONE 1
#define DISP_MODE_GROUPS 1u      /* units: the AIC + 2 AIV groups of GROUP_MASK */
#define DISP_MODE_STACK_TABLE 2u /* STACK_BASE: per-core stack tops, by core number */
#define DISP_MODE_ENTRY_AIC 4u   /* cube cores call ENTRY_AIC, vector cores ENTRY */
#define DISP_NO_UNIT 0xFFFFFFFFu

/* HBM initialisation registers of die d */
#define HBM_BASE(d) (CHIP_HBM_INIT + CHIP_HBM_INIT_STRIDE * (d))
#define HBM_ID(d) (HBM_BASE(d) + 0x00)
#define HBM_CTRL(d) (HBM_BASE(d) + 0x04)
#define HBM_STATUS(d) (HBM_BASE(d) + 0x08)
#define HBM_TRAIN_NS(d) (HBM_BASE(d) + 0x0C)
#define HBM_SIZE(d) (HBM_BASE(d) + 0x10)
#define HBM_CHANNELS(d) (HBM_BASE(d) + 0x18)
#define HBM_GM_BASE(d) (HBM_BASE(d) + 0x20)
#define HBM_ID_VALUE 0x434D4248u
#define HBM_CTRL_PHY_ON 1u
#define HBM_CTRL_TRAIN 2u
#define HBM_CTRL_PRECHARGE_ALL 4u
#define HBM_STATUS_READY 4u
#define HBM_STATUS_ERROR 8u
#define HBM_STATUS_PRECHARGING 16u

/* L2 maintenance registers of die d */
#define L2C_BASE(d) (CHIP_L2_CTRL + CHIP_L2_CTRL_STRIDE * (d))
#define L2C_ID(d) (L2C_BASE(d) + 0x00)
#define L2C_CTRL(d) (L2C_BASE(d) + 0x04)
#define L2C_STATUS(d) (L2C_BASE(d) + 0x08)
#define L2C_SIZE(d) (L2C_BASE(d) + 0x10)
#define L2C_LINE_SIZE(d) (L2C_BASE(d) + 0x18)
#define L2C_FLUSH_WRITEBACKS(d) (L2C_BASE(d) + 0x20)
#define L2C_FLUSH_INVALIDATED(d) (L2C_BASE(d) + 0x24)
#define L2C_ID_VALUE 0x4343324Cu
#define L2C_CTRL_FLUSH 1u
#define L2C_STATUS_BUSY 1u

#endif
