// Result comparison: tolerances, exactness, NaN and signed zeros, integer
// bit compare, the report's indices and text, shape and dtype mismatches.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "platform/launch/tensor_compare.h"

namespace npuvp {
namespace {

template <typename T>
Tensor tensor(DType type, std::vector<uint64_t> shape, const std::vector<T>& values) {
  Tensor t = make_tensor(type, std::move(shape));
  EXPECT_EQ(t.bytes(), values.size() * sizeof(T));
  std::memcpy(t.data.data(), values.data(), t.data.size());
  return t;
}

Tensor f32(std::vector<uint64_t> shape, const std::vector<float>& v) { return tensor(DType::F32, shape, v); }

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(Compare, ExactFloatsByValue) {
  const Tensor want = f32({2, 3}, {1, 2, 3, -0.0f, kNan, kInf});
  // +0 equals -0; a NaN of another payload equals NaN.
  float other_nan;
  const uint32_t nan_bits = 0x7fc01234;
  std::memcpy(&other_nan, &nan_bits, 4);
  const Tensor got = f32({2, 3}, {1, 2, 3, 0.0f, other_nan, kInf});
  const CompareReport r = compare(got, want, 0, 0);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.elements, 6u);
  EXPECT_EQ(r.mismatches, 0u);
  EXPECT_EQ(r.summary(), "PASS: 6 elements match");
}

TEST(Compare, ExactFloatMismatchReport) {
  const Tensor want = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor got = f32({2, 3}, {1, 2.5f, 3, 4, 5, 3});
  const CompareReport r = compare(got, want, 0, 0);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.mismatches, 2u);
  EXPECT_EQ(r.max_abs_error, 3.0);          // |3 - 6|
  EXPECT_EQ(r.max_rel_error, 0.5);          // 3/6 and 0.5/2 = 0.25
  ASSERT_EQ(r.first.size(), 2u);
  EXPECT_EQ(r.first[0].index, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(r.first[0].got, "2.5 (0x40200000)");
  EXPECT_EQ(r.first[0].want, "2 (0x40000000)");
  EXPECT_EQ(r.first[1].index, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(r.summary(),
            "FAIL: 2 of 6 elements differ; max abs error 3, max rel error 0.5; first: [0, 1] got 2.5 (0x40200000) "
            "want 2 (0x40000000); [1, 2] got 3 (0x40400000) want 6 (0x40c00000)");
}

TEST(Compare, Tolerances) {
  const Tensor want = f32({4}, {100, 1, 0, -8});
  // |got - want| against atol + rtol * |want| with rtol 0.01, atol 0.001:
  //   100 -> 101     1 <= 1.001        pass
  //   1   -> 1.02    0.02 > 0.011      fail
  //   0   -> 0.0005  0.0005 <= 0.001   pass
  //   -8  -> -8.08   0.08 <= 0.081     pass
  const Tensor got = f32({4}, {101, 1.02f, 0.0005f, -8.08f});
  CompareReport r = compare(got, want, 0.01, 0.001);
  EXPECT_EQ(r.mismatches, 1u);
  ASSERT_EQ(r.first.size(), 1u);
  EXPECT_EQ(r.first[0].index, std::vector<uint64_t>{1});
  EXPECT_NEAR(r.max_abs_error, 0.02, 1e-6);
  EXPECT_NEAR(r.max_rel_error, 0.02, 1e-6);
  // Loosened enough, everything passes; atol alone covers the zero.
  EXPECT_TRUE(compare(got, want, 0.03, 0.001).ok);
  EXPECT_FALSE(compare(got, want, 0.03, 0).ok);  // 0.0005 against 0 needs atol
}

TEST(Compare, NanAndInfinity) {
  const Tensor want = f32({5}, {kNan, 1, kInf, kInf, 0});
  const Tensor got = f32({5}, {1, kNan, -kInf, 1e30f, 1});
  const CompareReport r = compare(got, want, 1e-3, 1e-3);
  EXPECT_EQ(r.mismatches, 5u);
  EXPECT_EQ(r.nan_mismatches, 2u);
  EXPECT_TRUE(std::isinf(r.max_abs_error));  // infinity against a number
  EXPECT_TRUE(std::isinf(r.max_rel_error));  // 1 against 0
  EXPECT_NE(r.summary().find("(2 NaN against a number)"), std::string::npos) << r.summary();
  // A huge tolerance never makes NaN equal a number.
  EXPECT_EQ(compare(got, want, 1e300, 1e300).nan_mismatches, 2u);
}

TEST(Compare, Float16AndBfloat16ThroughSoftfloat) {
  // binary16: 1.0 = 0x3c00, the next one up 1 + 2^-10 = 0x3c01; -0 = 0x8000;
  // NaNs 0x7e00 and 0x7c01.
  const Tensor want = tensor<uint16_t>(DType::F16, {4}, {0x3c00, 0x0000, 0x7e00, 0x4000});
  const Tensor got = tensor<uint16_t>(DType::F16, {4}, {0x3c01, 0x8000, 0x7c01, 0x4000});
  CompareReport r = compare(got, want, 0, 0);
  EXPECT_EQ(r.mismatches, 1u);
  EXPECT_EQ(r.max_abs_error, std::ldexp(1.0, -10));
  EXPECT_EQ(r.first[0].got, "1.00098 (0x3c01)");
  EXPECT_TRUE(compare(got, want, std::ldexp(1.0, -10), 0).ok);
  EXPECT_FALSE(compare(got, want, std::ldexp(1.0, -11), 0).ok);

  // bfloat16: 1.0 = 0x3f80, 1 + 2^-7 = 0x3f81; a u16 reference is read as bf16.
  const Tensor bgot = tensor<uint16_t>(DType::BF16, {2}, {0x3f81, 0xc040});  // 1.0078125, -3
  const Tensor bwant_u16 = tensor<uint16_t>(DType::U16, {2}, {0x3f80, 0xc040});
  r = compare(bgot, bwant_u16, 0, 0);
  EXPECT_EQ(r.mismatches, 1u);
  EXPECT_EQ(r.max_abs_error, std::ldexp(1.0, -7));
  EXPECT_TRUE(compare(bgot, bwant_u16, 0.01, 0).ok);
  EXPECT_TRUE(compare(bwant_u16, tensor<uint16_t>(DType::BF16, {2}, {0x3f81, 0xc040}), 0.01, 0).ok);
  // As plain u16 the same bits differ by 1 at index 0.
  EXPECT_EQ(compare(tensor<uint16_t>(DType::U16, {2}, {0x3f81, 0xc040}), bwant_u16, 0, 0).mismatches, 1u);
}

TEST(Compare, IntegersBitwiseOrWithTolerance) {
  const Tensor want = tensor<int32_t>(DType::S32, {2, 2}, {-5, 7, 100, 0});
  const Tensor got = tensor<int32_t>(DType::S32, {2, 2}, {-5, 8, 100, -2});
  CompareReport r = compare(got, want, 0, 0);
  EXPECT_EQ(r.mismatches, 2u);
  EXPECT_EQ(r.max_abs_error, 2.0);
  ASSERT_EQ(r.first.size(), 2u);
  EXPECT_EQ(r.first[0].index, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(r.first[0].got, "8");
  EXPECT_EQ(r.first[0].want, "7");
  EXPECT_EQ(r.first[1].got, "-2");
  EXPECT_TRUE(compare(got, want, 0, 2).ok);
  EXPECT_FALSE(compare(got, want, 0, 1).ok);

  // 64-bit values that a double cannot tell apart are still different bitwise.
  const Tensor big_want = tensor<uint64_t>(DType::U64, {1}, {(uint64_t{1} << 62) + 1});
  const Tensor big_got = tensor<uint64_t>(DType::U64, {1}, {uint64_t{1} << 62});
  r = compare(big_got, big_want, 0, 0);
  EXPECT_EQ(r.mismatches, 1u);
  EXPECT_EQ(r.first[0].got, "4611686018427387904");
  EXPECT_EQ(r.first[0].want, "4611686018427387905");

  EXPECT_EQ(compare(tensor<uint8_t>(DType::Bool, {3}, {1, 0, 1}), tensor<uint8_t>(DType::Bool, {3}, {1, 1, 1}), 0, 0)
                .mismatches,
            1u);
  EXPECT_EQ(compare(tensor<int8_t>(DType::S8, {2}, {-128, 5}), tensor<int8_t>(DType::S8, {2}, {127, 5}), 0, 0)
                .max_abs_error,
            255.0);
}

TEST(Compare, ReportsOnlyTheFirstFew) {
  std::vector<float> a(100, 1.0f), b(100, 2.0f);
  const CompareReport r = compare(f32({10, 10}, a), f32({10, 10}, b), 0, 0, 3);
  EXPECT_EQ(r.mismatches, 100u);
  ASSERT_EQ(r.first.size(), 3u);
  EXPECT_EQ(r.first[2].index, (std::vector<uint64_t>{0, 2}));
}

TEST(Compare, ScalarsAndEmpty) {
  EXPECT_TRUE(compare(f32({}, {3}), f32({}, {3}), 0, 0).ok);
  const CompareReport r = compare(f32({}, {3}), f32({}, {4}), 0, 0);
  EXPECT_EQ(r.mismatches, 1u);
  EXPECT_TRUE(r.first[0].index.empty());
  EXPECT_TRUE(compare(make_tensor(DType::F32, {0, 4}), make_tensor(DType::F32, {0, 4}), 0, 0).ok);
}

TEST(Compare, ShapeAndDtypeMismatch) {
  CompareReport r = compare(f32({2, 3}, std::vector<float>(6)), f32({3, 2}, std::vector<float>(6)), 0, 0);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "shape mismatch: got 2x3, expected 3x2");
  EXPECT_EQ(r.summary(), "FAIL: shape mismatch: got 2x3, expected 3x2");
  r = compare(make_tensor(DType::F16, {4}), make_tensor(DType::F32, {4}), 1, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "dtype mismatch: got f16, expected f32");
  r = compare(make_tensor(DType::S16, {4}), make_tensor(DType::U16, {4}), 0, 0);
  EXPECT_EQ(r.error, "dtype mismatch: got s16, expected u16");
  EXPECT_EQ(compare(f32({4}, std::vector<float>(4)), f32({1, 4}, std::vector<float>(4)), 0, 0).error,
            "shape mismatch: got 4, expected 1x4");
}

TEST(Compare, ElementAsDouble) {
  // 0x3555: exponent 13 - 15 = -2, mantissa 0x155: (1 + 341/1024) / 4
  EXPECT_EQ(element_as_double(tensor<uint16_t>(DType::F16, {1}, {0x3555}), 0), (1 + 341.0 / 1024) / 4);
  EXPECT_EQ(element_as_double(tensor<uint16_t>(DType::F16, {1}, {0x0001}), 0), std::ldexp(1.0, -24));  // smallest subnormal
  EXPECT_EQ(element_as_double(tensor<uint16_t>(DType::BF16, {1}, {0x4049}), 0), 3.140625);
  EXPECT_EQ(element_as_double(tensor<int16_t>(DType::S16, {1}, {-300}), 0), -300.0);
  EXPECT_EQ(element_as_double(tensor<uint32_t>(DType::U32, {1}, {4000000000u}), 0), 4e9);
}

}  // namespace
}  // namespace npuvp
