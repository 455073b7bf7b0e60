// The arguments of `npuvp launch` (issue 3): what the kernel is called with,
// and which outputs are checked against which reference.
//
//   --arg in:FILE.npy                 a GM tensor read from FILE (its dtype and shape)
//   --arg out:FILE.npy:DTYPE:DIMS     a zero-filled GM tensor written to FILE afterwards;
//                                     DTYPE f16 bf16 f32 f64 s8 u8 s16 u16 s32 u32 s64 u64 bool,
//                                     DIMS 4096x7168 or 128 (every dimension at least 1)
//   --arg inout:FILE.npy              read from FILE, and written back to it
//   --arg in@die1:FILE.npy            (also out@dieN, inout@dieN) placed in die N's HBM
//   --arg u64:VALUE  --arg s64:VALUE  integer scalars, decimal or 0x hex (s64 may be negative)
//   --arg f32:VALUE  --arg f64:VALUE  floating-point scalars (strtod syntax: 1.5, -2e-3, inf, 0x1p-3)
//   --expect INDEX:FILE.npy [--rtol R] [--atol A]
//                                     compare argument INDEX (0-based among all --arg, an out
//                                     or inout) with FILE; a --rtol/--atol after an --expect
//                                     belongs to it, one before the first --expect is the
//                                     default of every --expect that gives none; default 0
//                                     (exact; see tensor_compare.h).
//
// The kernel's C arguments are the --arg in order. Following the RISC-V psABI
// (lp64d) for named arguments, tensors (as GM addresses) and integer scalars
// take a0..a7 in order, f32/f64 scalars take fa0..fa7 in order; an f32 is
// NaN-boxed in its 64-bit register. More than 8 of either is an error (no
// stack arguments).
//
// Every problem is a LaunchArgError with one line quoting the option:
//   --arg out:y.npy:f17:4x4: unknown dtype f17
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "platform/launch/npy.h"

namespace npuvp {

class LaunchArgError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ArgKind : uint8_t { In, Out, InOut, U64, S64, F32, F64 };
const char* arg_kind_name(ArgKind k);  // "in", "out", ...

struct LaunchArg {
  ArgKind kind = ArgKind::In;
  std::string text;               // as given after --arg, for messages
  std::string file;               // in, out, inout
  DType dtype = DType::F32;       // out (in/inout: the file's, once read)
  std::vector<uint64_t> shape;    // out (in/inout: the file's, once read)
  int die = -1;                   // @dieN; -1: the platform decides
  uint64_t bits = 0;              // scalars: the value's bits (s64 two's complement, f32 in bits 31:0)

  bool is_tensor() const { return kind == ArgKind::In || kind == ArgKind::Out || kind == ArgKind::InOut; }
  bool is_output() const { return kind == ArgKind::Out || kind == ArgKind::InOut; }
  bool is_input() const { return kind == ArgKind::In || kind == ArgKind::InOut; }
  bool is_float_scalar() const { return kind == ArgKind::F32 || kind == ArgKind::F64; }
};

struct LaunchExpect {
  size_t index = 0;   // into LaunchSpec::args
  std::string file;
  double rtol = 0, atol = 0;
  std::string text;   // as given after --expect
};

struct LaunchSpec {
  std::vector<LaunchArg> args;
  std::vector<LaunchExpect> expects;
};

LaunchArg parse_launch_arg(const std::string& text);
LaunchExpect parse_launch_expect(const std::string& text);  // tolerances 0

// The options in command-line order, as (name, value) with name one of
// "arg", "expect", "rtol", "atol". Checks every --expect against the
// arguments and the register limits.
LaunchSpec parse_launch_options(const std::vector<std::pair<std::string, std::string>>& ordered);

// Where an argument goes: a<index> or fa<index>.
struct RegisterSlot {
  bool fp = false;
  unsigned index = 0;
};
// One slot per argument; throws LaunchArgError when either file overflows.
std::vector<RegisterSlot> register_slots(const std::vector<LaunchArg>& args);

struct KernelRegisters {
  std::array<uint64_t, 8> a{};   // a0..a7 (x10..x17)
  std::array<uint64_t, 8> fa{};  // fa0..fa7 (f10..f17), raw 64-bit contents
  unsigned a_count = 0, fa_count = 0;
};
// The register contents for the kernel entry. `tensor_addresses[i]` is the
// GM address of argument i (only read for tensors; size args.size()).
KernelRegisters kernel_registers(const std::vector<LaunchArg>& args,
                                 const std::vector<uint64_t>& tensor_addresses);

}  // namespace npuvp
