// Runs aicore_driver on one test kernel and parses its JSON report (the
// AI-core tests share it).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace npuvp {

inline nlohmann::json run(const std::string& kernel, bool regions = false, bool aic = false) {
  std::string cmd = std::string(DRIVER) + " " + KERNEL_DIR + "/" + kernel + ".elf" + (regions ? " --regions" : "") +
                    (aic ? " --aic" : "");
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  EXPECT_EQ(status, 0) << cmd << "\n" << out;
  return nlohmann::json::parse(out, nullptr, false);
}

inline bool has_issue(const nlohmann::json& j, const std::string& kind, const std::string& text) {
  for (const auto& i : j["issues"])
    if (i["kind"] == kind && i["message"].get<std::string>().find(text) != std::string::npos)
      return true;
  return false;
}

}  // namespace npuvp
