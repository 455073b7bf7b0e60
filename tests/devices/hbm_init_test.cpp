// HBM initialisation registers and the GM gate: training needs the PHY on,
// takes its time, READY is polled; the gate refuses (and reports once, with
// the requester and address) GM traffic before READY and passes it after.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/gm_gate.h"
#include "models/devices/hbm_init.h"
#include "tests/devices/reg_access.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::SC_US;
using sc_core::sc_time;
using test::read;
using test::write;
using H = HbmInit;

H::Params params() {
  H::Params p;
  p.size = 1ull << 30;
  p.gm_base = 0x100000000ull;
  p.channels = 16;
  p.training = sc_time(10, SC_US);
  return p;
}

TEST(HbmInit, TrainingNeedsThePhyAndTakesItsTime) {
  H h("hbm_init_train", params());
  EXPECT_EQ(read(h.socket, H::kId, 4), uint64_t{H::kIdValue});
  EXPECT_EQ(read(h.socket, H::kSizeBytes, 8), 1ull << 30);
  EXPECT_EQ(read(h.socket, H::kGmBase, 8), 0x100000000ull);
  EXPECT_EQ(read(h.socket, H::kTrainNs, 4), 10000u);
  EXPECT_EQ(read(h.socket, H::kStatus, 4), 0u);
  write(h.socket, H::kCtrl, H::kCtrlTrain, 4, sc_time(1, SC_US));
  EXPECT_EQ(read(h.socket, H::kStatus, 4, sc_time(1, SC_US)), uint64_t{H::kError}) << "train without PHY";
  write(h.socket, H::kCtrl, H::kCtrlPhyOn, 4, sc_time(2, SC_US));
  write(h.socket, H::kCtrl, H::kCtrlPhyOn | H::kCtrlTrain, 4, sc_time(3, SC_US));
  EXPECT_EQ(read(h.socket, H::kStatus, 4, sc_time(3, SC_US)), uint64_t{H::kPhyReady | H::kTraining});
  EXPECT_EQ(read(h.socket, H::kCtrl, 4), uint64_t{H::kCtrlPhyOn}) << "TRAIN reads as 0";
  EXPECT_FALSE(h.ready(sc_time(13, SC_US) - sc_time(1, sc_core::SC_PS)));
  EXPECT_TRUE(h.ready(sc_time(13, SC_US)));
  EXPECT_EQ(read(h.socket, H::kStatus, 4, sc_time(13, SC_US)), uint64_t{H::kPhyReady | H::kReady});
  write(h.socket, H::kCtrl, 0, 4, sc_time(20, SC_US));
  EXPECT_FALSE(h.ready(sc_time(21, SC_US))) << "PHY off loses the training";
}

// PRECHARGE_ALL: refused (ERROR) before READY; after, it calls the
// controller's precharge at the write's time and PRECHARGING reads 1 until
// the time it returned. PHY_ON written with it keeps the training.
TEST(HbmInit, PrechargeAllNeedsReadyAndIsPolledUntilDone) {
  H h("hbm_init_precharge", params());
  std::vector<sc_time> calls;
  h.set_precharge([&](sc_time at) {
    calls.push_back(at);
    return at + sc_time(50, SC_NS);
  });
  write(h.socket, H::kCtrl, H::kCtrlPhyOn | H::kCtrlPrechargeAll, 4, sc_time(1, SC_US));
  EXPECT_TRUE(calls.empty()) << "not trained";
  EXPECT_EQ(read(h.socket, H::kStatus, 4, sc_time(1, SC_US)), uint64_t{H::kPhyReady | H::kError});
  write(h.socket, H::kCtrl, H::kCtrlPhyOn | H::kCtrlTrain, 4, sc_time(2, SC_US));
  const sc_time t = sc_time(20, SC_US);
  write(h.socket, H::kCtrl, H::kCtrlPhyOn | H::kCtrlPrechargeAll, 4, t);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0], t);
  EXPECT_EQ(read(h.socket, H::kStatus, 4, t + sc_time(49, SC_NS)) & (H::kPrecharging | H::kReady),
            uint64_t{H::kPrecharging | H::kReady});
  EXPECT_EQ(read(h.socket, H::kStatus, 4, t + sc_time(50, SC_NS)) & H::kPrecharging, 0u);
  EXPECT_EQ(read(h.socket, H::kCtrl, 4, t), uint64_t{H::kCtrlPhyOn}) << "PRECHARGE_ALL reads as 0";
  EXPECT_TRUE(h.ready(t + sc_time(1, SC_US))) << "still trained";
}

// A memory behind the gate that counts what reaches it.
struct Sink : sc_core::sc_module {
  tlm_utils::simple_target_socket<Sink> socket;
  int accesses = 0;
  explicit Sink(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
    socket.register_b_transport(this, &Sink::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_time& d) {
    ++accesses;
    d += sc_time(5, SC_NS);
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

struct Source : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Source> socket;
  explicit Source(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}
  tlm::tlm_response_status read(uint64_t addr) {
    uint64_t v = 0;
    tlm::tlm_generic_payload t;
    t.set_command(tlm::TLM_READ_COMMAND);
    t.set_address(addr);
    t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
    t.set_data_length(8);
    t.set_streaming_width(8);
    sc_time d = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, d);
    return t.get_response_status();
  }
};

TEST(GmGate, RefusesBeforeReadyNamingRequesterAndAddress) {
  H h("hbm_init_gate", params());
  std::vector<std::string> errors;
  GmGate gate("gate", [&](uint64_t, sc_time t) { return h.ready(t); }, [&](const std::string& m) { errors.push_back(m); });
  Source a("src_a"), b("src_b");
  Sink sink("sink"), sink_b("sink_b");
  a.socket.bind(gate.in);
  b.socket.bind(gate.in);
  gate.out.bind(sink.socket);
  gate.out.bind(sink_b.socket);
  gate.name_port(1, "die0.aiv1 fetch");
  Source regs("regs");
  regs.socket.bind(h.socket);
  sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaboration binds the multi-sockets

  uint64_t v = 0;
  EXPECT_EQ(b.read(0x100000040ull), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.read(0x100000080ull), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  ASSERT_EQ(errors.size(), 1u) << "reported once";
  EXPECT_NE(errors[0].find("0x100000040"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("die0.aiv1 fetch"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("HBM is ready"), std::string::npos) << errors[0];
  EXPECT_EQ(b.read(0x100000040ull), tlm::TLM_ADDRESS_ERROR_RESPONSE) << "still refused, reported once";
  EXPECT_EQ(sink.accesses + sink_b.accesses, 0);

  write(h.socket, H::kCtrl, H::kCtrlPhyOn | H::kCtrlTrain, 4);
  sc_time at(10, SC_US);
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_WRITE_COMMAND);
  t.set_address(0x100000000ull);
  t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
  t.set_data_length(8);
  t.set_streaming_width(8);
  a.socket->b_transport(t, at);
  EXPECT_EQ(t.get_response_status(), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(at, sc_time(10, SC_US) + sc_time(5, SC_NS)) << "the gate adds no time";
  EXPECT_EQ(sink.accesses, 1);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
