// Reading RISC-V programs: validation with one-line errors naming the file and
// the problem, the loadable segments, the executable sections (for the
// disassembler) and the symbol table (for traces, reports and for finding
// the HTIF words `tohost` / `fromhost`).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace npuvp {

class ElfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SymbolTable {
 public:
  void add(const std::string& name, uint64_t addr, bool is_function);
  std::optional<uint64_t> address(const std::string& name) const;
  // The symbol at exactly `addr` (a function if several), or nullptr.
  const std::string* name_at(uint64_t addr) const;
  // "name" or "name+0x1c" for the nearest symbol at or below addr; "" if none.
  std::string describe(uint64_t addr) const;
  size_t size() const { return by_name_.size(); }

 private:
  std::map<std::string, uint64_t> by_name_;
  std::map<uint64_t, std::string> by_addr_;  // functions win over other symbols
  std::map<uint64_t, bool> is_function_;
};

struct ElfSegment {
  uint64_t vaddr = 0;
  uint64_t memsz = 0;
  std::vector<uint8_t> data;  // the filesz bytes from the file; the rest is zero
  bool executable = false;
};

struct ElfSection {
  std::string name;
  uint64_t addr = 0;
  std::vector<uint8_t> data;
};

struct ElfImage {
  std::string path;
  uint64_t entry = 0;
  std::vector<ElfSegment> segments;      // PT_LOAD, in file order
  std::vector<ElfSection> code;          // SHF_EXECINSTR sections with contents
  SymbolTable symbols;
};

// Reads and validates: the file exists and is readable, is an ELF, 64-bit,
// little-endian, RISC-V, an executable (ET_EXEC), with program headers and
// segments inside the file. Throws ElfError("<path>: <problem>").
ElfImage read_elf(const std::string& path);

// Memory the loader may write: [base, base+size) at host address `host`.
struct LoadRegion {
  std::string name;
  uint64_t base = 0;
  uint64_t size = 0;
  uint8_t* host = nullptr;
};

// Copies every segment into the region that holds it whole (filesz bytes,
// then zeros up to memsz). Throws ElfError naming the segment and its range
// if no region holds it.
void load_elf(const ElfImage& image, const std::vector<LoadRegion>& regions);

}  // namespace npuvp
