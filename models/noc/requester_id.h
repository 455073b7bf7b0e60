// Which core issued a transaction. Initiators (AI cores, the control CPU,
// DMA engines) attach one to their payloads; the L2 counts hits and misses
// per requester from it, and transactions without one count as
// RequesterId::kUnknown. Models that forward a payload keep the extension.
#pragma once

#include <cstdint>

#include <tlm>

namespace npuvp {

struct RequesterId : tlm::tlm_extension<RequesterId> {
  static constexpr uint32_t kUnknown = 0xFFFFFFFFu;

  uint32_t core = kUnknown;  // the platform's global core index

  RequesterId() = default;
  explicit RequesterId(uint32_t c) : core(c) {}
  tlm::tlm_extension_base* clone() const override { return new RequesterId(core); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    core = static_cast<const RequesterId&>(other).core;
  }

  // The requester of `trans`, or kUnknown.
  static uint32_t of(const tlm::tlm_generic_payload& trans) {
    const RequesterId* id = trans.get_extension<RequesterId>();
    return id ? id->core : kUnknown;
  }
};

}  // namespace npuvp
