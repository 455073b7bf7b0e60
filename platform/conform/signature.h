// Signatures, as riscv-arch-test uses them: a test program stores its results
// between the symbols `begin_signature` and `end_signature`; after the run
// the bytes of that region are written as 32-bit little-endian words, one
// per line, 8 lowercase hex digits each, lowest address first. A reference
// file in the same format says what a correct run writes there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace npuvp {

class SymbolTable;

namespace conform {

class SignatureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// [begin, end) of the signature region.
struct SignatureRegion {
  uint64_t begin = 0;
  uint64_t end = 0;
  uint64_t size() const { return end - begin; }
};

// The region the ELF's symbols name; nullopt if it has neither symbol.
// Throws SignatureError if only one exists, end < begin, or the size is not
// a multiple of 4 bytes.
std::optional<SignatureRegion> signature_region(const SymbolTable& symbols);

// The region's bytes (size a multiple of 4) as signature text.
std::string format_signature(const uint8_t* bytes, size_t size);

// Parses signature text: one word per line, 1 to 8 hex digits, an optional
// 0x, surrounding blanks and a final newline (or its absence) ignored;
// blank lines are ignored. Throws SignatureError("line N: ...").
std::vector<uint32_t> parse_signature(const std::string& text);

// Where two signatures first differ.
struct SignatureDiff {
  bool equal = true;
  size_t index = 0;  // the first word that differs (or the first missing one)
  std::optional<uint32_t> expected, got;  // nullopt: that side has no word there
  size_t expected_words = 0, got_words = 0;
  std::string describe() const;  // "signature word 3 (offset 0xc): expected 0x..., got 0x..."
};
SignatureDiff compare_signatures(const std::vector<uint32_t>& expected, const std::vector<uint32_t>& got);

}  // namespace conform
}  // namespace npuvp
