// ScalarCoreConfig::sync_skew (models/scalar_core/TIMING.md,
// "Synchronisation"): cores that synchronise at the same cycle resume in the
// order of their skews, the largest first, whatever order SystemC gives
// simultaneous events; the skew never changes the time of an access.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "models/memory/bus.h"
#include "models/memory/ram.h"
#include "models/scalar_core/scalar_core.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::SC_PS;
using sc_core::sc_time;

constexpr uint64_t kBase = 0x80000000, kDevice = 0x10000000;
constexpr unsigned kCores = 3;

// Logs which core wrote (by address: core k writes kDevice + 8k) and when.
struct Log : sc_core::sc_module {
  tlm_utils::simple_target_socket<Log> socket;
  std::vector<unsigned> who;
  std::vector<sc_time> when;
  explicit Log(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
    socket.register_b_transport(this, &Log::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_time& d) {
    who.push_back(static_cast<unsigned>(t.get_address() / 8));
    when.push_back(sc_core::sc_time_stamp() + d);
    d += sc_time(1, SC_NS);
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

ScalarCoreConfig config(unsigned k, sc_time skew) {
  ScalarCoreConfig c;
  c.reset_pc = 0;
  c.start_in_reset = true;
  c.max_cycles = 60;
  c.quantum_cycles = 10;
  c.clock_period = sc_time(1, SC_NS);
  c.hartid = k;
  c.sync_skew = skew;
  return c;
}

TEST(ScalarCoreSync, SimultaneousCoresResumeInTheOrderOfTheirSkews) {
  // Skews 1, 3, 2 ps: core 1 first, then 2, then 0, at every quantum.
  const sc_time skew[kCores] = {sc_time(1, SC_PS), sc_time(3, SC_PS), sc_time(2, SC_PS)};
  std::vector<std::unique_ptr<ScalarCore>> cores;
  for (unsigned k = 0; k < kCores; ++k)
    cores.push_back(std::make_unique<ScalarCore>(("core" + std::to_string(k)).c_str(), config(k, skew[k])));
  Bus bus("bus");
  Ram::Params rp;
  rp.size = 0x1000;
  rp.clock_period = sc_time(1, SC_NS);
  Ram ram("ram", rp);
  Log log("log");
  bus.map(ram.socket, kBase, 0x1000, "ram");
  bus.map(log.socket, kDevice, 0x100, "log", 0);
  for (auto& c : cores) {
    c->set_stop_handler([] {});  // the simulation ends when all three stopped
    c->ifetch.bind(bus.target);
    c->data.bind(bus.target);
  }
  // Core k at 0x100 + 0x40k: lui a0, 0x10000; loop: sw zero, 8k(a0); j loop.
  for (unsigned k = 0; k < kCores; ++k) {
    const uint32_t program[] = {0x10000537u, 0x00052023u | ((8u * k) << 7), 0xffdff06fu};
    std::memcpy(ram.host_ptr(0x100 + 0x40 * k), program, sizeof program);
  }
  sc_core::sc_start(sc_time(10, SC_NS));
  // Released in the reverse of the expected order, at one instant.
  for (unsigned k : {0u, 2u, 1u}) cores[k]->release(kBase + 0x100 + 0x40 * k, sc_time(100, SC_NS));
  sc_core::sc_start();

  ASSERT_GT(log.who.size(), 3u * kCores);
  std::vector<unsigned> runs;  // whose accesses, run by run
  for (size_t i = 0; i < log.who.size(); ++i)
    if (i == 0 || log.who[i] != log.who[i - 1]) runs.push_back(log.who[i]);
  ASSERT_GE(runs.size(), 3u * kCores) << "several quanta each";
  for (size_t r = 0; r < runs.size(); ++r) EXPECT_EQ(runs[r], (1 + r) % kCores) << "run " << r;
  // The skew moves no access off its cycle's edge.
  for (const sc_time& t : log.when) EXPECT_EQ(t.value() % sc_time(1, SC_NS).value(), 0u) << t;
  for (auto& c : cores) EXPECT_EQ(c->hart().cycle, 100u + 60u) << "released on cycle 100, limit counted from there";
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
