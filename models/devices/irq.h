// What an interrupt controller needs from a hart: a level line, and a line
// raised at an exact future time (so a timer interrupt lands on its cycle
// whatever the quantum). Devices hold IrqTarget references, not cores, so
// they can be tested alone; IrqAdapter connects any core with these methods.
#pragma once

#include <systemc>

namespace npuvp {

class IrqTarget {
 public:
  virtual ~IrqTarget() = default;
  virtual void set_irq(unsigned n, bool level) = 0;
  virtual void schedule_irq(unsigned n, sc_core::sc_time at) = 0;
};

template <class Core>
class IrqAdapter : public IrqTarget {
 public:
  explicit IrqAdapter(Core& core) : core_(core) {}
  void set_irq(unsigned n, bool level) override { core_.set_irq(n, level); }
  void schedule_irq(unsigned n, sc_core::sc_time at) override { core_.schedule_irq(n, at); }

 private:
  Core& core_;
};

}  // namespace npuvp
