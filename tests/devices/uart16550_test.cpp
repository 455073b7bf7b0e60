// The 16550 UART behind its socket: transmit to the console, divisor latch,
// line status, receive with the data-ready interrupt, THRE interrupt rules,
// loopback.
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "models/devices/uart16550.h"
#include "tests/devices/reg_access.h"

namespace npuvp {
namespace {

using test::read;
using test::write;
using U = Uart16550;

struct Fixture {
  std::ostringstream out;
  std::vector<bool> irqs;
  U uart;
  explicit Fixture(const char* n)
      : uart(n, [this] { U::Params p; p.console = &out; return p; }(), [this](bool l) { irqs.push_back(l); }) {}
};

TEST(Uart16550, ThrGoesToTheConsoleAndLsrSaysEmpty) {
  Fixture f("uart_tx");
  for (char c : std::string("boot\n")) write(f.uart.socket, U::kRbrThrDll, static_cast<uint8_t>(c), 1);
  EXPECT_EQ(f.out.str(), "boot\n");
  EXPECT_EQ(read(f.uart.socket, U::kLsr, 1), uint64_t{U::kLsrThrEmpty | U::kLsrTxEmpty});
  EXPECT_EQ(read(f.uart.socket, U::kLcr, 1), 0x03u) << "8N1 after reset";
  EXPECT_EQ(read(f.uart.socket, U::kIirFcr, 1), uint64_t{U::kIirNone});
  EXPECT_TRUE(f.irqs.empty());
}

TEST(Uart16550, DivisorLatchSharesOffsetsZeroAndOne) {
  Fixture f("uart_dl");
  write(f.uart.socket, U::kIerDlm, 0x01, 1);  // IER with DLAB = 0
  write(f.uart.socket, U::kLcr, 0x83, 1);     // DLAB = 1
  write(f.uart.socket, U::kRbrThrDll, 0x34, 1);
  write(f.uart.socket, U::kIerDlm, 0x12, 1);
  EXPECT_EQ(f.uart.divisor(), 0x1234);
  EXPECT_EQ(read(f.uart.socket, U::kRbrThrDll, 1), 0x34u);
  EXPECT_EQ(read(f.uart.socket, U::kIerDlm, 1), 0x12u);
  write(f.uart.socket, U::kLcr, 0x03, 1);
  EXPECT_EQ(read(f.uart.socket, U::kIerDlm, 1), 0x01u) << "IER kept its value";
  EXPECT_EQ(f.out.str(), "") << "a divisor write is not a transmit";
}

TEST(Uart16550, ReceivedDataRaisesTheInterruptUntilRead) {
  Fixture f("uart_rx");
  write(f.uart.socket, U::kIerDlm, U::kIerRxData, 1);
  f.uart.receive('a');
  f.uart.receive('b');
  EXPECT_EQ(f.irqs, std::vector<bool>({true}));
  EXPECT_EQ(read(f.uart.socket, U::kLsr, 1) & U::kLsrDataReady, uint64_t{U::kLsrDataReady});
  EXPECT_EQ(read(f.uart.socket, U::kIirFcr, 1), uint64_t{U::kIirRxData});
  EXPECT_EQ(read(f.uart.socket, U::kRbrThrDll, 1), uint64_t{'a'});
  EXPECT_EQ(read(f.uart.socket, U::kRbrThrDll, 1), uint64_t{'b'});
  EXPECT_EQ(f.irqs, std::vector<bool>({true, false}));
  EXPECT_EQ(read(f.uart.socket, U::kLsr, 1) & U::kLsrDataReady, 0u);
}

TEST(Uart16550, ThreInterruptIsClearedByReadingIirAndRaisedByTheNextTransmit) {
  Fixture f("uart_thre");
  write(f.uart.socket, U::kIirFcr, U::kFcrEnable, 1);
  write(f.uart.socket, U::kIerDlm, U::kIerThrEmpty, 1);
  EXPECT_TRUE(f.uart.irq_level()) << "enabling THRE with an empty transmitter";
  EXPECT_EQ(read(f.uart.socket, U::kIirFcr, 1), uint64_t{U::kIirFifos | U::kIirThrEmpty});
  EXPECT_FALSE(f.uart.irq_level());
  EXPECT_EQ(read(f.uart.socket, U::kIirFcr, 1), uint64_t{U::kIirFifos | U::kIirNone});
  write(f.uart.socket, U::kRbrThrDll, 'x', 1);
  EXPECT_TRUE(f.uart.irq_level());
}

TEST(Uart16550, LoopbackSendsThrToRbr) {
  Fixture f("uart_loop");
  write(f.uart.socket, U::kMcr, U::kMcrLoop, 1);
  write(f.uart.socket, U::kRbrThrDll, 'z', 1);
  EXPECT_EQ(f.out.str(), "");
  EXPECT_EQ(read(f.uart.socket, U::kRbrThrDll, 1), uint64_t{'z'});
  uint8_t b = 0;
  EXPECT_EQ(test::access(f.uart.socket, tlm::TLM_WRITE_COMMAND, U::kLsr, &b, 1), tlm::TLM_COMMAND_ERROR_RESPONSE)
      << "LSR is read-only";
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
