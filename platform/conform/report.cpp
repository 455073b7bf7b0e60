#include "platform/conform/report.h"

#include <cstdio>
#include <ostream>

namespace npuvp::conform {

namespace {
std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}
}  // namespace

std::string failure_line(const TestResult& r) { return "FAIL " + r.test.path + ": " + r.reason; }

std::string summary_line(const std::vector<TestResult>& results) {
  size_t passed = 0;
  for (const TestResult& r : results) passed += r.passed();
  return std::to_string(passed) + " passed, " + std::to_string(results.size() - passed) + " failed";
}

void write_report(std::ostream& os, const std::vector<TestResult>& results) {
  for (const TestResult& r : results)
    if (!r.passed()) os << failure_line(r) << "\n";
  os << summary_line(results) << "\n";
}

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
          out += '?';
        else
          out += c;
    }
  }
  return out;
}

void write_junit(std::ostream& os, const std::vector<TestResult>& results, const std::string& suite,
                 double total_seconds) {
  size_t failures = 0;
  for (const TestResult& r : results) failures += !r.passed();
  const std::string counts = " tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"0\" time=\"" + seconds(total_seconds) + "\"";
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  os << "<testsuites name=\"" << xml_escape(suite) << "\"" << counts << ">\n";
  os << "  <testsuite name=\"" << xml_escape(suite) << "\"" << counts << " skipped=\"0\">\n";
  for (const TestResult& r : results) {
    os << "    <testcase classname=\"" << xml_escape(r.test.classname) << "\" name=\"" << xml_escape(r.test.name)
       << "\" time=\"" << seconds(r.seconds) << "\"";
    if (r.passed()) {
      os << "/>\n";
      continue;
    }
    os << ">\n      <failure message=\"" << xml_escape(r.reason) << "\" type=\"" << outcome_name(r.outcome) << "\">"
       << xml_escape(r.reason);
    if (!r.log.empty()) os << "\n" << xml_escape(r.log);
    os << "</failure>\n";
    if (!r.console.empty()) os << "      <system-out>" << xml_escape(r.console) << "</system-out>\n";
    os << "    </testcase>\n";
  }
  os << "  </testsuite>\n</testsuites>\n";
}

}  // namespace npuvp::conform
