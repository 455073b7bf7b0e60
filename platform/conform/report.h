// What a conformance run tells: one line per failure, the summary line CI
// tools read ("N passed, N failed"), and JUnit XML.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "platform/conform/runner.h"

namespace npuvp::conform {

// "FAIL <path>: <reason>"
std::string failure_line(const TestResult& r);
// "<passed> passed, <failed> failed"
std::string summary_line(const std::vector<TestResult>& results);
// The failure lines in test order, then the summary line.
void write_report(std::ostream& os, const std::vector<TestResult>& results);

// Text for XML attribute values and element content: the five special
// characters as entities, control characters XML 1.0 cannot hold as '?'.
std::string xml_escape(const std::string& s);

// JUnit XML: <testsuites> holding one <testsuite name=suite> with tests,
// failures and time; a <testcase classname=folder name=file time=seconds>
// per test; a failure has <failure message=reason type=outcome> with the
// child's stderr, and <system-out> with the end of the program's console.
void write_junit(std::ostream& os, const std::vector<TestResult>& results, const std::string& suite,
                 double total_seconds);

}  // namespace npuvp::conform
