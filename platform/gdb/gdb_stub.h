// The GDB remote serial protocol above the framing: one packet's payload in,
// a reply or a request to resume out. It knows harts as threads (GDB thread
// id = index + 1), their registers (gdb_registers.h), memory through the
// GdbTarget, software breakpoints as a set of addresses the simulator checks
// (nothing is written into memory), and the stop replies. No sockets and no
// SystemC: gdb_server.h drives it over TCP; tests drive it with strings.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "models/scalar_core/hart.h"

namespace npuvp::gdb {

// What the protocol needs from the simulator.
class GdbTarget {
 public:
  virtual ~GdbTarget() = default;
  virtual size_t thread_count() const = 0;
  virtual std::string thread_name(size_t thread) const = 0;
  virtual Hart& hart(size_t thread) = 0;
  // What `info threads` shows after the name ("" when nothing): e.g. a core
  // held in reset, which runs no instruction and stops nowhere until released.
  virtual std::string thread_state(size_t /*thread*/) const { return ""; }
  // Memory as `thread` sees it, through debug transport (no simulated time
  // passes, no device side effect). Returns how many bytes from the start
  // could be accessed.
  virtual size_t read_memory(size_t thread, uint64_t addr, uint8_t* data, size_t len) = 0;
  virtual size_t write_memory(size_t thread, uint64_t addr, const uint8_t* data, size_t len) = 0;
};

// Why the simulation stopped, for the stop reply.
struct StopEvent {
  enum class Kind { Start, Breakpoint, Step, Interrupt, Exited, Killed };
  Kind kind = Kind::Start;
  size_t thread = 0;  // the thread that stopped (Exited/Killed: none)
  int exit_code = 0;  // Exited
};

// What a thread does when the simulation resumes.
enum class Resume : uint8_t {
  Hold,      // GDB did not resume it: it reports no stop of its own
  Continue,
  Step,      // one instruction, then stop
};

struct StubResult {
  enum class Kind {
    Reply,   // send `reply`
    Resume,  // resume the simulation with `actions` (no reply now: the stop reply comes later)
    Detach,  // send `reply` ("OK"), drop every breakpoint, let the simulation run free
    Kill,    // send `reply` unless empty, then end the simulation
  };
  Kind kind = Kind::Reply;
  std::string reply;
  std::vector<Resume> actions;  // Resume: one per thread
};

class GdbStub {
 public:
  explicit GdbStub(GdbTarget& target);

  // Handles one packet (its payload, framing removed).
  StubResult handle(const std::string& packet);

  // Records why the simulation stopped: it becomes the reply to '?' and the
  // stopped thread becomes the current one. Returns the stop reply.
  std::string set_stop(const StopEvent& e);
  const std::string& stop_reply() const { return stop_reply_; }

  const std::set<uint64_t>& breakpoints() const { return breakpoints_; }
  void clear_breakpoints() { breakpoints_.clear(); }
  // True once GDB asked for QStartNoAckMode (and was answered).
  bool no_ack() const { return no_ack_; }
  size_t current_thread() const { return g_thread_; }

 private:
  std::string read_registers();
  std::string write_registers(const std::string& hex);
  std::string read_register(const std::string& args);
  std::string write_register(const std::string& args);
  std::string read_memory(const std::string& args);
  std::string write_memory(const std::string& args, bool binary);
  std::string breakpoint(const std::string& args, bool insert);
  std::string xfer(const std::string& args);
  StubResult vcont(const std::string& args);
  StubResult resume_all(Resume current, const std::string& addr);
  std::string threads_xml() const;
  // A thread id of a packet: "-1" all (-1), "0" any (kAnyThread), else its
  // thread index. False if it names no thread.
  static constexpr long long kAnyThread = -2;
  bool parse_thread(const std::string& text, long long& id) const;

  GdbTarget& target_;
  std::set<uint64_t> breakpoints_;
  std::string stop_reply_ = "S05";
  size_t g_thread_ = 0;       // registers and memory (Hg)
  long long c_thread_ = -1;   // legacy c/s (Hc): -1 all, else an index
  bool no_ack_ = false;
  bool swbreak_ = false;      // GDB understands the swbreak stop reason
  bool exited_ = false;
};

}  // namespace npuvp::gdb
