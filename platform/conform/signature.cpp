#include "platform/conform/signature.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>

#include "platform/elf_loader.h"

namespace npuvp::conform {

namespace {
std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08" PRIx32, v);
  return buf;
}
}  // namespace

std::optional<SignatureRegion> signature_region(const SymbolTable& symbols) {
  const auto begin = symbols.address("begin_signature");
  const auto end = symbols.address("end_signature");
  if (!begin && !end) return std::nullopt;
  if (!begin || !end)
    throw SignatureError(std::string("the ELF has ") + (begin ? "begin_signature" : "end_signature") + " but no " +
                         (begin ? "end_signature" : "begin_signature"));
  if (*end < *begin) throw SignatureError("end_signature lies below begin_signature");
  if ((*end - *begin) % 4 != 0)
    throw SignatureError("the signature region is " + std::to_string(*end - *begin) +
                         " bytes, not a whole number of 32-bit words");
  return SignatureRegion{*begin, *end};
}

std::string format_signature(const uint8_t* bytes, size_t size) {
  std::string out;
  out.reserve(size / 4 * 9);
  char line[16];
  for (size_t i = 0; i + 4 <= size; i += 4) {
    const uint32_t w = static_cast<uint32_t>(bytes[i]) | static_cast<uint32_t>(bytes[i + 1]) << 8 |
                       static_cast<uint32_t>(bytes[i + 2]) << 16 | static_cast<uint32_t>(bytes[i + 3]) << 24;
    std::snprintf(line, sizeof line, "%08" PRIx32 "\n", w);
    out += line;
  }
  return out;
}

std::vector<uint32_t> parse_signature(const std::string& text) {
  std::vector<uint32_t> words;
  size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    ++line_no;
    size_t b = pos, e = eol;
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    pos = eol + 1;
    if (b == e) continue;
    const std::string raw = text.substr(b, e - b);
    if (e - b > 2 && text[b] == '0' && (text[b + 1] == 'x' || text[b + 1] == 'X')) b += 2;
    const std::string digits = text.substr(b, e - b);
    bool ok = !digits.empty() && digits.size() <= 8;
    for (char c : digits) ok = ok && std::isxdigit(static_cast<unsigned char>(c));
    if (!ok)
      throw SignatureError("line " + std::to_string(line_no) + ": '" + raw +
                           "' is not a 32-bit hex word");
    words.push_back(static_cast<uint32_t>(std::stoul(digits, nullptr, 16)));
  }
  return words;
}

SignatureDiff compare_signatures(const std::vector<uint32_t>& expected, const std::vector<uint32_t>& got) {
  SignatureDiff d;
  d.expected_words = expected.size();
  d.got_words = got.size();
  const size_t n = std::max(expected.size(), got.size());
  for (size_t i = 0; i < n; ++i) {
    const bool have_e = i < expected.size(), have_g = i < got.size();
    if (have_e && have_g && expected[i] == got[i]) continue;
    d.equal = false;
    d.index = i;
    if (have_e) d.expected = expected[i];
    if (have_g) d.got = got[i];
    break;
  }
  return d;
}

std::string SignatureDiff::describe() const {
  if (equal) return "signatures match";
  char offset[32];
  std::snprintf(offset, sizeof offset, "0x%zx", index * 4);
  std::string s = "signature word " + std::to_string(index) + " (offset " + offset + "): expected " +
                  (expected ? hex32(*expected) : std::string("no word")) + ", got " +
                  (got ? hex32(*got) : std::string("no word"));
  if (expected_words != got_words)
    s += " (reference has " + std::to_string(expected_words) + " words, the run " + std::to_string(got_words) + ")";
  return s;
}

}  // namespace npuvp::conform
