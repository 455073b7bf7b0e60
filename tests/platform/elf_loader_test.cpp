// The ELF loader on a real RISC-V program built here with clang-14, and on
// bad inputs made from it (truncated, patched bytes) or built for other
// targets (RV32, x86-64, an unlinked object). Every rejection is one line
// that names the file and the problem.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <unistd.h>

#include "platform/elf_loader.h"

namespace npuvp {
namespace {

namespace fs = std::filesystem;

// One directory per process: ctest runs the tests in parallel processes.
const fs::path kDir = fs::path(NPUVP_TEST_WORK_DIR) / std::to_string(getpid());

struct RemoveWorkDir : ::testing::Environment {
  void TearDown() override { fs::remove_all(kDir); }
};
const auto* const kCleanup = ::testing::AddGlobalTestEnvironment(new RemoveWorkDir);

constexpr const char* kRiscvProgram = R"(
  .section .text.init, "ax"
  .globl _start
_start:
  li a0, 1
  la t0, tohost
  sd a0, 0(t0)
1: j 1b
  .text
  .globl helper
  .type helper, @function
helper:
  ret
  .data
  .globl message
message: .asciz "hi"
  .section .tohost, "aw"
  .align 6
  .globl tohost
tohost: .dword 0
  .align 6
  .globl fromhost
fromhost: .dword 0
  .bss
  .globl buffer
buffer: .zero 4096
)";

std::string run_clang(const std::string& args) {
  const std::string cmd = std::string(NPUVP_CLANG) + " -nostdlib -fuse-ld=lld --ld-path=" + NPUVP_LLD + " " + args;
  if (std::system(cmd.c_str()) != 0) return "failed: " + cmd;
  return "";
}

fs::path build(const std::string& name, const std::string& source, const std::string& flags) {
  fs::create_directories(kDir);
  const fs::path src = kDir / (name + ".S");
  std::ofstream(src) << source;
  const fs::path out = kDir / name;
  EXPECT_EQ(run_clang(flags + " " + src.string() + " -o " + out.string()), "");
  return out;
}

// Everything from 0x80000000 on, entry first, as firmware/baremetal/link.ld does.
constexpr const char* kLinkerScript = R"(
ENTRY(_start)
SECTIONS {
  . = 0x80000000;
  .text : { *(.text.init) *(.text .text.*) }
  .data : { *(.data .data.*) }
  .tohost : ALIGN(64) { *(.tohost) }
  .bss : { *(.bss .bss.*) }
}
)";

const fs::path& good_elf() {
  static const fs::path p = [] {
    fs::create_directories(kDir);
    std::ofstream(kDir / "link.ld") << kLinkerScript;
    return build("good.elf", kRiscvProgram,
                 "--target=riscv64-unknown-elf -march=rv64gc -Wl,-T," + (kDir / "link.ld").string());
  }();
  return p;
}

std::vector<char> bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path write_file(const std::string& name, const std::vector<char>& bytes) {
  fs::create_directories(kDir);
  const fs::path p = kDir / name;
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p;
}

std::string rejection(const fs::path& p) {
  try {
    read_elf(p.string());
  } catch (const ElfError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << "one line: " << m;
    EXPECT_EQ(m.rfind(p.string() + ": ", 0), 0u) << "names the file first: " << m;
    return m.substr(p.string().size() + 2);
  }
  return "(accepted)";
}

TEST(ElfLoader, ReadsEntrySegmentsCodeAndSymbols) {
  ElfImage img = read_elf(good_elf().string());
  EXPECT_EQ(img.entry, 0x80000000u);
  ASSERT_TRUE(img.symbols.address("tohost").has_value());
  ASSERT_TRUE(img.symbols.address("fromhost").has_value());
  EXPECT_EQ(*img.symbols.address("fromhost") - *img.symbols.address("tohost"), 64u);
  EXPECT_EQ(*img.symbols.address("_start"), 0x80000000u);
  ASSERT_NE(img.symbols.name_at(0x80000000), nullptr);
  EXPECT_EQ(*img.symbols.name_at(0x80000000), "_start");
  EXPECT_EQ(img.symbols.describe(0x80000004), "_start+0x4");
  EXPECT_FALSE(img.symbols.address(".L0 ").has_value());
  bool text = false;
  for (const ElfSection& s : img.code) {
    if (s.addr == 0x80000000) {
      text = true;
      ASSERT_GE(s.data.size(), 4u);
      // li a0, 1 = addi a0, zero, 1 (compressed: c.li a0, 1 = 0x4505)
      EXPECT_EQ(s.data[0] | (s.data[1] << 8), 0x4505);
    }
  }
  EXPECT_TRUE(text);
}

TEST(ElfLoader, LoadsSegmentsAndZeroesBss) {
  ElfImage img = read_elf(good_elf().string());
  std::vector<uint8_t> ram(1 << 20, 0xEE);
  load_elf(img, {{"ram", 0x80000000, ram.size(), ram.data()}});
  EXPECT_EQ(ram[0], 0x05);
  EXPECT_EQ(ram[1], 0x45);
  const uint64_t msg = *img.symbols.address("message") - 0x80000000;
  EXPECT_EQ(std::string(reinterpret_cast<char*>(&ram[msg])), "hi");
  const uint64_t buf = *img.symbols.address("buffer") - 0x80000000;
  for (uint64_t i = 0; i < 4096; ++i) ASSERT_EQ(ram[buf + i], 0) << "bss byte " << i;
}

TEST(ElfLoader, SegmentOutsideMemoryIsNamed) {
  ElfImage img = read_elf(good_elf().string());
  std::vector<uint8_t> ram(4096);
  try {
    load_elf(img, {{"ram", 0x90000000, ram.size(), ram.data()}});
    FAIL() << "loaded outside memory";
  } catch (const ElfError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("segment [0x80000000, "), std::string::npos) << m;
    EXPECT_NE(m.find("is not inside memory (ram [0x90000000, 0x90000fff])"), std::string::npos) << m;
  }
  // Memory that starts right but is too small is as wrong.
  EXPECT_THROW(load_elf(img, {{"ram", 0x80000000, 16, ram.data()}}), ElfError);
}

TEST(ElfLoader, MissingFile) { EXPECT_EQ(rejection(kDir / "does-not-exist.elf"), "no such file"); }

TEST(ElfLoader, Directory) {
  fs::create_directories(kDir / "a-directory");
  EXPECT_EQ(rejection(kDir / "a-directory"), "is a directory, not an ELF file");
}

TEST(ElfLoader, NotElf) {
  EXPECT_EQ(rejection(write_file("text.elf", {'h', 'e', 'l', 'l', 'o', '\n'})), "not an ELF file (no ELF magic)");
  EXPECT_EQ(rejection(write_file("empty.elf", {})), "not an ELF file (no ELF magic)");
}

TEST(ElfLoader, Truncated) {
  std::vector<char> b = bytes_of(good_elf());
  EXPECT_EQ(rejection(write_file("trunc40.elf", {b.begin(), b.begin() + 40})),
            "truncated: the ELF header is incomplete");
  // Cut inside the first segment's bytes: headers are intact, data is not.
  EXPECT_EQ(rejection(write_file("trunc_data.elf", {b.begin(), b.begin() + 0x1002})).rfind("truncated: ", 0), 0u);
  std::vector<char> cut(b.begin(), b.begin() + 64 + 10);  // ELF header and part of a program header
  EXPECT_EQ(rejection(write_file("trunc_ph.elf", cut)), "truncated: program headers end beyond the file");
}

TEST(ElfLoader, ThirtyTwoBit) {
  const fs::path p = build("rv32.elf", "  .globl _start\n_start: j _start\n",
                           "--target=riscv32-unknown-elf -march=rv32i");
  EXPECT_EQ(rejection(p), "32-bit ELF; npuvp runs RV64 programs (ELFCLASS64)");
}

TEST(ElfLoader, OtherMachine) {
  const fs::path p = build("x86.elf", "  .globl _start\n_start: hlt\n", "--target=x86_64-linux-gnu -static");
  EXPECT_EQ(rejection(p), "not a RISC-V program (e_machine 62, expected 243 EM_RISCV)");
}

TEST(ElfLoader, ObjectFileIsNotAnExecutable) {
  const fs::path p = build("obj.o", kRiscvProgram, "--target=riscv64-unknown-elf -march=rv64gc -c");
  EXPECT_EQ(rejection(p), "an object file (ET_REL), not a linked executable");
}

TEST(ElfLoader, BigEndianByte) {
  std::vector<char> b = bytes_of(good_elf());
  b[5] = 2;  // EI_DATA = ELFDATA2MSB
  EXPECT_EQ(rejection(write_file("be.elf", b)), "big-endian ELF; RISC-V programs are little-endian");
}

TEST(ElfLoader, FileSizeBeyondMemorySizeIsRejected) {
  std::vector<char> b = bytes_of(good_elf());
  // First program header: p_filesz at +32, p_memsz at +40 of a 56-byte entry.
  uint64_t phoff;
  std::memcpy(&phoff, &b[32], 8);
  uint64_t filesz;
  std::memcpy(&filesz, &b[phoff + 32], 8);
  ASSERT_GT(filesz, 0u);
  const uint64_t memsz = filesz - 1;
  std::memcpy(&b[phoff + 40], &memsz, 8);
  EXPECT_NE(rejection(write_file("badseg.elf", b)).find("file size larger than memory size"), std::string::npos);
}

}  // namespace
}  // namespace npuvp
