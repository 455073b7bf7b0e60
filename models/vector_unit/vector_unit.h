// Semantics of the Xnpu vector instructions (PIPE_V) over the Unified Buffer:
// plain functions, no SystemC and no timing. isa/XNPU.md "The vector model"
// is the specification.
//
//   VectorOp op = make_vector_op(decoded, x[rs1], x[rs2], x[rs3], csrs);
//   Work w = work(op);                       // repeats/blocks, for timing
//   for_each_access(op, ub, sink);           // exact UB byte ranges, for checkers
//   Status s = execute(op, ub);              // performs it (bounds-checked)
#pragma once

#include <cstddef>
#include <cstdint>

#include "isa/decoder.h"
#include "isa/xnpu.h"

namespace npuvp::vector_unit {

using isa::xnpu::DType;
using isa::xnpu::Op;

// The UB as bytes (the vector unit's view; the model owns the storage).
struct UbView {
  uint8_t* data = nullptr;
  size_t size = 0;
};

// The mask CSRs, captured when the instruction was issued.
struct VectorMask {
  uint64_t lo = ~uint64_t{0}, hi = ~uint64_t{0};  // bit mode: lanes 0..63, 64..127
  bool count_mode = false;                        // count mode: lo = element count
};

// A decoded vector instruction with the values of its operand registers and
// the CSR state it reads.
struct VectorOp {
  isa::InsnId id = isa::InsnId::kCount;
  Op op = Op::reserved;
  DType type = DType::u8, type2 = DType::u8;  // type2: conversion destination
  isa::xnpu::Addrs addr;                      // rs1 (copy_ub2ub: dst=rs1, src0=rs2)
  isa::xnpu::RepeatConfig cfg;                // rs2
  isa::xnpu::CopyParams copy;                 // rs3 of copy_ub2ub
  uint32_t scalar = 0;                        // rs3: scalar bits / gather base address
  isa::xnpu::RoundMode rm = isa::xnpu::RoundMode::rint;  // vconv
  VectorMask mask;
  uint32_t cmpmask_addr = 0;  // CSR npu_cmpmask (vsel/vsels)
};

// The CSRs a vector instruction reads at issue.
struct VectorCsrs {
  VectorMask mask;
  uint32_t cmpmask_addr = 0;
};

// Builds a VectorOp from a decoded PIPE_V row and its register values.
// Returns false for a row that is not a vector-pipe instruction.
bool make_vector_op(const isa::Decoded& d, uint64_t rs1, uint64_t rs2, uint64_t rs3, const VectorCsrs& csrs,
                    VectorOp& out);

// Work done, for the timing model: repeats run and 32 B blocks read+written.
struct Work {
  uint32_t repeats = 0;
  uint32_t blocks = 0;
};
Work work(const VectorOp& op);

// Every UB byte range the instruction reads or writes, coalesced where
// consecutive. `ub` is needed only by vgather (its read set depends on the
// offsets it reads); it may be empty otherwise.
struct AccessSink {
  virtual void access(uint32_t begin, uint32_t length, bool write) = 0;

 protected:
  ~AccessSink() = default;
};
void for_each_access(const VectorOp& op, const UbView& ub, AccessSink& sink);

enum class Status : uint8_t { Ok, OutOfBounds, Unsupported };

// Performs the instruction on `ub`. Nothing is written when any access lies
// outside the UB (OutOfBounds): the checker reports it with the access list.
Status execute(const VectorOp& op, UbView ub);

// The generic lane-by-lane walk, without the dense path that for_each_access
// and execute take for element-wise instructions with prefix masks: for the
// tests that check both give the same accesses and results.
namespace detail {
void for_each_access_lane_by_lane(const VectorOp& op, const UbView& ub, AccessSink& sink);
Status execute_lane_by_lane(const VectorOp& op, UbView ub);
}  // namespace detail

}  // namespace npuvp::vector_unit
