// Running a command line as a user does, from a GoogleTest test: in a folder
// of the test's own (ctest runs the tests in parallel), with its standard
// output and error in files there, read back into an Outcome.
//
// The including test target defines NPUVP_TEST_WORK_DIR (where the test
// folders go) and NPUVP_EXE (the npuvp executable). The functions are inline
// and use the macros, so every file of one executable must see the same
// values: one target, one work folder.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "file_text.h"

#ifndef NPUVP_TEST_WORK_DIR
#error "cli_run.h: the test target defines NPUVP_TEST_WORK_DIR, the folder the per-test folders go in"
#endif
#ifndef NPUVP_EXE
#error "cli_run.h: the test target defines NPUVP_EXE, the npuvp executable"
#endif

namespace npuvp::testing_cli {

struct Outcome {
  int status = -1;  // the exit status, or -1 if the command did not exit (a signal)
  std::string out, err;
};

// `sh -c cmd` from the current folder; its exit status, or -1 if it did not exit.
inline int shell(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// NPUVP_TEST_WORK_DIR/<the running test's name>, made if missing.
inline std::filesystem::path test_dir() {
  const std::filesystem::path dir =
      std::filesystem::path(NPUVP_TEST_WORK_DIR) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::filesystem::create_directories(dir);
  return dir;
}

// The shell command line `cmd` run in test_dir(), its standard output and
// error written to the files `out` and `err` (relative to that folder;
// "/dev/null" keeps nothing) and read back.
inline Outcome run(const std::string& cmd, const std::string& out = "stdout.txt",
                   const std::string& err = "stderr.txt") {
  const std::filesystem::path dir = test_dir();
  const int status = shell("cd " + dir.string() + " && " + cmd + " >" + out + " 2>" + err);
  return {status, slurp(dir / out), slurp(dir / err)};
}

// `npuvp ARGS` run in test_dir().
inline Outcome npuvp(const std::string& args) { return run(std::string(NPUVP_EXE) + " " + args); }

}  // namespace npuvp::testing_cli
