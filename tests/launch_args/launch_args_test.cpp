// `npuvp launch` arguments: every form, every error, and the RISC-V calling
// convention the kernel entry sees.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "platform/launch/launch_args.h"

namespace npuvp {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

std::string arg_error(const std::string& text) {
  try {
    parse_launch_arg(text);
  } catch (const LaunchArgError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    return m;
  }
  ADD_FAILURE() << "no error for " << text;
  return "";
}

std::string options_error(const Options& o) {
  try {
    parse_launch_options(o);
  } catch (const LaunchArgError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    return m;
  }
  ADD_FAILURE() << "no error";
  return "";
}

uint32_t f32_bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
uint64_t f64_bits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

TEST(LaunchArg, Inputs) {
  LaunchArg a = parse_launch_arg("in:x.npy");
  EXPECT_EQ(a.kind, ArgKind::In);
  EXPECT_EQ(a.file, "x.npy");
  EXPECT_EQ(a.die, -1);
  EXPECT_TRUE(a.is_tensor());
  EXPECT_TRUE(a.is_input());
  EXPECT_FALSE(a.is_output());
  EXPECT_EQ(a.text, "in:x.npy");

  a = parse_launch_arg("in@die1:data/a:b.npy");  // the file keeps its colons
  EXPECT_EQ(a.kind, ArgKind::In);
  EXPECT_EQ(a.die, 1);
  EXPECT_EQ(a.file, "data/a:b.npy");

  a = parse_launch_arg("inout:acc.npy");
  EXPECT_EQ(a.kind, ArgKind::InOut);
  EXPECT_TRUE(a.is_input());
  EXPECT_TRUE(a.is_output());
  EXPECT_EQ(a.file, "acc.npy");
  EXPECT_EQ(parse_launch_arg("inout@die0:acc.npy").die, 0);
}

TEST(LaunchArg, Outputs) {
  LaunchArg a = parse_launch_arg("out:y.npy:f16:4096x7168");
  EXPECT_EQ(a.kind, ArgKind::Out);
  EXPECT_EQ(a.file, "y.npy");
  EXPECT_EQ(a.dtype, DType::F16);
  EXPECT_EQ(a.shape, (std::vector<uint64_t>{4096, 7168}));
  EXPECT_TRUE(a.is_output());
  EXPECT_FALSE(a.is_input());

  a = parse_launch_arg("out@die1:dir/c:d.npy:s32:128");
  EXPECT_EQ(a.die, 1);
  EXPECT_EQ(a.file, "dir/c:d.npy");
  EXPECT_EQ(a.dtype, DType::S32);
  EXPECT_EQ(a.shape, std::vector<uint64_t>{128});

  const std::vector<std::pair<std::string, DType>> types = {
      {"f16", DType::F16}, {"bf16", DType::BF16}, {"f32", DType::F32}, {"f64", DType::F64},
      {"s8", DType::S8},   {"u8", DType::U8},     {"s16", DType::S16}, {"u16", DType::U16},
      {"s32", DType::S32}, {"u32", DType::U32},   {"s64", DType::S64}, {"u64", DType::U64},
      {"bool", DType::Bool}};
  for (const auto& [name, type] : types)
    EXPECT_EQ(parse_launch_arg("out:y.npy:" + name + ":2x3x4x5").dtype, type) << name;
  EXPECT_EQ(parse_launch_arg("out:y.npy:u8:2x3x4x5").shape, (std::vector<uint64_t>{2, 3, 4, 5}));
}

TEST(LaunchArg, Scalars) {
  EXPECT_EQ(parse_launch_arg("u64:4096").bits, 4096u);
  EXPECT_EQ(parse_launch_arg("u64:0x1F").bits, 31u);
  EXPECT_EQ(parse_launch_arg("u64:18446744073709551615").bits, ~uint64_t{0});
  EXPECT_EQ(parse_launch_arg("u64:0xffffffffffffffff").bits, ~uint64_t{0});
  EXPECT_EQ(parse_launch_arg("u64:0").kind, ArgKind::U64);
  EXPECT_EQ(parse_launch_arg("s64:-1").bits, ~uint64_t{0});
  EXPECT_EQ(parse_launch_arg("s64:+7").bits, 7u);
  EXPECT_EQ(parse_launch_arg("s64:-0x10").bits, static_cast<uint64_t>(int64_t{-16}));
  EXPECT_EQ(parse_launch_arg("s64:-9223372036854775808").bits, uint64_t{1} << 63);
  EXPECT_EQ(parse_launch_arg("s64:9223372036854775807").bits, (uint64_t{1} << 63) - 1);
  EXPECT_EQ(parse_launch_arg("s64:5").kind, ArgKind::S64);

  LaunchArg f = parse_launch_arg("f32:0.1");
  EXPECT_EQ(f.kind, ArgKind::F32);
  EXPECT_TRUE(f.is_float_scalar());
  EXPECT_FALSE(f.is_tensor());
  EXPECT_EQ(f.bits, f32_bits(0.1f));  // rounded once, straight to f32
  EXPECT_EQ(f.bits, 0x3dcccccdu);
  EXPECT_EQ(parse_launch_arg("f32:-2.5e-3").bits, f32_bits(-2.5e-3f));
  EXPECT_EQ(parse_launch_arg("f32:inf").bits, 0x7f800000u);
  EXPECT_EQ(parse_launch_arg("f32:0x1p-3").bits, f32_bits(0.125f));
  EXPECT_EQ(parse_launch_arg("f64:0.1").bits, f64_bits(0.1));
  EXPECT_EQ(parse_launch_arg("f64:-1e300").bits, f64_bits(-1e300));
  EXPECT_EQ(parse_launch_arg("f64:1").kind, ArgKind::F64);
}

TEST(LaunchArg, Errors) {
  EXPECT_EQ(arg_error("out:y.npy:f17:4x4"),
            "--arg out:y.npy:f17:4x4: unknown dtype f17 (f16, bf16, f32, f64, s8, u8, s16, u16, s32, u32, s64, u64, bool)");
  EXPECT_EQ(arg_error("x.npy"), "--arg x.npy: expected KIND:..., KIND one of in, out, inout, u64, s64, f32, f64");
  EXPECT_EQ(arg_error("input:x.npy"), "--arg input:x.npy: unknown kind 'input' (in, out, inout, u64, s64, f32, f64)");
  EXPECT_EQ(arg_error("in:"), "--arg in:: missing file name");
  EXPECT_EQ(arg_error("inout:"), "--arg inout:: missing file name");
  EXPECT_EQ(arg_error("out:y.npy"), "--arg out:y.npy: expected out:FILE.npy:DTYPE:DIMS");
  EXPECT_EQ(arg_error("out:y.npy:f32"), "--arg out:y.npy:f32: expected out:FILE.npy:DTYPE:DIMS");
  EXPECT_EQ(arg_error("out::f32:4"), "--arg out::f32:4: missing file name");
  EXPECT_EQ(arg_error("out:y.npy::4"), "--arg out:y.npy::4: unknown dtype '' (f16, bf16, f32, f64, s8, u8, s16, u16, s32, u32, s64, u64, bool)");
  EXPECT_EQ(arg_error("out:y.npy:f32:"), "--arg out:y.npy:f32:: bad dimensions '' (expected e.g. 4096x7168 or 128)");
  EXPECT_EQ(arg_error("out:y.npy:f32:4x"), "--arg out:y.npy:f32:4x: bad dimensions '4x' (expected e.g. 4096x7168 or 128)");
  EXPECT_EQ(arg_error("out:y.npy:f32:4*4"), "--arg out:y.npy:f32:4*4: bad dimensions '4*4' (expected e.g. 4096x7168 or 128)");
  EXPECT_EQ(arg_error("out:y.npy:f32:-4"), "--arg out:y.npy:f32:-4: bad dimensions '-4' (expected e.g. 4096x7168 or 128)");
  EXPECT_EQ(arg_error("out:y.npy:f32:4x0"), "--arg out:y.npy:f32:4x0: dimension 0 in '4x0' (every dimension must be at least 1)");
  EXPECT_EQ(arg_error("out:y.npy:f32:99999999999999999999"),
            "--arg out:y.npy:f32:99999999999999999999: dimension 99999999999999999999 is too large");
  EXPECT_EQ(arg_error("out:y.npy:f32:4294967296x4294967296"),
            "--arg out:y.npy:f32:4294967296x4294967296: dimensions '4294967296x4294967296' overflow");
  EXPECT_EQ(arg_error("in@die:x.npy"), "--arg in@die:x.npy: bad placement '@die' (expected @dieN)");
  EXPECT_EQ(arg_error("in@node1:x.npy"), "--arg in@node1:x.npy: bad placement '@node1' (expected @dieN)");
  EXPECT_EQ(arg_error("in@die1x:x.npy"), "--arg in@die1x:x.npy: bad placement '@die1x' (expected @dieN)");
  EXPECT_EQ(arg_error("in@die256:x.npy"), "--arg in@die256:x.npy: bad placement '@die256' (expected @dieN)");
  EXPECT_EQ(arg_error("u64@die0:5"), "--arg u64@die0:5: a placement (@dieN) applies to tensors only");
  EXPECT_EQ(arg_error("u64:"), "--arg u64:: bad u64 value '' (decimal or 0x hex)");
  EXPECT_EQ(arg_error("u64:-1"), "--arg u64:-1: bad u64 value '-1' (decimal or 0x hex)");
  EXPECT_EQ(arg_error("u64:12k"), "--arg u64:12k: bad u64 value '12k' (decimal or 0x hex)");
  EXPECT_EQ(arg_error("u64:0x"), "--arg u64:0x: bad u64 value '0x' (decimal or 0x hex)");
  EXPECT_EQ(arg_error("u64:18446744073709551616"),
            "--arg u64:18446744073709551616: value '18446744073709551616' does not fit in u64");
  EXPECT_EQ(arg_error("u64:0x10000000000000000"),
            "--arg u64:0x10000000000000000: value '0x10000000000000000' does not fit in u64");
  EXPECT_EQ(arg_error("s64:9223372036854775808"),
            "--arg s64:9223372036854775808: value '9223372036854775808' does not fit in s64");
  EXPECT_EQ(arg_error("s64:-9223372036854775809"),
            "--arg s64:-9223372036854775809: value '-9223372036854775809' does not fit in s64");
  EXPECT_EQ(arg_error("s64:--1"), "--arg s64:--1: bad s64 value '--1' (decimal or 0x hex, optional sign)");
  EXPECT_EQ(arg_error("s64:"), "--arg s64:: bad s64 value '' (decimal or 0x hex, optional sign)");
  EXPECT_EQ(arg_error("f32:"), "--arg f32:: bad f32 value ''");
  EXPECT_EQ(arg_error("f32:1.5x"), "--arg f32:1.5x: bad f32 value '1.5x'");
  EXPECT_EQ(arg_error("f32: 1"), "--arg f32: 1: bad f32 value ' 1'");
  EXPECT_EQ(arg_error("f32:1e39"), "--arg f32:1e39: value '1e39' overflows f32");
  EXPECT_EQ(arg_error("f64:1e309"), "--arg f64:1e309: value '1e309' overflows f64");
  EXPECT_EQ(arg_error("f64:pi"), "--arg f64:pi: bad f64 value 'pi'");
}

TEST(LaunchExpect, Forms) {
  const LaunchExpect e = parse_launch_expect("2:ref/y:1.npy");
  EXPECT_EQ(e.index, 2u);
  EXPECT_EQ(e.file, "ref/y:1.npy");
  EXPECT_EQ(e.rtol, 0);
  EXPECT_EQ(e.atol, 0);
  EXPECT_THROW(parse_launch_expect("y.npy"), LaunchArgError);
  try {
    parse_launch_expect("x:y.npy");
    FAIL();
  } catch (const LaunchArgError& err) {
    EXPECT_STREQ(err.what(), "--expect x:y.npy: bad argument index 'x' (0-based position among --arg)");
  }
  try {
    parse_launch_expect("1:");
    FAIL();
  } catch (const LaunchArgError& err) {
    EXPECT_STREQ(err.what(), "--expect 1:: missing file name");
  }
}

TEST(LaunchOptions, OrderAndTolerances) {
  const LaunchSpec s = parse_launch_options({
      {"rtol", "1e-3"},  // default for expects without their own
      {"arg", "in:x.npy"},
      {"arg", "out:y.npy:f32:16"},
      {"arg", "u64:16"},
      {"arg", "inout:z.npy"},
      {"arg", "out:w.npy:f16:4x4"},
      {"expect", "1:y_ref.npy"},
      {"atol", "1e-5"},
      {"expect", "3:z_ref.npy"},
      {"rtol", "0.5"},
      {"atol", "0"},
      {"expect", "4:w_ref.npy"},
  });
  ASSERT_EQ(s.args.size(), 5u);
  EXPECT_EQ(s.args[0].kind, ArgKind::In);
  EXPECT_EQ(s.args[1].kind, ArgKind::Out);
  EXPECT_EQ(s.args[2].kind, ArgKind::U64);
  EXPECT_EQ(s.args[3].kind, ArgKind::InOut);
  ASSERT_EQ(s.expects.size(), 3u);
  EXPECT_EQ(s.expects[0].index, 1u);
  EXPECT_EQ(s.expects[0].rtol, 1e-3);
  EXPECT_EQ(s.expects[0].atol, 1e-5);
  EXPECT_EQ(s.expects[1].index, 3u);
  EXPECT_EQ(s.expects[1].rtol, 0.5);
  EXPECT_EQ(s.expects[1].atol, 0);
  EXPECT_EQ(s.expects[2].index, 4u);
  EXPECT_EQ(s.expects[2].rtol, 1e-3);
  EXPECT_EQ(s.expects[2].atol, 0);

  const LaunchSpec none = parse_launch_options({});
  EXPECT_TRUE(none.args.empty());
  EXPECT_TRUE(none.expects.empty());
}

TEST(LaunchOptions, Errors) {
  EXPECT_EQ(options_error({{"arg", "in:x.npy"}, {"expect", "1:y.npy"}}),
            "--expect 1:y.npy: no argument 1 (there are 1, numbered from 0)");
  EXPECT_EQ(options_error({{"arg", "in:x.npy"}, {"expect", "0:y.npy"}}),
            "--expect 0:y.npy: argument 0 (in:x.npy) is not an out or inout tensor");
  EXPECT_EQ(options_error({{"arg", "u64:3"}, {"expect", "0:y.npy"}}),
            "--expect 0:y.npy: argument 0 (u64:3) is not an out or inout tensor");
  EXPECT_EQ(options_error({{"arg", "out:y.npy:f32:4"}, {"expect", "0:a.npy"}, {"expect", "0:b.npy"}}),
            "--expect 0:b.npy: argument 0 is already checked by --expect 0:a.npy");
  EXPECT_EQ(options_error({{"arg", "out:y.npy:f32:4"}, {"expect", "0:a.npy"}, {"rtol", "1"}, {"rtol", "2"}}),
            "--rtol 2: given twice for --expect 0:a.npy");
  EXPECT_EQ(options_error({{"atol", "1"}, {"atol", "2"}}), "--atol 2: given twice before the first --expect");
  EXPECT_EQ(options_error({{"rtol", "-1"}}), "--rtol -1: expected a finite non-negative number");
  EXPECT_EQ(options_error({{"atol", "nan"}}), "--atol nan: expected a finite non-negative number");
  EXPECT_EQ(options_error({{"atol", "1e-3x"}}), "--atol 1e-3x: expected a finite non-negative number");
  EXPECT_EQ(options_error({{"arg", "in:x.npy"}, {"arg", "f16:1"}}),
            "--arg f16:1: unknown kind 'f16' (in, out, inout, u64, s64, f32, f64)");
}

TEST(CallingConvention, IntegersAndFloatsTakeSeparateRegisters) {
  // kernel(x, y, n, alpha, beta, m): a0 a1 a2 fa0 fa1 a3.
  const LaunchSpec s = parse_launch_options({{"arg", "in:x.npy"},
                                             {"arg", "out:y.npy:f32:8"},
                                             {"arg", "u64:8"},
                                             {"arg", "f32:1.5"},
                                             {"arg", "f64:-2"},
                                             {"arg", "s64:-3"}});
  const std::vector<RegisterSlot> slots = register_slots(s.args);
  ASSERT_EQ(slots.size(), 6u);
  const std::vector<std::pair<bool, unsigned>> want = {{false, 0}, {false, 1}, {false, 2},
                                                        {true, 0},  {true, 1},  {false, 3}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(slots[i].fp, want[i].first) << i;
    EXPECT_EQ(slots[i].index, want[i].second) << i;
  }
  const KernelRegisters r = kernel_registers(s.args, {0x1000, 0x2000, 0, 0, 0, 0});
  EXPECT_EQ(r.a_count, 4u);
  EXPECT_EQ(r.fa_count, 2u);
  EXPECT_EQ(r.a[0], 0x1000u);
  EXPECT_EQ(r.a[1], 0x2000u);
  EXPECT_EQ(r.a[2], 8u);
  EXPECT_EQ(r.a[3], static_cast<uint64_t>(int64_t{-3}));
  EXPECT_EQ(r.fa[0], 0xffffffff3fc00000ull);  // 1.5f, NaN-boxed
  EXPECT_EQ(r.fa[1], 0xc000000000000000ull);  // -2.0
  EXPECT_EQ(r.a[4], 0u);
}

TEST(CallingConvention, AtMostEightOfEither) {
  Options eight_ints, eight_floats;
  for (int i = 0; i < 8; ++i) {
    eight_ints.push_back({"arg", "u64:" + std::to_string(i)});
    eight_floats.push_back({"arg", "f32:" + std::to_string(i)});
  }
  // Eight of each fit together: 16 arguments.
  Options both = eight_ints;
  both.insert(both.end(), eight_floats.begin(), eight_floats.end());
  const LaunchSpec s = parse_launch_options(both);
  const KernelRegisters r = kernel_registers(s.args, std::vector<uint64_t>(16, 0));
  EXPECT_EQ(r.a_count, 8u);
  EXPECT_EQ(r.fa_count, 8u);
  EXPECT_EQ(r.a[7], 7u);
  EXPECT_EQ(r.fa[7], 0xffffffff00000000ull | f32_bits(7.0f));

  Options nine = eight_ints;
  nine.push_back({"arg", "in:x.npy"});
  EXPECT_EQ(options_error(nine), "--arg in:x.npy: at most 8 integer/pointer arguments (a0..a7)");
  Options nine_f = eight_floats;
  nine_f.push_back({"arg", "f64:1"});
  EXPECT_EQ(options_error(nine_f), "--arg f64:1: at most 8 floating-point scalar arguments (fa0..fa7)");
}

}  // namespace
}  // namespace npuvp
