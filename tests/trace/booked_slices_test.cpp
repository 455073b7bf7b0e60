// BookedSlices alone: slices booked out of time order reach the sink in start
// order, only once the present has passed their start, in the sink's cycles.
#include "models/trace/booked_slices.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace npuvp {
namespace {

struct Recorder : TraceSink {
  std::vector<std::tuple<std::string, std::string, uint64_t, uint64_t>> slices;
  void slice(const std::string& track, const std::string& name, uint64_t start, uint64_t end) override {
    slices.emplace_back(track, name, start, end);
  }
  void flow(uint64_t, const std::string&, uint64_t, const std::string&, uint64_t) override {}
};

TEST(BookedSlices, HandsOverInStartOrderOncePassed) {
  Recorder r;
  const std::string a = "hbm/ch0/pc0", b = "hbm/ch0/pc1";
  BookedSlices s(&r, 10);  // 10 ticks per sink cycle
  s.add(a, "late", 500, 580);
  s.add(b, "early", 100, 180);  // booked later, starts earlier
  s.add(a, "same start, booked last", 500, 520);
  s.flush_before(100);  // nothing starts before 100
  EXPECT_TRUE(r.slices.empty());
  s.flush_before(101);
  ASSERT_EQ(r.slices.size(), 1u);
  EXPECT_EQ(r.slices[0], std::make_tuple(b, std::string("early"), uint64_t{10}, uint64_t{18}));
  EXPECT_EQ(s.pending(), 2u);
  s.flush_all();
  ASSERT_EQ(r.slices.size(), 3u);
  EXPECT_EQ(std::get<1>(r.slices[1]), "late");  // equal starts: booking order
  EXPECT_EQ(std::get<1>(r.slices[2]), "same start, booked last");
}

TEST(BookedSlices, CyclesRoundDownAndLastAtLeastOne) {
  Recorder r;
  const std::string t = "d2d/die0->die1";
  BookedSlices s(&r, 10);
  s.add(t, "touching 1", 95, 125);   // cycles 9..12
  s.add(t, "touching 2", 125, 131);  // 12..13: still touching, not overlapping
  s.add(t, "short", 141, 143);       // inside one cycle: 14..15
  s.flush_all();
  ASSERT_EQ(r.slices.size(), 3u);
  EXPECT_EQ(std::get<2>(r.slices[0]), 9u);
  EXPECT_EQ(std::get<3>(r.slices[0]), 12u);
  EXPECT_EQ(std::get<2>(r.slices[1]), 12u);
  EXPECT_EQ(std::get<3>(r.slices[1]), 13u);
  EXPECT_EQ(std::get<2>(r.slices[2]), 14u);
  EXPECT_EQ(std::get<3>(r.slices[2]), 15u);
}

TEST(BookedSlices, WithoutASinkKeepsNothing) {
  BookedSlices s;
  const std::string t = "x/y";
  s.add(t, "n", 1, 2);
  EXPECT_FALSE(s.on());
  EXPECT_EQ(s.pending(), 0u);
}

}  // namespace
}  // namespace npuvp
