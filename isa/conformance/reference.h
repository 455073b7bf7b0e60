// The reference model of the Xnpu conformance suite: the semantics of the
// vector-core rows as isa/XNPU.md states them, written apart from the
// simulator (it uses none of models/vector_unit, isa/numerics or
// models/cube_unit). Numbers go through the host FPU: every value of the
// types is exact in a double; an operation is computed in double rounding
// toward zero with the inexact flag folded into the last bit (round to odd),
// which then rounds correctly to any narrower format; the final rounding to
// f16/bf16/f32 (and to integers) is done here bit by bit, in every mode.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace npuvp::conformance {

enum class Type : uint8_t { f16, f32, bf16, s8, u8, s16, u16, s32, u32 };
unsigned size_of(Type t);
bool is_float(Type t);
bool is_signed(Type t);
const char* type_name(Type t);
bool type_from_name(const std::string& name, Type& t);

// vconv's rounding modes (funct3), Ascend's RoundMode.
enum class Round : uint8_t { none = 0, rint = 1, floor = 2, ceil = 3, round = 4, trunc = 5, odd = 6 };
const char* round_name(Round r);

// Element bits <-> the exact value (NaN: a quiet double NaN).
double to_double(Type t, uint32_t bits);
// The value rounded to t by r (floats: overflow and NaN per IEEE and the
// canonical NaN; integers: saturating, NaN -> 0).
uint32_t from_double(Type t, double v, Round r);
uint32_t canonical_nan(Type t);
bool is_nan(Type t, uint32_t bits);

// One operation of the double arithmetic, rounded to odd in double (see top).
enum class Arith : uint8_t { add, sub, mul, div, sqrt, fma };
double round_to_odd(Arith op, double a, double b = 0, double c = 0);

// The 192 KiB Unified Buffer of one vector core, and the CSRs an
// instruction captures when it is issued.
struct VectorState {
  std::vector<uint8_t> ub = std::vector<uint8_t>(192 * 1024);
  uint64_t mask0 = ~0ull, mask1 = ~0ull;
  bool count_mode = false;
  uint32_t cmpmask = 0;
};

// One vector instruction: its operation name as in xnpu.def ("vadd",
// "vcmpv_lt", "vconv", ...), its types, and its operand registers.
struct VectorInsn {
  std::string op;
  Type type = Type::f16, type2 = Type::f16;  // type2: a conversion's destination
  uint64_t rs1 = 0, rs2 = 0, rs3 = 0;
  Round rm = Round::rint;
};

// Whether the reference knows `op`.
bool reference_knows(const std::string& op);
// Executes `insn` on `state` as isa/XNPU.md says.
void execute(VectorState& state, const VectorInsn& insn);

// The UB bytes [lo, hi) an instruction may write (every lane, active or not).
struct Span {
  uint32_t lo = 0, hi = 0;
};
Span dst_span(const VectorState& state, const VectorInsn& insn);
// Lanes per repeat and the number of repeats the instruction runs.
unsigned lanes_of(const VectorInsn& insn);
unsigned repeats_of(const VectorState& state, const VectorInsn& insn);

// DataCopy (isa/XNPU.md "DataCopy"): the copy_* rows of the vector core.
// `src` and `dst` hold the bytes from the instruction's source and
// destination addresses on (index 0 = the address in rs2 / rs1); `params`
// is rs3 (DataCopyParams); pad_csr and pad_value are npu_pad and
// npu_pad_value. `op` is the row's operation ("copy_gm2ub", ...), `type` its
// element type (the pad element, or the type of an atomic add).
void data_copy(const std::string& op, Type type, const std::vector<uint8_t>& src, std::vector<uint8_t>& dst,
               uint64_t params, uint64_t pad_csr = 0, uint64_t pad_value = 0);

}  // namespace npuvp::conformance
