// Makes the input of the STREAM copy example: a .npy of BLOCKS x BYTES u8
// (one row per block) with a deterministic, non-repeating pattern, so that a
// copy that moves the wrong bytes is caught by `--expect 1:x.npy`.
//
//   stream_inputs --blocks 48 --bytes-per-block 1048576 x.npy
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "platform/launch/npy.h"

namespace {

int usage() {
  std::fprintf(stderr, "usage: stream_inputs --blocks B --bytes-per-block N FILE.npy\n"
                       "  writes a u8 tensor of shape BxN (N a multiple of 32)\n");
  return 2;
}

bool parse_u64(const char* s, uint64_t& v) {
  char* end = nullptr;
  v = std::strtoull(s, &end, 0);
  return end != s && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t blocks = 0, bytes = 0;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--blocks" || a == "--bytes-per-block") && i + 1 < argc) {
      if (!parse_u64(argv[++i], a == "--blocks" ? blocks : bytes)) return usage();
    } else if (!a.empty() && a[0] != '-' && path.empty()) {
      path = a;
    } else {
      return usage();
    }
  }
  if (blocks == 0 || bytes == 0 || bytes % 32 != 0 || path.empty()) return usage();
  try {
    npuvp::Tensor t = npuvp::make_tensor(npuvp::DType::U8, {blocks, bytes});
    // xorshift64: every 8 bytes a new word, never the same pattern twice.
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (size_t k = 0; k < t.data.size(); k += 8) {
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      std::memcpy(t.data.data() + k, &s, std::min<size_t>(8, t.data.size() - k));
    }
    npuvp::write_npy(path, t);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stream_inputs: %s\n", e.what());
    return 1;
  }
  return 0;
}
