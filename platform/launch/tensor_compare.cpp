#include "platform/launch/tensor_compare.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "isa/numerics/softfloat.h"

namespace npuvp {

namespace {

template <typename T>
T load(const Tensor& t, uint64_t i) {
  T v;
  std::memcpy(&v, t.data.data() + i * sizeof(T), sizeof(T));
  return v;
}

double bits_to_double(uint64_t b) {
  double d;
  std::memcpy(&d, &b, 8);
  return d;
}

std::string index_text(const std::vector<uint64_t>& idx) {
  std::string s = "[";
  for (size_t i = 0; i < idx.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(idx[i]);
  }
  return s + "]";
}

std::string format_double(double d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", d);
  return buf;
}

std::string value_text(const Tensor& t, uint64_t i) {
  char buf[64];
  switch (t.dtype) {
    case DType::F16:
    case DType::BF16:
      std::snprintf(buf, sizeof buf, "%.6g (0x%04x)", element_as_double(t, i), load<uint16_t>(t, i));
      return buf;
    case DType::F32:
      std::snprintf(buf, sizeof buf, "%.9g (0x%08x)", element_as_double(t, i), load<uint32_t>(t, i));
      return buf;
    case DType::F64:
      std::snprintf(buf, sizeof buf, "%.17g (0x%016" PRIx64 ")", element_as_double(t, i), load<uint64_t>(t, i));
      return buf;
    case DType::S64: return std::to_string(load<int64_t>(t, i));
    case DType::U64: return std::to_string(load<uint64_t>(t, i));
    default: return std::to_string(static_cast<int64_t>(element_as_double(t, i)));
  }
}

bool same_bits(const Tensor& a, const Tensor& b, uint64_t i) {
  const size_t n = dtype_size(a.dtype);
  return std::memcmp(a.data.data() + i * n, b.data.data() + i * n, n) == 0;
}

}  // namespace

double element_as_double(const Tensor& t, uint64_t i) {
  softfloat::Env env;
  switch (t.dtype) {
    case DType::F16: return bits_to_double(softfloat::f16_to_f64(load<uint16_t>(t, i), env));
    case DType::BF16: return bits_to_double(softfloat::bf16_to_f64(load<uint16_t>(t, i), env));
    case DType::F32: return static_cast<double>(load<float>(t, i));
    case DType::F64: return load<double>(t, i);
    case DType::S8: return load<int8_t>(t, i);
    case DType::U8: return load<uint8_t>(t, i);
    case DType::Bool: return load<uint8_t>(t, i);
    case DType::S16: return load<int16_t>(t, i);
    case DType::U16: return load<uint16_t>(t, i);
    case DType::S32: return load<int32_t>(t, i);
    case DType::U32: return load<uint32_t>(t, i);
    case DType::S64: return static_cast<double>(load<int64_t>(t, i));
    case DType::U64: return static_cast<double>(load<uint64_t>(t, i));
  }
  return 0;
}

CompareReport compare(const Tensor& got_in, const Tensor& want_in, double rtol, double atol,
                      size_t max_reported) {
  CompareReport r;
  Tensor got_view, want_view;
  const Tensor* got = &got_in;
  const Tensor* want = &want_in;
  // bf16 travels as u16 in .npy files: read the u16 side as bf16.
  if (got->dtype == DType::BF16 && want->dtype == DType::U16) {
    want_view = want_in;
    want_view.dtype = DType::BF16;
    want = &want_view;
  } else if (got->dtype == DType::U16 && want->dtype == DType::BF16) {
    got_view = got_in;
    got_view.dtype = DType::BF16;
    got = &got_view;
  }
  if (got->dtype != want->dtype) {
    r.error = std::string("dtype mismatch: got ") + dtype_name(got->dtype) + ", expected " + dtype_name(want->dtype);
    return r;
  }
  if (got->shape != want->shape) {
    r.error = "shape mismatch: got " + shape_string(got->shape) + ", expected " + shape_string(want->shape);
    return r;
  }
  if (got->data.size() != got->bytes() || want->data.size() != want->bytes()) {
    r.error = "tensor data size does not match its shape";
    return r;
  }
  r.elements = got->elements();
  const bool is_float = dtype_is_float(got->dtype);
  const bool exact = rtol == 0 && atol == 0;
  for (uint64_t i = 0; i < r.elements; ++i) {
    bool pass;
    double abs_err = 0, rel_err = 0;
    bool nan_mismatch = false;
    if (!is_float && exact) {
      pass = same_bits(*got, *want, i);
      if (!pass) {
        abs_err = std::fabs(element_as_double(*got, i) - element_as_double(*want, i));
        const double w = std::fabs(element_as_double(*want, i));
        rel_err = w == 0 ? INFINITY : abs_err / w;
      }
    } else {
      const double g = element_as_double(*got, i), w = element_as_double(*want, i);
      if (std::isnan(g) || std::isnan(w)) {
        pass = std::isnan(g) && std::isnan(w);
        nan_mismatch = !pass;
      } else if (g == w) {
        pass = true;
      } else if (std::isinf(g) || std::isinf(w)) {
        pass = false;  // an infinity only matches itself (atol + rtol * inf would let anything pass)
        abs_err = rel_err = INFINITY;
      } else {
        abs_err = std::fabs(g - w);
        rel_err = w == 0 ? INFINITY : abs_err / std::fabs(w);
        pass = abs_err <= atol + rtol * std::fabs(w);
      }
    }
    if (pass) continue;
    ++r.mismatches;
    if (nan_mismatch) {
      ++r.nan_mismatches;
    } else {
      r.max_abs_error = std::fmax(r.max_abs_error, abs_err);
      r.max_rel_error = std::fmax(r.max_rel_error, rel_err);
    }
    if (r.first.size() < max_reported)
      r.first.push_back({unflatten_index(i, got->shape), value_text(*got, i), value_text(*want, i)});
  }
  r.ok = r.mismatches == 0;
  return r;
}

std::string CompareReport::summary() const {
  if (!error.empty()) return "FAIL: " + error;
  if (ok) return "PASS: " + std::to_string(elements) + " elements match";
  std::string s = "FAIL: " + std::to_string(mismatches) + " of " + std::to_string(elements) + " elements differ";
  if (nan_mismatches) s += " (" + std::to_string(nan_mismatches) + " NaN against a number)";
  if (mismatches > nan_mismatches)
    s += "; max abs error " + format_double(max_abs_error) + ", max rel error " + format_double(max_rel_error);
  for (size_t i = 0; i < first.size(); ++i)
    s += (i ? "; " : "; first: ") + index_text(first[i].index) + " got " + first[i].got + " want " + first[i].want;
  return s;
}

}  // namespace npuvp
