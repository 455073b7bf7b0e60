// gemm_speed: host time of a whole `npuvp launch` of the GEMM example
// (examples/gemm, bf16 in and out, --blocks 24 on ascend910b), the figure
// issue 4 asks for: SIZE^3 in functional and in cycle mode, side by side in
// one run with the host's own single-threaded OpenBLAS cblas_sgemm on the
// same shape (fp32). Prints wall and CPU seconds of each and the ratios to
// sgemm's CPU time. Both launches must exit with 0 and write the same bytes.
//
//   gemm_speed NPUVP GEMM_ELF GEN_GEMM [SIZE] [--functional-only]
//
// CPU time is user + system of the npuvp process (start-up and .npy I/O
// included), which a busy machine disturbs less than the wall clock.
// If OpenBLAS takes the host for a Prescott (SSE3 kernels), the benchmark
// runs itself again with OPENBLAS_CORETYPE set to the best core type the
// host's features allow, as bench-cube does.
#include <cblas.h>

#include "bench/common/openblas_core.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <climits>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>


namespace {

double children_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

double wall_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct Timed {
  int status = -1;
  double wall = 0, cpu = 0;
};

// Runs a shell command (its output to `log`), timing it.
Timed run(const std::string& command, const std::string& log) {
  Timed t;
  const double cpu0 = children_cpu_seconds(), wall0 = wall_now();
  const int raw = std::system((command + " > " + quote(log) + " 2>&1").c_str());
  t.wall = wall_now() - wall0;
  t.cpu = children_cpu_seconds() - cpu0;
  t.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return t;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}


// Single-threaded sgemm of n^3 on values like the example's: its CPU seconds.
double sgemm_seconds(int n) {
  openblas_set_num_threads(1);
  std::vector<float> a(size_t(n) * n), b(size_t(n) * n), c(size_t(n) * n);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  for (float& v : a) v = d(rng);
  for (float& v : b) v = d(rng);
  timespec t0, t1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.f, a.data(), n, b.data(), n, 0.f, c.data(), n);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  volatile float sink = c[size_t(n) * n / 2];
  (void)sink;
  return static_cast<double>(t1.tv_sec - t0.tv_sec) + 1e-9 * static_cast<double>(t1.tv_nsec - t0.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gemm_speed NPUVP GEMM_ELF GEN_GEMM [SIZE] [--functional-only]\n");
    return 2;
  }
  npuvp::bench::use_the_hosts_best_openblas_kernels(argv, "gemm_speed");
  // Absolute paths: the launches run in the data's folder.
  auto absolute = [](const char* path) {
    char* r = realpath(path, nullptr);
    std::string a = r != nullptr ? r : path;
    std::free(r);
    return a;
  };
  const std::string npuvp = absolute(argv[1]), elf = absolute(argv[2]), gen = absolute(argv[3]);
  const int n = argc > 4 && argv[4][0] != '-' ? std::atoi(argv[4]) : 4096;
  bool cycle = true;
  for (int i = 4; i < argc; ++i)
    if (std::string(argv[i]) == "--functional-only") cycle = false;
  if (n <= 0 || n % 256 != 0) {
    std::fprintf(stderr, "gemm_speed: SIZE must be a positive multiple of 256\n");
    return 2;
  }
  char tmpl[] = "/tmp/gemm_speed.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::perror("gemm_speed: mkdtemp");
    return 1;
  }
  const std::string dir = tmpl, s = std::to_string(n);
  if (run(quote(gen) + " " + quote(dir) + " " + s + " " + s + " " + s + " bf16 none", dir + "/gen.log").status != 0) {
    std::fprintf(stderr, "gemm_speed: %s failed (see %s/gen.log)\n", gen.c_str(), dir.c_str());
    return 1;
  }
  std::printf("%s^3 bf16 GEMM, examples/gemm on ascend910b (--blocks 24), OpenBLAS core %s\n", s.c_str(),
              openblas_get_corename());
  std::fflush(stdout);
  const double blas = sgemm_seconds(n);
  std::printf("%-28s %9s %9s %12s\n", "", "wall s", "cpu s", "cpu / sgemm");
  std::printf("%-28s %9s %9.2f %12s\n", "OpenBLAS sgemm, 1 thread", "", blas, "1.00");
  std::fflush(stdout);
  std::vector<std::string> modes{"functional"};
  if (cycle) modes.push_back("cycle");
  std::string first_output;
  int failed = 0;
  for (const std::string& mode : modes) {
    const std::string out = dir + "/c_" + mode + ".npy";
    const std::string cmd = "cd " + quote(dir) + " && " + quote(npuvp) + " launch " + quote(elf) +
                            " --core aic --entry gemm_bf16_bf16 --platform ascend910b --blocks 24"
                            " --arg in:a.npy --arg in:b.npy --arg out:" + out + ":bf16:" + s + "x" + s +
                            " --arg u64:" + s + " --arg u64:" + s + " --arg u64:" + s + " --mode " + mode +
                            " --stats " + quote(dir + "/stats_" + mode + ".json");
    const Timed t = run(cmd, dir + "/" + mode + ".log");
    if (t.status != 0) {
      std::printf("npuvp launch --mode %s failed with %d (see %s/%s.log)\n", mode.c_str(), t.status, dir.c_str(),
                  mode.c_str());
      failed = 1;
      continue;
    }
    std::printf("%-28s %9.2f %9.2f %12.2f\n", ("npuvp launch --mode " + mode).c_str(), t.wall, t.cpu, t.cpu / blas);
    std::fflush(stdout);
    const std::string bytes = slurp(out);
    if (first_output.empty()) {
      first_output = bytes;
    } else if (bytes != first_output) {
      std::printf("the %s launch wrote other bytes than the functional one\n", mode.c_str());
      failed = 1;
    }
  }
  if (!failed) std::system(("rm -rf " + quote(dir)).c_str());
  return failed;
}
