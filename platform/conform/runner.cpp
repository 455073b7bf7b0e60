#include "platform/conform/runner.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/conform/signature.h"
#include "platform/elf_loader.h"

extern char** environ;

namespace npuvp::conform {

namespace fs = std::filesystem;

namespace {

// Enough of a child's output to explain a failure; a runaway that prints
// forever must not fill the report.
constexpr std::streamoff kTailBytes = 16 * 1024;

std::string read_tail(const std::string& path, std::streamoff max) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return "";
  const std::streamoff size = in.tellg();
  const std::streamoff from = size > max ? size - max : 0;
  in.seekg(from);
  std::string s(static_cast<size_t>(size - from), '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  s.resize(static_cast<size_t>(in.gcount()));
  return from > 0 ? "[...]" + s : s;
}

bool read_whole(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// `npuvp run` explains a stop in one line: "npuvp: <reason> at pc ...".
std::string last_npuvp_line(const std::string& log) {
  const std::string prefix = "npuvp: ";
  std::string found;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.compare(0, prefix.size(), prefix) == 0) found = line.substr(prefix.size());
  // One line in the report: the disassembly's tabs become spaces.
  for (char& c : found)
    if (c == '\t' || c == '\r') c = ' ';
  return found;
}

class Spawn {
 public:
  Spawn() { posix_spawn_file_actions_init(&actions_); }
  ~Spawn() { posix_spawn_file_actions_destroy(&actions_); }
  Spawn(const Spawn&) = delete;
  Spawn& operator=(const Spawn&) = delete;

  // POSIX has addopen copy the path.
  void redirect(int fd, const std::string& path, int flags) {
    posix_spawn_file_actions_addopen(&actions_, fd, path.c_str(), flags, 0644);
  }
  // Returns the child's pid, or -1 with errno_ set.
  pid_t start(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    errno_ = posix_spawn(&pid, argv[0], &actions_, nullptr, argv.data(), environ);
    return errno_ == 0 ? pid : -1;
  }
  int error() const { return errno_; }

 private:
  posix_spawn_file_actions_t actions_;
  int errno_ = 0;
};

// Waits for `pid` until `deadline`, then kills it. Returns the wait status,
// kTimedOut if the deadline passed (the child is reaped either way), or
// kLost if waitpid fails. Sleeps in poll() on a pidfd, which wakes the
// moment the child exits (tests often last milliseconds); where the kernel
// has no pidfd (before Linux 5.3), naps that grow to 20 ms.
constexpr int kTimedOut = -1, kLost = -2;
int wait_with_deadline(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  auto reap = [pid](int options) {
    int st = 0;
    pid_t r;
    while ((r = waitpid(pid, &st, options)) < 0 && errno == EINTR) {
    }
    return r == pid ? st : r == 0 ? kTimedOut : kLost;
  };
  auto kill_and_reap = [&] {
    kill(pid, SIGKILL);
    reap(0);
    return kTimedOut;
  };
  // glibc 2.36 declares pidfd_open without C linkage for C++: the system call itself.
  const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd >= 0) {
    for (;;) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        close(fd);
        return kill_and_reap();
      }
      pollfd p{fd, POLLIN, 0};
      const int n = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 60'000)));
      if (n > 0 || (n < 0 && errno != EINTR)) break;  // exited (or poll failed: wait below)
    }
    close(fd);
    return reap(0);
  }
  auto nap = std::chrono::microseconds(500);
  for (;;) {
    const int st = reap(WNOHANG);
    if (st != kTimedOut) return st;
    if (std::chrono::steady_clock::now() >= deadline) return kill_and_reap();
    std::this_thread::sleep_for(nap);
    nap = std::min(nap * 2, std::chrono::microseconds(20000));
  }
}

void fail(TestResult& r, Outcome o, std::string reason) {
  r.outcome = o;
  r.reason = std::move(reason);
}

TestResult run_one(const TestCase& t, const RunnerOptions& o, const std::string& scratch, size_t index) {
  TestResult r;
  r.test = t;
  const auto start = std::chrono::steady_clock::now();
  auto finish = [&]() -> TestResult {
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  };

  std::vector<uint32_t> reference;
  if (!t.reference.empty()) {
    std::string text;
    try {
      if (!read_whole(t.reference, text)) throw SignatureError("cannot read");
      reference = parse_signature(text);
    } catch (const SignatureError& e) {
      fail(r, Outcome::Error, "reference " + t.reference + ": " + e.what());
      return finish();
    }
  }

  const std::string stem = scratch + "/" + std::to_string(index);
  const std::string out = stem + ".out", err = stem + ".err", sig = stem + ".signature";
  // A program runs on the control CPU; an NPU kernel as one block on one AI
  // core of its kind (or one AIC + 2 AIV group).
  std::vector<std::string> args = {o.npuvp};
  if (t.npu_kernel)
    args.insert(args.end(), {"launch", "--blocks", "1", "--core", t.core});
  else
    args.push_back("run");
  args.insert(args.end(), {"--quiet", "--platform", o.platform, "--mode", o.mode, "--max-cycles",
                           std::to_string(o.timeout_cycles)});
  if (!t.reference.empty()) args.insert(args.end(), {"--signature", sig});
  args.insert(args.end(), {"--", t.path});

  Spawn spawn;
  spawn.redirect(0, "/dev/null", O_RDONLY);
  spawn.redirect(1, out, O_WRONLY | O_CREAT | O_TRUNC);
  spawn.redirect(2, err, O_WRONLY | O_CREAT | O_TRUNC);
  const pid_t pid = spawn.start(args);
  if (pid < 0) {
    fail(r, Outcome::Error, "cannot start " + o.npuvp + ": " + std::strerror(spawn.error()));
    return finish();
  }
  const auto deadline =
      start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(o.timeout_seconds));
  const int st = wait_with_deadline(pid, deadline);
  r.console = read_tail(out, kTailBytes);
  r.log = read_tail(err, kTailBytes);
  const std::string detail = last_npuvp_line(r.log);
  auto with_detail = [&](std::string s) { return detail.empty() ? s : s + ": " + detail; };

  if (st == kLost) {
    fail(r, Outcome::Error, std::string("lost the child process: ") + std::strerror(errno));
  } else if (st == kTimedOut) {
    std::ostringstream s;
    s << "host timeout: killed after " << o.timeout_seconds << " s of wall time";
    fail(r, Outcome::HostTimeout, s.str());
  } else if (WIFSIGNALED(st)) {
    const int sig_no = WTERMSIG(st);
    fail(r, Outcome::Signal, with_detail("killed by signal " + std::to_string(sig_no) + " (" + strsignal(sig_no) + ")"));
  } else {
    r.status = WEXITSTATUS(st);
    switch (r.status) {
      case 0: r.outcome = Outcome::Pass; break;
      case kRunCycleLimit:
        fail(r, Outcome::CycleLimit,
             detail.empty() ? "cycle limit (" + std::to_string(o.timeout_cycles) + " cycles)" : detail);
        break;
      case kRunTrap: fail(r, Outcome::Trap, detail.empty() ? "trap (exit status 125)" : detail); break;
      case kRunDeadlock: fail(r, Outcome::Deadlock, detail.empty() ? "deadlock (exit status 126)" : detail); break;
      default: fail(r, Outcome::ExitCode, with_detail("exit code " + std::to_string(r.status))); break;
    }
  }
  if (r.passed() && t.npu_kernel) {
    // `npuvp launch` prints each checker's finding as "npuvp: warning: ...".
    const std::string prefix = "npuvp: warning: ";
    std::istringstream in(r.log);
    for (std::string line; std::getline(in, line);)
      if (line.compare(0, prefix.size(), prefix) == 0) {
        for (char& c : line)
          if (c == '\t') c = ' ';
        fail(r, Outcome::Checker, line.substr(prefix.size()));
        break;
      }
  }
  if (!t.expected_issue.empty()) {
    // A fault test: it passes by failing the way NAME.issue says.
    std::regex re;
    try {
      re = std::regex(t.expected_issue, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      fail(r, Outcome::Error, t.issue_file + ": not a regular expression: " + e.what());
      return finish();
    }
    // The reason, or any line npuvp explained the stop with (an issue's
    // line comes before the launch's closing "outputs not written").
    bool matched = std::regex_search(r.reason, re);
    std::string first;
    std::istringstream in(r.log);
    for (std::string line; !matched && std::getline(in, line);)
      if (line.compare(0, 7, "npuvp: ") == 0) {
        for (char& c : line)
          if (c == '\t') c = ' ';
        if (first.empty()) first = line.substr(7);
        matched = std::regex_search(line, re);
      }
    const std::string expected = "expected a failure matching /" + t.expected_issue + "/ [" + t.issue_file + "]";
    if (r.passed())
      fail(r, Outcome::ExitCode, expected + ", but the run passed");
    else if (matched)
      r.outcome = Outcome::Pass, r.reason.clear();
    else
      r.reason = expected + ", got: " + (first.empty() ? r.reason : first);
    std::error_code ec;
    for (const std::string& f : {out, err, sig}) fs::remove(f, ec);
    return finish();
  }
  if (r.passed() && !t.reference.empty()) {
    std::string text;
    std::vector<uint32_t> got;
    if (!read_whole(sig, text)) {
      fail(r, Outcome::Error, "no signature was written");
    } else {
      try {
        got = parse_signature(text);
        const SignatureDiff d = compare_signatures(reference, got);
        if (!d.equal) {
          // Which test case owns the word: its symbol in the signature region.
          std::string owner;
          try {
            const ElfImage elf = read_elf(t.path);
            if (const auto region = signature_region(elf.symbols))
              owner = elf.symbols.describe(region->begin + 4 * d.index);
          } catch (const std::exception&) {
          }
          fail(r, Outcome::Signature,
               d.describe() + (owner.empty() ? "" : " <" + owner + ">") + " [reference " + t.reference + "]" +
                   (detail.empty() ? "" : "; " + detail));
        }
      } catch (const SignatureError& e) {
        fail(r, Outcome::Error, std::string("the run's signature: ") + e.what());
      }
    }
  }
  std::error_code ec;
  for (const std::string& f : {out, err, sig}) fs::remove(f, ec);
  return finish();
}

std::string make_scratch_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/npuvp-conform-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw ConformError("cannot create a temporary folder " + tmpl + ": " + std::strerror(errno));
  return tmpl;
}

}  // namespace

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::Pass: return "pass";
    case Outcome::ExitCode: return "exit-code";
    case Outcome::CycleLimit: return "cycle-limit";
    case Outcome::Trap: return "trap";
    case Outcome::Deadlock: return "deadlock";
    case Outcome::Signal: return "signal";
    case Outcome::HostTimeout: return "host-timeout";
    case Outcome::Signature: return "signature";
    case Outcome::Checker: return "checker";
    case Outcome::Error: return "error";
  }
  return "?";
}

unsigned host_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<unsigned>(CPU_COUNT(&set));
  const unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

std::vector<TestResult> run_tests(const std::vector<TestCase>& tests, const RunnerOptions& options) {
  std::vector<TestResult> results(tests.size());
  if (tests.empty()) return results;
  const std::string scratch = make_scratch_dir();
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < tests.size(); i = next++) results[i] = run_one(tests[i], options, scratch, i);
  };
  const size_t n = std::max<size_t>(1, std::min<size_t>(options.jobs, tests.size()));
  std::vector<std::thread> pool;
  for (size_t k = 1; k < n; ++k) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  std::error_code ec;
  fs::remove_all(scratch, ec);
  return results;
}

}  // namespace npuvp::conform
