// Disassembly, driven by the operand patterns of the table. Output matches
// `llvm-objdump -d -M no-aliases` in its mnemonic and operand text, except
// that branch and jump targets are printed as absolute addresses, and where
// LLVM 14 departs from the spec: the all-zero parcel and c.lui with a zero
// immediate are illegal (llvm: c.unimp, c.lui), c.lui x0 prints its 20-bit
// immediate, reserved rm 5/6 print as "5"/"6", an empty fence set prints as
// "0", fence/fence.i with nonzero ignored fields and fcvt.d.w/wu/d.s with rm
// != 0 decode (llvm: <unknown>). tests/isa/llvm_roundtrip_test.cpp checks the rest.
#pragma once

#include <cstdint>
#include <string>

#include "isa/decoder.h"

namespace npuvp::isa {

const char* xreg_name(unsigned r);  // ABI names: zero, ra, sp, ...
const char* freg_name(unsigned r);  // ft0, ..., ft11
// Name of a CSR (standard and npuvp's own), or nullptr if it has none.
const char* csr_name(unsigned csr);

// "addi\ta0, a0, 1"; an illegal encoding gives "unknown 0x…" (".2byte"/".4byte" style).
std::string disassemble(uint32_t raw, uint64_t pc);
std::string disassemble(const Decoded& d, uint64_t pc);

}  // namespace npuvp::isa
