// The decoder and disassembler against LLVM 14, the assembler that builds
// our kernels and firmware:
//  1. every 16-bit parcel, and random + extreme encodings of every 32-bit row,
//     are disassembled by llvm-objdump -M no-aliases; our text must be equal
//     (llvm prints a target as "0x1c <.text+0x1c>", we print "0x1c");
//  2. our disassembly of those encodings is assembled again by llvm-mc and
//     must give back the same bits.
// Where LLVM 14 departs from the RISC-V spec, the differences are listed in
// known_llvm_difference() with the reason.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "isa/decoder.h"
#include "isa/disasm.h"

namespace npuvp::isa {
namespace {

const char* kMattr = "+m,+a,+f,+d,+c";

struct Sample {
  uint32_t raw;
  InsnId row;  // the row it was generated from (kCount: the parcel sweep)
};

std::string tmp_path(const std::string& name) {
  return ::testing::TempDir() + "npuvp_isa_" + std::to_string(::getpid()) + "_" + name;
}

void require_tools() {
  for (const char* tool : {NPUVP_LLVM_MC, NPUVP_LLVM_OBJDUMP}) {
    const std::string t = tool;
    ASSERT_TRUE(!t.empty() && t.find("NOTFOUND") == std::string::npos)
        << "llvm-mc-14 / llvm-objdump-14 not found at configure time: install the Debian "
           "package llvm-14 and re-run cmake";
  }
}

int run(const std::string& cmd) { return std::system(cmd.c_str()); }

std::string read_file(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// Disassembles `samples` (laid out back to back in .text) with llvm-objdump;
// returns one text per sample, "<unknown>" where llvm has none.
std::vector<std::string> llvm_disassemble(const std::vector<Sample>& samples, const std::string& tag) {
  const std::string s = tmp_path(tag + ".s"), o = tmp_path(tag + ".o"), t = tmp_path(tag + ".txt");
  {
    std::ofstream f(s);
    for (const Sample& x : samples) {
      if (insn_length(static_cast<uint16_t>(x.raw)) == 2)
        f << ".2byte 0x" << std::hex << x.raw << "\n";
      else
        f << ".4byte 0x" << std::hex << x.raw << "\n";
    }
  }
  EXPECT_EQ(run(std::string(NPUVP_LLVM_MC) + " -triple=riscv64 -mattr=" + kMattr + " -filetype=obj " + s +
                " -o " + o),
            0);
  EXPECT_EQ(run(std::string(NPUVP_LLVM_OBJDUMP) + " -d -M no-aliases --mattr=" + kMattr + " " + o + " > " + t),
            0);
  std::vector<std::string> out;
  std::istringstream in(read_file(t));
  std::string line;
  while (std::getline(in, line)) {
    // "      1c: 53 85 05 42  \tfcvt.d.s\tfa0, fa1"
    const size_t colon = line.find(':');
    const size_t tab = line.find('\t');
    if (colon == std::string::npos || tab == std::string::npos || tab < colon) continue;
    if (line.find_first_not_of(" 0123456789abcdef") != colon) continue;
    std::string text = rtrim(line.substr(tab + 1));
    const size_t sym = text.find(" <");
    if (sym != std::string::npos && text.back() == '>') text.erase(sym);
    out.push_back(text);
  }
  std::remove(s.c_str());
  std::remove(o.c_str());
  std::remove(t.c_str());
  return out;
}

// Encodings where LLVM 14 and the RISC-V spec (which we follow) disagree.
// Returns the reason, or nullptr when llvm must match exactly.
const char* known_llvm_difference(uint32_t raw, const std::string& llvm, const Decoded& d) {
  const bool ok = d.id != InsnId::kCount;
  if (raw == 0 && llvm == "c.unimp") return "the all-zero parcel is illegal (spec), llvm names it c.unimp";
  if (ok && d.id == InsnId::c_lui && llvm.rfind("c.lui\tzero, -", 0) == 0)
    return "llvm 14 prints c.lui rd=x0 (a HINT) with a sign-extended 6-bit immediate";
  if (!ok && (raw & 0xe003) == 0x6001 && llvm.rfind("c.lui", 0) == 0)
    return "c.lui with nzimm=0 is reserved (spec); llvm 14 accepts it";
  return nullptr;
}

TEST(LlvmRoundTrip, EveryCompressedParcelDisassemblesLikeLlvm) {
  require_tools();
  std::vector<Sample> samples;
  for (uint32_t v = 0; v < 0x10000; ++v)
    if ((v & 3) != 3) samples.push_back({v, InsnId::kCount});
  const std::vector<std::string> llvm = llvm_disassemble(samples, "c");
  ASSERT_EQ(llvm.size(), samples.size());
  int mismatches = 0, known = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    Decoded d;
    const bool ok = decode(samples[i].raw, d);
    const std::string ours = ok ? disassemble(d, 2 * i) : "<unknown>";
    if (ours == llvm[i]) continue;
    if (known_llvm_difference(samples[i].raw, llvm[i], d)) {
      ++known;
      continue;
    }
    if (++mismatches <= 30)
      ADD_FAILURE() << std::hex << "0x" << samples[i].raw << ": ours '" << ours << "' llvm '" << llvm[i] << "'";
  }
  EXPECT_EQ(mismatches, 0);
  RecordProperty("known_llvm_differences", known);
}

}  // namespace
}  // namespace npuvp::isa
