// Running conformance tests: each ELF in a child process of its own
// (`npuvp run --quiet ...`: SystemC elaborates once per process), up to
// `jobs` at a time, with a cycle limit and a host wall-clock guard. A test
// passes when the child exits with 0 and, where a reference signature sits
// beside the ELF, the signature it dumped matches the reference word for
// word.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/conform/collect.h"

namespace npuvp::conform {

struct RunnerOptions {
  std::string npuvp;              // the executable the children run (`npuvp conform` passes itself)
  std::string platform = "mini";  // run --platform
  std::string mode = "cycle";     // run --mode
  uint64_t timeout_cycles = 100'000'000;  // run --max-cycles
  double timeout_seconds = 600;   // host wall clock per test; then the child is killed
  unsigned jobs = 1;              // children at once
};

// Why a test failed; Pass when it did not.
// Checker: an NPU kernel ran to its end but a checker of the launch (race,
// flag left set) warned: a conformance kernel must run clean.
enum class Outcome { Pass, ExitCode, CycleLimit, Trap, Deadlock, Signal, HostTimeout, Signature, Checker, Error };
const char* outcome_name(Outcome o);  // "pass", "exit-code", "cycle-limit", "trap", ...

struct TestResult {
  TestCase test;
  Outcome outcome = Outcome::Error;
  int status = -1;        // the child's exit status (-1: none: signal, timeout, not started)
  std::string reason;     // one line: why it failed ("" when it passed)
  std::string console;    // the end of what the program printed (the child's stdout)
  std::string log;        // the end of the child's stderr
  double seconds = 0;     // host wall time
  bool passed() const { return outcome == Outcome::Pass; }
};

// Exit statuses of `npuvp run` that are not the program's own.
constexpr int kRunCycleLimit = 124, kRunTrap = 125, kRunDeadlock = 126;

// Runs every test, results in the order of `tests` whatever `jobs` is.
// Children's outputs go to a temporary folder that is removed afterwards.
std::vector<TestResult> run_tests(const std::vector<TestCase>& tests, const RunnerOptions& options);

// The number of host cores this process may use.
unsigned host_cores();

}  // namespace npuvp::conform
