// The GDB remote protocol above the framing (platform/gdb/gdb_stub.h and
// gdb_registers.h), driven with packet payloads against harts and a memory
// of its own: no socket, no SystemC.
#include "platform/gdb/gdb_stub.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "platform/gdb/gdb_registers.h"
#include "platform/gdb/rsp_packet.h"

namespace npuvp::gdb {
namespace {

// Two harts over one memory of 64 bytes at 0x1000 (a debugger that reads
// past its end gets what lies inside).
class FakeTarget : public GdbTarget {
 public:
  static constexpr uint64_t kBase = 0x1000;
  Hart harts[2];
  uint8_t mem[64] = {};
  std::vector<std::pair<uint64_t, size_t>> writes;

  size_t thread_count() const override { return 2; }
  std::string thread_name(size_t t) const override { return t == 0 ? "cpu" : "aiv0"; }
  std::string thread_state(size_t t) const override { return t == 1 && aiv0_in_reset ? "held in reset" : ""; }
  bool aiv0_in_reset = false;
  Hart& hart(size_t t) override { return harts[t]; }
  size_t read_memory(size_t, uint64_t addr, uint8_t* data, size_t len) override {
    const size_t n = inside(addr, len);
    if (n) std::memcpy(data, mem + (addr - kBase), n);
    return n;
  }
  size_t write_memory(size_t, uint64_t addr, const uint8_t* data, size_t len) override {
    const size_t n = inside(addr, len);
    if (n) std::memcpy(mem + (addr - kBase), data, n);
    writes.emplace_back(addr, n);
    return n;
  }

 private:
  static size_t inside(uint64_t addr, size_t len) {
    if (addr < kBase || addr >= kBase + sizeof mem) return 0;
    return std::min<size_t>(len, kBase + sizeof mem - addr);
  }
};

class GdbStubTest : public ::testing::Test {
 protected:
  FakeTarget target;
  GdbStub stub{target};

  std::string ask(const std::string& packet) {
    StubResult r = stub.handle(packet);
    EXPECT_EQ(r.kind, StubResult::Kind::Reply) << packet;
    return r.reply;
  }
};

TEST_F(GdbStubTest, QSupportedAnnouncesWhatIsImplemented) {
  const std::string r = ask("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;vContSupported+");
  EXPECT_NE(r.find("PacketSize=4000"), std::string::npos) << r;
  EXPECT_NE(r.find("qXfer:features:read+"), std::string::npos) << r;
  EXPECT_NE(r.find("qXfer:threads:read+"), std::string::npos) << r;
  EXPECT_NE(r.find("swbreak+"), std::string::npos) << r;
  EXPECT_NE(r.find("QStartNoAckMode+"), std::string::npos) << r;
  EXPECT_EQ(r.find("multiprocess"), std::string::npos) << "thread ids stay plain numbers";
  EXPECT_EQ(ask("vCont?"), "vCont;c;C;s;S");
  EXPECT_EQ(ask("vMustReplyEmpty"), "");
  EXPECT_EQ(ask("qTStatus"), "") << "unknown packets get the empty reply";
}

TEST_F(GdbStubTest, NoAckModeOnlyWhenAsked) {
  EXPECT_FALSE(stub.no_ack());
  EXPECT_EQ(ask("QStartNoAckMode"), "OK");
  EXPECT_TRUE(stub.no_ack());
}

TEST_F(GdbStubTest, ThreadsAreTheHartsNumberedFromOne) {
  EXPECT_EQ(ask("qfThreadInfo"), "m1,2");
  EXPECT_EQ(ask("qsThreadInfo"), "l");
  EXPECT_EQ(ask("qC"), "QC1");
  EXPECT_EQ(ask("T1"), "OK");
  EXPECT_EQ(ask("T2"), "OK");
  EXPECT_EQ(ask("T3"), "E01");
  EXPECT_EQ(ask("Hg2"), "OK");
  EXPECT_EQ(ask("qC"), "QC2");
  EXPECT_EQ(ask("Hg0"), "OK") << "any thread: the current one stays";
  EXPECT_EQ(ask("qC"), "QC2");
  EXPECT_EQ(ask("Hg5"), "E01");
  EXPECT_EQ(ask("Hc-1"), "OK");
  const std::string xml = ask("qXfer:threads:read::0,1000");
  EXPECT_EQ(xml, "l<?xml version=\"1.0\"?>\n<threads>\n<thread id=\"1\" name=\"cpu\"/>\n"
                 "<thread id=\"2\" name=\"aiv0\"/>\n</threads>\n");
  EXPECT_EQ(ask("qThreadExtraInfo,2"), to_hex("aiv0"));
  // A core held in reset says so in both.
  target.aiv0_in_reset = true;
  EXPECT_EQ(ask("qXfer:threads:read::0,1000"), "l<?xml version=\"1.0\"?>\n<threads>\n<thread id=\"1\" name=\"cpu\"/>\n"
                                                "<thread id=\"2\" name=\"aiv0\">held in reset</thread>\n</threads>\n");
  EXPECT_EQ(ask("qThreadExtraInfo,2"), to_hex("aiv0, held in reset"));
}

TEST_F(GdbStubTest, TargetXmlComesInPiecesAndDescribesRiscv64) {
  const std::string whole = target_xml();
  std::string got;
  for (uint64_t off = 0;; off += 100) {
    char q[64];
    std::snprintf(q, sizeof q, "qXfer:features:read:target.xml:%llx,64", static_cast<unsigned long long>(off));
    const std::string r = ask(q);
    ASSERT_FALSE(r.empty());
    ASSERT_LE(r.size() - 1, 100u);
    got += r.substr(1);
    if (r[0] == 'l') break;
    ASSERT_EQ(r[0], 'm');
  }
  EXPECT_EQ(got, whole);
  EXPECT_NE(whole.find("<architecture>riscv:rv64</architecture>"), std::string::npos);
  for (const char* f : {"org.gnu.gdb.riscv.cpu", "org.gnu.gdb.riscv.fpu", "org.gnu.gdb.riscv.csr"})
    EXPECT_NE(whole.find(f), std::string::npos) << f;
  // GDB's own numbering: pc 32, ft0 33, fflags 66, a CSR at 65 + its number.
  EXPECT_NE(whole.find("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>"), std::string::npos);
  EXPECT_NE(whole.find("<reg name=\"ft0\" bitsize=\"64\" type=\"riscv_double\" regnum=\"33\"/>"), std::string::npos);
  EXPECT_NE(whole.find("<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>"), std::string::npos);
  for (const char* csr : {"mstatus\" bitsize=\"64\" type=\"int\" regnum=\"833\"", "mepc\" bitsize=\"64\" type=\"int\" regnum=\"898\"",
                          "mcause\" bitsize=\"64\" type=\"int\" regnum=\"899\"", "mtval\" bitsize=\"64\" type=\"int\" regnum=\"900\"",
                          "mtvec\" bitsize=\"64\" type=\"int\" regnum=\"838\"", "mie\" bitsize=\"64\" type=\"int\" regnum=\"837\"",
                          "mip\" bitsize=\"64\" type=\"int\" regnum=\"901\"", "mscratch\" bitsize=\"64\" type=\"int\" regnum=\"897\"",
                          "cycle\" bitsize=\"64\" type=\"int\" regnum=\"3137\"", "instret\" bitsize=\"64\" type=\"int\" regnum=\"3139\""})
    EXPECT_NE(whole.find(std::string("<reg name=\"") + csr), std::string::npos) << csr;
  EXPECT_EQ(ask("qXfer:features:read:other.xml:0,100"), "E00");
  EXPECT_EQ(ask("qXfer:features:read:target.xml:100000,100"), "l");
}

TEST_F(GdbStubTest, GReadsAndWritesTheIntegerRegistersAndPcOfTheCurrentThread) {
  Hart& h = target.harts[1];
  for (unsigned i = 0; i < 32; ++i) h.x[i] = 0x1111111100000000ull * (i % 3) + i;
  h.x[0] = 0;
  h.pc = 0x80000abc;
  ask("Hg2");
  const std::string g = ask("g");
  ASSERT_EQ(g.size(), 33u * 16);
  EXPECT_EQ(g.substr(0, 16), "0000000000000000");
  EXPECT_EQ(g.substr(16 * 5, 16), le_hex(0x2222222200000005ull, 8));
  EXPECT_EQ(g.substr(16 * 32), le_hex(0x80000abc, 8));
  std::string changed = g;
  changed.replace(16 * 10, 16, le_hex(0xdeadbeef, 8));  // a0
  changed.replace(0, 16, le_hex(7, 8));                 // x0 ignores writes
  EXPECT_EQ(ask("G" + changed), "OK");
  EXPECT_EQ(h.x[10], 0xdeadbeefu);
  EXPECT_EQ(h.x[0], 0u);
  EXPECT_EQ(target.harts[0].x[10], 0u) << "thread 1 untouched";
  EXPECT_EQ(ask("G1234"), "E01");
}

TEST_F(GdbStubTest, PAndPCoverFloatingPointAndCsrs) {
  Hart& h = target.harts[0];
  h.f[10] = 0x400921fb54442d18ull;  // fa0 = pi
  h.csr.fflags = 0x11;
  h.csr.frm = 3;
  h.csr.mepc = 0x80000100;
  h.csr.mcause = 2;
  h.csr.mtvec = 0x80000200;
  h.cycle = 1234;
  h.instret = 1000;
  h.priv = Priv::U;  // a debugger reads machine CSRs whatever the hart's privilege
  EXPECT_EQ(ask("p2b"), le_hex(0x400921fb54442d18ull, 8));  // 33 + 10
  EXPECT_EQ(ask("p42"), "11000000");                          // fflags, 32 bits
  EXPECT_EQ(ask("p43"), "03000000");                          // frm
  EXPECT_EQ(ask("p44"), "71000000");                          // fcsr = frm << 5 | fflags
  EXPECT_EQ(ask("p382"), le_hex(0x80000100, 8));              // mepc = 65 + 0x341
  EXPECT_EQ(ask("p383"), le_hex(2, 8));                       // mcause
  EXPECT_EQ(ask("p346"), le_hex(0x80000200, 8));              // mtvec
  EXPECT_EQ(ask("pc41"), le_hex(1234, 8));                    // cycle = 65 + 0xc00
  EXPECT_EQ(ask("pc43"), le_hex(1000, 8));                    // instret
  EXPECT_EQ(ask("p1041"), le_hex(0, 8));                      // priv: U
  EXPECT_EQ(h.priv, Priv::U) << "the read left the privilege alone";
  EXPECT_EQ(ask("p7"), le_hex(0, 8));
  EXPECT_EQ(ask("p41"), "E01") << "65: no such register";

  EXPECT_EQ(ask("P2b=" + le_hex(0x3ff0000000000000ull, 8)), "OK");
  EXPECT_EQ(h.f[10], 0x3ff0000000000000ull);
  EXPECT_EQ(ask("P44=e0000000"), "OK");  // fcsr: frm 7, fflags 0
  EXPECT_EQ(h.csr.frm, 7);
  EXPECT_EQ(h.csr.fflags, 0);
  EXPECT_EQ(ask("P382=" + le_hex(0x80000302, 8)), "OK");
  EXPECT_EQ(h.csr.mepc, 0x80000302u);
  EXPECT_EQ(ask("P381=" + le_hex(0x5a5a, 8)), "OK");  // mscratch
  EXPECT_EQ(h.csr.mscratch, 0x5a5au);
  EXPECT_EQ(ask("Pc41=" + le_hex(5, 8)), "E01") << "cycle is read-only";
  EXPECT_EQ(ask("Pb41=" + le_hex(100000, 8)), "OK");  // mcycle = 65 + 0xb00
  EXPECT_EQ(ask("pc41"), le_hex(100000, 8)) << "cycle shadows mcycle, as written";
  EXPECT_EQ(h.cycle, 1234u) << "the core's own time is untouched";
  EXPECT_EQ(ask("Pb43=" + le_hex(7, 8)), "OK");  // minstret
  EXPECT_EQ(ask("pc43"), le_hex(7, 8));
  EXPECT_EQ(ask("P20=" + le_hex(0x80000010, 8)), "OK");  // pc
  EXPECT_EQ(h.pc, 0x80000010u);
  EXPECT_EQ(ask("P1041=" + le_hex(2, 8)), "E01") << "no S mode";
  EXPECT_EQ(ask("P2b=1234"), "E01") << "wrong width";
}

TEST_F(GdbStubTest, MemoryThroughTheTarget) {
  for (int i = 0; i < 64; ++i) target.mem[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(ask("m1004,4"), "04050607");
  EXPECT_EQ(ask("m103e,4"), "3e3f") << "only what lies inside";
  EXPECT_EQ(ask("m2000,4"), "E01");
  EXPECT_EQ(ask("m1000,0"), "");
  EXPECT_EQ(ask("M1008,2:abcd"), "OK");
  EXPECT_EQ(target.mem[8], 0xab);
  EXPECT_EQ(target.mem[9], 0xcd);
  EXPECT_EQ(ask("M1008,2:abc"), "E01");
  EXPECT_EQ(ask("M2000,1:00"), "E01");
  EXPECT_EQ(ask("X1000,0:"), "OK") << "GDB's probe for X";
  EXPECT_EQ(ask(std::string("X1010,3:}\x03") + "}]z"), "OK");  // '#', '}', 'z'
  EXPECT_EQ(target.mem[0x10], '#');
  EXPECT_EQ(target.mem[0x11], '}');
  EXPECT_EQ(target.mem[0x12], 'z');
}

TEST_F(GdbStubTest, BreakpointsAreASetTheSimulatorChecks) {
  target.mem[0] = 0x13;
  EXPECT_EQ(ask("Z0,1000,4"), "OK");
  EXPECT_EQ(ask("Z1,2000,2"), "OK");
  EXPECT_EQ(stub.breakpoints(), (std::set<uint64_t>{0x1000, 0x2000}));
  EXPECT_EQ(target.mem[0], 0x13) << "memory is not patched";
  EXPECT_TRUE(target.writes.empty());
  EXPECT_EQ(ask("z0,1000,4"), "OK");
  EXPECT_EQ(stub.breakpoints(), (std::set<uint64_t>{0x2000}));
  EXPECT_EQ(ask("Z2,1000,4"), "") << "no watchpoints";
}

TEST_F(GdbStubTest, ResumeRequests) {
  StubResult r = stub.handle("c");
  EXPECT_EQ(r.kind, StubResult::Kind::Resume);
  EXPECT_EQ(r.actions, (std::vector<Resume>{Resume::Continue, Resume::Continue}));
  r = stub.handle("s");
  EXPECT_EQ(r.actions, (std::vector<Resume>{Resume::Step, Resume::Hold}));
  // vCont: the leftmost action naming a thread is the one it takes.
  r = stub.handle("vCont;s:2;c");
  EXPECT_EQ(r.kind, StubResult::Kind::Resume);
  EXPECT_EQ(r.actions, (std::vector<Resume>{Resume::Continue, Resume::Step}));
  r = stub.handle("vCont;s:1");
  EXPECT_EQ(r.actions, (std::vector<Resume>{Resume::Step, Resume::Hold}));
  r = stub.handle("vCont;C05:2;c:-1");
  EXPECT_EQ(r.actions, (std::vector<Resume>{Resume::Continue, Resume::Continue}));
  r = stub.handle("vCont;c:7");
  EXPECT_EQ(r.kind, StubResult::Kind::Reply);
  EXPECT_EQ(r.reply, "E01");
  r = stub.handle("c80000040");
  EXPECT_EQ(r.kind, StubResult::Kind::Resume);
  EXPECT_EQ(target.harts[0].pc, 0x80000040u) << "c ADDR resumes there";
  EXPECT_EQ(stub.handle("D").kind, StubResult::Kind::Detach);
  EXPECT_EQ(stub.handle("k").kind, StubResult::Kind::Kill);
  r = stub.handle("vKill;1");
  EXPECT_EQ(r.kind, StubResult::Kind::Kill);
  EXPECT_EQ(r.reply, "OK");
}

TEST_F(GdbStubTest, StopRepliesNameTheThreadAndTheReason) {
  EXPECT_EQ(stub.set_stop({StopEvent::Kind::Start, 0, 0}), "T05thread:1;");
  EXPECT_EQ(ask("?"), "T05thread:1;");
  EXPECT_EQ(stub.set_stop({StopEvent::Kind::Breakpoint, 1, 0}), "T05thread:2;")
      << "no swbreak reason for a GDB that did not announce it";
  ask("qSupported:swbreak+");
  EXPECT_EQ(stub.set_stop({StopEvent::Kind::Breakpoint, 1, 0}), "T05thread:2;swbreak:;");
  EXPECT_EQ(ask("qC"), "QC2") << "the stopped thread becomes the current one";
  EXPECT_EQ(stub.set_stop({StopEvent::Kind::Step, 0, 0}), "T05thread:1;");
  EXPECT_EQ(stub.set_stop({StopEvent::Kind::Interrupt, 1, 0}), "T02thread:2;");
  EXPECT_EQ(stub.set_stop({StopEvent::Kind::Exited, 0, 42}), "W2a");
  EXPECT_EQ(ask("?"), "W2a");
  EXPECT_EQ(ask("c"), "W2a") << "nothing left to resume";
  EXPECT_EQ(ask("vCont;c"), "W2a");
  EXPECT_EQ(ask("g"), "E01");
}

}  // namespace
}  // namespace npuvp::gdb
