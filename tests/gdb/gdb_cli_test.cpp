// `--gdb PORT` end to end: gdb-multiarch in batch mode against `npuvp run`
// and `npuvp launch` (break, step, registers including F and CSRs, memory
// reads and writes, threads, continue to the exit), the same run's cycle
// counts with and without the debugger, and the protocol spoken directly
// (single step, Ctrl-C, detach, kill) by a small client over the socket.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_run.h"
#include "platform/elf_loader.h"
#include "platform/gdb/rsp_packet.h"
#include "platform/launch/npy.h"

namespace npuvp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

using testing_cli::shell;
using testing_cli::slurp;
using testing_cli::test_dir;

// `npuvp ARGS` without a debugger, its output and errors in TAG.out and TAG.err; its exit status.
int npuvp(const std::string& args, const std::string& tag) {
  return testing_cli::run(std::string(NPUVP_EXE) + " " + args, tag + ".out", tag + ".err").status;
}

// `npuvp ARGS --gdb 0` in the background: the port it listens on, read
// from its stderr, and its exit status at the end.
class Debuggee {
 public:
  explicit Debuggee(const std::string& args) : dir_(test_dir()) {
    const std::string cmd = "cd " + dir_.string() + " && exec " + NPUVP_EXE + " " + args +
                            " --gdb 0 >npuvp.out 2>npuvp.err";
    fs::remove(dir_ / "npuvp.err");  // a port from an earlier run is no port
    pid_ = fork();
    if (pid_ == 0) {
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
    for (auto until = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < until;) {
      std::smatch m;
      const std::string err = slurp(dir_ / "npuvp.err");
      if (std::regex_search(err, m, listening)) {
        port_ = std::stoi(m[1]);
        return;
      }
      if (waitpid(pid_, &status_, WNOHANG) == pid_) {
        pid_ = -1;
        ADD_FAILURE() << "npuvp ended before it listened: " << err;
        return;
      }
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "npuvp did not listen within 60 s";
  }
  ~Debuggee() {
    if (pid_ > 0) {  // a test that failed half way: never leave it waiting
      ::kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  // Waits for npuvp to end (at most 60 s) and returns its exit status.
  int wait() {
    for (auto until = std::chrono::steady_clock::now() + 60s; pid_ > 0 && std::chrono::steady_clock::now() < until;) {
      if (waitpid(pid_, &status_, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
      }
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "npuvp did not end within 60 s";
    return -1;
  }
  std::string out() const { return slurp(dir_ / "npuvp.out"); }
  std::string err() const { return slurp(dir_ / "npuvp.err"); }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int status_ = 0;
};

// gdb-multiarch -batch on ELF with the script (after `target remote`); its output.
std::string gdb(const Debuggee& d, const std::string& elf, const std::string& script) {
  const fs::path dir = test_dir();
  std::ofstream(dir / "script.gdb") << "set pagination off\nset confirm off\ntarget remote :" << d.port() << "\n"
                                    << script;
  shell(std::string("timeout 120 ") + GDB_EXE + " -batch -nx -x " + (dir / "script.gdb").string() + " " + elf +
            " >" + (dir / "gdb.txt").string() + " 2>&1");
  return slurp(dir / "gdb.txt");
}

// The stats of a run without what only the host decides (its speed).
json timing(const fs::path& stats_file) {
  json j = json::parse(slurp(stats_file));
  j.erase("host_seconds");
  j.erase("mips");
  j.erase("elf");
  return j;
}

void expect_in(const std::string& text, const std::string& what) {
  EXPECT_NE(text.find(what), std::string::npos) << "missing: " << what << "\n--- in:\n" << text;
}

// Break in weighted_sum, read registers (an F register, CSRs), step, read
// and write memory, continue to the exit.
const char* kDebuggeeScript = R"(info threads
break weighted_sum
continue
p $fa0
p/x $mstatus
p $mtvec == &__npuvp_trap_entry
p/x $mcause
p $cycle > 0 && $instret > 0
set $before = $pc
set $length = (*(unsigned short*)$pc & 3) == 3 ? 4 : 2
stepi
p $pc == $before + $length
next
x/4xw pattern
p samples
set var exit_status = 42
p exit_status
continue
)";

TEST(GdbCli, RunBreakStepRegistersMemoryExit) {
  Debuggee d(std::string("run --stats stats.json ") + DEBUGGEE_ELF);
  ASSERT_GT(d.port(), 0);
  const std::string g = gdb(d, DEBUGGEE_ELF, kDebuggeeScript);
  EXPECT_EQ(d.wait(), 42) << d.err() << g;  // the exit status the debugger wrote
  expect_in(g, "Thread 1 \"cpu\"");
  expect_in(g, "Breakpoint 1, weighted_sum (v=");
  expect_in(g, "n=4, w=2)");
  expect_in(g, "$1 = {float = 0, double = 2}");  // fa0: w
  // FS dirty (crt0 wrote fcsr), UXL = 64, SD.
  expect_in(g, "$2 = 0x8000000200006000");
  expect_in(g, "$3 = 1");
  expect_in(g, "$4 = 0x0");
  expect_in(g, "$5 = 1");
  expect_in(g, "$6 = 1");  // one instruction stepped
  expect_in(g, "13\t  for (int i = 0; i < n; ++i) acc += v[i] * w;");
  expect_in(g, "<pattern>:\t0x11223344\t0x55667788\t0x99aabbcc\t0xddeeff00");
  expect_in(g, "$7 = {1.5, 2.5, -0.25, 4}");
  expect_in(g, "$8 = 42");
  expect_in(g, "[Inferior 1 (Remote target) exited with code 052]");
  EXPECT_EQ(g.find("rror"), std::string::npos) << g;
  EXPECT_EQ(d.out(), "weighted sum x10 = 155\n");
}

// Stepping and breakpoints leave the simulated time alone: the run's every
// figure is that of the run without a debugger.
void expect_same_cycles(const std::string& mode) {
  ASSERT_EQ(npuvp(std::string("run --mode ") + mode + " --stats alone.json " + DEBUGGEE_ELF, "alone"), 3);
  Debuggee d(std::string("run --mode ") + mode + " --stats debugged.json " + DEBUGGEE_ELF);
  ASSERT_GT(d.port(), 0);
  const std::string g = gdb(d, DEBUGGEE_ELF, R"(break weighted_sum
break printf
continue
stepi
stepi
next
info registers
x/16xb $sp
continue
finish
delete
continue
)");
  EXPECT_EQ(d.wait(), 3) << d.err() << g;
  expect_in(g, "Breakpoint 1, weighted_sum");
  expect_in(g, "Breakpoint 2, printf");
  expect_in(g, "Value returned is $1 = 23");  // printf's count of characters
  expect_in(g, "exited with code 03");
  const json alone = timing(test_dir() / "alone.json"), debugged = timing(test_dir() / "debugged.json");
  EXPECT_GT(alone["instret"].get<uint64_t>(), 500u);
  EXPECT_EQ(debugged, alone) << debugged.dump(1) << alone.dump(1);
}

TEST(GdbCli, RunSameCyclesWithTheDebuggerCycleMode) { expect_same_cycles("cycle"); }

// Instruction by instruction: the commit log (pc, cycle, result of every
// instruction) of a run with breakpoints hit is that of the run without.
TEST(GdbCli, RunSameCommitLogWithTheDebugger) {
  ASSERT_EQ(npuvp(std::string("run --trace-insn alone.log ") + DEBUGGEE_ELF, "alone"), 3);
  Debuggee d(std::string("run --trace-insn debugged.log ") + DEBUGGEE_ELF);
  ASSERT_GT(d.port(), 0);
  const std::string g = gdb(d, DEBUGGEE_ELF, "break weighted_sum\nbreak printf\ncontinue\nstepi\nnext\ncontinue\n"
                                             "delete\ncontinue\n");
  EXPECT_EQ(d.wait(), 3) << d.err() << g;
  expect_in(g, "Breakpoint 2, printf");
  const std::string alone = slurp(test_dir() / "alone.log");
  EXPECT_GT(std::count(alone.begin(), alone.end(), '\n'), 500);
  EXPECT_TRUE(alone == slurp(test_dir() / "debugged.log")) << "the commit logs differ";
}
TEST(GdbCli, RunSameCyclesWithTheDebuggerFunctionalMode) { expect_same_cycles("functional"); }

// `npuvp launch`: each AI core a thread; the breakpoint is hit on both.
void write_inputs() {
  Tensor x = make_tensor(DType::F32, {2, 64});
  std::vector<float> v;
  for (int k = 0; k < 128; ++k) v.push_back(static_cast<float>(k) / 4 - 10);
  std::memcpy(x.data.data(), v.data(), x.data.size());
  write_npy((test_dir() / "x.npy").string(), x);
  for (float& f : v) f += 1.5f;
  std::memcpy(x.data.data(), v.data(), x.data.size());
  write_npy((test_dir() / "ref.npy").string(), x);
}

std::string launch_args(const std::string& stats) {
  return std::string("launch ") + KERNEL_ELF +
         " --blocks 2 --arg in:x.npy --arg out:y.npy:f32:2x64 --arg u64:64 --arg f32:1.5 --expect 1:ref.npy --stats " +
         stats;
}

TEST(GdbCli, LaunchEachAiCoreIsAThread) {
  write_inputs();
  ASSERT_EQ(npuvp(launch_args("alone.json"), "alone"), 0);
  Debuggee d(launch_args("debugged.json"));
  ASSERT_GT(d.port(), 0);
  const std::string g = gdb(d, KERNEL_ELF, R"(info threads
break block_offset
continue
p block
continue
p block
thread 2
p/x $mhartid
p $a0
p $fa0
set $before = $pc
stepi
p $pc != $before
info threads
delete
continue
)");
  EXPECT_EQ(d.wait(), 0) << d.err() << g;
  expect_in(g, "Thread 1 \"aiv0\"");
  expect_in(g, "Thread 2 \"aiv1\"");
  expect_in(g, "hit Breakpoint 1, block_offset (block=0, n=64)");
  expect_in(g, "hit Breakpoint 1, block_offset (block=1, n=64)");
  expect_in(g, "[Switching to thread 2 (Thread 2)]");
  expect_in(g, "$3 = 0x1");  // aiv1's mhartid
  expect_in(g, "$4 = 1");    // a0: its block
  expect_in(g, "$6 = 1");
  expect_in(g, "[Inferior 1 (Remote target) exited normally]");
  expect_in(d.err(), "result check: PASS");
  const json alone = timing(test_dir() / "alone.json"), debugged = timing(test_dir() / "debugged.json");
  EXPECT_GT(alone["cycles"].get<uint64_t>(), 1000u);
  EXPECT_EQ(debugged, alone) << debugged.dump(1) << alone.dump(1);
}

TEST(GdbCli, APortInUseIsOneLineAndStatus2) {
  // A port this test holds: npuvp cannot listen there.
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(holder, 1), 0);
  socklen_t len = sizeof a;
  ::getsockname(holder, reinterpret_cast<sockaddr*>(&a), &len);
  const std::string port = std::to_string(ntohs(a.sin_port));
  EXPECT_EQ(npuvp("run --gdb " + port + " " + DEBUGGEE_ELF, "in_use"), 2);
  EXPECT_EQ(slurp(test_dir() / "in_use.err"),
            "npuvp: gdb: cannot listen on 127.0.0.1:" + port + ": Address already in use\n");
  ::close(holder);
  EXPECT_EQ(npuvp("run --gdb 70000 " + std::string(DEBUGGEE_ELF), "range"), 2);
  expect_in(slurp(test_dir() / "range.err"), "--gdb");
}

// ---- the protocol spoken directly ---------------------------------------------

class RspClient {
 public:
  explicit RspClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    timeval tv{60, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RspClient() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send_raw(const std::string& bytes) { ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  void send(const std::string& payload) { send_raw(gdb::frame_packet(payload)); }
  // The next packet's payload ("" once the connection is gone).
  std::string receive() {
    for (;;) {
      while (auto e = decoder_.next())
        if (e->kind == gdb::RspEvent::Kind::Packet) return e->payload;
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return "";
      decoder_.feed(buf, static_cast<size_t>(n));
    }
  }
  std::string ask(const std::string& payload) {
    send(payload);
    return receive();
  }
  uint64_t reg(unsigned regnum) {
    char q[16];
    std::snprintf(q, sizeof q, "p%x", regnum);
    return gdb::parse_le_hex(ask(q), 8).value_or(~uint64_t{0});
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  gdb::RspDecoder decoder_;
};

constexpr unsigned kPc = 32, kCycle = 65 + 0xC00;

TEST(GdbProtocol, SingleStepWithSAndVContAndBreakpointsLeaveMemoryAlone) {
  const ElfImage elf = read_elf(DEBUGGEE_ELF);
  Debuggee d(std::string("run ") + DEBUGGEE_ELF);
  ASSERT_GT(d.port(), 0);
  RspClient c(d.port());
  ASSERT_TRUE(c.connected());
  EXPECT_EQ(c.ask("?"), "T05thread:1;");
  EXPECT_EQ(c.reg(kPc), elf.entry);
  const uint64_t cycle0 = c.reg(kCycle);
  // crt0 starts with `la gp` (norelax): auipc, addi, 4 bytes each.
  EXPECT_EQ(c.ask("s"), "T05thread:1;");
  EXPECT_EQ(c.reg(kPc), elf.entry + 4);
  const uint64_t cycle1 = c.reg(kCycle);
  EXPECT_GT(cycle1, cycle0);
  EXPECT_EQ(c.ask("vCont;s:1"), "T05thread:1;");
  EXPECT_EQ(c.reg(kPc), elf.entry + 8);
  EXPECT_GT(c.reg(kCycle), cycle1);
  // A breakpoint is the simulator's: memory keeps its instruction.
  const uint64_t target = *elf.symbols.address("weighted_sum");
  char q[64];
  std::snprintf(q, sizeof q, "m%llx,4", static_cast<unsigned long long>(target));
  const std::string code = c.ask(q);
  ASSERT_EQ(code.size(), 8u);
  std::snprintf(q, sizeof q, "Z0,%llx,2", static_cast<unsigned long long>(target));
  EXPECT_EQ(c.ask(q), "OK");
  std::snprintf(q, sizeof q, "m%llx,4", static_cast<unsigned long long>(target));
  EXPECT_EQ(c.ask(q), code);
  EXPECT_EQ(c.ask("vCont;c"), "T05thread:1;");
  EXPECT_EQ(c.reg(kPc), target);
  EXPECT_EQ(c.ask("c"), "W03");
  EXPECT_EQ(d.wait(), 3);
}

TEST(GdbProtocol, CtrlCStopsARunningProgramAndMemoryWritesReachIt) {
  const ElfImage elf = read_elf(SPIN_ELF);
  Debuggee d(std::string("run ") + SPIN_ELF);
  ASSERT_GT(d.port(), 0);
  RspClient c(d.port());
  ASSERT_TRUE(c.connected());
  EXPECT_EQ(c.ask("?"), "T05thread:1;");
  c.send("c");
  std::this_thread::sleep_for(200ms);
  c.send_raw("\x03");
  EXPECT_EQ(c.receive(), "T02thread:1;");
  // The loop ran a while; `release` lets it end.
  const uint64_t spins = *elf.symbols.address("spins"), release = *elf.symbols.address("release");
  char q[64];
  std::snprintf(q, sizeof q, "m%llx,8", static_cast<unsigned long long>(spins));
  EXPECT_NE(gdb::parse_le_hex(c.ask(q), 8).value_or(0), 0u);
  std::snprintf(q, sizeof q, "M%llx,4:01000000", static_cast<unsigned long long>(release));
  EXPECT_EQ(c.ask(q), "OK");
  EXPECT_EQ(c.ask("c"), "W07");
  EXPECT_EQ(d.wait(), 7);
}

// A write into code the core has already decoded and run: the next run of
// it is the new instruction.
TEST(GdbProtocol, MemoryWritesIntoDecodedCodeTakeEffect) {
  const ElfImage elf = read_elf(PATCH_ELF);
  const uint64_t answer = *elf.symbols.address("answer");
  Debuggee d(std::string("run ") + PATCH_ELF);
  ASSERT_GT(d.port(), 0);
  RspClient c(d.port());
  ASSERT_TRUE(c.connected());
  EXPECT_EQ(c.ask("?"), "T05thread:1;");
  char q[64];
  std::snprintf(q, sizeof q, "Z0,%llx,2", static_cast<unsigned long long>(answer));
  EXPECT_EQ(c.ask(q), "OK");
  EXPECT_EQ(c.ask("c"), "T05thread:1;");  // the first call
  EXPECT_EQ(c.reg(kPc), answer);
  EXPECT_EQ(c.ask("c"), "T05thread:1;");  // the second: the first has run the code
  EXPECT_EQ(c.reg(kPc), answer);
  std::snprintf(q, sizeof q, "m%llx,20", static_cast<unsigned long long>(answer));
  const std::string code = c.ask(q);
  // c.li a0, 5 (0x4515) becomes c.li a0, 9 (0x4525).
  size_t at = std::string::npos;
  for (size_t i = 0; i + 4 <= code.size(); i += 4)
    if (code.compare(i, 4, "1545") == 0) at = i / 2;
  ASSERT_NE(at, std::string::npos) << code;
  std::snprintf(q, sizeof q, "M%llx,2:2545", static_cast<unsigned long long>(answer + at));
  EXPECT_EQ(c.ask(q), "OK");
  EXPECT_EQ(c.ask("c"), "W0e");  // 5 + 9
  EXPECT_EQ(d.wait(), 14);
}

TEST(GdbProtocol, DetachLetsTheProgramRunToItsEnd) {
  Debuggee d(std::string("run ") + DEBUGGEE_ELF);
  ASSERT_GT(d.port(), 0);
  RspClient c(d.port());
  ASSERT_TRUE(c.connected());
  EXPECT_EQ(c.ask("?"), "T05thread:1;");
  EXPECT_EQ(c.ask("Z0,80000000,2"), "OK");  // dropped by the detach
  EXPECT_EQ(c.ask("D"), "OK");
  EXPECT_EQ(d.wait(), 3);
  EXPECT_EQ(d.out(), "weighted sum x10 = 155\n");
}

TEST(GdbProtocol, KillEndsTheSimulationWithAnError) {
  Debuggee d(std::string("run ") + SPIN_ELF);
  ASSERT_GT(d.port(), 0);
  RspClient c(d.port());
  ASSERT_TRUE(c.connected());
  EXPECT_EQ(c.ask("?"), "T05thread:1;");
  c.send("k");
  EXPECT_EQ(d.wait(), 125);
  expect_in(d.err(), "killed by the debugger");
}

#ifdef FIRMWARE_ELF
// `npuvp boot --gdb`: the control CPU runs the reference firmware and the AI
// cores wait in reset until it releases them. Break in the firmware, step,
// read registers and memory, switch to an AI core when the self-test kernel
// runs there, continue to the end of the boot (its exit status is GDB's).
TEST(GdbCli, BootControlCpuAndAiCoresAreThreads) {
  Debuggee d("boot --platform mini --uart uart.txt");
  ASSERT_GT(d.port(), 0);
  const std::string g = gdb(d, FIRMWARE_ELF, R"(info threads
break fw_main
continue
p/x $mhartid
set $before = $pc
stepi
p $pc != $before
next
p/x $mstatus
break selftest_kernel
continue
p/x $mhartid
p $sp != 0
p dies
p cores
x/2xg &selftest_args
p (unsigned long)results == selftest_args[0]
info threads
delete
continue
)");
  EXPECT_EQ(d.wait(), 0) << d.err() << g;
  expect_in(g, "Thread 1 \"cpu\"");
  // Before the firmware releases them, the AI cores are held in reset.
  expect_in(g, "Thread 2 \"die0.aic0\" (held in reset)");
  expect_in(g, "Thread 4 \"die0.aiv1\" (held in reset)");
  expect_in(g, "hit Breakpoint 1, fw_main ()");
  expect_in(g, "$1 = 0x0");  // the control CPU is hart 0
  expect_in(g, "$2 = 1");    // stepi moved
  expect_in(g, "hit Breakpoint 2, selftest_kernel (results=");
  expect_in(g, "[Switching to Thread ");  // an AI core
  expect_in(g, "$5 = 1");
  expect_in(g, "$6 = 1");  // mini: 1 die
  expect_in(g, "$7 = 3");  // 1 AIC + 2 AIV
  expect_in(g, "$8 = 1");  // the firmware's memory as the AI core sees it: its argument block
  // Released now: none is held in reset any more.
  const size_t at_kernel = g.find("hit Breakpoint 2");
  ASSERT_NE(at_kernel, std::string::npos) << g;
  EXPECT_EQ(g.find("held in reset", at_kernel), std::string::npos) << g;
  expect_in(g, "[Inferior 1 (Remote target) exited normally]");
  expect_in(slurp(test_dir() / "uart.txt"), "ready: boot took");
  expect_in(d.err(), "npuvp: boot: ready after");
}

// `npuvp launch --via-firmware --gdb`: the control CPU and the AI cores are
// threads; a breakpoint in the kernel is hit on each core the firmware
// starts, and the launch gives the same stats as without the debugger.
TEST(GdbCli, LaunchViaFirmwareControlCpuAndAiCoresAreThreads) {
  write_inputs();
  const std::string args = launch_args("stats.json") + " --platform mini --via-firmware";
  ASSERT_EQ(npuvp(args.substr(0, args.find("stats.json")) + "alone.json --platform mini --via-firmware", "alone"), 0);
  Debuggee d(args);
  ASSERT_GT(d.port(), 0);
  const std::string g = gdb(d, KERNEL_ELF, R"(info threads
break block_offset
continue
p block
continue
p block
delete
continue
)");
  EXPECT_EQ(d.wait(), 0) << d.err() << g;
  expect_in(g, "Thread 1 \"cpu\"");
  expect_in(g, "\"die0.aiv0\" (held in reset)");
  expect_in(g, "hit Breakpoint 1, block_offset (block=0, n=64)");
  expect_in(g, "hit Breakpoint 1, block_offset (block=1, n=64)");
  expect_in(g, "[Inferior 1 (Remote target) exited normally]");
  expect_in(d.err(), "result check: PASS");
  json alone = timing(test_dir() / "alone.json"), debugged = timing(test_dir() / "stats.json");
  EXPECT_GT(alone["cycles"].get<uint64_t>(), 1000u);
  EXPECT_EQ(debugged, alone) << debugged.dump(1) << alone.dump(1);
}
#endif

}  // namespace
}  // namespace npuvp
