// .npy files: round trips of every dtype and rank, headers written by hand
// from the format's description, and every error.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "platform/launch/npy.h"

namespace npuvp {
namespace {

namespace fs = std::filesystem;

// One directory per test, so ctest -j never races.
std::string work_file(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(NPUVP_TEST_WORK_DIR) / (std::string(info->test_suite_name()) + "." + info->name());
  fs::create_directories(dir);
  return (dir / name).string();
}

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A .npy file as the format describes it: magic, version, little-endian
// header length of 2 (v1) or 4 (v2, v3) bytes, the dict padded with spaces
// and a final '\n' to a multiple of `align`, then the data.
std::vector<uint8_t> npy_bytes(int major, const std::string& dict, const std::vector<uint8_t>& data,
                               size_t align = 64) {
  const size_t len_size = major == 1 ? 2 : 4;
  const size_t prefix = 8 + len_size;
  std::string header = dict;
  while ((prefix + header.size() + 1) % align != 0) header += ' ';
  header += '\n';
  std::vector<uint8_t> b = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<uint8_t>(major), 0};
  for (size_t i = 0; i < len_size; ++i) b.push_back(static_cast<uint8_t>(header.size() >> (8 * i)));
  b.insert(b.end(), header.begin(), header.end());
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

std::vector<uint8_t> pattern(size_t n, unsigned seed) {
  std::vector<uint8_t> v(n);
  uint32_t x = 0x9e3779b9u * (seed + 1);
  for (auto& b : v) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<uint8_t>(x);
  }
  return v;
}

struct DTypeCase {
  DType type;
  const char* descr;  // what NumPy writes
  size_t size;
};

const DTypeCase kCases[] = {
    {DType::F16, "<f2", 2}, {DType::BF16, "<u2", 2}, {DType::F32, "<f4", 4}, {DType::F64, "<f8", 8},
    {DType::S8, "|i1", 1},  {DType::U8, "|u1", 1},   {DType::S16, "<i2", 2}, {DType::U16, "<u2", 2},
    {DType::S32, "<i4", 4}, {DType::U32, "<u4", 4},  {DType::S64, "<i8", 8}, {DType::U64, "<u8", 8},
    {DType::Bool, "|b1", 1},
};

std::string python_shape(const std::vector<uint64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) s += ",";
  return s + ")";
}

TEST(Npy, RoundTripEveryDtypeAndRank) {
  const std::vector<std::vector<uint64_t>> shapes = {{}, {7}, {3, 5}, {2, 3, 4}, {2, 1, 3, 2}};
  unsigned seed = 0;
  for (const DTypeCase& c : kCases) {
    for (const auto& shape : shapes) {
      SCOPED_TRACE(std::string(c.descr) + " rank " + std::to_string(shape.size()));
      uint64_t n = 1;
      for (uint64_t d : shape) n *= d;
      Tensor t;
      t.dtype = c.type;
      t.shape = shape;
      t.data = pattern(n * c.size, seed++);
      if (c.type == DType::Bool)
        for (auto& b : t.data) b &= 1;
      EXPECT_EQ(t.elements(), n);
      EXPECT_EQ(t.bytes(), n * c.size);
      const std::string path = work_file("t.npy");
      write_npy(path, t);

      // The file is exactly what the format prescribes.
      const std::string dict = std::string("{'descr': '") + c.descr +
                               "', 'fortran_order': False, 'shape': " + python_shape(shape) + ", }";
      const std::vector<uint8_t> bytes = file_bytes(path);
      EXPECT_EQ(bytes, npy_bytes(1, dict, t.data));
      EXPECT_EQ((bytes.size() - t.data.size()) % 64, 0u);

      const Tensor back = read_npy(path);
      // bf16 is stored as u16 bit patterns.
      EXPECT_EQ(back.dtype, c.type == DType::BF16 ? DType::U16 : c.type);
      EXPECT_EQ(back.shape, shape);
      EXPECT_EQ(back.data, t.data);
    }
  }
}

TEST(Npy, ReadsHandWrittenVersion1Header) {
  std::vector<uint8_t> data = pattern(2 * 3 * 4, 1);
  put_file(work_file("a.npy"),
           npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data));
  const Tensor t = read_npy(work_file("a.npy"));
  EXPECT_EQ(t.dtype, DType::F32);
  EXPECT_EQ(t.shape, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(t.data, data);
}

TEST(Npy, ReadsVersion2And3Headers) {
  std::vector<uint8_t> data = pattern(8 * 2, 2);
  for (int major : {2, 3}) {
    SCOPED_TRACE(major);
    put_file(work_file("a.npy"),
             npy_bytes(major, "{'descr': '<i2', 'fortran_order': False, 'shape': (8,), }", data));
    const Tensor t = read_npy(work_file("a.npy"));
    EXPECT_EQ(t.dtype, DType::S16);
    EXPECT_EQ(t.shape, (std::vector<uint64_t>{8}));
    EXPECT_EQ(t.data, data);
  }
}

TEST(Npy, ReadsOtherWritersSpelling) {
  // Key order, double quotes, no trailing comma, Python 2 longs, 16-byte
  // alignment (older NumPy), '<' on one-byte types.
  struct Case {
    std::string dict;
    DType type;
    std::vector<uint64_t> shape;
    size_t align;
  };
  const std::vector<Case> cases = {
      {"{'shape': (3, 2), 'fortran_order': False, 'descr': '<u4'}", DType::U32, {3, 2}, 64},
      {"{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (4,)}", DType::F64, {4}, 64},
      {"{'descr': '<i8', 'fortran_order': False, 'shape': (2L, 3L), }", DType::S64, {2, 3}, 16},
      {"{'descr':'<i1','fortran_order':False,'shape':(5,)}", DType::S8, {5}, 16},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (), }", DType::U8, {}, 64},
      {"{'descr': '<f2', 'fortran_order': False, 'shape': (2, 0, 3), }", DType::F16, {2, 0, 3}, 64},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.dict);
    uint64_t n = 1;
    for (uint64_t d : c.shape) n *= d;
    const std::vector<uint8_t> data = pattern(n * dtype_size(c.type), 3);
    const Tensor t = parse_npy(npy_bytes(1, c.dict, data, c.align), "x.npy");
    EXPECT_EQ(t.dtype, c.type);
    EXPECT_EQ(t.shape, c.shape);
    EXPECT_EQ(t.data, data);
  }
}

TEST(Npy, WritesVersion2WhenTheHeaderNeedsIt) {
  // 22000 dimensions of 1 make a header above 65535 bytes.
  Tensor t = make_tensor(DType::S32, std::vector<uint64_t>(22000, 1));
  t.data = {1, 2, 3, 4};
  const std::vector<uint8_t> bytes = encode_npy(t);
  ASSERT_GT(bytes.size(), 12u);
  EXPECT_EQ(bytes[6], 2);
  EXPECT_EQ(bytes[7], 0);
  const uint32_t len = bytes[8] | bytes[9] << 8 | bytes[10] << 16 | static_cast<uint32_t>(bytes[11]) << 24;
  EXPECT_GT(len, 65535u);
  EXPECT_EQ((12 + len) % 64, 0u);
  EXPECT_EQ(bytes.size(), 12 + len + 4);
  const Tensor back = parse_npy(bytes, "big.npy");
  EXPECT_EQ(back.shape, t.shape);
  EXPECT_EQ(back.data, t.data);

  // A short header stays version 1.0.
  EXPECT_EQ(encode_npy(make_tensor(DType::S32, {4}))[6], 1);
}

TEST(Npy, Helpers) {
  EXPECT_EQ(element_count({}), 1u);
  EXPECT_EQ(element_count({4096, 7168}), 4096u * 7168u);
  EXPECT_EQ(element_count({5, 0, 7}), 0u);
  EXPECT_THROW(element_count({1ull << 32, 1ull << 32}), NpyError);
  EXPECT_EQ(shape_string({}), "scalar");
  EXPECT_EQ(shape_string({4096, 7168}), "4096x7168");
  EXPECT_EQ(unflatten_index(0, {}), std::vector<uint64_t>{});
  EXPECT_EQ(unflatten_index(23, {2, 3, 4}), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(unflatten_index(13, {2, 3, 4}), (std::vector<uint64_t>{1, 0, 1}));
  const Tensor z = make_tensor(DType::F64, {3, 2});
  EXPECT_EQ(z.data, std::vector<uint8_t>(48, 0));
  for (const DTypeCase& c : kCases) {
    EXPECT_EQ(dtype_size(c.type), c.size);
    EXPECT_STREQ(dtype_descr(c.type), c.descr);
    DType back;
    ASSERT_TRUE(dtype_from_name(dtype_name(c.type), back));
    EXPECT_EQ(back, c.type);
  }
  DType dummy;
  EXPECT_FALSE(dtype_from_name("f17", dummy));
  EXPECT_TRUE(dtype_is_float(DType::BF16));
  EXPECT_FALSE(dtype_is_float(DType::U16));
  EXPECT_TRUE(dtype_is_signed(DType::S8));
  EXPECT_FALSE(dtype_is_signed(DType::U64));
}

// The error message for these bytes: one line, starting with the label.
std::string error_of(const std::vector<uint8_t>& bytes) {
  try {
    parse_npy(bytes, "bad.npy");
  } catch (const NpyError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.rfind("bad.npy: ", 0), 0u) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    return m;
  }
  ADD_FAILURE() << "no error";
  return "";
}

const std::string kDict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";

TEST(NpyErrors, Magic) {
  std::vector<uint8_t> b = npy_bytes(1, kDict, pattern(16, 0));
  b[1] = 'X';
  EXPECT_NE(error_of(b).find("bad magic"), std::string::npos);
  EXPECT_NE(error_of({}).find("bad magic"), std::string::npos);
  EXPECT_NE(error_of({'P', 'K', 3, 4}).find("bad magic"), std::string::npos);
}

TEST(NpyErrors, Version) {
  std::vector<uint8_t> b = npy_bytes(1, kDict, pattern(16, 0));
  b[6] = 4;
  EXPECT_NE(error_of(b).find("unsupported .npy version 4.0"), std::string::npos);
  b[6] = 1;
  b[7] = 1;
  EXPECT_NE(error_of(b).find("unsupported .npy version 1.1"), std::string::npos);
  EXPECT_NE(error_of({0x93, 'N', 'U', 'M', 'P', 'Y', 1}).find("truncated header"), std::string::npos);
}

TEST(NpyErrors, TruncatedHeader) {
  const std::vector<uint8_t> b = npy_bytes(1, kDict, {});
  EXPECT_NE(error_of({b.begin(), b.begin() + 9}).find("truncated header"), std::string::npos);
  EXPECT_NE(error_of({b.begin(), b.begin() + 40}).find("truncated header"), std::string::npos);
  const std::vector<uint8_t> b2 = npy_bytes(2, kDict, {});
  EXPECT_NE(error_of({b2.begin(), b2.begin() + 11}).find("truncated header"), std::string::npos);
}

TEST(NpyErrors, BadHeaders) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{'descr': '<f4', 'fortran_order': False, }", "missing key 'shape'"},
      {"{'descr': '<f4', 'shape': (2, 2), }", "missing key 'fortran_order'"},
      {"{'fortran_order': False, 'shape': (2, 2), }", "missing key 'descr'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), 'x': 1}", "unexpected key 'x'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), 'shape': (4,)}", "'shape' given twice"},
      {"{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 2), }", "True or False"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, -2), }", "non-negative integers"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': [2, 2], }", "expected '('"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", "overflows"},
      {"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "structured dtypes"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), } x", "trailing characters"},
      {"'descr': '<f4'", "expected '{'"},
      {"{'descr: '<f4', 'fortran_order': False, 'shape': (2, 2), }", "bad .npy header"},
      {"{'descr': '<f4' 'fortran_order': False, 'shape': (2, 2), }", "expected ',' or '}'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), \xc3\xa9}", "non-ASCII"},
  };
  for (const auto& [dict, want] : cases) {
    SCOPED_TRACE(dict);
    EXPECT_NE(error_of(npy_bytes(1, dict, pattern(16, 0))).find(want), std::string::npos);
  }
}

TEST(NpyErrors, Dtypes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {">f4", "unsupported dtype '>f4' (big-endian; only little-endian is supported)"},
      {">i2", "big-endian"},
      {"|f4", "unsupported dtype '|f4' (byte order must be '<')"},
      {"<c8", "unsupported dtype '<c8'"},
      {"<f16", "unsupported dtype '<f16'"},
      {"<U4", "unsupported dtype '<U4'"},
      {"|O", "unsupported dtype '|O'"},
      {"<V2", "unsupported dtype '<V2'"},
      {"f4", "unsupported dtype 'f4'"},
      {"<b2", "unsupported dtype '<b2'"},
  };
  for (const auto& [descr, want] : cases) {
    SCOPED_TRACE(descr);
    const std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }";
    EXPECT_NE(error_of(npy_bytes(1, dict, pattern(8, 0))).find(want), std::string::npos);
  }
}

TEST(NpyErrors, FortranOrder) {
  EXPECT_NE(error_of(npy_bytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", pattern(16, 0)))
                .find("fortran_order True is not supported"),
            std::string::npos);
}

TEST(NpyErrors, DataSize) {
  EXPECT_EQ(error_of(npy_bytes(1, kDict, pattern(15, 0))),
            "bad.npy: truncated data: shape 2x2 of '<f4' needs 16 bytes, the file has 15");
  EXPECT_EQ(error_of(npy_bytes(1, kDict, pattern(20, 0))),
            "bad.npy: data size mismatch: shape 2x2 of '<f4' needs 16 bytes, the file has 20");
  EXPECT_NE(error_of(npy_bytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
                               {}))
                .find("overflows"),
            std::string::npos);
}

TEST(NpyErrors, Files) {
  const std::string missing = work_file("missing.npy");
  try {
    read_npy(missing);
    FAIL() << "no error";
  } catch (const NpyError& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot open: No such file or directory");
  }
  const std::string bad_dir = work_file("no_such_dir") + "/out.npy";
  try {
    write_npy(bad_dir, make_tensor(DType::F32, {2}));
    FAIL() << "no error";
  } catch (const NpyError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(bad_dir + ": cannot open for writing: ", 0), 0u) << e.what();
  }
  // A tensor whose data do not match its shape is not written.
  Tensor t = make_tensor(DType::F32, {2});
  t.data.pop_back();
  EXPECT_THROW(write_npy(work_file("short.npy"), t), NpyError);
}

// Cross-check with NumPy itself when the machine has it (Debian's
// python3-numpy; not a dependency of the project): NumPy writes every dtype
// and rank and we read it; we write and NumPy reads. Raw bytes travel beside
// each file in a .bin for the other side to compare with.
std::string python_with_numpy() {
  for (const char* py : {"python3", "/usr/bin/python3"})
    if (std::system((std::string(py) + " -c 'import numpy' >/dev/null 2>&1").c_str()) == 0) return py;
  return "";
}

TEST(NpyNumpy, CrossCheck) {
  const std::string py = python_with_numpy();
  if (py.empty()) GTEST_SKIP() << "python3 with numpy is not installed: no cross-check with NumPy";
  const std::string dir = fs::path(work_file("x")).parent_path().string();
  const std::string script = dir + "/check.py";
  const std::vector<std::vector<uint64_t>> shapes = {{}, {5}, {2, 3}, {2, 2, 3}, {1, 2, 1, 3}};

  // NumPy writes.
  {
    std::ofstream out(script);
    out << "import numpy as np\n"
        << "descrs = ['<f2','<f4','<f8','|i1','|u1','<i2','<u2','<i4','<u4','<i8','<u8','|b1']\n"
        << "shapes = [(), (5,), (2, 3), (2, 2, 3), (1, 2, 1, 3)]\n"
        << "for d in descrs:\n"
        << "  for r, s in enumerate(shapes):\n"
        << "    a = (np.arange(int(np.prod(s))) * 37 - 50).reshape(s).astype(d)\n"
        << "    name = '" << dir << "/np_%s_%d' % (d[1:], r)\n"
        << "    np.save(name + '.npy', a)\n"
        << "    open(name + '.bin', 'wb').write(a.tobytes())\n"
        << "a = np.arange(6, dtype='<u4').reshape(2, 3)\n"
        << "for v in (2, 3):\n"
        << "  with open('" << dir << "/np_v%d.npy' % v, 'wb') as f:\n"
        << "    np.lib.format.write_array(f, a, version=(v, 0))\n";
  }
  ASSERT_EQ(std::system((py + " " + script).c_str()), 0);
  for (const DTypeCase& c : kCases) {
    if (c.type == DType::BF16) continue;
    for (size_t r = 0; r < shapes.size(); ++r) {
      const std::string name = dir + "/np_" + std::string(c.descr + 1) + "_" + std::to_string(r);
      SCOPED_TRACE(name);
      const Tensor t = read_npy(name + ".npy");
      EXPECT_EQ(t.dtype, c.type);
      EXPECT_EQ(t.shape, shapes[r]);
      EXPECT_EQ(t.data, file_bytes(name + ".bin"));
    }
  }

  for (int v : {2, 3}) {
    const std::vector<uint8_t> bytes = file_bytes(dir + "/np_v" + std::to_string(v) + ".npy");
    ASSERT_GT(bytes.size(), 8u);
    EXPECT_EQ(bytes[6], v);
    const Tensor t = read_npy(dir + "/np_v" + std::to_string(v) + ".npy");
    EXPECT_EQ(t.dtype, DType::U32);
    EXPECT_EQ(t.shape, (std::vector<uint64_t>{2, 3}));
    EXPECT_EQ(t.data, (std::vector<uint8_t>{0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0}));
  }

  // We write: a file per dtype and rank. (NumPy arrays have at most 32 or 64
  // dimensions, so our 2.0 headers, needed only beyond 65535 bytes, cannot
  // be checked this way.)
  {
    std::ofstream out(script);
    out << "import numpy as np, sys\nbad = 0\n";
    unsigned seed = 100;
    for (const DTypeCase& c : kCases) {
      for (size_t r = 0; r < shapes.size(); ++r) {
        Tensor t = make_tensor(c.type, shapes[r]);
        t.data = pattern(t.bytes(), seed++);
        if (c.type == DType::Bool)
          for (auto& b : t.data) b &= 1;
        const std::string name = dir + "/ours_" + dtype_name(c.type) + "_" + std::to_string(r);
        write_npy(name + ".npy", t);
        put_file(name + ".bin", t.data);
        out << "a = np.load('" << name << ".npy')\n"
            << "if a.dtype.str != '" << c.descr << "' or a.shape != " << python_shape(shapes[r])
            << " or a.tobytes() != open('" << name << ".bin', 'rb').read():\n"
            << "  print('NumPy reads " << name << ".npy differently:', a.dtype.str, a.shape); bad = 1\n";
      }
    }
    out << "sys.exit(bad)\n";
  }
  EXPECT_EQ(std::system((py + " " + script).c_str()), 0) << "NumPy disagrees (see its output above)";
}

}  // namespace
}  // namespace npuvp
