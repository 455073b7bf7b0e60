// The maintenance registers of one die's L2 cache: what firmware writes to
// flush it (write every dirty line back to HBM, invalidate every line)
// before a launch, so that the kernel meets a cold L2 as a launch after
// reset does. The block does not own the cache: the platform gives it the
// flush operation (L2Cache::flush_invalidate). Register map:
// models/devices/L2_CTRL.md.
#pragma once

#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/register_bank.h"

namespace npuvp {

class L2Ctrl : public sc_core::sc_module {
 public:
  static constexpr uint64_t kId = 0x00;           // ro: 'L2CC'
  static constexpr uint64_t kCtrl = 0x04;         // wo: bit 0 FLUSH
  static constexpr uint64_t kStatus = 0x08;       // ro: bit 0 BUSY
  static constexpr uint64_t kSizeBytes = 0x10;    // ro, 8 bytes: the L2's capacity
  static constexpr uint64_t kLineSize = 0x18;     // ro
  static constexpr uint64_t kFlushWritebacks = 0x20;   // ro: dirty lines the last flush wrote back
  static constexpr uint64_t kFlushInvalidated = 0x24;  // ro: valid lines the last flush dropped
  static constexpr uint64_t kSize = 0x1000;
  static constexpr uint32_t kIdValue = 0x4343324C;  // "L2CC" little-endian
  enum Ctrl : uint32_t { kCtrlFlush = 1 };
  enum Status : uint32_t { kBusy = 1 };

  // What a flush did (L2Cache::Flush, without the dependency).
  struct FlushResult {
    sc_core::sc_time done;
    uint64_t writebacks = 0, invalidated = 0;
  };
  using FlushFn = std::function<FlushResult(sc_core::sc_time at)>;

  struct Params {
    uint64_t size = 0;
    uint32_t line_size = 0;
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;
  };
  tlm_utils::simple_target_socket<L2Ctrl> socket;

  L2Ctrl(sc_core::sc_module_name name, const Params& params, FlushFn flush);

  bool busy(sc_core::sc_time t) const { return t < done_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  Params params_;
  FlushFn flush_;
  RegisterBank regs_;
  sc_core::sc_time done_ = sc_core::SC_ZERO_TIME;
  uint64_t writebacks_ = 0, invalidated_ = 0;
};

}  // namespace npuvp
