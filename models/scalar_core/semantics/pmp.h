// Physical memory protection of an RV64 M+U hart (privileged spec v1.12,
// section 3.7): up to 16 entries, their CSRs with the WARL rules, and the
// check of one access against them. Plain C++: the CSR functions (csr.cpp)
// and the interpreter loop (scalar_core.cpp) use it.
#pragma once

#include <cstdint>

namespace npuvp {

enum class Priv : uint8_t { U = 0, S = 1, M = 3 };

class Pmp {
 public:
  static constexpr unsigned kMaxEntries = 16;
  // Access kinds, as the R/W/X bits of a pmpcfg byte. An AMO is R|W.
  enum Access : uint8_t { kRead = 1, kWrite = 2, kExec = 4 };

  // entries: implemented entries (0..16; the CSRs of the others read zero
  // and ignore writes). granularity: G, regions are at least 2^(G+2) bytes.
  void configure(unsigned entries, unsigned granularity);
  unsigned entries() const { return entries_; }
  unsigned granularity() const { return granularity_; }

  // pmpcfg<n> (n = 0 or 2 on RV64; others read zero) and pmpaddr<i>.
  uint64_t read_cfg(unsigned n) const;
  void write_cfg(unsigned n, uint64_t value);
  uint64_t read_addr(unsigned i) const;
  void write_addr(unsigned i, uint64_t value);

  // Whether accesses at privilege p need a check at all: no entry
  // implemented means everything is allowed, and M mode is checked only
  // against locked entries.
  bool checks(Priv p) const { return entries_ != 0 && (p != Priv::M || locked_active_); }

  // Whether privilege p may make `access` to [addr, addr+size). When it may,
  // [*lo, *hi) is a range holding the access in which every access is
  // decided the same way (by the same entry, or by no entry), so a caller
  // may skip the check for accesses inside it.
  bool allows(uint64_t addr, unsigned size, Priv p, unsigned access, uint64_t* lo,
              uint64_t* hi) const;

 private:
  enum Mode : uint8_t { kOff = 0, kTor = 1, kNa4 = 2, kNapot = 3 };
  static constexpr uint8_t kLock = 0x80;
  static constexpr uint64_t kAddrMask = (uint64_t{1} << 54) - 1;  // address bits 55:2

  Mode mode(unsigned i) const { return static_cast<Mode>((cfg_[i] >> 3) & 3); }
  bool locked(unsigned i) const { return cfg_[i] & kLock; }
  // pmpaddr<i> as read: the stored value with the granularity's bits.
  uint64_t addr_value(unsigned i) const;
  // The byte range [b, e) entry i covers (b >= e: none).
  void range(unsigned i, uint64_t& b, uint64_t& e) const;
  void update_summary();

  unsigned entries_ = kMaxEntries;
  unsigned granularity_ = 0;
  uint8_t cfg_[kMaxEntries] = {};
  uint64_t addr_[kMaxEntries] = {};  // as written (WARL bits kept, see addr_value)
  bool locked_active_ = false;       // a locked entry with A != OFF
};

}  // namespace npuvp
