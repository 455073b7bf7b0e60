// Test harness for the semantic functions: a Hart backed by a small
// vector-backed memory, instructions built field by field (no decoder).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "models/scalar_core/hart.h"
#include "models/scalar_core/semantics/exec_table.h"

namespace npuvp::test {

// Memory of `size` bytes at `base`. Accesses outside raise access faults,
// like the core's data port. With dmi=true the accesses take the DataPort
// fast path instead of the virtual slow path.
class TestMemory : public DataPort {
 public:
  TestMemory(uint64_t base, size_t size, bool dmi = false) : base_(base), bytes_(size) {
    if (dmi) {
      dmi_r_start_ = dmi_w_start_ = base;
      dmi_r_size_ = dmi_w_size_ = size;
      dmi_r_host_ = dmi_w_host_ = bytes_.data();
    }
  }
  template <class T>
  T peek(uint64_t addr) const {
    T v;
    std::memcpy(&v, &bytes_.at(addr - base_), sizeof(T));
    return v;
  }
  template <class T>
  void poke(uint64_t addr, T v) {
    (void)bytes_.at(addr - base_ + sizeof(T) - 1);
    std::memcpy(&bytes_.at(addr - base_), &v, sizeof(T));
  }
  unsigned stores = 0;  // slow-path stores seen

 protected:
  bool inside(uint64_t addr, unsigned size) const {
    return addr >= base_ && addr - base_ + size <= bytes_.size();
  }
  void load_slow(uint64_t addr, void* dst, unsigned size) override {
    if (!inside(addr, size)) throw Trap{Cause::LoadAccessFault, addr};
    std::memcpy(dst, &bytes_[addr - base_], size);
  }
  void store_slow(uint64_t addr, const void* src, unsigned size) override {
    if (!inside(addr, size)) throw Trap{Cause::StoreAccessFault, addr};
    std::memcpy(&bytes_[addr - base_], src, size);
    ++stores;
  }

 private:
  uint64_t base_;
  std::vector<uint8_t> bytes_;
};

// An instruction of row `id`, bound through kExecTable as the core binds it.
inline Insn make(isa::InsnId id, uint8_t rd = 0, uint8_t rs1 = 0, uint8_t rs2 = 0,
                 int64_t imm = 0) {
  Insn i;
  i.id = id;
  i.exec = exec_fn(id);
  i.rd = rd;
  i.rs1 = rs1;
  i.rs2 = rs2;
  i.imm = imm;
  i.length = isa::info(id).length;
  i.raw = 0x0badc0de;  // distinctive: mtval of illegal-instruction traps
  return i;
}

class SemTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kMemBase = 0x80000000;
  static constexpr uint64_t kPc = 0x80001000;

  SemTest() { h.mem = &mem; }

  uint64_t run(const Insn& i, uint64_t pc = kPc) { return i.exec(h, i, pc); }

  // The trap `i` raises (fails the test if it raises none).
  std::optional<Trap> trap_of(const Insn& i, uint64_t pc = kPc) {
    try {
      i.exec(h, i, pc);
    } catch (const Trap& t) {
      return t;
    }
    ADD_FAILURE() << "expected a trap from " << isa::info(i.id).mnemonic;
    return std::nullopt;
  }
  void expect_illegal(const Insn& i) {
    auto t = trap_of(i);
    if (!t) return;
    EXPECT_EQ(t->cause, Cause::IllegalInsn) << isa::info(i.id).mnemonic;
    EXPECT_EQ(t->tval, i.raw);
  }

  TestMemory mem{kMemBase, 4096};
  Hart h;
};

}  // namespace npuvp::test
