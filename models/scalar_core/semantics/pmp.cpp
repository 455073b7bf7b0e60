// Physical memory protection (privileged spec v1.12, 3.7). Choices where the
// spec leaves one:
// - pmpcfg R=0 W=1 (reserved) is written as R=0 W=0; bits 6:5 read zero.
// - With G >= 1, A = NA4 is not selectable: it is written as NAPOT.
// - pmpaddr keeps every written bit of 53:0; with G >= 1 bits G-1:0 read
//   zero under OFF/TOR and, with G >= 2, bits G-2:0 read one under NAPOT
//   (the stored bits come back when the mode changes). Matching uses the
//   value as read.
// - Physical addresses are 56 bits: an access at or above 2^56 matches no
//   entry.
#include "models/scalar_core/semantics/pmp.h"

#include <algorithm>

namespace npuvp {

void Pmp::configure(unsigned entries, unsigned granularity) {
  entries_ = std::min(entries, kMaxEntries);
  granularity_ = std::min(granularity, 54u);
  for (unsigned i = 0; i < kMaxEntries; ++i) {
    cfg_[i] = 0;
    addr_[i] = 0;
  }
  update_summary();
}

uint64_t Pmp::read_cfg(unsigned n) const {
  if (n != 0 && n != 2) return 0;
  uint64_t v = 0;
  const unsigned first = n * 4;  // pmpcfg0: entries 0..7, pmpcfg2: 8..15
  for (unsigned k = 0; k < 8; ++k)
    if (first + k < entries_) v |= uint64_t{cfg_[first + k]} << (8 * k);
  return v;
}

void Pmp::write_cfg(unsigned n, uint64_t value) {
  if (n != 0 && n != 2) return;
  const unsigned first = n * 4;
  for (unsigned k = 0; k < 8; ++k) {
    const unsigned i = first + k;
    if (i >= entries_ || locked(i)) continue;
    uint8_t b = static_cast<uint8_t>(value >> (8 * k)) & 0x9f;  // bits 6:5 reserved
    if (!(b & kRead)) b &= ~kWrite;
    if (granularity_ >= 1 && ((b >> 3) & 3) == kNa4) b |= kNapot << 3;
    cfg_[i] = b;
  }
  update_summary();
}

uint64_t Pmp::addr_value(unsigned i) const {
  uint64_t v = addr_[i];
  const unsigned g = granularity_;
  if (g == 0) return v;
  const Mode m = mode(i);
  if (m == kNapot) {
    if (g >= 2) v |= (uint64_t{1} << (g - 1)) - 1;
  } else if (m == kOff || m == kTor) {
    v &= ~((uint64_t{1} << g) - 1);
  }
  return v & kAddrMask;
}

uint64_t Pmp::read_addr(unsigned i) const { return i < entries_ ? addr_value(i) : 0; }

void Pmp::write_addr(unsigned i, uint64_t value) {
  if (i >= entries_ || locked(i)) return;
  // A locked TOR entry also locks the bottom of its range.
  if (i + 1 < entries_ && locked(i + 1) && mode(i + 1) == kTor) return;
  addr_[i] = value & kAddrMask;
}

void Pmp::update_summary() {
  locked_active_ = false;
  for (unsigned i = 0; i < entries_; ++i)
    if (locked(i) && mode(i) != kOff) locked_active_ = true;
}

void Pmp::range(unsigned i, uint64_t& b, uint64_t& e) const {
  const uint64_t a = addr_value(i);
  switch (mode(i)) {
    case kOff:
      b = e = 0;
      return;
    case kTor:
      b = i == 0 ? 0 : addr_value(i - 1) << 2;
      e = a << 2;
      return;
    case kNa4:
      b = a << 2;
      e = b + 4;
      return;
    case kNapot: {
      // Trailing ones t: 2^(t+3) bytes. mask holds bits t..0.
      const uint64_t mask = a ^ (a + 1);
      b = (a & ~mask) << 2;
      e = b + ((mask + 1) << 2);  // at most 2^57: no overflow
      return;
    }
  }
}

bool Pmp::allows(uint64_t addr, unsigned size, Priv p, unsigned access, uint64_t* lo,
                 uint64_t* hi) const {
  uint64_t l = 0, h = ~uint64_t{0};
  constexpr uint64_t kPhysEnd = uint64_t{1} << 56;
  if (addr < kPhysEnd) {
    const uint64_t end = addr + size;
    for (unsigned i = 0; i < entries_; ++i) {
      uint64_t b, e;
      range(i, b, e);
      if (b >= e) continue;
      if (end <= b || e <= addr) {
        // No byte matches: narrow the range to the side of the access.
        if (e <= addr) l = std::max(l, e);
        else h = std::min(h, b);
        continue;
      }
      // The lowest-numbered entry that matches any byte decides; it must
      // match all of them.
      if (addr < b || end > e) return false;
      const bool ok = (p == Priv::M && !locked(i)) || (cfg_[i] & access) == access;
      *lo = std::max(l, b);
      *hi = std::min(h, e);
      return ok;
    }
  } else {
    l = kPhysEnd;
  }
  // No entry matches: M mode may, U mode may not (if any entry exists).
  *lo = l;
  *hi = h;
  return p == Priv::M || entries_ == 0;
}

}  // namespace npuvp
