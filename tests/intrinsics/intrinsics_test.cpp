// Every intrinsic of isa/intrinsics/npu_intrinsics.h, compiled by clang-14
// (all_intrinsics.c), emits the row the table says, in call order, with the
// intended rounding mode / pipes / event fields.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include "isa/decoder.h"
#include "isa/disasm.h"
#include "isa/insn_table.h"
#include "isa/xnpu.h"

namespace npuvp::isa {
namespace {

std::vector<Decoded> xnpu_instructions_of_text() {
  const std::string bin = ::testing::TempDir() + "npuvp_intrinsics_" + std::to_string(::getpid()) + ".bin";
  const std::string cmd = std::string(NPUVP_LLVM_OBJCOPY) + " -O binary --only-section=.text " +
                          NPUVP_INTRINSICS_ELF + " " + bin;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream f(bin, std::ios::binary);
  const std::vector<uint8_t> text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::remove(bin.c_str());
  std::vector<Decoded> out;
  for (size_t at = 0; at + 2 <= text.size();) {
    uint32_t raw = text[at] | text[at + 1] << 8;
    const unsigned len = insn_length(static_cast<uint16_t>(raw));
    if (len == 4 && at + 4 <= text.size()) raw |= static_cast<uint32_t>(text[at + 2]) << 16 | text[at + 3] << 24;
    Decoded d;
    if (decode(raw, d) && info(d.id).ext == Ext::Xnpu) out.push_back(d);
    at += len ? len : 2;
  }
  return out;
}

TEST(Intrinsics, EveryIntrinsicEmitsItsRowInCallOrder) {
  const std::vector<Decoded> got = xnpu_instructions_of_text();
  // The expected sequence, from the table in the generator's list order.
  struct Want {
    InsnId id;
    int rm;       // vconv: rounding mode, else -1
    int64_t imm;  // sync rows, else -1
  };
  std::vector<Want> want;
  for (const InsnInfo& r : kInsnTable)
    if (r.format == Format::XNPU_V) want.push_back({r.id, -1, -1});
  for (const InsnInfo& r : kInsnTable)
    if (r.format == Format::XNPU_VCVT)
      for (int m = 0; m < 7; ++m) want.push_back({r.id, m, -1});
  for (const InsnInfo& r : kInsnTable)
    if (r.format == Format::XNPU_R4 && xnpu::lookup(r.id)->pipe == xnpu::Pipe::V &&
        xnpu::lookup(r.id)->op != xnpu::Op::copy_ub2ub)
      want.push_back({r.id, -1, -1});
  for (const InsnInfo& r : kInsnTable)
    if (r.format == Format::XNPU_R4 && (xnpu::lookup(r.id)->pipe != xnpu::Pipe::V ||
                                        xnpu::lookup(r.id)->op == xnpu::Op::copy_ub2ub))
      want.push_back({r.id, -1, -1});
  // The cube rows, in the order of the generated lists (copy, nd2nz, load2d, load3d, mmad, fix).
  using xnpu::Op;
  const auto cube = [&](bool (*in)(Op)) {
    for (const InsnInfo& r : kInsnTable)
      if (r.format == Format::XNPU_C4 && in(xnpu::lookup(r.id)->op)) want.push_back({r.id, -1, -1});
  };
  cube([](Op op) { return op == Op::copy_gm2l1 || op == Op::copy_l12bt; });
  cube([](Op op) { return op == Op::copy_gm2l1_nd2nz; });
  cube([](Op op) { return op >= Op::load2d_gm2l0a && op <= Op::load2d_l12l0b; });
  cube([](Op op) { return op == Op::load3d_l12l0a; });
  cube([](Op op) { return op == Op::mmad; });
  cube([](Op op) { return op == Op::fix_l0c2gm || op == Op::fix_l0c2l1; });
  want.push_back({InsnId::xnpu_set_flag, -1, 4 | 1 << 4 | 3 << 8});
  want.push_back({InsnId::xnpu_wait_flag, -1, 4 | 1 << 4 | 3 << 8});
  want.push_back({InsnId::xnpu_set_flag, -1, 1 | 5 << 4 | 7 << 8});
  want.push_back({InsnId::xnpu_wait_flag, -1, 1 | 5 << 4 | 7 << 8});
  want.push_back({InsnId::xnpu_pipe_barrier, -1, 7});
  want.push_back({InsnId::xnpu_pipe_barrier, -1, 1});
  want.push_back({InsnId::xnpu_cross_set_flag, -1, 6 | 5 << 8});
  want.push_back({InsnId::xnpu_cross_wait_flag, -1, 6 << 8});

  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].id, want[i].id) << i << ": got " << disassemble(got[i], 0) << ", want " << info(want[i].id).mnemonic;
    if (want[i].rm >= 0) {
      EXPECT_EQ(got[i].rm, want[i].rm) << disassemble(got[i], 0);
    }
    if (want[i].imm >= 0) {
      EXPECT_EQ(got[i].imm, want[i].imm) << disassemble(got[i], 0);
    }
  }
  // Every Xnpu row but the reserved cube opcode is reachable from the header.
  for (const InsnInfo& r : kInsnTable) {
    if (r.ext != Ext::Xnpu || r.id == InsnId::xnpu_custom3) continue;
    bool found = false;
    for (const Decoded& d : got) found |= d.id == r.id;
    EXPECT_TRUE(found) << r.ident;
  }
}

}  // namespace
}  // namespace npuvp::isa
