// HTIF driven through b_transport as a program drives it: exit, putchar,
// the write and exit system calls through a block in (fake) memory.
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>
#include <vector>

#include "models/devices/htif.h"

namespace npuvp {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

constexpr uint64_t kMemBase = 0x80000000;

struct Fixture {
  std::ostringstream console;
  std::vector<uint8_t> mem = std::vector<uint8_t>(4096);
  std::vector<int> exits;
  Htif htif;

  explicit Fixture(const char* name)
      : htif(name, [this] {
          Htif::Params p;
          p.latency = sc_time(3, SC_NS);
          p.console = &console;
          return p;
        }(),
             [this](uint64_t addr, void* data, uint64_t len, bool write) {
               if (addr < kMemBase || addr - kMemBase + len > mem.size()) return false;
               uint8_t* p = mem.data() + (addr - kMemBase);
               if (write)
                 std::memcpy(p, data, len);
               else
                 std::memcpy(data, p, len);
               return true;
             },
             [this](int code) { exits.push_back(code); }) {}

  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t off, void* data, unsigned len,
                                  sc_time& delay) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(off);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(len);
    t.set_streaming_width(len);
    htif.socket.get_base_interface().b_transport(t, delay);
    return t.get_response_status();
  }
  void write64(uint64_t off, uint64_t v) {
    sc_time d = sc_core::SC_ZERO_TIME;
    ASSERT_EQ(access(tlm::TLM_WRITE_COMMAND, off, &v, 8, d), tlm::TLM_OK_RESPONSE);
  }
  uint64_t read64(uint64_t off) {
    sc_time d = sc_core::SC_ZERO_TIME;
    uint64_t v = 0;
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, off, &v, 8, d), tlm::TLM_OK_RESPONSE);
    return v;
  }
  void put_words(uint64_t addr, std::vector<uint64_t> words) {
    std::memcpy(mem.data() + (addr - kMemBase), words.data(), words.size() * 8);
  }
  uint64_t word(uint64_t addr) {
    uint64_t v;
    std::memcpy(&v, mem.data() + (addr - kMemBase), 8);
    return v;
  }
};

TEST(Htif, ExitCodeIsValueShiftedRight) {
  Fixture f("htif_exit");
  f.write64(Htif::kToHost, (42u << 1) | 1);
  EXPECT_EQ(f.exits, std::vector<int>{42});
  EXPECT_TRUE(f.htif.exited());
  EXPECT_EQ(f.htif.exit_code(), 42);
  EXPECT_EQ(f.read64(Htif::kToHost), 0u) << "a taken command clears tohost";
}

TEST(Htif, AccessIsTimedByItsLatency) {
  Fixture f("htif_timed");
  sc_time d(5, SC_NS);
  uint64_t v = 0;
  f.access(tlm::TLM_READ_COMMAND, Htif::kFromHost, &v, 8, d);
  EXPECT_EQ(d, sc_time(8, SC_NS));
}

TEST(Htif, PutcharWritesTheLowByteAndDoesNotAnswer) {
  Fixture f("htif_putchar");
  const uint64_t cmd = (uint64_t{1} << 56) | (uint64_t{1} << 48);
  f.write64(Htif::kToHost, cmd | 'h');
  f.write64(Htif::kToHost, cmd | 0x100 | 'i');  // only the low byte counts
  EXPECT_EQ(f.console.str(), "hi");
  EXPECT_EQ(f.read64(Htif::kFromHost), 0u);
  EXPECT_TRUE(f.exits.empty());
}

TEST(Htif, WriteSyscallPrintsReturnsLengthAndAnswers) {
  Fixture f("htif_write");
  const char text[] = "hello, npu\n";
  std::memcpy(f.mem.data() + 0x200, text, sizeof text - 1);
  const uint64_t block = kMemBase + 0x100;
  f.put_words(block, {Htif::kSysWrite, 1, kMemBase + 0x200, sizeof text - 1});
  f.write64(Htif::kToHost, block);
  EXPECT_EQ(f.console.str(), "hello, npu\n");
  EXPECT_EQ(f.word(block), sizeof text - 1);
  EXPECT_EQ(f.read64(Htif::kFromHost), 1u);
  EXPECT_EQ(f.read64(Htif::kToHost), 0u);
  f.write64(Htif::kFromHost, 0);  // the program acknowledges
  EXPECT_EQ(f.read64(Htif::kFromHost), 0u);
}

TEST(Htif, WriteToOtherFdIsEbadfAndExitSyscallExits) {
  Fixture f("htif_sys");
  const uint64_t block = kMemBase + 0x100;
  f.put_words(block, {Htif::kSysWrite, 5, kMemBase + 0x200, 3});
  f.write64(Htif::kToHost, block);
  EXPECT_EQ(static_cast<int64_t>(f.word(block)), -9);
  EXPECT_EQ(f.console.str(), "");
  f.put_words(block, {Htif::kSysExit, 7});
  f.write64(Htif::kToHost, block);
  EXPECT_EQ(f.exits, std::vector<int>{7});
}

TEST(Htif, TwoHalfWordWritesMakeOneCommand) {
  Fixture f("htif_rv32");
  uint32_t lo = (3u << 1) | 1, hi = 0;
  sc_time d = sc_core::SC_ZERO_TIME;
  f.access(tlm::TLM_WRITE_COMMAND, Htif::kToHost, &lo, 4, d);
  EXPECT_TRUE(f.exits.empty()) << "the command is taken once the high word is written";
  f.access(tlm::TLM_WRITE_COMMAND, Htif::kToHost + 4, &hi, 4, d);
  EXPECT_EQ(f.exits, std::vector<int>{3});
}

TEST(Htif, OutsideTheTwoWordsIsAnAddressError) {
  Fixture f("htif_range");
  sc_time d = sc_core::SC_ZERO_TIME;
  uint64_t v = 0;
  EXPECT_EQ(f.access(tlm::TLM_READ_COMMAND, 16, &v, 8, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(f.access(tlm::TLM_READ_COMMAND, 4, &v, 8, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace
}  // namespace npuvp

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
