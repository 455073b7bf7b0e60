// `npuvp conform` end to end: a suite of tiny programs (passing, failing by
// exit code, a signature with a right and a wrong reference, a runaway, an
// unhandled trap) run by the real executable; the report lines, the summary,
// the JUnit file, the exit status, and the same report whatever --jobs.
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "cli_run.h"
#include "tests/conform/xml_reader.h"

namespace fs = std::filesystem;

namespace {

// ctest runs each test in a process of its own, several at once: each
// process has its own folder.
const fs::path kWork = fs::path(NPUVP_TEST_WORK_DIR) / std::to_string(getpid());

using npuvp::testing_cli::Outcome;
using npuvp::testing_cli::shell;
using npuvp::testing_cli::slurp;

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

Outcome npuvp(const std::vector<std::string>& args) {
  static int n = 0;
  const fs::path out = kWork / ("npuvp" + std::to_string(n) + ".out");
  const fs::path err = kWork / ("npuvp" + std::to_string(n++) + ".err");
  std::string cmd = quote(NPUVP_EXE);
  for (const std::string& a : args) cmd += " " + quote(a);
  cmd += " >" + quote(out.string()) + " 2>" + quote(err.string()) + " </dev/null";
  return {shell(cmd), slurp(out), slurp(err)};  // braces: the command runs before its files are read
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

// What signature.S writes, computed here on its own.
std::vector<uint32_t> signature_words() {
  std::vector<uint32_t> w;
  for (uint32_t i = 0; i < 16; ++i) w.push_back(((i + 1) * 0x9e3779b9u) ^ (i << 24));
  return w;
}

void write_reference(const fs::path& p, const std::vector<uint32_t>& words) {
  std::ofstream out(p);
  for (uint32_t w : words) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08" PRIx32 "\n", w);
    out << buf;
  }
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08" PRIx32, v);
  return buf;
}

constexpr uint32_t kBadWord = 5, kBadFlip = 0x00010000;
const char* const kCycles = "20000";

// The suite: six tests in two folders, and a file that is not an ELF.
class Suite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = (kWork / "suite").generic_string();
    fs::remove_all(dir_);
    fs::create_directories(fs::path(dir_) / "sub");
    fs::copy_file(PASS_ELF, fs::path(dir_) / "pass.elf");
    fs::copy_file(FAIL_EXIT_ELF, fs::path(dir_) / "fail_exit.elf");
    fs::copy_file(SIGNATURE_ELF, fs::path(dir_) / "sig_ok.elf");
    fs::copy_file(SIGNATURE_ELF, fs::path(dir_) / "sig_bad.elf");
    fs::copy_file(RUNAWAY_ELF, fs::path(dir_) / "sub" / "runaway.elf");
    fs::copy_file(TRAP_ELF, fs::path(dir_) / "sub" / "trap.elf");
    std::ofstream(fs::path(dir_) / "README.txt") << "not a test\n";
    std::vector<uint32_t> words = signature_words();
    write_reference(fs::path(dir_) / "sig_ok.signature", words);
    words[kBadWord] ^= kBadFlip;
    write_reference(fs::path(dir_) / "sig_bad.reference_output", words);

    junit_ = (kWork / "suite.xml").string();
    jobs2_ = npuvp({"conform", "--jobs", "2", "--timeout-cycles", kCycles, "--junit", junit_, dir_});
    jobs1_ = npuvp({"conform", "--jobs", "1", "--timeout-cycles", kCycles, dir_});
  }
  static void TearDownTestSuite() {
    if (!::testing::UnitTest::GetInstance()->Failed()) fs::remove_all(kWork);
  }
  static std::string dir_, junit_;
  static Outcome jobs1_, jobs2_;
};
std::string Suite::dir_, Suite::junit_;
Outcome Suite::jobs1_, Suite::jobs2_;

TEST_F(Suite, SummaryLineAndExitStatus) {
  const auto l = lines(jobs2_.out);
  ASSERT_FALSE(l.empty()) << jobs2_.err;
  EXPECT_EQ(l.back(), "2 passed, 4 failed");
  EXPECT_EQ(jobs2_.status, 1);
}

TEST_F(Suite, OneLinePerFailureInPathOrder) {
  const auto l = lines(jobs2_.out);
  ASSERT_EQ(l.size(), 5u) << jobs2_.out;
  EXPECT_EQ(l[0], "FAIL " + dir_ + "/fail_exit.elf: exit code 3");
  const std::vector<uint32_t> w = signature_words();
  // The first differing word, the symbol it sits under, and where the program stopped.
  const std::string sig_line = "FAIL " + dir_ + "/sig_bad.elf: signature word 5 (offset 0x14): expected " +
                               hex32(w[kBadWord] ^ kBadFlip) + ", got " + hex32(w[kBadWord]) +
                               " <begin_signature+0x14> [reference " + dir_ + "/sig_bad.reference_output]; ";
  EXPECT_EQ(l[1].substr(0, sig_line.size()), sig_line);
  EXPECT_TRUE(std::regex_match(l[1].substr(sig_line.size()),
                               std::regex("last instruction at pc 0x[0-9a-f]{16} <[^>]+>: .+")))
      << l[1];
  // The runaway: the cycle limit, the pc, its symbol and the instruction there.
  EXPECT_TRUE(std::regex_match(l[2], std::regex("FAIL " + dir_ + "/sub/runaway\\.elf: cycle_limit at pc 0x[0-9a-f]{16} "
                                                              "<main(\\+0x[0-9a-f]+)?>: (c\\.)?(addi|j) [^\t]*"
                                                              "cycle limit of 20000 cycles[^\t]*")))
      << l[2];
  // The trap: the pc of the illegal word, where the ELF's entry is.
  EXPECT_TRUE(std::regex_match(l[3], std::regex("FAIL " + dir_ + "/sub/trap\\.elf: .*trap.* pc 0x0*80000004 <_start\\+0x4>.*")))
      << l[3];
}

TEST_F(Suite, SameReportWithOneJobOrTwo) {
  EXPECT_EQ(jobs1_.out, jobs2_.out);
  EXPECT_EQ(jobs1_.status, jobs2_.status);
}

TEST_F(Suite, SameReportEveryTime) {
  const Outcome again = npuvp({"conform", "--jobs", "2", "--timeout-cycles", kCycles, dir_});
  EXPECT_EQ(again.out, jobs2_.out);
}

TEST_F(Suite, JunitAgreesWithTheSummary) {
  const auto root = xml_reader::parse(slurp(junit_));
  ASSERT_EQ(root->all("testsuite").size(), 1u);
  const xml_reader::Element& s = *root->all("testsuite")[0];
  EXPECT_EQ(s.attr("tests"), "6");
  EXPECT_EQ(s.attr("failures"), "4");
  EXPECT_EQ(root->attr("tests"), "6");
  EXPECT_EQ(root->attr("failures"), "4");
  const auto cases = s.all("testcase");
  ASSERT_EQ(cases.size(), 6u);
  const std::vector<std::pair<std::string, std::string>> names = {
      {dir_, "fail_exit.elf"}, {dir_, "pass.elf"},           {dir_, "sig_bad.elf"},
      {dir_, "sig_ok.elf"},    {dir_ + "/sub", "runaway.elf"}, {dir_ + "/sub", "trap.elf"}};
  // Each failure message is the reason of its line in the report.
  const auto report = lines(jobs2_.out);
  size_t failures = 0, next_line = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(cases[i]->attr("classname"), names[i].first);
    EXPECT_EQ(cases[i]->attr("name"), names[i].second);
    EXPECT_GE(std::stod(cases[i]->attr("time")), 0.0);
    const auto f = cases[i]->all("failure");
    if (f.empty()) continue;
    ++failures;
    const std::string prefix = "FAIL " + names[i].first + "/" + names[i].second + ": ";
    ASSERT_LT(next_line, report.size());
    EXPECT_EQ(prefix + f[0]->attr("message"), report[next_line++]);
  }
  EXPECT_EQ(failures, 4u);
  EXPECT_EQ(cases[0]->all("failure")[0]->attr("type"), "exit-code");
  EXPECT_EQ(cases[2]->all("failure")[0]->attr("type"), "signature");
  EXPECT_EQ(cases[4]->all("failure")[0]->attr("type"), "cycle-limit");
  EXPECT_EQ(cases[5]->all("failure")[0]->attr("type"), "trap");
}

TEST_F(Suite, AllPassingIsStatusZero) {
  const Outcome r = npuvp({"conform", dir_ + "/sig_ok.elf", dir_ + "/pass.elf"});
  EXPECT_EQ(r.out, "2 passed, 0 failed\n") << r.err;
  EXPECT_EQ(r.status, 0);
}

TEST_F(Suite, FunctionalModeGivesTheSameVerdicts) {
  const Outcome r = npuvp({"conform", "--mode", "functional", "--timeout-cycles", kCycles, dir_});
  EXPECT_EQ(lines(r.out).back(), "2 passed, 4 failed");
  EXPECT_EQ(lines(r.out)[1], lines(jobs2_.out)[1]);  // the signature difference
}

TEST_F(Suite, RunWritesTheSignatureRegion) {
  const std::string sig = (kWork / "run.signature").string();
  fs::remove(sig);
  const Outcome r = npuvp({"run", "--quiet", "--signature", sig, SIGNATURE_ELF});
  EXPECT_EQ(r.status, 0) << r.err;
  const std::string ref = (kWork / "expected.signature").string();
  write_reference(ref, signature_words());
  EXPECT_EQ(slurp(sig), slurp(ref));
}

TEST_F(Suite, ReferenceBesideAnElfWithoutSignatureFails) {
  const fs::path d = kWork / "nosig";
  fs::remove_all(d);
  fs::create_directories(d);
  fs::copy_file(PASS_ELF, d / "plain.elf");
  write_reference(d / "plain.signature", {1, 2});
  const Outcome r = npuvp({"conform", d.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("plain.elf: exit code 2: signature: the ELF has no begin_signature/end_signature symbols"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(lines(r.out).back(), "0 passed, 1 failed");
}

TEST_F(Suite, HostWallClockGuard) {
  const Outcome r = npuvp({"conform", "--timeout-cycles", "0", "--timeout-seconds", "0.3", dir_ + "/sub/runaway.elf"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "FAIL " + dir_ + "/sub/runaway.elf: host timeout: killed after 0.3 s of wall time\n0 passed, 1 failed\n");
}

TEST_F(Suite, BadInputIsStatusTwo) {
  const Outcome not_elf = npuvp({"conform", dir_ + "/README.txt"});
  EXPECT_EQ(not_elf.status, 2);
  EXPECT_NE(not_elf.err.find("README.txt: not an ELF file"), std::string::npos) << not_elf.err;
  const Outcome missing = npuvp({"conform", dir_ + "/missing"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("no such file or folder"), std::string::npos) << missing.err;
  const fs::path empty = kWork / "empty";
  fs::create_directories(empty);
  const Outcome none = npuvp({"conform", empty.string()});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("no RISC-V ELF found"), std::string::npos) << none.err;
  EXPECT_EQ(npuvp({"conform", "--jobs", "0", dir_}).status, 2);
  const Outcome preset = npuvp({"conform", "--platform", "nonesuch", dir_});
  EXPECT_EQ(preset.status, 2);
  EXPECT_EQ(preset.out, "");
  EXPECT_NE(preset.err.find("nonesuch"), std::string::npos) << preset.err;
}

}  // namespace
