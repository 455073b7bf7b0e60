// Comparing a kernel's output with a reference, element by element.
//
// An element passes when |got - want| <= atol + rtol * |want|, computed in
// double (f16 and bf16 converted exactly by npuvp_softfloat), or when both are
// NaN, or when both are the same infinity. With rtol = atol = 0 the compare is
// exact: by value for floating-point types (so -0 equals +0, and NaN equals
// NaN whatever its payload), bitwise for integers and bool.
//
// The dtypes must be equal, except that a bf16 tensor compares with a u16 one
// (the way a .npy file stores bf16, see npy.h): the u16 bits are read as bf16.
// The shapes must be equal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/launch/npy.h"

namespace npuvp {

struct CompareMismatch {
  std::vector<uint64_t> index;  // multi-dimensional, C order
  std::string got, want;        // the values as text (floats with their bits in hex)
};

struct CompareReport {
  bool ok = false;
  std::string error;            // shape or dtype mismatch: nothing was compared
  uint64_t elements = 0;
  uint64_t mismatches = 0;
  uint64_t nan_mismatches = 0;  // mismatches where exactly one side is NaN
  double max_abs_error = 0;     // over the mismatching elements that are not NaN-vs-number
  double max_rel_error = 0;     // same, relative to |want| (infinite where want is 0)
  std::vector<CompareMismatch> first;  // the first few mismatches, in C order

  // One line: "PASS: 4096 elements ..." or "FAIL: 12 of 4096 elements differ ...".
  std::string summary() const;
};

CompareReport compare(const Tensor& got, const Tensor& want, double rtol, double atol,
                      size_t max_reported = 5);

// The value of element i as a double (f16/bf16 exactly; 64-bit integers rounded).
double element_as_double(const Tensor& t, uint64_t i);

}  // namespace npuvp
