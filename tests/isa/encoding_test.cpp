// Hand-written encodings: the digit separators of each literal show the
// fields of its format, and the expected operands are read off the spec.
#include <gtest/gtest.h>

#include "isa/decoder.h"
#include "isa/disasm.h"

namespace npuvp::isa {
namespace {

Decoded dec(uint32_t raw) {
  Decoded d;
  EXPECT_TRUE(decode(raw, d)) << std::hex << raw;
  return d;
}
bool illegal(uint32_t raw) {
  Decoded d;
  const bool ok = decode(raw, d);
  return !ok && d.id == InsnId::kCount;
}

TEST(Encoding, RType) {
  //                   funct7  rs2   rs1   f3  rd    opcode
  const Decoded d = dec(0b0100000'01100'01011'000'01010'0110011);  // sub a0, a1, a2
  EXPECT_EQ(d.id, InsnId::sub);
  EXPECT_EQ(d.rd, 10);
  EXPECT_EQ(d.rs1, 11);
  EXPECT_EQ(d.rs2, 12);
  EXPECT_EQ(d.length, 4);
}

TEST(Encoding, ITypeSignExtends) {
  //                   imm[11:0]    rs1   f3  rd    opcode
  Decoded d = dec(0b100000000000'00001'000'00101'0010011);  // addi t0, ra, -2048
  EXPECT_EQ(d.id, InsnId::addi);
  EXPECT_EQ(d.imm, -2048);
  d = dec(0b011111111111'00001'011'00101'0000011);  // ld t0, 2047(ra)
  EXPECT_EQ(d.id, InsnId::ld);
  EXPECT_EQ(d.imm, 2047);
}

TEST(Encoding, ShiftAmounts) {
  //             f6     shamt  rs1   f3  rd    opcode
  Decoded d = dec(0b010000'111111'00001'101'00001'0010011);  // srai ra, ra, 63
  EXPECT_EQ(d.id, InsnId::srai);
  EXPECT_EQ(d.imm, 63);
  //              f7      shamt rs1   f3  rd    opcode
  d = dec(0b0100000'11111'00001'101'00001'0011011);  // sraiw ra, ra, 31
  EXPECT_EQ(d.id, InsnId::sraiw);
  EXPECT_EQ(d.imm, 31);
  // shamt[5]=1 is reserved for the 32-bit W shifts.
  EXPECT_TRUE(illegal(0b0000001'00000'00001'001'00001'0011011));
}

TEST(Encoding, STypeSplitsTheImmediate) {
  //                imm[11:5] rs2   rs1   f3  imm[4:0] opcode
  Decoded d = dec(0b1111111'01010'00010'011'11000'0100011);  // sd a0, -8(sp)
  EXPECT_EQ(d.id, InsnId::sd);
  EXPECT_EQ(d.rs1, 2);
  EXPECT_EQ(d.rs2, 10);
  EXPECT_EQ(d.imm, -8);
  d = dec(0b0111111'01010'00010'010'11111'0100111);  // fsw fa0, 2047(sp)
  EXPECT_EQ(d.id, InsnId::fsw);
  EXPECT_EQ(d.imm, 2047);
}

TEST(Encoding, BTypeScalesAndSignExtends) {
  //         [12] [10:5]  rs2   rs1   f3  [4:1][11] opcode
  Decoded d = dec(0b1'000000'00000'01010'000'0000'0'1100011);  // beq a0, zero, -4096
  EXPECT_EQ(d.id, InsnId::beq);
  EXPECT_EQ(d.imm, -4096);
  d = dec(0b0'111111'00000'01010'001'1111'1'1100011);  // bne a0, zero, +4094
  EXPECT_EQ(d.id, InsnId::bne);
  EXPECT_EQ(d.imm, 4094);
  d = dec(0b0'000000'00000'01010'100'0000'1'1100011);  // blt: only imm[11] set
  EXPECT_EQ(d.imm, 2048);
  EXPECT_EQ(disassemble(d, 0x1000), "blt\ta0, zero, 0x1800");
}

TEST(Encoding, JTypeScalesAndSignExtends) {
  //         [20] [10:1]      [11] [19:12]    rd    opcode
  Decoded d = dec(0b1'0000000000'0'00000000'00001'1101111);  // jal ra, -1 MiB
  EXPECT_EQ(d.id, InsnId::jal);
  EXPECT_EQ(d.rd, 1);
  EXPECT_EQ(d.imm, -(1 << 20));
  d = dec(0b0'1111111111'1'11111111'00000'1101111);
  EXPECT_EQ(d.imm, (1 << 20) - 2);
  d = dec(0b0'0000000000'1'00000000'00000'1101111);  // only imm[11]
  EXPECT_EQ(d.imm, 2048);
}

TEST(Encoding, UTypeHoldsTheShiftedValue) {
  //                imm[31:12]           rd    opcode
  Decoded d = dec(0b10000000000000000000'01010'0110111);  // lui a0, 0x80000
  EXPECT_EQ(d.id, InsnId::lui);
  EXPECT_EQ(d.imm, -(int64_t{1} << 31));
  EXPECT_EQ(disassemble(d, 0), "lui\ta0, 524288");
}

TEST(Encoding, CsrAndFence) {
  //                csr          rs1   f3  rd    opcode
  Decoded d = dec(0b001100000000'01010'001'00000'1110011);  // csrrw zero, mstatus, a0
  EXPECT_EQ(d.id, InsnId::csrrw);
  EXPECT_EQ(d.imm, 0x300);
  EXPECT_EQ(disassemble(d, 0), "csrrw\tzero, mstatus, a0");
  d = dec(0b000000000011'11111'111'01010'1110011);  // csrrci a0, fcsr, 31
  EXPECT_EQ(d.id, InsnId::csrrci);
  EXPECT_EQ(d.rs1, 31);
  EXPECT_EQ(disassemble(d, 0), "csrrci\ta0, fcsr, 31");
  //                fm   pred succ rs1   f3  rd    opcode
  d = dec(0b0000'1010'0101'00000'000'00000'0001111);
  EXPECT_EQ(d.id, InsnId::fence);
  EXPECT_EQ(disassemble(d, 0), "fence\tir, ow");
}

TEST(Encoding, AtomicsKeepAqRl) {
  //              f5  aq rl rs2   rs1   f3  rd    opcode
  Decoded d = dec(0b00010'1'0'00000'01011'011'01010'0101111);  // lr.d.aq a0, (a1)
  EXPECT_EQ(d.id, InsnId::lr_d);
  EXPECT_EQ(d.rm, 0b10);
  EXPECT_EQ(disassemble(d, 0), "lr.d.aq\ta0, (a1)");
  // lr with rs2 != 0 is not an instruction.
  EXPECT_TRUE(illegal(0b00010'1'0'00001'01011'011'01010'0101111));
}

TEST(Encoding, FloatingPointRoundingMode) {
  //               rs3   fmt rs2   rs1   rm  rd    opcode
  Decoded d = dec(0b00011'01'00010'00001'001'00100'1000011);  // fmadd.d ft4, ft1, ft2, ft3, rtz
  EXPECT_EQ(d.id, InsnId::fmadd_d);
  EXPECT_EQ(d.rs3, 3);
  EXPECT_EQ(d.rm, 1);
  // rm 5 and 6 are reserved but decode: the core raises illegal at execution.
  d = dec(0b0000000'00010'00001'101'00100'1010011);  // fadd.s ft4, ft1, ft2, rm=5
  EXPECT_EQ(d.id, InsnId::fadd_s);
  EXPECT_EQ(d.rm, 5);
  // fcvt.d.w is exact: any rm decodes.
  d = dec(0b1101001'00000'01010'111'00001'1010011);
  EXPECT_EQ(d.id, InsnId::fcvt_d_w);
  EXPECT_EQ(disassemble(d, 0), "fcvt.d.w\tft1, a0");
}

// ---- compressed: each immediate format, at its extremes

TEST(Compressed, Addi4spnScalesAndRejectsZero) {
  //               f3  nzuimm[5:4|9:6|2|3] rd' op
  Decoded d = dec(0b000'11111111'010'00);  // c.addi4spn a0, sp, 1020
  EXPECT_EQ(d.id, InsnId::c_addi4spn);
  EXPECT_EQ(d.length, 2);
  EXPECT_EQ(d.rd, 10);
  EXPECT_EQ(d.rs1, 2);
  EXPECT_EQ(d.imm, 1020);
  d = dec(0b000'00000001'000'00);  // only nzuimm[3]
  EXPECT_EQ(d.imm, 8);
  EXPECT_TRUE(illegal(0b000'00000000'010'00));
  EXPECT_TRUE(illegal(0x0000));  // the all-zero parcel
}

TEST(Compressed, LoadStoreOffsets) {
  //               f3  uimm rs1' u[2|6] rd' op
  Decoded d = dec(0b010'111'001'11'010'00);  // c.lw a0, 124(s1)
  EXPECT_EQ(d.id, InsnId::c_lw);
  EXPECT_EQ(d.rd, 10);
  EXPECT_EQ(d.rs1, 9);
  EXPECT_EQ(d.imm, 124);
  d = dec(0b011'111'001'11'010'00);  // c.ld a0, 248(s1)
  EXPECT_EQ(d.id, InsnId::c_ld);
  EXPECT_EQ(d.imm, 248);
  d = dec(0b111'000'001'10'111'00);  // c.sd a5, 128(s1)
  EXPECT_EQ(d.id, InsnId::c_sd);
  EXPECT_EQ(d.rs2, 15);
  EXPECT_EQ(d.imm, 128);
  d = dec(0b110'000'001'10'111'00);  // c.sw a5, 4(s1)
  EXPECT_EQ(d.id, InsnId::c_sw);
  EXPECT_EQ(d.imm, 4);
}

TEST(Compressed, SixBitSignedImmediates) {
  //               f3  [5] rd    [4:0] op
  Decoded d = dec(0b000'1'01010'00000'01);  // c.addi a0, -32
  EXPECT_EQ(d.id, InsnId::c_addi);
  EXPECT_EQ(d.rd, 10);
  EXPECT_EQ(d.rs1, 10);
  EXPECT_EQ(d.imm, -32);
  d = dec(0b010'0'01010'11111'01);  // c.li a0, 31
  EXPECT_EQ(d.id, InsnId::c_li);
  EXPECT_EQ(d.rs1, 0);
  EXPECT_EQ(d.imm, 31);
  d = dec(0b100'1'10'010'00000'01);  // c.andi a0, -32
  EXPECT_EQ(d.id, InsnId::c_andi);
  EXPECT_EQ(d.imm, -32);
  EXPECT_TRUE(illegal(0b001'0'00000'00001'01));  // c.addiw with rd=0
  EXPECT_EQ(dec(0b000'0'00000'00000'01).id, InsnId::c_nop);
}

TEST(Compressed, Addi16spAndLui) {
  //               f3  [9] rd    [4|6|8:7|5] op
  Decoded d = dec(0b011'1'00010'00000'01);  // c.addi16sp sp, -512
  EXPECT_EQ(d.id, InsnId::c_addi16sp);
  EXPECT_EQ(d.imm, -512);
  d = dec(0b011'0'00010'11111'01);  // c.addi16sp sp, 496
  EXPECT_EQ(d.imm, 496);
  EXPECT_TRUE(illegal(0b011'0'00010'00000'01));
  //             f3  [17] rd   [16:12] op
  d = dec(0b011'1'01010'00000'01);  // c.lui a0, 0xfffe0
  EXPECT_EQ(d.id, InsnId::c_lui);
  EXPECT_EQ(d.imm, -(int64_t{1} << 17));
  EXPECT_EQ(disassemble(d, 0), "c.lui\ta0, 1048544");
  EXPECT_TRUE(illegal(0b011'0'01010'00000'01));  // nzimm=0 is reserved
}

TEST(Compressed, Shifts) {
  //               f3  [5] f2 rd' [4:0] op
  Decoded d = dec(0b100'1'01'010'11111'01);  // c.srai a0, 63
  EXPECT_EQ(d.id, InsnId::c_srai);
  EXPECT_EQ(d.imm, 63);
  EXPECT_EQ(info(d.id).sem, InsnId::srai);
  d = dec(0b000'1'01010'00001'10);  // c.slli a0, 33
  EXPECT_EQ(d.id, InsnId::c_slli);
  EXPECT_EQ(d.imm, 33);
}

TEST(Compressed, JumpAndBranchOffsets) {
  //               f3  offset[11|4|9:8|10|6|7|3:1|5] op
  Decoded d = dec(0b101'1'0'00'0'0'0'000'0'01);  // c.j -2048
  EXPECT_EQ(d.id, InsnId::c_j);
  EXPECT_EQ(d.rd, 0);
  EXPECT_EQ(d.imm, -2048);
  d = dec(0b101'0'1'11'1'1'1'111'1'01);
  EXPECT_EQ(d.imm, 2046);
  d = dec(0b101'0'0'00'0'0'0'000'1'01);  // only offset[5]
  EXPECT_EQ(d.imm, 32);
  //      f3  [8|4:3] rs1' [7:6|2:1|5] op
  d = dec(0b110'1'00'010'00'00'0'01);  // c.beqz a0, -256
  EXPECT_EQ(d.id, InsnId::c_beqz);
  EXPECT_EQ(d.rs1, 10);
  EXPECT_EQ(d.rs2, 0);
  EXPECT_EQ(d.imm, -256);
  d = dec(0b111'0'11'010'11'11'1'01);  // c.bnez a0, 254
  EXPECT_EQ(d.imm, 254);
  EXPECT_EQ(disassemble(d, 0x100), "c.bnez\ta0, 0x1fe");
}

TEST(Compressed, StackPointerRelative) {
  //               f3  [5] rd    [4:2|7:6] op
  Decoded d = dec(0b010'1'00001'111'11'10);  // c.lwsp ra, 252(sp)
  EXPECT_EQ(d.id, InsnId::c_lwsp);
  EXPECT_EQ(d.rs1, 2);
  EXPECT_EQ(d.imm, 252);
  //      f3  [5] rd    [4:3|8:6] op
  d = dec(0b011'1'00001'11'111'10);  // c.ldsp ra, 504(sp)
  EXPECT_EQ(d.imm, 504);
  EXPECT_TRUE(illegal(0b010'0'00000'000'00'10));  // c.lwsp rd=0
  EXPECT_TRUE(illegal(0b011'0'00000'00'000'10));  // c.ldsp rd=0
  EXPECT_EQ(dec(0b001'0'00000'00'000'10).id, InsnId::c_fldsp);  // f0 is fine
  //      f3  [5:2|7:6] rs2   op
  d = dec(0b110'1111'11'01010'10);  // c.swsp a0, 252(sp)
  EXPECT_EQ(d.id, InsnId::c_swsp);
  EXPECT_EQ(d.rs2, 10);
  EXPECT_EQ(d.imm, 252);
  //      f3  [5:3|8:6] rs2   op
  d = dec(0b111'111'111'01010'10);  // c.sdsp a0, 504(sp)
  EXPECT_EQ(d.imm, 504);
}

TEST(Compressed, RegisterFormsImplyX0X1) {
  //               f4   rs1   rs2   op
  Decoded d = dec(0b1000'00001'00000'10);  // c.jr ra
  EXPECT_EQ(d.id, InsnId::c_jr);
  EXPECT_EQ(d.rd, 0);
  EXPECT_EQ(d.rs1, 1);
  d = dec(0b1001'01010'00000'10);  // c.jalr a0
  EXPECT_EQ(d.id, InsnId::c_jalr);
  EXPECT_EQ(d.rd, 1);
  d = dec(0b1000'01010'01011'10);  // c.mv a0, a1 == add a0, zero, a1
  EXPECT_EQ(d.id, InsnId::c_mv);
  EXPECT_EQ(d.rs1, 0);
  EXPECT_EQ(d.rs2, 11);
  d = dec(0b1001'01010'01011'10);  // c.add a0, a1 == add a0, a0, a1
  EXPECT_EQ(d.rs1, 10);
  EXPECT_EQ(dec(0b1001'00000'00000'10).id, InsnId::c_ebreak);
  EXPECT_TRUE(illegal(0b1000'00000'00000'10));  // c.jr zero
  //      f6     rd' f2 rs2' op
  d = dec(0b100111'010'01'011'01);  // c.addw a0, a1
  EXPECT_EQ(d.id, InsnId::c_addw);
  EXPECT_EQ(d.rs2, 11);
  EXPECT_TRUE(illegal(0b100111'010'10'011'01));  // reserved CA funct
}

TEST(Encoding, ReservedAndMissing) {
  EXPECT_TRUE(illegal(0x10200073));  // sret: no S mode
  EXPECT_TRUE(illegal(0x12000073));  // sfence.vma
  EXPECT_TRUE(illegal(0xffffffff));  // a >32-bit length prefix
  EXPECT_TRUE(illegal(0b100'0'00000'00000'00));  // quadrant 0, funct3 100
  EXPECT_EQ(disassemble(0x10200073, 0), "unknown 0x10200073");
}

TEST(Encoding, XnpuVectorRows) {
  //                funct7  rs2   rs1   f3  dtype custom-0
  Decoded d = dec(0b0000000'01011'01010'000'00000'0001011);  // vadd.f16 a0, a1
  EXPECT_EQ(d.id, InsnId::xnpu_vadd_f16);
  EXPECT_EQ(d.rs1, 10);
  EXPECT_EQ(d.rs2, 11);
  EXPECT_EQ(disassemble(d, 0), "xnpu.vadd.f16\ta0, a1");
  d = dec(0b0000000'01011'01010'011'00001'0001011);  // vdiv.f32
  EXPECT_EQ(d.id, InsnId::xnpu_vdiv_f32);
  // vdiv has no s16 row: an unsupported type is illegal.
  EXPECT_TRUE(illegal(0b0000000'01011'01010'011'00101'0001011));
  // vconv f32 -> f16 (funct7 = 0x10 | f16=0), src type f32=1 in rd, funct3 = rounding mode
  d = dec(0b0010000'01011'01010'110'00001'0001011);
  EXPECT_EQ(d.id, InsnId::xnpu_vconv_f32_f16);
  EXPECT_EQ(d.rm, 6);
  EXPECT_EQ(disassemble(d, 0), "xnpu.vconv.f32.f16\ta0, a1, odd");
  EXPECT_TRUE(illegal(0b0010000'01011'01010'111'00001'0001011));  // rounding mode 7 is reserved
  EXPECT_TRUE(illegal(0b0010001'01011'01010'000'00001'0001011));  // f32 -> f32 is not a conversion
}

TEST(Encoding, XnpuR4Rows) {
  //                rs3  f2 rs2   rs1   f3  dtype custom-1
  Decoded d = dec(0b01100'00'01011'01010'000'00001'0101011);  // vadds.f32 a0, a1, a2
  EXPECT_EQ(d.id, InsnId::xnpu_vadds_f32);
  EXPECT_EQ(d.rs3, 12);
  EXPECT_EQ(disassemble(d, 0), "xnpu.vadds.f32\ta0, a1, a2");
  d = dec(0b01100'10'01011'01010'000'00100'0101011);  // copy_gm2ub a0, a1, a2
  EXPECT_EQ(d.id, InsnId::xnpu_copy_gm2ub_u8);
  EXPECT_EQ(disassemble(d, 0), "xnpu.copy_gm2ub.u8\ta0, a1, a2");
  EXPECT_TRUE(illegal(0b01100'11'01011'01010'000'00100'0101011));  // funct2 = 3 unassigned
}

TEST(Encoding, XnpuSyncRows) {
  //                imm: ev  dst  src  rs1   f3  rd    custom-2
  Decoded d = dec(0b0'011'0101'0001'00000'000'00000'1011011);  // set_flag V -> MTE3, event 3
  EXPECT_EQ(d.id, InsnId::xnpu_set_flag);
  EXPECT_EQ(disassemble(d, 0), "xnpu.set_flag\tPIPE_V, PIPE_MTE3, 3");
  d = dec(0b0'111'0001'0100'00000'001'00000'1011011);
  EXPECT_EQ(disassemble(d, 0), "xnpu.wait_flag\tPIPE_MTE2, PIPE_V, 7");
  d = dec(0b0'000'0000'0111'00000'010'00000'1011011);
  EXPECT_EQ(disassemble(d, 0), "xnpu.pipe_barrier\tPIPE_ALL");
  EXPECT_TRUE(illegal(0b0'000'0001'0111'00000'000'00000'1011011));  // set_flag from PIPE_ALL
  EXPECT_TRUE(illegal(0b0'000'1000'0001'00000'001'00000'1011011));  // pipe code 8
  EXPECT_TRUE(illegal(0b1'000'0001'0100'00000'000'00000'1011011));  // imm[11] set
  EXPECT_TRUE(illegal(0b0'000'0001'0001'00000'010'00000'1011011));  // barrier with a dst pipe
  EXPECT_TRUE(illegal(0b0'000'0001'0100'00001'000'00000'1011011));  // rs1 != 0
}

TEST(Encoding, XnpuCsrNames) {
  //                csr          rs1   f3  rd    SYSTEM
  EXPECT_EQ(disassemble(0b110011000000'00000'010'01010'1110011, 0), "csrrs\ta0, npu_block_idx, zero");
  EXPECT_EQ(disassemble(0b100000000000'01011'001'00000'1110011, 0), "csrrw\tzero, npu_mask0, a1");
}

TEST(Encoding, XnpuReservedCubeOpcode) {
  //                funct7  rs2   rs1   f3  rd    custom-3
  Decoded d = dec(0b1000001'00011'00010'101'00001'1111011);
  EXPECT_EQ(d.id, InsnId::xnpu_custom3);
  EXPECT_EQ(disassemble(d, 0), "xnpu.custom3\t5, 65, ra, sp, gp");
}

}  // namespace
}  // namespace npuvp::isa
