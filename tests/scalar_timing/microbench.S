# Microbenchmarks of the scalar core's timing model, one per row of the
# latency table (models/scalar_core/TIMING.md). Each function times a block of
# 32 instructions between two reads of mcycle and returns the difference; it
# runs the block twice and reports the second run, so that the instruction
# cache is warm (except bench_icache_cold, which measures the misses).
# Everything is uncompressed so the code layout, and so the I-cache line
# crossings, are known. Branches to .+8 are written as words: clang-14 cannot
# relocate `.+8`, and numeric labels inside .rept do not resolve locally.
  .option norvc
  .text

# MEASURE body, setup: a function that times `.rept 32 body`.
.macro MEASURE name, body:vararg
  .balign 64
  .globl \name
\name:
  addi sp, sp, -32
  sd sp, 0(sp)            # a word that points to itself, for load chains
  li a1, 7
  li a2, 1
  mv a3, sp
  li t4, 2
  fcvt.d.l fa1, a1        # 7.0
  fcvt.d.l fa2, a2        # 1.0
  fcvt.d.l fa3, a2
  fcvt.s.l fa4, a1        # 7.0f
  fcvt.s.l fa5, a2        # 1.0f
  la a4, 1f
  li t3, 2
1:
  csrr t0, mcycle
  .rept 32
  \body
  .endr
  csrr t1, mcycle
  addi t3, t3, -1
  bnez t3, 1b
  sub a0, t1, t0
  addi sp, sp, 32
  ret
.endm

MEASURE bench_alu_chain,      addi a1, a1, 1
MEASURE bench_mul_chain,      mul a1, a1, a2
MEASURE bench_div_chain,      div a1, a1, a2
MEASURE bench_load_chain,     ld a3, 0(a3)
MEASURE bench_store,          sd a1, 8(sp)
# Bodies of more than one instruction are macros of their own: a ';' would
# end the MEASURE line itself.
.macro TAKEN_BRANCH_OVER_NOP
  .4byte 0x00000463       # beq zero, zero, .+8
  addi zero, zero, 0
.endm
.macro JUMP_OVER_NOP
  .4byte 0x0080006f       # jal zero, .+8
  addi zero, zero, 0
.endm
.macro MOVE_THERE_AND_BACK
  fmv.x.d a1, fa1
  fmv.d.x fa1, a1
.endm
.macro LOAD_THEN_USE
  ld a1, 0(sp)
  addi a2, a1, 1
.endm

MEASURE bench_branch_taken,   TAKEN_BRANCH_OVER_NOP
MEASURE bench_branch_not_taken, .4byte 0x00001463               # bne zero, zero, .+8
MEASURE bench_jump,           JUMP_OVER_NOP
MEASURE bench_atomic,         amoadd.d a1, a2, (sp)
MEASURE bench_csr,            csrr a1, mscratch
MEASURE bench_fence,          fence rw, rw
MEASURE bench_fp_load,        fld fa1, 0(sp)
MEASURE bench_fp_store,       fsd fa1, 8(sp)
MEASURE bench_fp_add_chain,   fadd.d fa1, fa1, fa2
MEASURE bench_fp_mul_chain,   fmul.d fa1, fa1, fa2
MEASURE bench_fp_fma_chain,   fmadd.d fa1, fa1, fa2, fa3
MEASURE bench_fp_divs_chain,  fdiv.s fa4, fa4, fa5
MEASURE bench_fp_divd_chain,  fdiv.d fa1, fa1, fa2
MEASURE bench_fp_sqrts_chain, fsqrt.s fa4, fa4
MEASURE bench_fp_sqrtd_chain, fsqrt.d fa1, fa1
MEASURE bench_fp_cmp_chain,   fmin.d fa1, fa1, fa2
MEASURE bench_fp_cvt_chain,   fcvt.s.d fa1, fa1
MEASURE bench_fp_move_chain,  MOVE_THERE_AND_BACK
MEASURE bench_load_use,       LOAD_THEN_USE

# A cold block: the code of this function has never been fetched, so every
# I-cache line after the first csrr misses once. 64 nops after the csrr at
# the start of a line make 65 instructions (260 bytes): 4 more lines.
  .balign 64
  .globl bench_icache_cold
bench_icache_cold:
  csrr t0, mcycle
  .rept 64
  addi zero, zero, 0
  .endr
  csrr t1, mcycle
  sub a0, t1, t0
  ret
  # Keep other code (main) off the block's last line, or that line is warm.
  .balign 64
  .skip 64
