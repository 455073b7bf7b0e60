// The address map of a router (Bus, Noc): mappings of [base, base+size) to a
// target port at target-local address offset + (addr - base), never
// overlapping, and the address translation every router does the same way
// for debug transport, DMI and DMI invalidation.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <tlm>

namespace npuvp {

class AddressMap {
 public:
  struct Mapping {
    std::string name;
    uint64_t base = 0;
    uint64_t size = 0;
    uint64_t offset = 0;  // target-local address of `base`
    unsigned port = 0;    // the router's initiator port of the target
    uint64_t end() const { return base + size - 1; }  // inclusive
  };

  // Adds a mapping. Throws std::invalid_argument naming `owner` and, for an
  // overlap, both mappings; the map is left as it was.
  void add(const std::string& owner, const std::string& name, uint64_t base, uint64_t size,
           uint64_t offset, unsigned port) {
    const std::string self = owner + ": mapping " + describe(name, base, size);
    if (size == 0) throw std::invalid_argument(self + " has size zero");
    if (base + (size - 1) < base) throw std::invalid_argument(self + " wraps around the address space");
    for (const Mapping& m : mappings_)
      if (base <= m.end() && m.base <= base + (size - 1))
        throw std::invalid_argument(self + " overlaps " + describe(m.name, m.base, m.size));
    auto pos = std::upper_bound(mappings_.begin(), mappings_.end(), base,
                                [](uint64_t b, const Mapping& e) { return b < e.base; });
    mappings_.insert(pos, Mapping{name, base, size, offset, port});
  }

  // The mapping that contains `addr`, or nullptr.
  const Mapping* find(uint64_t addr) const {
    auto pos = std::upper_bound(mappings_.begin(), mappings_.end(), addr,
                                [](uint64_t a, const Mapping& e) { return a < e.base; });
    if (pos == mappings_.begin()) return nullptr;
    --pos;
    return addr <= pos->end() ? &*pos : nullptr;
  }
  // The mapping that holds all of [addr, addr+len), or nullptr: an access
  // that runs off the end of its mapping is not split (real interconnects
  // reject it too, and no core issues one).
  const Mapping* route(uint64_t addr, unsigned len) const {
    const Mapping* m = find(addr);
    return (m == nullptr || len == 0 || m->end() - addr < len - 1) ? nullptr : m;
  }
  const std::vector<Mapping>& mappings() const { return mappings_; }

  // Forwards a debug transport through the mapping of its address, cut at
  // the mapping's end; `forward(port, trans)` calls the target.
  template <class Forward>
  unsigned int debug(tlm::tlm_generic_payload& trans, Forward forward) const {
    const uint64_t addr = trans.get_address();
    const Mapping* m = find(addr);
    if (m == nullptr) return 0;
    const unsigned len = trans.get_data_length();
    const uint64_t room = m->end() - addr + 1;
    if (room < len) trans.set_data_length(static_cast<unsigned>(room));
    trans.set_address(addr - m->base + m->offset);
    const unsigned int n = forward(m->port, trans);
    trans.set_address(addr);
    trans.set_data_length(len);
    return n;
  }

  // Clips a target's DMI answer (in target-local addresses) to mapping `m`:
  // whatever the target offers beyond it belongs to other mappings (a
  // device's hole in RAM); then translates it to system addresses. False if
  // nothing of it lies inside the mapping.
  static bool clip_dmi(const Mapping& m, bool granted, tlm::tlm_dmi& dmi) {
    const uint64_t lo = std::max<uint64_t>(dmi.get_start_address(), m.offset);
    const uint64_t hi = std::min<uint64_t>(dmi.get_end_address(), m.offset + (m.size - 1));
    if (lo > hi) return false;
    if (granted) dmi.set_dmi_ptr(dmi.get_dmi_ptr() + (lo - dmi.get_start_address()));
    dmi.set_start_address(lo - m.offset + m.base);
    dmi.set_end_address(hi - m.offset + m.base);
    return true;
  }
  // No DMI anywhere in mapping `m`.
  static void deny_dmi(const Mapping& m, tlm::tlm_dmi& dmi) {
    dmi.set_start_address(m.base);
    dmi.set_end_address(m.end());
    dmi.allow_none();
  }

  // A target on `port` invalidated [start, end] of its own addresses:
  // `notify(lo, hi)` once per mapping it touches, in system addresses.
  template <class Notify>
  void invalidate(unsigned port, uint64_t start, uint64_t end, Notify notify) const {
    for (const Mapping& m : mappings_) {
      if (m.port != port) continue;
      const uint64_t lo = std::max<uint64_t>(start, m.offset);
      const uint64_t hi = std::min<uint64_t>(end, m.offset + (m.size - 1));
      if (lo <= hi) notify(lo - m.offset + m.base, hi - m.offset + m.base);
    }
  }

 private:
  static std::string describe(const std::string& name, uint64_t base, uint64_t size) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " [0x%llx, 0x%llx]", static_cast<unsigned long long>(base),
                  static_cast<unsigned long long>(base + size - 1));
    return "'" + name + "'" + buf;
  }

  std::vector<Mapping> mappings_;  // sorted by base
};

}  // namespace npuvp
