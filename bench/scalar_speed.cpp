// bench-scalar: how fast npuvp simulates the scalar core. Runs the long
// scalarmark build under `npuvp run --mode functional` and `--mode cycle`,
// reads each run's --stats JSON and prints simulated instructions, cycles,
// host seconds and MIPS. Both runs must exit with 0 and print the same line
// as the host build of the same source (the benchmark's own result check).
// "host s" is the simulation's wall time (from --stats); "cpu s" is the CPU
// time of the whole npuvp process (start-up included), which a busy machine
// disturbs less.
//
//   scalar_speed NPUVP ELF HOST_EXE
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

namespace {

struct Run {
  int status = -1;
  std::string output;
  double cpu_seconds = 0;  // user + system time of the command's processes
};

double children_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// Runs a shell command and returns its exit status and standard output.
Run run_command(const std::string& command) {
  Run r;
  const double cpu_before = children_cpu_seconds();
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.cpu_seconds = children_cpu_seconds() - cpu_before;
  return r;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: scalar_speed NPUVP ELF HOST_EXE\n";
    return 2;
  }
  const std::string npuvp = argv[1], elf = argv[2], host = argv[3];

  const Run reference = run_command(quote(host));
  if (reference.status != 0 || reference.output.empty()) {
    std::cerr << "scalar_speed: the host build failed (status " << reference.status << ")\n";
    return 1;
  }
  std::cout << "reference (host build): " << reference.output;

  int failures = 0;
  std::printf("%-11s %14s %14s %10s %10s %10s %10s\n", "mode", "instructions", "cycles", "host s", "MIPS",
              "cpu s", "MIPS(cpu)");
  for (const char* mode : {"functional", "cycle"}) {
    const std::string stats = "scalar_speed_" + std::string(mode) + ".json";
    const Run r = run_command(quote(npuvp) + " run --quiet --mode " + mode + " --stats " + quote(stats) + " " +
                              quote(elf));
    if (r.status != 0 || r.output != reference.output) {
      std::cerr << "scalar_speed: " << mode << " run exited with " << r.status << " and printed: " << r.output;
      failures++;
      continue;
    }
    nlohmann::json j;
    try {
      std::ifstream in(stats);
      in >> j;
    } catch (const std::exception& e) {
      std::cerr << "scalar_speed: " << stats << ": " << e.what() << "\n";
      failures++;
      continue;
    }
    const double instret = j.at("instret").get<double>();
    const double seconds = j.at("host_seconds").get<double>();
    std::printf("%-11s %14.0f %14.0f %10.3f %10.2f %10.3f %10.2f\n", mode, instret, j.at("cycles").get<double>(),
                seconds, seconds > 0 ? instret / seconds / 1e6 : 0.0, r.cpu_seconds,
                r.cpu_seconds > 0 ? instret / r.cpu_seconds / 1e6 : 0.0);
  }
  return failures == 0 ? 0 : 1;
}
