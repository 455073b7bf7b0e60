#include "platform/conform/collect.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>

#include "platform/elf_loader.h"

namespace npuvp::conform {

namespace fs = std::filesystem;

namespace {

// The first 20 bytes of an ELF header: e_ident, e_type, e_machine.
bool read_header(const std::string& path, unsigned char (&h)[20]) {
  std::ifstream in(path, std::ios::binary);
  return in.read(reinterpret_cast<char*>(h), sizeof h) && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F';
}

constexpr unsigned char kElfClass64 = 2, kElfDataLsb = 1;
constexpr uint16_t kEtExec = 2, kEmRiscv = 243;

TestCase make_case(const fs::path& p) {
  TestCase t;
  t.path = p.generic_string();
  t.name = p.filename().generic_string();
  t.classname = p.has_parent_path() ? p.parent_path().generic_string() : std::string(".");
  t.reference = reference_for(t.path);
  t.npu_kernel = is_npu_kernel(t.path);
  if (t.npu_kernel) t.core = kernel_core_kind(t.path);
  t.issue_file = issue_for(t.path);
  if (!t.issue_file.empty()) {
    std::ifstream in(t.issue_file);
    std::getline(in, t.expected_issue);
    if (t.expected_issue.empty()) throw ConformError(t.issue_file + ": the first line must be the expected reason's regular expression");
  }
  return t;
}

}  // namespace

bool is_elf(const std::string& path) {
  unsigned char h[20];
  return read_header(path, h);
}

bool is_riscv_executable(const std::string& path) {
  unsigned char h[20];
  if (!read_header(path, h) || h[4] != kElfClass64 || h[5] != kElfDataLsb) return false;
  const uint16_t type = static_cast<uint16_t>(h[16] | h[17] << 8);
  const uint16_t machine = static_cast<uint16_t>(h[18] | h[19] << 8);
  return type == kEtExec && machine == kEmRiscv;
}

bool is_npu_kernel(const std::string& path) {
  try {
    return read_elf(path).symbols.address("_kernel_start").has_value();
  } catch (const std::exception&) {  // not readable: `npuvp run` reports what is wrong with it
    return false;
  }
}

std::string kernel_core_kind(const std::string& path) {
  try {
    const ElfImage elf = read_elf(path);
    if (elf.symbols.address("_kernel_core_mix")) return "mix";
    if (elf.symbols.address("_kernel_core_aic")) return "aic";
  } catch (const std::exception&) {
  }
  return "aiv";
}

std::string issue_for(const std::string& elf_path) {
  fs::path p(elf_path);
  if (p.extension() == ".elf") p.replace_extension();
  p += ".issue";
  std::error_code ec;
  return fs::is_regular_file(p, ec) ? p.generic_string() : "";
}

std::string reference_for(const std::string& elf_path) {
  fs::path p(elf_path);
  if (p.extension() == ".elf") p.replace_extension();
  for (const char* suffix : {".signature", ".reference_output"}) {
    fs::path r = p;
    r += suffix;
    std::error_code ec;
    if (fs::is_regular_file(r, ec)) return r.generic_string();
  }
  return "";
}

std::vector<TestCase> collect_tests(const std::vector<std::string>& paths) {
  std::vector<fs::path> found;
  for (const std::string& arg : paths) {
    const fs::path root(arg);
    std::error_code ec;
    const fs::file_status st = fs::status(root, ec);
    if (ec || !fs::exists(st)) throw ConformError(arg + ": no such file or folder");
    if (fs::is_directory(st)) {
      fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
      if (ec) throw ConformError(arg + ": " + ec.message());
      for (; it != end; it.increment(ec)) {
        if (ec) throw ConformError(arg + ": " + ec.message());
        std::error_code fec;
        if (it->is_regular_file(fec) && is_riscv_executable(it->path().string())) found.push_back(it->path());
      }
    } else {
      if (!is_elf(arg)) throw ConformError(arg + ": not an ELF file");
      found.push_back(root);
    }
  }
  // One order on every host and file system; a file reached twice (a folder
  // and a file in it, or two spellings) runs once, under its first spelling.
  std::sort(found.begin(), found.end(),
            [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
  std::vector<TestCase> tests;
  std::set<fs::path> seen;
  for (const fs::path& p : found) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(p, ec);
    if (ec) key = p;
    if (seen.insert(key).second) tests.push_back(make_case(p));
  }
  return tests;
}

}  // namespace npuvp::conform
