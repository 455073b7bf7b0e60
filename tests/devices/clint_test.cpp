// CLINT driven through b_transport at chosen simulated times (the initiator's
// time is sc_time_stamp() + annotated delay; the kernel does not run here, so
// the delay alone is the time). A recording IrqTarget stands in for the core.
#include <gtest/gtest.h>

#include <vector>

#include "models/devices/clint.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::SC_PS;
using sc_core::sc_time;

struct Recorder : IrqTarget {
  struct Event {
    unsigned n;
    bool scheduled;  // false: set_irq(level); true: schedule_irq(at)
    bool level;
    sc_time at;
    bool operator==(const Event& o) const {
      return n == o.n && scheduled == o.scheduled && level == o.level && at == o.at;
    }
  };
  std::vector<Event> events;
  void set_irq(unsigned n, bool level) override { events.push_back({n, false, level, sc_core::SC_ZERO_TIME}); }
  void schedule_irq(unsigned n, sc_time at) override { events.push_back({n, true, false, at}); }
};

// 1.8 GHz rounded to 556 ps, 100 cycles per tick: 55.6 ns per mtime tick.
const sc_time kTick = sc_time(556, SC_PS) * 100;

struct Fixture {
  Recorder hart0, hart1;
  Clint clint;
  explicit Fixture(const char* name)
      : clint(name, [] {
          Clint::Params p;
          p.tick = kTick;
          p.latency = sc_time(2, SC_NS);
          return p;
        }(), {&hart0, &hart1}) {}

  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t off, void* data, unsigned len, sc_time at) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(off);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(len);
    t.set_streaming_width(len);
    sc_time d = at;
    clint.socket.get_base_interface().b_transport(t, d);
    EXPECT_EQ(d, at + sc_time(2, SC_NS)) << "delay grows by the access latency";
    return t.get_response_status();
  }
  uint64_t read64(uint64_t off, sc_time at) {
    uint64_t v = 0;
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, off, &v, 8, at), tlm::TLM_OK_RESPONSE);
    return v;
  }
  void write64(uint64_t off, uint64_t v, sc_time at) {
    EXPECT_EQ(access(tlm::TLM_WRITE_COMMAND, off, &v, 8, at), tlm::TLM_OK_RESPONSE);
  }
};

TEST(Clint, MtimeIsTimeDividedByTick) {
  Fixture f("clint_mtime");
  EXPECT_EQ(f.read64(Clint::kMtime, sc_core::SC_ZERO_TIME), 0u);
  EXPECT_EQ(f.read64(Clint::kMtime, sc_time(55599, SC_PS)), 0u);
  EXPECT_EQ(f.read64(Clint::kMtime, sc_time(55600, SC_PS)), 1u);
  // 1 ms = 1e9 ps / 55600 ps = 17985.6 ticks
  EXPECT_EQ(f.read64(Clint::kMtime, sc_time(1, sc_core::SC_MS)), 17985u);
  // High half alone, as a 32-bit program reads it.
  uint32_t hi = 1;
  sc_time far = kTick * 5e9;  // 5e9 ticks: high word is 1
  ASSERT_EQ(f.access(tlm::TLM_READ_COMMAND, Clint::kMtime + 4, &hi, 4, far), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(hi, uint32_t(5000000000ull >> 32));
}

TEST(Clint, MtimecmpInTheFutureDropsMtipAndSchedulesTheExactTime) {
  Fixture f("clint_future");
  EXPECT_EQ(f.read64(Clint::kMtimecmp, sc_core::SC_ZERO_TIME), ~uint64_t{0}) << "reset value";
  f.write64(Clint::kMtimecmp + 8, 1000, sc_time(10, SC_NS));  // hart 1
  const std::vector<Recorder::Event> expect = {{Clint::kIrqMTimer, false, false, sc_core::SC_ZERO_TIME},
                                               {Clint::kIrqMTimer, true, false, sc_time(55600 * 1000, SC_PS)}};
  EXPECT_EQ(f.hart1.events, expect);
  EXPECT_TRUE(f.hart0.events.empty());
  EXPECT_EQ(f.clint.mtimecmp(1), 1000u);
}

TEST(Clint, MtimecmpReachedRaisesMtipNow) {
  Fixture f("clint_past");
  f.write64(Clint::kMtimecmp, 3, kTick * 3);
  const std::vector<Recorder::Event> expect = {{Clint::kIrqMTimer, false, true, sc_core::SC_ZERO_TIME}};
  EXPECT_EQ(f.hart0.events, expect);
}

TEST(Clint, MsipDrivesTheSoftwareLineAndKeepsBitZero) {
  Fixture f("clint_msip");
  uint32_t v = 0xFFFFFFFF;
  ASSERT_EQ(f.access(tlm::TLM_WRITE_COMMAND, Clint::kMsip, &v, 4, sc_core::SC_ZERO_TIME), tlm::TLM_OK_RESPONSE);
  v = 0;
  ASSERT_EQ(f.access(tlm::TLM_WRITE_COMMAND, Clint::kMsip + 4, &v, 4, sc_core::SC_ZERO_TIME), tlm::TLM_OK_RESPONSE);
  uint32_t back = 0;
  f.access(tlm::TLM_READ_COMMAND, Clint::kMsip, &back, 4, sc_core::SC_ZERO_TIME);
  EXPECT_EQ(back, 1u);
  EXPECT_EQ(f.hart0.events, (std::vector<Recorder::Event>{{Clint::kIrqMSoft, false, true, sc_core::SC_ZERO_TIME}}));
  EXPECT_EQ(f.hart1.events, (std::vector<Recorder::Event>{{Clint::kIrqMSoft, false, false, sc_core::SC_ZERO_TIME}}));
}

TEST(Clint, MtimeWriteShiftsTheTimerAndReschedules) {
  Fixture f("clint_set");
  f.write64(Clint::kMtimecmp, 500, sc_core::SC_ZERO_TIME);
  f.hart0.events.clear();
  // At 100 ticks of time, software sets mtime to 400: the comparator (500) is
  // now 100 ticks away, at time 200 ticks.
  f.write64(Clint::kMtime, 400, kTick * 100);
  EXPECT_EQ(f.read64(Clint::kMtime, kTick * 150), 450u);
  const std::vector<Recorder::Event> expect = {{Clint::kIrqMTimer, false, false, sc_core::SC_ZERO_TIME},
                                               {Clint::kIrqMTimer, true, false, kTick * 200}};
  EXPECT_EQ(f.hart0.events, expect);
  EXPECT_EQ(f.clint.time_of(500), kTick * 200);
}

TEST(Clint, DisabledComparatorOnlyDropsTheLine) {
  Fixture f("clint_off");
  f.write64(Clint::kMtimecmp, 1000, sc_core::SC_ZERO_TIME);
  f.hart0.events.clear();
  f.write64(Clint::kMtimecmp, ~uint64_t{0}, sc_core::SC_ZERO_TIME);
  // set_irq(false) cancels the schedule for 1000; nothing unreachable is scheduled.
  const std::vector<Recorder::Event> expect = {{Clint::kIrqMTimer, false, false, sc_core::SC_ZERO_TIME}};
  EXPECT_EQ(f.hart0.events, expect);
  EXPECT_EQ(f.clint.time_of(~uint64_t{0}), sc_core::sc_max_time());
}

TEST(Clint, HolesAreAddressErrors) {
  Fixture f("clint_holes");
  uint32_t v = 0;
  EXPECT_EQ(f.access(tlm::TLM_READ_COMMAND, Clint::kMsip + 8, &v, 4, sc_core::SC_ZERO_TIME),
            tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(f.access(tlm::TLM_READ_COMMAND, 0x8000, &v, 4, sc_core::SC_ZERO_TIME),
            tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
