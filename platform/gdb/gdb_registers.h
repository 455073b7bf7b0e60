// The registers GDB sees on a hart, as one table: their GDB numbers (those
// of GDB's RISC-V port: x0..x31 = 0..31, pc = 32, f0..f31 = 33..64, a CSR at
// 65 + its number, the virtual `priv` at 65 + 4096), sizes and where they
// live in the Hart. The target description (target.xml) and the p/P/g/G
// packets all come from this table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scalar_core/hart.h"

namespace npuvp::gdb {

struct RegisterInfo {
  enum class Kind : uint8_t { X, Pc, F, Csr, Priv };
  std::string name;     // GDB's name (ABI names for x and f)
  unsigned regnum = 0;  // GDB's register number
  unsigned bits = 64;
  const char* type = "int";     // target.xml type
  const char* feature = "cpu";  // cpu, fpu, csr, virtual (org.gnu.gdb.riscv.*)
  Kind kind = Kind::X;
  unsigned index = 0;  // x/f register number, CSR number
};

// Every register, in regnum order.
const std::vector<RegisterInfo>& register_table();
// The row of GDB register `regnum`, or nullptr.
const RegisterInfo* find_register(unsigned regnum);
// How many registers the g/G packets carry: x0..x31 and pc (the others go
// through p/P, as GDB fetches what a g reply leaves out).
constexpr unsigned kGPacketRegisters = 33;

// The target description: architecture riscv:rv64 and the cpu, fpu, csr and
// virtual features of the table.
std::string target_xml();

// Reads a register as a debugger does: with machine privilege and whatever
// mstatus.FS says, never trapping. Returns nothing for a CSR the hart does
// not have.
std::optional<uint64_t> read_register(Hart& h, const RegisterInfo& r);
// Writes one; false where the hart refuses (a read-only CSR, a privilege
// level that does not exist). x0 ignores writes, as on the hart.
bool write_register(Hart& h, const RegisterInfo& r, uint64_t value);

}  // namespace npuvp::gdb
