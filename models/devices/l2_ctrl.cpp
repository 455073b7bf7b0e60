#include "models/devices/l2_ctrl.h"

#include <algorithm>

namespace npuvp {

using sc_core::sc_time;

L2Ctrl::L2Ctrl(sc_core::sc_module_name name, const Params& params, FlushFn flush)
    : sc_core::sc_module(name), socket("socket"), params_(params), flush_(std::move(flush)), regs_(this->name()) {
  regs_.add({"id", kId, 4, kIdValue, RegAccess::ReadOnly, nullptr, nullptr});
  regs_.add({"ctrl", kCtrl, 4, 0, RegAccess::WriteOnly, nullptr, [this](uint64_t v, sc_time now) {
               if (!(v & kCtrlFlush) || !flush_) return;
               const FlushResult r = flush_(now);
               done_ = std::max(done_, r.done);
               writebacks_ = r.writebacks;
               invalidated_ = r.invalidated;
             }});
  regs_.add({"status", kStatus, 4, 0, RegAccess::ReadOnly,
             [this](sc_time now) -> uint64_t { return busy(now) ? uint64_t{kBusy} : 0; }, nullptr});
  regs_.add({"size", kSizeBytes, 8, params_.size, RegAccess::ReadOnly, nullptr, nullptr});
  regs_.add({"line_size", kLineSize, 4, params_.line_size, RegAccess::ReadOnly, nullptr, nullptr});
  regs_.add({"flush_writebacks", kFlushWritebacks, 4, 0, RegAccess::ReadOnly,
             [this](sc_time) -> uint64_t { return writebacks_; }, nullptr});
  regs_.add({"flush_invalidated", kFlushInvalidated, 4, 0, RegAccess::ReadOnly,
             [this](sc_time) -> uint64_t { return invalidated_; }, nullptr});
  socket.register_b_transport(this, &L2Ctrl::b_transport);
}

void L2Ctrl::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  regs_.access(trans, sc_core::sc_time_stamp() + delay);
  delay += params_.latency;
}

}  // namespace npuvp
