// The .npy format (NumPy's numpy.lib.format): the 6-byte magic "\x93NUMPY",
// a major and a minor version byte, the header length (uint16 little-endian
// in 1.0, uint32 in 2.0 and 3.0), then the header: a Python dict literal
// {'descr': ..., 'fortran_order': ..., 'shape': (...), } padded with spaces
// and ended by '\n' so that the data start on a multiple of 64 bytes (older
// writers used 16: readers must not rely on it). Version 3.0 only allows
// UTF-8 in the header, which matters for structured dtypes we reject anyway.
#include "platform/launch/npy.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

namespace npuvp {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kAlign = 64;

struct DTypeInfo {
  DType type;
  const char* name;
  const char* descr;
  size_t size;
};

constexpr DTypeInfo kTypes[] = {
    {DType::F16, "f16", "<f2", 2},  {DType::BF16, "bf16", "<u2", 2}, {DType::F32, "f32", "<f4", 4},
    {DType::F64, "f64", "<f8", 8},  {DType::S8, "s8", "|i1", 1},     {DType::U8, "u8", "|u1", 1},
    {DType::S16, "s16", "<i2", 2},  {DType::U16, "u16", "<u2", 2},   {DType::S32, "s32", "<i4", 4},
    {DType::U32, "u32", "<u4", 4},  {DType::S64, "s64", "<i8", 8},   {DType::U64, "u64", "<u8", 8},
    {DType::Bool, "bool", "|b1", 1},
};

const DTypeInfo& info(DType t) {
  for (const DTypeInfo& i : kTypes)
    if (i.type == t) return i;
  throw std::logic_error("unknown DType");
}

[[noreturn]] void fail(const std::string& label, const std::string& problem) {
  throw NpyError(label + ": " + problem);
}

// The descr string as NumPy writes it: byte order, kind, size in bytes.
DType parse_descr(const std::string& d, const std::string& label) {
  const std::string quoted = "'" + d + "'";
  if (d.size() < 3) fail(label, "unsupported dtype " + quoted);
  const char order = d[0], kind = d[1];
  const std::string size_text = d.substr(2);
  if (size_text.find_first_not_of("0123456789") != std::string::npos || size_text.size() > 2)
    fail(label, "unsupported dtype " + quoted);
  const unsigned size = static_cast<unsigned>(std::stoul(size_text));
  if (order != '<' && order != '>' && order != '|' && order != '=')
    fail(label, "unsupported dtype " + quoted);
  DType t;
  if (kind == 'f' && size == 2) t = DType::F16;
  else if (kind == 'f' && size == 4) t = DType::F32;
  else if (kind == 'f' && size == 8) t = DType::F64;
  else if (kind == 'i' && size == 1) t = DType::S8;
  else if (kind == 'i' && size == 2) t = DType::S16;
  else if (kind == 'i' && size == 4) t = DType::S32;
  else if (kind == 'i' && size == 8) t = DType::S64;
  else if (kind == 'u' && size == 1) t = DType::U8;
  else if (kind == 'u' && size == 2) t = DType::U16;
  else if (kind == 'u' && size == 4) t = DType::U32;
  else if (kind == 'u' && size == 8) t = DType::U64;
  else if (kind == 'b' && size == 1) t = DType::Bool;
  else fail(label, "unsupported dtype " + quoted);
  // One-byte types have no byte order; wider ones must say little-endian.
  if (size > 1 && order == '>')
    fail(label, "unsupported dtype " + quoted + " (big-endian; only little-endian is supported)");
  if (size > 1 && order != '<')
    fail(label, "unsupported dtype " + quoted + " (byte order must be '<')");
  return t;
}

// A reader of the header's Python literal, just enough for the three keys.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& label) : s_(text), label_(label) {}

  void parse(std::string& descr, bool& fortran, std::vector<uint64_t>& shape) {
    bool have_descr = false, have_fortran = false, have_shape = false;
    skip_ws();
    expect('{');
    for (;;) {
      skip_ws();
      if (peek() == '}') break;
      const std::string key = string_literal("a key");
      skip_ws();
      expect(':');
      skip_ws();
      if (key == "descr") {
        if (peek() == '[') bad("structured dtypes (a list as 'descr') are not supported");
        if (have_descr) bad("'descr' given twice");
        descr = string_literal("the 'descr' string");
        have_descr = true;
      } else if (key == "fortran_order") {
        if (have_fortran) bad("'fortran_order' given twice");
        fortran = boolean();
        have_fortran = true;
      } else if (key == "shape") {
        if (have_shape) bad("'shape' given twice");
        shape = tuple();
        have_shape = true;
      } else {
        bad("unexpected key '" + key + "'");
      }
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      skip_ws();
      if (peek() != '}') bad("expected ',' or '}' at offset " + std::to_string(pos_));
      break;
    }
    expect('}');
    skip_ws();
    if (pos_ != s_.size()) bad("trailing characters after the dict");
    if (!have_descr) bad("missing key 'descr'");
    if (!have_fortran) bad("missing key 'fortran_order'");
    if (!have_shape) bad("missing key 'shape'");
  }

 private:
  [[noreturn]] void bad(const std::string& what) { fail(label_, "bad .npy header: " + what); }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  void expect(char c) {
    if (peek() != c)
      bad(std::string("expected '") + c + "' at offset " + std::to_string(pos_));
    ++pos_;
  }
  std::string string_literal(const char* what) {
    const char q = peek();
    if (q != '\'' && q != '"') bad(std::string("expected ") + what + " at offset " + std::to_string(pos_));
    ++pos_;
    const size_t end = s_.find(q, pos_);
    if (end == std::string::npos) bad("unterminated string");
    std::string v = s_.substr(pos_, end - pos_);
    if (v.find('\\') != std::string::npos) bad("escapes in strings are not supported");
    pos_ = end + 1;
    return v;
  }
  bool boolean() {
    if (s_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      return true;
    }
    if (s_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      return false;
    }
    bad("'fortran_order' must be True or False");
  }
  std::vector<uint64_t> tuple() {
    std::vector<uint64_t> dims;
    expect('(');
    for (;;) {
      skip_ws();
      if (peek() == ')') break;
      if (peek() < '0' || peek() > '9') bad("'shape' must be a tuple of non-negative integers");
      uint64_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        const uint64_t digit = static_cast<uint64_t>(peek() - '0');
        if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10) bad("a dimension overflows 64 bits");
        v = v * 10 + digit;
        ++pos_;
      }
      if (peek() == 'L') ++pos_;  // Python 2 long
      dims.push_back(v);
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != ')') bad("'shape' must be a tuple of non-negative integers");
    }
    expect(')');
    return dims;
  }

  const std::string& s_;
  const std::string& label_;
  size_t pos_ = 0;
};

uint32_t read_le(const uint8_t* p, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

}  // namespace

size_t dtype_size(DType t) { return info(t).size; }
const char* dtype_name(DType t) { return info(t).name; }
const char* dtype_descr(DType t) { return info(t).descr; }

bool dtype_from_name(const std::string& name, DType& out) {
  for (const DTypeInfo& i : kTypes)
    if (name == i.name) {
      out = i.type;
      return true;
    }
  return false;
}

bool dtype_is_float(DType t) {
  return t == DType::F16 || t == DType::BF16 || t == DType::F32 || t == DType::F64;
}

bool dtype_is_signed(DType t) {
  return dtype_is_float(t) || t == DType::S8 || t == DType::S16 || t == DType::S32 || t == DType::S64;
}

uint64_t element_count(const std::vector<uint64_t>& shape) {
  // Bounded so that count * 8 (the widest element) still fits in 64 bits.
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max() / 8;
  uint64_t n = 1;
  bool zero = false;
  for (uint64_t d : shape) zero |= d == 0;
  if (zero) return 0;
  for (uint64_t d : shape) {
    if (n > kMax / d) throw NpyError("shape " + shape_string(shape) + ": element count overflows");
    n *= d;
  }
  return n;
}

uint64_t Tensor::elements() const { return element_count(shape); }

std::string shape_string(const std::vector<uint64_t>& shape) {
  if (shape.empty()) return "scalar";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += 'x';
    s += std::to_string(shape[i]);
  }
  return s;
}

std::vector<uint64_t> unflatten_index(uint64_t flat, const std::vector<uint64_t>& shape) {
  std::vector<uint64_t> idx(shape.size(), 0);
  for (size_t i = shape.size(); i-- > 0;) {
    if (shape[i] == 0) break;
    idx[i] = flat % shape[i];
    flat /= shape[i];
  }
  return idx;
}

Tensor make_tensor(DType dtype, std::vector<uint64_t> shape) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.data.assign(t.bytes(), 0);
  return t;
}

namespace {

// parse_npy without the data: the tensor's dtype and shape, and where its
// data starts in `bytes` (checked to be exactly the shape's size).
Tensor parse_npy_header(const std::vector<uint8_t>& bytes, const std::string& label, uint64_t& data_at) {
  if (bytes.size() < kMagicSize || std::memcmp(bytes.data(), kMagic, kMagicSize) != 0)
    fail(label, "not a .npy file (bad magic; expected \\x93NUMPY)");
  if (bytes.size() < kMagicSize + 2) fail(label, "truncated header (no version)");
  const unsigned major = bytes[6], minor = bytes[7];
  size_t len_size;
  if (major == 1 && minor == 0) len_size = 2;
  else if ((major == 2 || major == 3) && minor == 0) len_size = 4;
  else fail(label, "unsupported .npy version " + std::to_string(major) + "." + std::to_string(minor) +
                   " (1.0, 2.0 and 3.0 are supported)");
  const size_t prefix = kMagicSize + 2 + len_size;
  if (bytes.size() < prefix) fail(label, "truncated header (no header length)");
  const uint64_t header_len = read_le(bytes.data() + 8, len_size);
  if (bytes.size() - prefix < header_len)
    fail(label, "truncated header: " + std::to_string(header_len) + " header bytes announced, " +
                    std::to_string(bytes.size() - prefix) + " present");
  const std::string header(reinterpret_cast<const char*>(bytes.data() + prefix), header_len);
  for (char c : header)
    if (static_cast<unsigned char>(c) >= 0x80 || (c < 0x20 && c != '\n' && c != '\t' && c != '\r'))
      fail(label, "bad .npy header: non-ASCII or control character");

  std::string descr;
  bool fortran = false;
  Tensor t;
  HeaderParser(header, label).parse(descr, fortran, t.shape);
  t.dtype = parse_descr(descr, label);
  if (fortran) fail(label, "fortran_order True is not supported (save a C-ordered array, e.g. np.ascontiguousarray)");

  uint64_t want;
  try {
    want = t.bytes();
  } catch (const NpyError& e) {
    fail(label, e.what());
  }
  const uint64_t have = bytes.size() - prefix - header_len;
  if (have < want)
    fail(label, "truncated data: shape " + shape_string(t.shape) + " of '" + descr + "'" +
                    " needs " + std::to_string(want) + " bytes, the file has " + std::to_string(have));
  if (have > want)
    fail(label, "data size mismatch: shape " + shape_string(t.shape) + " of '" + descr + "' needs " +
                    std::to_string(want) + " bytes, the file has " + std::to_string(have));
  data_at = prefix + header_len;
  return t;
}

}  // namespace

Tensor parse_npy(const std::vector<uint8_t>& bytes, const std::string& label) {
  uint64_t data_at = 0;
  Tensor t = parse_npy_header(bytes, label, data_at);
  t.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data_at), bytes.end());
  return t;
}

std::vector<uint8_t> encode_npy(const Tensor& t) {
  if (t.data.size() != t.bytes())
    throw NpyError("tensor of shape " + shape_string(t.shape) + " and " + dtype_name(t.dtype) + " holds " +
                   std::to_string(t.data.size()) + " bytes instead of " + std::to_string(t.bytes()));
  std::string dict = std::string("{'descr': '") + dtype_descr(t.dtype) + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < t.shape.size(); ++i) {
    if (i) dict += ", ";
    dict += std::to_string(t.shape[i]);
  }
  if (t.shape.size() == 1) dict += ',';
  dict += "), }";
  // Version 1.0 unless the padded header overflows its 16-bit length.
  uint8_t major = 1;
  size_t prefix = kMagicSize + 2 + 2;
  size_t total = (prefix + dict.size() + 1 + kAlign - 1) / kAlign * kAlign;
  if (total - prefix > 0xffff) {
    major = 2;
    prefix = kMagicSize + 2 + 4;
    total = (prefix + dict.size() + 1 + kAlign - 1) / kAlign * kAlign;
  }
  const size_t header_len = total - prefix;
  dict.resize(header_len - 1, ' ');
  dict += '\n';

  std::vector<uint8_t> out(total + t.data.size());
  std::memcpy(out.data(), kMagic, kMagicSize);
  out[6] = major;
  out[7] = 0;
  for (size_t i = 0; i < prefix - 8; ++i) out[8 + i] = static_cast<uint8_t>(header_len >> (8 * i));
  std::memcpy(out.data() + prefix, dict.data(), dict.size());
  if (!t.data.empty()) std::memcpy(out.data() + total, t.data.data(), t.data.size());
  return out;
}

Tensor read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, std::string("cannot open: ") + std::strerror(errno));
  // In large reads (a byte-by-byte stream iterator costs more than the
  // setup of a 4096^2 GEMM launch should), sized by the file when it is one.
  std::error_code ec;
  const bool regular = std::filesystem::is_regular_file(path, ec);
  const uintmax_t file_size = regular ? std::filesystem::file_size(path, ec) : 0;
  std::vector<uint8_t> bytes;
  for (size_t got = 0;; got += static_cast<size_t>(in.gcount())) {
    bytes.resize(got == 0 && !ec && file_size > 0 ? static_cast<size_t>(file_size) + 1
                                                  : std::max<size_t>(got * 2, size_t{1} << 20));
    in.read(reinterpret_cast<char*>(bytes.data() + got), static_cast<std::streamsize>(bytes.size() - got));
    if (!in) {
      bytes.resize(got + static_cast<size_t>(in.gcount()));
      break;
    }
  }
  if (in.bad()) fail(path, "read error");
  // The data moves out of the file's buffer (tens of MiB of new pages saved).
  uint64_t data_at = 0;
  Tensor t = parse_npy_header(bytes, path, data_at);
  bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(data_at));
  t.data = std::move(bytes);
  return t;
}

void write_npy(const std::string& path, const Tensor& t) {
  std::vector<uint8_t> bytes;
  try {
    bytes = encode_npy(t);
  } catch (const NpyError& e) {
    fail(path, e.what());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) fail(path, std::string("cannot open for writing: ") + std::strerror(errno));
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fail(path, "write error");
}

}  // namespace npuvp
