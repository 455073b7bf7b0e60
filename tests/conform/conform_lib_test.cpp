// The conformance runner's pieces without running anything: signature text,
// comparison, the signature region, finding tests, the report and JUnit.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "platform/conform/collect.h"
#include "platform/conform/report.h"
#include "platform/conform/runner.h"
#include "platform/conform/signature.h"
#include "platform/elf_loader.h"
#include "tests/conform/xml_reader.h"

using namespace npuvp;
using namespace npuvp::conform;
namespace fs = std::filesystem;

TEST(Signature, FormatIsOneLittleEndianWordPerLine) {
  const uint8_t bytes[] = {0x78, 0x56, 0x34, 0x12, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80};
  EXPECT_EQ(format_signature(bytes, sizeof bytes), "12345678\n000000ff\n80000000\n");
  EXPECT_EQ(format_signature(bytes, 0), "");
}

TEST(Signature, ParseAcceptsPrefixesBlanksAndMissingFinalNewline) {
  EXPECT_EQ(parse_signature("0000000a\n0x1B\n\n  ff  \r\nDEADBEEF"),
            (std::vector<uint32_t>{0xa, 0x1b, 0xff, 0xdeadbeef}));
  EXPECT_TRUE(parse_signature("").empty());
}

TEST(Signature, ParseNamesTheBadLine) {
  try {
    parse_signature("00000001\n123456789\n");
    FAIL() << "a 9-digit word was accepted";
  } catch (const SignatureError& e) {
    EXPECT_STREQ(e.what(), "line 2: '123456789' is not a 32-bit hex word");
  }
  EXPECT_THROW(parse_signature("0x\n"), SignatureError);
  EXPECT_THROW(parse_signature("12 34\n"), SignatureError);
  EXPECT_THROW(parse_signature("g0000000\n"), SignatureError);
}

TEST(Signature, FormatThenParseIsTheIdentity) {
  std::vector<uint8_t> bytes(64);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 37 + 11);
  const std::vector<uint32_t> words = parse_signature(format_signature(bytes.data(), bytes.size()));
  ASSERT_EQ(words.size(), 16u);
  for (size_t w = 0; w < 16; ++w)
    EXPECT_EQ(words[w], bytes[4 * w] | bytes[4 * w + 1] << 8 | bytes[4 * w + 2] << 16 |
                            static_cast<uint32_t>(bytes[4 * w + 3]) << 24);
}

TEST(Signature, CompareFindsTheFirstDifference) {
  EXPECT_TRUE(compare_signatures({1, 2, 3}, {1, 2, 3}).equal);
  const SignatureDiff d = compare_signatures({1, 2, 3, 4}, {1, 2, 9, 5});
  EXPECT_FALSE(d.equal);
  EXPECT_EQ(d.index, 2u);
  EXPECT_EQ(d.describe(), "signature word 2 (offset 0x8): expected 0x00000003, got 0x00000009");
}

TEST(Signature, CompareReportsALengthDifference) {
  const SignatureDiff shorter = compare_signatures({1, 2, 3}, {1, 2});
  EXPECT_EQ(shorter.describe(),
            "signature word 2 (offset 0x8): expected 0x00000003, got no word (reference has 3 words, the run 2)");
  const SignatureDiff longer = compare_signatures({}, {7});
  EXPECT_EQ(longer.describe(),
            "signature word 0 (offset 0x0): expected no word, got 0x00000007 (reference has 0 words, the run 1)");
}

TEST(Signature, RegionFromSymbols) {
  SymbolTable none;
  none.add("main", 0x80000000, true);
  EXPECT_FALSE(signature_region(none).has_value());

  SymbolTable both = none;
  both.add("begin_signature", 0x80001000, false);
  both.add("end_signature", 0x80001040, false);
  const auto r = signature_region(both);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->begin, 0x80001000u);
  EXPECT_EQ(r->size(), 0x40u);

  SymbolTable only_begin = none;
  only_begin.add("begin_signature", 0x80001000, false);
  EXPECT_THROW(signature_region(only_begin), SignatureError);

  SymbolTable odd = none;
  odd.add("begin_signature", 0x80001000, false);
  odd.add("end_signature", 0x80001006, false);
  EXPECT_THROW(signature_region(odd), SignatureError);

  SymbolTable reversed = none;
  reversed.add("begin_signature", 0x80001010, false);
  reversed.add("end_signature", 0x80001000, false);
  EXPECT_THROW(signature_region(reversed), SignatureError);
}

// A folder of files whose first bytes look like what they are named.
class Collect : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(NPUVP_TEST_WORK_DIR) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "b" / "deeper");
    elf(root_ / "b" / "x.elf", 2, 243);
    elf(root_ / "b" / "deeper" / "rv64ui-p-add", 2, 243);  // riscv-tests name their ELFs without .elf
    elf(root_ / "a.elf", 2, 243);
    elf(root_ / "obj.o", 1, 243);       // relocatable: not a test
    elf(root_ / "host_tool", 2, 62);    // x86-64: not a test
    text(root_ / "notes.txt", "not an ELF\n");
    text(root_ / "a.signature", "00000000\n");
    text(root_ / "b" / "x.reference_output", "00000000\n");
  }
  static void elf(const fs::path& p, uint16_t type, uint16_t machine) {
    unsigned char h[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    h[16] = static_cast<unsigned char>(type);
    h[18] = static_cast<unsigned char>(machine);
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(h), sizeof h);
  }
  static void text(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
  std::string path(const std::string& rel) const { return (root_ / rel).generic_string(); }
  fs::path root_;
};

TEST_F(Collect, FolderYieldsItsRiscvExecutablesSorted) {
  const auto tests = collect_tests({root_.string()});
  ASSERT_EQ(tests.size(), 3u);
  EXPECT_EQ(tests[0].path, path("a.elf"));
  EXPECT_EQ(tests[1].path, path("b/deeper/rv64ui-p-add"));
  EXPECT_EQ(tests[2].path, path("b/x.elf"));
  EXPECT_EQ(tests[2].name, "x.elf");
  EXPECT_EQ(tests[2].classname, path("b"));
  EXPECT_EQ(tests[0].reference, path("a.signature"));
  EXPECT_EQ(tests[1].reference, "");
  EXPECT_EQ(tests[2].reference, path("b/x.reference_output"));
}

TEST_F(Collect, SignatureWinsOverReferenceOutput) {
  text(root_ / "a.reference_output", "00000000\n");
  EXPECT_EQ(reference_for(path("a.elf")), path("a.signature"));
  fs::remove(root_ / "a.signature");
  EXPECT_EQ(reference_for(path("a.elf")), path("a.reference_output"));
}

TEST_F(Collect, EachFileOnceAndArgumentOrderDoesNotMatter) {
  const auto one = collect_tests({path("b/x.elf"), root_.string(), path("a.elf")});
  const auto two = collect_tests({root_.string()});
  ASSERT_EQ(one.size(), two.size());
  for (size_t i = 0; i < one.size(); ++i) EXPECT_EQ(one[i].path, two[i].path);
}

TEST_F(Collect, ExplicitFileMustBeAnElf) {
  EXPECT_THROW(collect_tests({path("notes.txt")}), ConformError);
  EXPECT_THROW(collect_tests({path("missing.elf")}), ConformError);
  // An explicit ELF runs even if it is not a RISC-V executable: `run` says what is wrong.
  const auto t = collect_tests({path("obj.o")});
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].classname, root_.generic_string());
}

TEST(CollectBare, BareFileNameHasTheCurrentFolderAsClass) {
  const fs::path dir = fs::path(NPUVP_TEST_WORK_DIR) / "bare";
  fs::create_directories(dir);
  unsigned char h[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 243};
  std::ofstream(dir / "t.elf", std::ios::binary).write(reinterpret_cast<const char*>(h), sizeof h);
  const fs::path cwd = fs::current_path();
  fs::current_path(dir);
  const auto tests = collect_tests({"t.elf"});
  fs::current_path(cwd);
  ASSERT_EQ(tests.size(), 1u);
  EXPECT_EQ(tests[0].classname, ".");
  EXPECT_EQ(tests[0].name, "t.elf");
}

std::vector<TestResult> sample_results() {
  TestResult ok;
  ok.test = {"suite/a.elf", "a.elf", "suite", ""};
  ok.outcome = Outcome::Pass;
  ok.status = 0;
  ok.seconds = 0.25;
  TestResult bad;
  bad.test = {"suite/<b>&\"c\".elf", "<b>&\"c\".elf", "suite", ""};
  bad.outcome = Outcome::ExitCode;
  bad.status = 3;
  bad.reason = "exit code 3";
  bad.console = std::string("FAIL: case 3 \x01 <x>\n");
  bad.log = "npuvp: a 'quoted' & <tagged> line\n";
  return {ok, bad};
}

TEST(Report, FailureLinesThenSummary) {
  std::ostringstream o;
  write_report(o, sample_results());
  EXPECT_EQ(o.str(), "FAIL suite/<b>&\"c\".elf: exit code 3\n1 passed, 1 failed\n");
  EXPECT_EQ(summary_line({}), "0 passed, 0 failed");
}

TEST(Report, XmlEscape) {
  EXPECT_EQ(xml_escape("a<b & \"c\" 'd'>\x01\t\n"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;?\t\n");
}

TEST(Report, JunitParsesBackToTheResults) {
  std::ostringstream o;
  write_junit(o, sample_results(), "npuvp conform", 1.5);
  const auto root = xml_reader::parse(o.str());
  EXPECT_EQ(root->name, "testsuites");
  const auto suites = root->all("testsuite");
  ASSERT_EQ(suites.size(), 1u);
  const auto& s = *suites[0];
  EXPECT_EQ(s.attr("tests"), "2");
  EXPECT_EQ(s.attr("failures"), "1");
  EXPECT_EQ(s.attr("time"), "1.500");
  const auto cases = s.all("testcase");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0]->attr("name"), "a.elf");
  EXPECT_EQ(cases[0]->attr("time"), "0.250");
  EXPECT_TRUE(cases[0]->all("failure").empty());
  EXPECT_EQ(cases[1]->attr("name"), "<b>&\"c\".elf");
  EXPECT_EQ(cases[1]->attr("classname"), "suite");
  const auto f = cases[1]->all("failure");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->attr("message"), "exit code 3");
  EXPECT_EQ(f[0]->attr("type"), "exit-code");
  EXPECT_EQ(f[0]->text, "exit code 3\nnpuvp: a 'quoted' & <tagged> line\n");
  ASSERT_EQ(cases[1]->all("system-out").size(), 1u);
  EXPECT_EQ(cases[1]->all("system-out")[0]->text, "FAIL: case 3 ? <x>\n");
}

// The runner keeps `jobs` children running at once. Each child here is a
// shell script standing in for npuvp: it registers itself in a folder and
// waits (at most ~5 s) until two children are registered, exiting 0 if they
// met and 7 if it waited alone. No timing is measured: with two jobs both
// tests pass; with one, the first child can never meet a second and fails.
class Jobs : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(NPUVP_TEST_WORK_DIR) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "met");
    script_ = (root_ / "child.sh").string();
    std::ofstream(script_) << "#!/bin/sh\n"
                              "d='"
                           << (root_ / "met").string()
                           << "'\n"
                              "touch \"$d/$$\"\n"
                              "i=0\n"
                              "while [ \"$(ls \"$d\" | wc -l)\" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done\n"
                              "[ \"$(ls \"$d\" | wc -l)\" -ge 2 ]\n"
                              "exit $(( $? ? 7 : 0 ))\n";
    fs::permissions(script_, fs::perms::owner_all);
    for (const char* n : {"a.elf", "b.elf"}) {
      npuvp::conform::TestCase t;
      t.path = (root_ / n).string();
      t.name = n;
      t.classname = root_.string();
      tests_.push_back(t);
    }
  }
  npuvp::conform::RunnerOptions options(unsigned jobs) const {
    npuvp::conform::RunnerOptions o;
    o.npuvp = script_;
    o.jobs = jobs;
    return o;
  }
  fs::path root_;
  std::string script_;
  std::vector<npuvp::conform::TestCase> tests_;
};

TEST_F(Jobs, TwoJobsRunTwoChildrenAtOnce) {
  const auto results = npuvp::conform::run_tests(tests_, options(2));
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) EXPECT_TRUE(r.passed()) << r.test.name << ": " << r.reason;
}

TEST_F(Jobs, OneJobRunsThemOneAfterTheOther) {
  const auto results = npuvp::conform::run_tests(tests_, options(1));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].outcome, npuvp::conform::Outcome::ExitCode);
  EXPECT_EQ(results[0].status, 7);
}

// A fault test (NAME.issue) passes only by failing with a matching reason.
// The child is a shell script standing in for npuvp: it prints the given
// line as npuvp would and exits with the given status.
class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(NPUVP_TEST_WORK_DIR) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  npuvp::conform::TestResult run(const std::string& line, int status) {
    const std::string script = (root_ / "child.sh").string();
    std::ofstream(script) << "#!/bin/sh\necho '" << line << "' >&2\nexit " << status << "\n";
    fs::permissions(script, fs::perms::owner_all);
    npuvp::conform::TestCase t;
    t.path = (root_ / "k.elf").string();
    t.name = "k.elf";
    t.expected_issue = "L0A address 0x100 is not 512-byte aligned";
    t.issue_file = (root_ / "k.issue").string();
    npuvp::conform::RunnerOptions o;
    o.npuvp = script;
    o.jobs = 1;
    return npuvp::conform::run_tests({t}, o).at(0);
  }
  fs::path root_;
};

TEST_F(FaultTest, MatchingFailurePasses) {
  const auto r = run("npuvp: error: npu.aic0: pc 0x98 (xnpu.mmad.f16\ta0, a1, a2): L0A address 0x100 is not 512-byte aligned", 125);
  EXPECT_TRUE(r.passed()) << r.reason;
}

TEST_F(FaultTest, PassingRunFails) {
  const auto r = run("npuvp: fine", 0);
  EXPECT_FALSE(r.passed());
  EXPECT_NE(r.reason.find("but the run passed"), std::string::npos) << r.reason;
}

TEST_F(FaultTest, OtherFailureFailsNamingBoth) {
  const auto r = run("npuvp: error: L0C address 0x20 is not 64-byte aligned", 125);
  EXPECT_FALSE(r.passed());
  EXPECT_NE(r.reason.find("L0A address 0x100"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("got: error: L0C address 0x20"), std::string::npos) << r.reason;
}

TEST_F(Collect, IssueFileMakesAFaultTest) {
  text(root_ / "a.issue", "is not 512-byte aligned\n");
  const auto tests = collect_tests({path("a.elf")});
  ASSERT_EQ(tests.size(), 1u);
  EXPECT_EQ(tests[0].issue_file, path("a.issue"));
  EXPECT_EQ(tests[0].expected_issue, "is not 512-byte aligned");
  EXPECT_EQ(issue_for(path("b/x.elf")), "");
}
