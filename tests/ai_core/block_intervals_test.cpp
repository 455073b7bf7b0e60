// BlockIntervals (the cube buffers' race-checker shadow) against a flat
// array doing the same visits block by block: same states, same visit order,
// and runs joined again once they are equal.
#include "models/ai_core/block_intervals.h"

#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace {

struct State {
  uint32_t writer = 0;
  uint32_t reads = 0;
  bool operator==(const State& o) const { return writer == o.writer && reads == o.reads; }
};

TEST(BlockIntervals, MatchesAFlatArrayUnderRandomVisits) {
  constexpr uint64_t kBlocks = 300;
  npuvp::BlockIntervals<State> runs(kBlocks);
  std::vector<State> flat(kBlocks);
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    const uint64_t b0 = rng() % (kBlocks + 10), b1 = b0 + rng() % 64;
    const bool write = rng() % 2;
    const uint32_t who = rng() % 3;
    std::vector<std::pair<uint64_t, State>> seen_flat, seen_runs;
    for (uint64_t b = b0; b < b1 && b < kBlocks; ++b) {
      // A run reports its first block only: record where the state changes.
      if (seen_flat.empty() || !(seen_flat.back().second == flat[b]) || b == b0) seen_flat.push_back({b, flat[b]});
      if (write) flat[b].writer = who; else ++flat[b].reads;
    }
    runs.visit(b0, b1, [&](State& s, uint64_t b) {
      seen_runs.push_back({b, s});
      if (write) s.writer = who; else ++s.reads;
    });
    // Visits of equal neighbouring runs merge in the flat record.
    std::vector<std::pair<uint64_t, State>> merged;
    for (const auto& v : seen_runs)
      if (merged.empty() || !(merged.back().second == v.second)) merged.push_back(v);
    ASSERT_EQ(merged.size(), seen_flat.size()) << "visit " << i;
    for (size_t k = 0; k < merged.size(); ++k) {
      EXPECT_EQ(merged[k].first, seen_flat[k].first);
      EXPECT_TRUE(merged[k].second == seen_flat[k].second);
    }
  }
  // Read back every block through one-block visits.
  size_t distinct = 1;
  for (uint64_t b = 0; b < kBlocks; ++b) {
    if (b > 0 && !(flat[b] == flat[b - 1])) ++distinct;
    runs.visit(b, b + 1, [&](State& s, uint64_t at) {
      EXPECT_EQ(at, b);
      EXPECT_TRUE(s == flat[b]) << "block " << b;
    });
  }
  EXPECT_EQ(runs.runs(), distinct);  // no two neighbouring runs are equal
}

// visit_unless: the visit of a range happens exactly when no block of it
// satisfies the predicate; otherwise nothing changes.
TEST(BlockIntervals, VisitUnlessChangesNothingWhenThePredicateHolds) {
  constexpr uint64_t kBlocks = 200;
  npuvp::BlockIntervals<State> runs(kBlocks);
  std::vector<State> flat(kBlocks);
  std::mt19937 rng(11);
  int refused = 0;
  for (int i = 0; i < 5000; ++i) {
    const uint64_t b0 = rng() % (kBlocks + 10), b1 = b0 + rng() % 40;
    const uint32_t who = rng() % 4;
    bool blocked = false;
    for (uint64_t b = b0; b < b1 && b < kBlocks; ++b) blocked = blocked || flat[b].writer == 3;
    if (!blocked)
      for (uint64_t b = b0; b < b1 && b < kBlocks; ++b) flat[b].writer = who, ++flat[b].reads;
    const bool done = runs.visit_unless(
        b0, b1, [](const State& s, uint64_t) { return s.writer == 3; },
        [&](State& s, uint64_t) { s.writer = who, ++s.reads; });
    ASSERT_EQ(done, !blocked) << "visit " << i;
    refused += blocked;
  }
  EXPECT_GT(refused, 100);  // both outcomes happened
  for (uint64_t b = 0; b < kBlocks; ++b)
    runs.visit(b, b + 1, [&](State& s, uint64_t) { EXPECT_TRUE(s == flat[b]) << "block " << b; });
}

TEST(BlockIntervals, AWholeBufferWriteLeavesOneRun) {
  npuvp::BlockIntervals<State> runs(4096);
  runs.visit(10, 20, [](State& s, uint64_t) { s.writer = 1; });
  runs.visit(100, 101, [](State& s, uint64_t) { s.reads = 3; });
  EXPECT_EQ(runs.runs(), 5u);
  int visits = 0;
  runs.visit(0, 4096, [&](State& s, uint64_t) { s = State{2, 0}; ++visits; });
  EXPECT_EQ(visits, 5);
  EXPECT_EQ(runs.runs(), 1u);
  runs.visit(4000, 9000, [&](State&, uint64_t b) { EXPECT_EQ(b, 4000u); });  // clipped to the buffer
  runs.visit(5000, 6000, [&](State&, uint64_t) { ADD_FAILURE() << "outside the buffer"; });
}

}  // namespace
