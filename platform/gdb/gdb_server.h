// `--gdb PORT`: a GDB remote serial protocol server on loopback for the
// harts of a simulation. Each hart (ScalarCore) is a GDB thread, in the order
// given (the control CPU, then each AI core); all-stop: when one stops, the
// whole simulation stops.
//
// The server is a CoreDebugger: it runs inside the SystemC thread of the core
// that stops, and blocks there on the socket. No SystemC process runs and no
// simulated time passes while GDB holds the simulation, and the cores run
// their quanta through the same loops with or without it (see
// ScalarCore::set_debugger), so a run has the same cycle counts with a
// debugger attached, breakpoints hit and instructions stepped.
//
// Resuming: threads GDB resumes continue or step; threads it leaves out
// ("held", e.g. `vCont;s:2`) cannot be frozen without changing the timing of
// the others, so they run on as the schedule says but report no breakpoint
// until the next stop. A core held in reset (an AI core its dispatch block
// has not started) is listed as "held in reset": its registers read as they
// are, and it reaches no instruction, breakpoint or step until released.
// Ctrl-C is seen at the next instruction any core
// executes (the socket is polled every few thousand instructions).
#pragma once

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/scalar_core/scalar_core.h"
#include "platform/gdb/gdb_stub.h"
#include "platform/gdb/rsp_packet.h"

namespace npuvp::gdb {

// A socket that cannot be opened: one line saying why.
class GdbServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DebugThread {
  std::string name;  // as `info threads` shows it ("cpu", "aiv0")
  ScalarCore* core = nullptr;
};

class GdbServer final : public CoreDebugger, private GdbTarget {
 public:
  // Listens on 127.0.0.1:port; port 0 lets the system pick a free one.
  GdbServer(std::vector<DebugThread> threads, uint16_t port);
  ~GdbServer() override;
  GdbServer(const GdbServer&) = delete;
  GdbServer& operator=(const GdbServer&) = delete;

  uint16_t port() const { return port_; }
  // Blocks until GDB connects, then attaches to every core: the simulation
  // stops before the first instruction any core executes, and GDB takes it
  // from there. Call before the simulation starts.
  void wait_for_client();
  // Call when the simulation has ended: reports `exit_code` to GDB (a W
  // stop reply) if it is still attached, and closes the connection.
  void finish(int exit_code);
  // GDB asked to kill the simulation (it was stopped with an error).
  bool killed() const { return killed_; }

  // CoreDebugger
  void before_insn(unsigned id, ScalarCore& core) override;
  void core_stopped(unsigned id, ScalarCore& core) override;

 private:
  // GdbTarget
  size_t thread_count() const override { return threads_.size(); }
  std::string thread_name(size_t t) const override { return threads_.at(t).name; }
  Hart& hart(size_t t) override { return threads_.at(t).core->hart(); }
  std::string thread_state(size_t t) const override {
    return threads_.at(t).core->in_reset() ? "held in reset" : "";
  }
  size_t read_memory(size_t t, uint64_t addr, uint8_t* data, size_t len) override;
  size_t write_memory(size_t t, uint64_t addr, const uint8_t* data, size_t len) override;

  // Reports the stop (unless GDB will ask for it with '?') and answers
  // packets until GDB resumes, detaches, kills or goes away. A stop at an
  // instruction boundary names the thread whose before_insn() it is in.
  void stop(const StopEvent& e, bool announce, int at_boundary_of);
  void serve();
  void poll_interrupt();
  std::optional<std::string> receive();
  bool read_more(bool block);  // false: the connection is gone
  void send(const std::string& payload);
  void detach();
  void kill();

  enum class Mode { Waiting, Running, Stopped, Detached, Ended };
  struct ThreadState {
    Resume action = Resume::Continue;
    bool fresh = false;  // has not reached an instruction boundary since the resume
  };

  std::vector<DebugThread> threads_;
  std::vector<ThreadState> state_;
  GdbStub stub_;
  RspDecoder decoder_;
  std::deque<RspEvent> pending_;  // events read while polling for Ctrl-C
  std::string last_sent_;         // for a retransmission on '-'
  int listen_fd_ = -1, fd_ = -1;
  uint16_t port_ = 0;
  Mode mode_ = Mode::Waiting;
  bool start_pending_ = false, interrupt_pending_ = false, killed_ = false;
  size_t last_stopped_ = 0;
  unsigned poll_countdown_ = 1;
};

}  // namespace npuvp::gdb
