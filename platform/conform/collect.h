// Finding the tests of a conformance run: every RISC-V executable ELF under
// the files and folders given, in one sorted order whatever the file system
// returns, each with the reference signature that sits beside it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace npuvp::conform {

class ConformError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TestCase {
  std::string path;       // as the user wrote it, joined with the path inside a folder
  std::string name;       // the file name
  std::string classname;  // its folder as written ("." for a bare file name)
  std::string reference;  // NAME.signature or NAME.reference_output beside it; "" if none
  // An NPU kernel (built with add_npu_kernel: it has the symbol
  // `_kernel_start`): it runs as a one-block `npuvp launch` on an AI core,
  // not as a program on the control CPU.
  bool npu_kernel = false;
  // Where an NPU kernel runs (`npuvp launch --core`): "aiv" (the default),
  // "aic" if the ELF defines the symbol `_kernel_core_aic` (a cube-core
  // kernel), "mix" if it defines `_kernel_core_mix` (entries
  // kernel_main_mix_aic and kernel_main_mix_aiv, cross-core flags).
  std::string core = "aiv";
  // A test that must fail (a fault test): NAME.issue beside the ELF holds
  // an ECMAScript regular expression on its first line; the test passes
  // only if the run stops with a failure whose reason matches it.
  std::string expected_issue{};  // the regular expression; "" if no NAME.issue
  std::string issue_file{};
};

// Whether the ELF is an NPU kernel (has the symbol `_kernel_start`).
bool is_npu_kernel(const std::string& path);
// The core kind an NPU kernel's ELF names (see TestCase::core).
std::string kernel_core_kind(const std::string& path);

// The ELF magic at the start of the file (any ELF: a folder scan then asks
// is_riscv_executable; an explicit path only needs to be an ELF, and `run`
// reports what is wrong with it).
bool is_elf(const std::string& path);
// 64-bit little-endian RISC-V executable (ET_EXEC): what a folder scan takes.
bool is_riscv_executable(const std::string& path);

// The reference beside an ELF: NAME is the file name without a final
// ".elf"; NAME.signature wins over NAME.reference_output. "" if neither.
std::string reference_for(const std::string& elf_path);

// The NAME.issue file beside an ELF (as for reference_for); "" if none.
std::string issue_for(const std::string& elf_path);

// Every test under `paths`, sorted by path, each file once. A folder is
// searched recursively and yields its RISC-V executables (other files are
// skipped); a file named explicitly must be an ELF. Throws ConformError for
// a path that does not exist or an explicit file that is not an ELF.
std::vector<TestCase> collect_tests(const std::vector<std::string>& paths);

}  // namespace npuvp::conform
