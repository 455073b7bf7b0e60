// Tag store of the scalar core's instruction cache, for timing only: the
// instructions themselves come from the decoded-instruction cache. Set
// associative with true LRU replacement.
#pragma once

#include <cstdint>
#include <vector>

namespace npuvp {

class ICache {
 public:
  // size and line in bytes (powers of two), ways >= 1.
  void configure(uint32_t size, uint32_t line, uint32_t ways) {
    line_shift_ = 0;
    while ((1u << line_shift_) < line) ++line_shift_;
    ways_ = ways == 0 ? 1 : ways;
    sets_ = size / line / ways_;
    if (sets_ == 0) sets_ = 1;
    tags_.assign(static_cast<size_t>(sets_) * ways_, kInvalid);
    stamp_.assign(tags_.size(), 0);
  }
  unsigned line_shift() const { return line_shift_; }

  // Looks up the line number (address >> line_shift); fills it on a miss.
  // Returns true on a hit.
  bool access(uint64_t line) {
    uint64_t set = line % sets_;
    uint64_t* tags = &tags_[set * ways_];
    uint64_t* stamp = &stamp_[set * ways_];
    ++clock_;
    unsigned victim = 0;
    for (unsigned w = 0; w < ways_; ++w) {
      if (tags[w] == line) {
        stamp[w] = clock_;
        return true;
      }
      if (stamp[w] < stamp[victim]) victim = w;
    }
    tags[victim] = line;
    stamp[victim] = clock_;
    ++misses_;
    return false;
  }
  void flush() {
    std::fill(tags_.begin(), tags_.end(), kInvalid);
    std::fill(stamp_.begin(), stamp_.end(), 0);
  }
  uint64_t misses() const { return misses_; }

 private:
  static constexpr uint64_t kInvalid = ~uint64_t{0};
  unsigned line_shift_ = 6;
  unsigned ways_ = 1;
  uint64_t sets_ = 1;
  std::vector<uint64_t> tags_, stamp_;
  uint64_t clock_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace npuvp
