#include "platform/elf_loader.h"

#include <gelf.h>
#include <libelf.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

namespace npuvp {

void SymbolTable::add(const std::string& name, uint64_t addr, bool is_function) {
  by_name_.emplace(name, addr);
  auto it = by_addr_.find(addr);
  if (it == by_addr_.end() || (is_function && !is_function_[addr])) {
    by_addr_[addr] = name;
    is_function_[addr] = is_function;
  }
}

std::optional<uint64_t> SymbolTable::address(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

const std::string* SymbolTable::name_at(uint64_t addr) const {
  auto it = by_addr_.find(addr);
  return it == by_addr_.end() ? nullptr : &it->second;
}

std::string SymbolTable::describe(uint64_t addr) const {
  auto it = by_addr_.upper_bound(addr);
  if (it == by_addr_.begin()) return "";
  --it;
  if (it->first == addr) return it->second;
  char buf[32];
  std::snprintf(buf, sizeof buf, "+0x%llx", static_cast<unsigned long long>(addr - it->first));
  return it->second + buf;
}

namespace {

std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

struct ElfHandle {
  Elf* e = nullptr;
  ~ElfHandle() {
    if (e) elf_end(e);
  }
};

}  // namespace

ElfImage read_elf(const std::string& path) {
  auto fail = [&](const std::string& what) -> ElfError { return ElfError(path + ": " + what); };

  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    throw fail(errno == ENOENT ? "no such file" : std::string("cannot access: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw fail("is a directory, not an ELF file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fail(std::string("cannot read: ") + std::strerror(errno));
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw fail("cannot read the file");
  const uint64_t file_size = bytes.size();

  if (file_size < EI_NIDENT || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
    throw fail("not an ELF file (no ELF magic)");
  if (bytes[EI_CLASS] != ELFCLASS64)
    throw fail(bytes[EI_CLASS] == ELFCLASS32 ? "32-bit ELF; npuvp runs RV64 programs (ELFCLASS64)"
                                             : "unknown ELF class");
  if (bytes[EI_DATA] != ELFDATA2LSB) throw fail("big-endian ELF; RISC-V programs are little-endian");
  if (file_size < sizeof(Elf64_Ehdr)) throw fail("truncated: the ELF header is incomplete");

  elf_version(EV_CURRENT);
  ElfHandle h;
  h.e = elf_memory(bytes.data(), bytes.size());
  GElf_Ehdr eh;
  if (h.e == nullptr || elf_kind(h.e) != ELF_K_ELF || gelf_getehdr(h.e, &eh) == nullptr)
    throw fail(std::string("malformed ELF: ") + elf_errmsg(-1));
  if (eh.e_machine != EM_RISCV)
    throw fail("not a RISC-V program (e_machine " + std::to_string(eh.e_machine) + ", expected " +
               std::to_string(EM_RISCV) + " EM_RISCV)");
  if (eh.e_type != ET_EXEC)
    throw fail(eh.e_type == ET_REL   ? "an object file (ET_REL), not a linked executable"
               : eh.e_type == ET_DYN ? "a shared or position-independent file (ET_DYN), not a static executable"
                                     : "not an executable (e_type " + std::to_string(eh.e_type) + ")");

  // Program headers must lie inside the file before libelf is asked for them.
  if (eh.e_phnum == 0) throw fail("no program headers");
  if (eh.e_phentsize != sizeof(Elf64_Phdr)) throw fail("program header size " + std::to_string(eh.e_phentsize));
  if (eh.e_phoff > file_size || (file_size - eh.e_phoff) / sizeof(Elf64_Phdr) < eh.e_phnum)
    throw fail("truncated: program headers end beyond the file");

  ElfImage img;
  img.path = path;
  img.entry = eh.e_entry;
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(h.e, static_cast<int>(i), &ph) == nullptr) throw fail("unreadable program header " + std::to_string(i));
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    const std::string seg = "segment " + std::to_string(i) + " at " + hex(ph.p_vaddr);
    if (ph.p_filesz > ph.p_memsz) throw fail(seg + ": file size larger than memory size");
    if (ph.p_offset > file_size || file_size - ph.p_offset < ph.p_filesz)
      throw fail("truncated: " + seg + " extends beyond the end of the file");
    if (ph.p_vaddr + (ph.p_memsz - 1) < ph.p_vaddr) throw fail(seg + ": wraps around the address space");
    ElfSegment s;
    s.vaddr = ph.p_vaddr;
    s.memsz = ph.p_memsz;
    s.executable = (ph.p_flags & PF_X) != 0;
    s.data.assign(bytes.begin() + static_cast<long>(ph.p_offset),
                  bytes.begin() + static_cast<long>(ph.p_offset + ph.p_filesz));
    img.segments.push_back(std::move(s));
  }
  if (img.segments.empty()) throw fail("no loadable segments");

  // Sections (optional in an executable: stripped files still run).
  const bool sections_ok = eh.e_shoff != 0 && eh.e_shentsize == sizeof(Elf64_Shdr) && eh.e_shoff <= file_size &&
                           (file_size - eh.e_shoff) / sizeof(Elf64_Shdr) >= eh.e_shnum;
  if (eh.e_shoff != 0 && !sections_ok) throw fail("truncated: section headers end beyond the file");
  size_t shstrndx = 0;
  if (sections_ok && elf_getshdrstrndx(h.e, &shstrndx) == 0) {
    for (Elf_Scn* scn = elf_nextscn(h.e, nullptr); scn != nullptr; scn = elf_nextscn(h.e, scn)) {
      GElf_Shdr sh;
      if (gelf_getshdr(scn, &sh) == nullptr) continue;
      if (sh.sh_type != SHT_NOBITS && (sh.sh_offset > file_size || file_size - sh.sh_offset < sh.sh_size))
        throw fail("truncated: section " + std::to_string(elf_ndxscn(scn)) + " extends beyond the end of the file");
      const char* name = elf_strptr(h.e, shstrndx, sh.sh_name);
      if (sh.sh_type == SHT_PROGBITS && (sh.sh_flags & SHF_EXECINSTR) && sh.sh_size > 0) {
        ElfSection s;
        s.name = name ? name : "";
        s.addr = sh.sh_addr;
        s.data.assign(bytes.begin() + static_cast<long>(sh.sh_offset),
                      bytes.begin() + static_cast<long>(sh.sh_offset + sh.sh_size));
        img.code.push_back(std::move(s));
      }
      if (sh.sh_type == SHT_SYMTAB) {
        Elf_Data* data = elf_getdata(scn, nullptr);
        const size_t count = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
        for (size_t k = 0; data != nullptr && k < count; ++k) {
          GElf_Sym sym;
          if (gelf_getsym(data, static_cast<int>(k), &sym) == nullptr) continue;
          const int type = GELF_ST_TYPE(sym.st_info);
          if (type == STT_SECTION || type == STT_FILE || sym.st_shndx == SHN_UNDEF) continue;
          const char* sname = elf_strptr(h.e, sh.sh_link, sym.st_name);
          // Skip assembler-local labels (.L…) and mapping symbols ($x, $d).
          if (sname == nullptr || *sname == '\0' || *sname == '$' || std::strncmp(sname, ".L", 2) == 0) continue;
          img.symbols.add(sname, sym.st_value, type == STT_FUNC);
        }
      }
    }
  }
  return img;
}

void load_elf(const ElfImage& image, const std::vector<LoadRegion>& regions) {
  for (const ElfSegment& s : image.segments) {
    const LoadRegion* dst = nullptr;
    for (const LoadRegion& r : regions) {
      if (s.vaddr >= r.base && s.vaddr - r.base <= r.size && r.size - (s.vaddr - r.base) >= s.memsz) {
        dst = &r;
        break;
      }
    }
    if (dst == nullptr) {
      std::string known;
      for (const LoadRegion& r : regions)
        known += (known.empty() ? "" : ", ") + r.name + " [" + hex(r.base) + ", " + hex(r.base + r.size - 1) + "]";
      throw ElfError(image.path + ": segment [" + hex(s.vaddr) + ", " + hex(s.vaddr + s.memsz - 1) +
                     "] is not inside memory (" + (known.empty() ? "none mapped" : known) + ")");
    }
    uint8_t* p = dst->host + (s.vaddr - dst->base);
    std::memcpy(p, s.data.data(), s.data.size());
    std::memset(p + s.data.size(), 0, s.memsz - s.data.size());
  }
}

}  // namespace npuvp
