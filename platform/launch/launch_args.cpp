#include "platform/launch/launch_args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>

namespace npuvp {

namespace {

[[noreturn]] void fail(const std::string& option, const std::string& text, const std::string& problem) {
  throw LaunchArgError("--" + option + " " + text + ": " + problem);
}

// Decimal digits, or 0x followed by hex digits; nullopt if malformed or > 64 bits.
std::optional<uint64_t> parse_unsigned(const std::string& s) {
  if (s.empty()) return std::nullopt;
  unsigned base = 10;
  size_t i = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    i = 2;
  }
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    if (v > (std::numeric_limits<uint64_t>::max() - d) / base) return std::nullopt;
    v = v * base + d;
  }
  return v;
}

// Well-formed for parse_unsigned (so that a failure there is an overflow).
bool is_number_text(const std::string& s) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return s.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos;
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

uint64_t parse_scalar(ArgKind kind, const std::string& value, const std::string& text) {
  const char* name = arg_kind_name(kind);
  switch (kind) {
    case ArgKind::U64: {
      const auto v = parse_unsigned(value);
      if (!v) {
        if (is_number_text(value)) fail("arg", text, "value '" + value + "' does not fit in u64");
        fail("arg", text, "bad u64 value '" + value + "' (decimal or 0x hex)");
      }
      return *v;
    }
    case ArgKind::S64: {
      const bool neg = !value.empty() && value[0] == '-';
      const std::string mag = (!value.empty() && (value[0] == '-' || value[0] == '+')) ? value.substr(1) : value;
      const auto v = parse_unsigned(mag);
      if (!v && !is_number_text(mag)) fail("arg", text, "bad s64 value '" + value + "' (decimal or 0x hex, optional sign)");
      const uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
      if (!v || *v > limit) fail("arg", text, "value '" + value + "' does not fit in s64");
      return neg ? ~*v + 1 : *v;
    }
    case ArgKind::F32:
    case ArgKind::F64: {
      if (value.empty() || std::isspace(static_cast<unsigned char>(value[0])))
        fail("arg", text, std::string("bad ") + name + " value '" + value + "'");
      char* end = nullptr;
      errno = 0;
      uint64_t bits;
      bool overflow;
      if (kind == ArgKind::F32) {
        const float f = std::strtof(value.c_str(), &end);
        overflow = errno == ERANGE && std::isinf(f);
        uint32_t b;
        std::memcpy(&b, &f, 4);
        bits = b;
      } else {
        const double d = std::strtod(value.c_str(), &end);
        overflow = errno == ERANGE && std::isinf(d);
        std::memcpy(&bits, &d, 8);
      }
      if (end == value.c_str() || *end != '\0') fail("arg", text, std::string("bad ") + name + " value '" + value + "'");
      if (overflow) fail("arg", text, "value '" + value + "' overflows " + name);
      return bits;
    }
    default:
      break;
  }
  throw std::logic_error("parse_scalar: not a scalar kind");
}

std::vector<uint64_t> parse_dims(const std::string& dims, const std::string& text) {
  std::vector<uint64_t> shape;
  size_t start = 0;
  for (;;) {
    const size_t x = dims.find('x', start);
    const std::string d = dims.substr(start, x == std::string::npos ? std::string::npos : x - start);
    if (d.empty() || d.find_first_not_of("0123456789") != std::string::npos)
      fail("arg", text, "bad dimensions '" + dims + "' (expected e.g. 4096x7168 or 128)");
    const auto v = parse_unsigned(d);
    if (!v) fail("arg", text, "dimension " + d + " is too large");
    if (*v == 0) fail("arg", text, "dimension 0 in '" + dims + "' (every dimension must be at least 1)");
    shape.push_back(*v);
    if (x == std::string::npos) break;
    start = x + 1;
  }
  try {
    element_count(shape);
  } catch (const NpyError&) {
    fail("arg", text, "dimensions '" + dims + "' overflow");
  }
  return shape;
}

double parse_tolerance(const std::string& option, const std::string& value) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || end == value.c_str() || *end != '\0' || !std::isfinite(v) || v < 0)
    fail(option, value, "expected a finite non-negative number");
  return v;
}

}  // namespace

const char* arg_kind_name(ArgKind k) {
  switch (k) {
    case ArgKind::In: return "in";
    case ArgKind::Out: return "out";
    case ArgKind::InOut: return "inout";
    case ArgKind::U64: return "u64";
    case ArgKind::S64: return "s64";
    case ArgKind::F32: return "f32";
    case ArgKind::F64: return "f64";
  }
  return "?";
}

LaunchArg parse_launch_arg(const std::string& text) {
  LaunchArg a;
  a.text = text;
  const size_t colon = text.find(':');
  if (colon == std::string::npos)
    fail("arg", text, "expected KIND:..., KIND one of in, out, inout, u64, s64, f32, f64");
  std::string kind = text.substr(0, colon);
  const std::string rest = text.substr(colon + 1);

  const size_t at = kind.find('@');
  if (at != std::string::npos) {
    const std::string place = kind.substr(at + 1);
    kind = kind.substr(0, at);
    const auto die = place.compare(0, 3, "die") == 0 && place.size() > 3 &&
                             place.find_first_not_of("0123456789", 3) == std::string::npos
                         ? parse_unsigned(place.substr(3))
                         : std::nullopt;
    if (!die || *die > 255) fail("arg", text, "bad placement '@" + place + "' (expected @dieN)");
    a.die = static_cast<int>(*die);
  }

  if (kind == "in") a.kind = ArgKind::In;
  else if (kind == "out") a.kind = ArgKind::Out;
  else if (kind == "inout") a.kind = ArgKind::InOut;
  else if (kind == "u64") a.kind = ArgKind::U64;
  else if (kind == "s64") a.kind = ArgKind::S64;
  else if (kind == "f32") a.kind = ArgKind::F32;
  else if (kind == "f64") a.kind = ArgKind::F64;
  else fail("arg", text, "unknown kind '" + kind + "' (in, out, inout, u64, s64, f32, f64)");

  if (!a.is_tensor()) {
    if (a.die >= 0) fail("arg", text, "a placement (@dieN) applies to tensors only");
    a.bits = parse_scalar(a.kind, rest, text);
    return a;
  }
  if (a.kind != ArgKind::Out) {
    if (rest.empty()) fail("arg", text, "missing file name");
    a.file = rest;
    return a;
  }
  // out:FILE:DTYPE:DIMS -- from the right, so that FILE may hold colons.
  const size_t c2 = rest.rfind(':');
  const size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : rest.rfind(':', c2 - 1);
  if (c1 == std::string::npos) fail("arg", text, "expected out:FILE.npy:DTYPE:DIMS");
  a.file = rest.substr(0, c1);
  const std::string dtype = rest.substr(c1 + 1, c2 - c1 - 1);
  const std::string dims = rest.substr(c2 + 1);
  if (a.file.empty()) fail("arg", text, "missing file name");
  if (!dtype_from_name(dtype, a.dtype))
    fail("arg", text, "unknown dtype " + (dtype.empty() ? std::string("''") : dtype) +
                          " (f16, bf16, f32, f64, s8, u8, s16, u16, s32, u32, s64, u64, bool)");
  a.shape = parse_dims(dims, text);
  return a;
}

LaunchExpect parse_launch_expect(const std::string& text) {
  LaunchExpect e;
  e.text = text;
  const size_t colon = text.find(':');
  if (colon == std::string::npos) fail("expect", text, "expected INDEX:FILE.npy");
  const std::string index = text.substr(0, colon);
  const auto v = index.find_first_not_of("0123456789") == std::string::npos ? parse_unsigned(index) : std::nullopt;
  if (!v) fail("expect", text, "bad argument index '" + index + "' (0-based position among --arg)");
  e.index = static_cast<size_t>(*v);
  e.file = text.substr(colon + 1);
  if (e.file.empty()) fail("expect", text, "missing file name");
  return e;
}

LaunchSpec parse_launch_options(const std::vector<std::pair<std::string, std::string>>& ordered) {
  LaunchSpec spec;
  std::optional<double> default_rtol, default_atol;
  // Per --expect: whether it gave its own tolerance.
  std::vector<std::pair<bool, bool>> own;
  for (const auto& [name, value] : ordered) {
    if (name == "arg") {
      spec.args.push_back(parse_launch_arg(value));
    } else if (name == "expect") {
      spec.expects.push_back(parse_launch_expect(value));
      own.emplace_back(false, false);
    } else if (name == "rtol" || name == "atol") {
      const double v = parse_tolerance(name, value);
      const bool rtol = name == "rtol";
      if (spec.expects.empty()) {
        std::optional<double>& d = rtol ? default_rtol : default_atol;
        if (d) fail(name, value, "given twice before the first --expect");
        d = v;
        continue;
      }
      bool& given = rtol ? own.back().first : own.back().second;
      if (given) fail(name, value, "given twice for --expect " + spec.expects.back().text);
      given = true;
      (rtol ? spec.expects.back().rtol : spec.expects.back().atol) = v;
    } else {
      throw std::logic_error("parse_launch_options: unknown option " + name);
    }
  }
  for (size_t i = 0; i < spec.expects.size(); ++i) {
    LaunchExpect& e = spec.expects[i];
    if (!own[i].first && default_rtol) e.rtol = *default_rtol;
    if (!own[i].second && default_atol) e.atol = *default_atol;
    if (e.index >= spec.args.size())
      fail("expect", e.text, "no argument " + std::to_string(e.index) + " (there are " +
                                 std::to_string(spec.args.size()) + ", numbered from 0)");
    const LaunchArg& a = spec.args[e.index];
    if (!a.is_output())
      fail("expect", e.text, "argument " + std::to_string(e.index) + " (" + a.text + ") is not an out or inout tensor");
    for (size_t j = 0; j < i; ++j)
      if (spec.expects[j].index == e.index)
        fail("expect", e.text, "argument " + std::to_string(e.index) + " is already checked by --expect " +
                                   spec.expects[j].text);
  }
  register_slots(spec.args);
  return spec;
}

std::vector<RegisterSlot> register_slots(const std::vector<LaunchArg>& args) {
  std::vector<RegisterSlot> slots;
  unsigned a = 0, fa = 0;
  for (const LaunchArg& arg : args) {
    RegisterSlot s;
    s.fp = arg.is_float_scalar();
    unsigned& n = s.fp ? fa : a;
    if (n == 8)
      fail("arg", arg.text,
           s.fp ? "at most 8 floating-point scalar arguments (fa0..fa7)"
                : "at most 8 integer/pointer arguments (a0..a7)");
    s.index = n++;
    slots.push_back(s);
  }
  return slots;
}

KernelRegisters kernel_registers(const std::vector<LaunchArg>& args,
                                 const std::vector<uint64_t>& tensor_addresses) {
  if (tensor_addresses.size() != args.size())
    throw std::logic_error("kernel_registers: one address per argument expected");
  const std::vector<RegisterSlot> slots = register_slots(args);
  KernelRegisters r;
  for (size_t i = 0; i < args.size(); ++i) {
    const LaunchArg& arg = args[i];
    uint64_t v = arg.is_tensor() ? tensor_addresses[i] : arg.bits;
    if (arg.kind == ArgKind::F32) v = 0xffffffff00000000ull | (v & 0xffffffffull);  // NaN-boxed
    if (slots[i].fp) {
      r.fa[slots[i].index] = v;
      r.fa_count = slots[i].index + 1;
    } else {
      r.a[slots[i].index] = v;
      r.a_count = slots[i].index + 1;
    }
  }
  return r;
}

}  // namespace npuvp
