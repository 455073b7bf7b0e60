// No runtime and no trap handler: the first instruction is illegal, mtvec
// points nowhere, so `npuvp run` stops with an unhandled trap (status 125).
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  csrw mtvec, zero
  .word 0
