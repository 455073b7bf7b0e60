// Tensors and NumPy .npy files: what `npuvp launch` reads its inputs from and
// writes its outputs to.
//
// Supported: format versions 1.0, 2.0 and 3.0 for reading (1.0 is written, or
// 2.0 when the header does not fit 1.0's 16-bit length); little-endian; C
// order (fortran_order True is rejected); any rank, including 0-d scalars;
// the dtypes of DType below.
//
// bfloat16: NumPy has no bf16 dtype. A bf16 tensor is stored as '<u2' (its
// raw bit patterns), so reading a file never yields DType::BF16: whoever knows
// the data are bf16 (a launch's `out:...:bf16`, or compare() against a bf16
// tensor) reinterprets the uint16 bits. In NumPy: `a.view(np.uint16)` to
// write, and e.g. `(u.astype(np.uint32) << 16).view(np.float32)` to read.
//
// Every problem is a NpyError with one line naming the file and the problem:
//   y.npy: unsupported dtype '>f4' (big-endian; only little-endian is supported)
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace npuvp {

class NpyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Element types. The names (dtype_name) are the ones a launch's DTYPE uses.
enum class DType : uint8_t {
  F16, BF16, F32, F64,
  S8, U8, S16, U16, S32, U32, S64, U64,
  Bool,
};

size_t dtype_size(DType t);           // bytes per element
const char* dtype_name(DType t);      // "f16", "bf16", "f32", ..., "bool"
bool dtype_from_name(const std::string& name, DType& out);  // the inverse
const char* dtype_descr(DType t);     // the .npy descr: "<f2", ..., BF16 -> "<u2"
bool dtype_is_float(DType t);         // F16, BF16, F32, F64
bool dtype_is_signed(DType t);        // S8..S64 (and the floats)

struct Tensor {
  DType dtype = DType::F32;
  std::vector<uint64_t> shape;  // empty: a 0-d scalar (one element)
  std::vector<uint8_t> data;    // C order, little-endian

  uint64_t elements() const;    // product of shape (1 for a 0-d scalar)
  uint64_t bytes() const { return elements() * dtype_size(dtype); }
};

// Product of the dimensions; throws NpyError("element count overflows") when
// the product (times the largest element size) does not fit in 64 bits.
uint64_t element_count(const std::vector<uint64_t>& shape);
// "4096x7168", "128", "scalar" for a 0-d shape.
std::string shape_string(const std::vector<uint64_t>& shape);
// The multi-dimensional index of the flat (C order) element `flat`.
std::vector<uint64_t> unflatten_index(uint64_t flat, const std::vector<uint64_t>& shape);

// A zero-filled tensor of that type and shape.
Tensor make_tensor(DType dtype, std::vector<uint64_t> shape);

Tensor read_npy(const std::string& path);
void write_npy(const std::string& path, const Tensor& t);

// The same in memory; `label` names the source in error messages.
Tensor parse_npy(const std::vector<uint8_t>& bytes, const std::string& label);
std::vector<uint8_t> encode_npy(const Tensor& t);

}  // namespace npuvp
