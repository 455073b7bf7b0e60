// Whole files as text, and a phrase looked for in a text, for the tests that
// check what a program wrote.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace npuvp::testing_cli {

// The bytes of the file at `path`, or "" if it cannot be read (the caller's
// assertion on the contents then says what is missing).
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace npuvp::testing_cli
