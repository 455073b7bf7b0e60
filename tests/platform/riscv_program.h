// Builds small RISC-V test programs at test time with clang-14 and ld.lld:
// assembly text in, a linked RV64GC ELF at 0x80000000 out, with the HTIF
// words `tohost` / `fromhost` on their own 64-byte lines.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace npuvp::test {

inline constexpr const char* kHtifWords = R"(
  .section .tohost, "aw"
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0
)";

inline constexpr const char* kLinkerScript = R"(
ENTRY(_start)
SECTIONS {
  . = 0x80000000;
  .text : { *(.text.init) *(.text .text.*) }
  .data : { *(.data .data.*) }
  .tohost : ALIGN(64) { *(.tohost) }
  .bss : { *(.bss .bss.*) }
}
)";

// Returns the ELF's path, or "" (and the command in `error`) if the build failed.
inline std::filesystem::path build_program(const std::filesystem::path& dir, const std::string& name,
                                           const std::string& assembly, std::string& error) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  std::ofstream(dir / "link.ld") << kLinkerScript;
  const fs::path src = dir / (name + ".S");
  std::ofstream(src) << "  .section .text.init, \"ax\"\n  .globl _start\n_start:\n" << assembly << kHtifWords;
  const fs::path elf = dir / (name + ".elf");
  const std::string cmd = std::string(NPUVP_CLANG) + " --target=riscv64-unknown-elf -march=rv64gc -mno-relax -nostdlib " +
                          "-fuse-ld=lld --ld-path=" + NPUVP_LLD + " -Wl,-T," + (dir / "link.ld").string() + " " +
                          src.string() + " -o " + elf.string();
  if (std::system(cmd.c_str()) != 0) {
    error = "failed: " + cmd;
    return {};
  }
  return elf;
}

}  // namespace npuvp::test
