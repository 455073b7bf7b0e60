// The trace file as a viewer reads it: parsed back with nlohmann::json.
#include "models/trace/chrome_trace.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "file_text.h"

using namespace npuvp;
using nlohmann::json;

namespace {

using npuvp::testing_cli::slurp;

ChromeTraceOptions at(uint64_t hz) {
  ChromeTraceOptions o;
  o.clock_hz = hz;
  return o;
}

std::string temp_path(const std::string& tag) {
  return ::testing::TempDir() + "npuvp_trace_" + tag + "_" + std::to_string(::getpid()) + ".json";
}

struct Parsed {
  json doc;
  std::map<uint64_t, std::string> process;               // pid -> name
  std::map<std::pair<uint64_t, uint64_t>, std::string> thread;  // (pid, tid) -> name
  std::map<std::pair<uint64_t, uint64_t>, int64_t> sort;        // (pid, tid) -> thread_sort_index
  std::vector<json> x, s, f;

  explicit Parsed(const std::string& text) : doc(json::parse(text)) {
    for (const json& e : doc.at("traceEvents")) {
      const std::string ph = e.at("ph");
      if (ph == "M") {
        const std::string n = e.at("name");
        if (n == "process_name") process[e.at("pid")] = e.at("args").at("name");
        if (n == "thread_name") thread[{e.at("pid"), e.at("tid")}] = e.at("args").at("name");
        if (n == "thread_sort_index") sort[{e.at("pid"), e.at("tid")}] = e.at("args").at("sort_index");
      } else if (ph == "X") {
        x.push_back(e);
      } else if (ph == "s") {
        s.push_back(e);
      } else if (ph == "f") {
        f.push_back(e);
      } else {
        ADD_FAILURE() << "unexpected phase " << ph;
      }
    }
  }
  // The full track name "process/thread" of an event.
  std::string track(const json& e) const {
    return process.at(e.at("pid")) + "/" + thread.at({e.at("pid"), e.at("tid")});
  }
  std::vector<json> on(const std::string& track_name) const {
    std::vector<json> out;
    for (const json& e : x)
      if (track(e) == track_name) out.push_back(e);
    return out;
  }
  // The X event a flow end binds to: same pid, tid, cat and ts.
  const json* bound(const json& end) const {
    const json* hit = nullptr;
    for (const json& e : x)
      if (e.at("pid") == end.at("pid") && e.at("tid") == end.at("tid") && e.at("cat") == end.at("cat") &&
          e.at("ts").get<double>() == end.at("ts").get<double>())
        hit = &e;
    return hit;
  }
};

std::string write(const ChromeTraceOptions& o, const std::function<void(ChromeTrace&)>& body) {
  std::ostringstream out;
  {
    ChromeTrace t(out, o);
    body(t);
    t.finish();
  }
  return out.str();
}

// A small double-buffered kernel's shape: MTE2 loads, V computes, MTE3
// stores, set/wait pairs between them, plus an HBM channel and the D2D link.
void kernel(ChromeTrace& t) {
  t.slice("aiv3/PIPE_S", "set_flag\tMTE2, V, 0", 10, 11);
  t.slice("aiv3/PIPE_MTE2", "copy_gm_to_ubuf\tu0, a0", 12, 112);
  t.slice("aiv3/PIPE_MTE2", "copy_gm_to_ubuf\tu1, a1", 62, 162);  // pipelined: overlaps the first
  t.slice("aiv3/PIPE_MTE2", "set_flag\tMTE2, V, 1", 112, 113);
  t.slice("aiv3/PIPE_V", "wait_flag\tMTE2, V, 1", 120, 121);
  t.flow(7, "aiv3/PIPE_MTE2", 112, "aiv3/PIPE_V", 120);
  t.slice("aiv3/PIPE_V", "vadd\tv0, v1, v2", 121, 181);
  t.slice("aiv3/PIPE_V", "set_flag\tV, MTE3, 0", 181, 182);
  t.slice("aiv3/PIPE_MTE3", "wait_flag\tV, MTE3, 0", 190, 191);
  t.flow(8, "aiv3/PIPE_V", 181, "aiv3/PIPE_MTE3", 190);
  t.slice("aiv3/PIPE_MTE3", "copy_ubuf_to_gm\ta2, u2", 191, 291);
  t.slice("hbm/ch0", "read 0x1000 +512", 40, 100);
  t.slice("d2d/link", "die1->die0 512B", 50, 150);
  t.slice("aiv4/PIPE_V", "vmul\tv0, v1, v2", 5, 65);
}

}  // namespace

TEST(ChromeTrace, ObjectFormatWithProcessesThreadsAndSortOrder) {
  Parsed p(write(at(1'000'000'000), kernel));
  EXPECT_EQ(p.doc.at("displayTimeUnit"), "ns");
  EXPECT_EQ(p.doc.at("otherData").at("clock_hz"), 1'000'000'000u);
  EXPECT_EQ(p.doc.at("otherData").at("truncated"), false);
  EXPECT_EQ(p.doc.at("otherData").at("timeline"), "clock");
  std::set<std::string> procs;
  for (const auto& [pid, name] : p.process) procs.insert(name);
  EXPECT_EQ(procs, (std::set<std::string>{"aiv3", "aiv4", "hbm", "d2d"}));
  ASSERT_EQ(p.x.size(), 12u);
  EXPECT_EQ(p.doc.at("otherData").at("slices"), 12u);
  // Every X event's (pid, tid) is named, and the names give the track back.
  std::set<std::string> tracks;
  for (const json& e : p.x) tracks.insert(p.track(e));
  EXPECT_EQ(tracks, (std::set<std::string>{"aiv3/PIPE_S", "aiv3/PIPE_MTE2", "aiv3/PIPE_V", "aiv3/PIPE_MTE3",
                                           "aiv3/PIPE_MTE2 #2", "hbm/ch0", "d2d/link", "aiv4/PIPE_V"}));
  // Pipes sort S, V, M, MTE1, MTE2, MTE3, FIX whatever order they appeared in.
  auto sort_of = [&](const std::string& name) {
    for (const auto& [key, n] : p.thread)
      if (p.process.at(key.first) == "aiv3" && n == name) return p.sort.at(key);
    ADD_FAILURE() << name;
    return int64_t{-1};
  };
  EXPECT_LT(sort_of("PIPE_S"), sort_of("PIPE_V"));
  EXPECT_LT(sort_of("PIPE_V"), sort_of("PIPE_MTE2"));
  EXPECT_LT(sort_of("PIPE_MTE2"), sort_of("PIPE_MTE2 #2"));
  EXPECT_LT(sort_of("PIPE_MTE2 #2"), sort_of("PIPE_MTE3"));
  // pids and tids are all distinct ids.
  std::set<uint64_t> ids;
  for (const auto& [pid, n] : p.process) ids.insert(pid);
  for (const auto& [key, n] : p.thread) EXPECT_TRUE(ids.insert(key.second).second) << n;
}

TEST(ChromeTrace, TimesInMicrosecondsAtTheClockWithCyclesInArgs) {
  Parsed p(write(at(1'800'000'000), [](ChromeTrace& t) {
    t.slice("aiv0/PIPE_V", "a", 1800, 3600);  // 1 us .. 2 us
    t.slice("aiv0/PIPE_V", "b", 3601, 3602);  // one cycle = 555.6 ps
  }));
  ASSERT_EQ(p.x.size(), 2u);
  EXPECT_DOUBLE_EQ(p.x[0].at("ts").get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(p.x[0].at("dur").get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(p.x[1].at("ts").get<double>(), 2.000556);  // 3601 / 1800 us, to the ps
  EXPECT_DOUBLE_EQ(p.x[1].at("dur").get<double>(), 0.000555);  // 2.001111 - 2.000556
  EXPECT_EQ(p.x[1].at("args").at("start_cycle"), 3601u);
  EXPECT_EQ(p.x[1].at("args").at("end_cycle"), 3602u);
  EXPECT_EQ(p.x[1].at("name"), "b");
  EXPECT_EQ(p.x[1].at("cat"), "npu");
}

TEST(ChromeTrace, CycleTimelineShowsOneCycleAsOneNanosecond) {
  ChromeTraceOptions o = at(1'800'000'000);
  o.cycle_timeline = true;
  Parsed p(write(o, [](ChromeTrace& t) { t.slice("aiv0/PIPE_V", "a", 1800, 1801); }));
  ASSERT_EQ(p.x.size(), 1u);
  EXPECT_DOUBLE_EQ(p.x[0].at("ts").get<double>(), 1.8);
  EXPECT_DOUBLE_EQ(p.x[0].at("dur").get<double>(), 0.001);
  EXPECT_EQ(p.doc.at("otherData").at("timeline"), "cycles");
  EXPECT_EQ(p.doc.at("otherData").at("clock_hz"), 1'800'000'000u);
}

TEST(ChromeTrace, EveryThreadIsMonotonicAndNonOverlappingEvenForPipelinedOrLateSlices) {
  Parsed p(write(at(1'000'000'000), [](ChromeTrace& t) {
    // Four pipelined MTE2 bursts in flight at once, then one reported late.
    for (uint64_t k = 0; k < 8; ++k) t.slice("aiv0/PIPE_MTE2", "burst", 10 * k, 10 * k + 35);
    t.slice("aiv0/PIPE_MTE2", "late", 3, 5);
  }));
  EXPECT_EQ(p.x.size(), 9u);
  std::map<std::pair<uint64_t, uint64_t>, std::vector<const json*>> by_thread;
  for (const json& e : p.x) by_thread[{e.at("pid"), e.at("tid")}].push_back(&e);
  EXPECT_EQ(by_thread.size(), 5u);  // 4 lanes in flight + the late one on its own
  for (const auto& [key, events] : by_thread)
    for (size_t i = 1; i < events.size(); ++i) {
      const double prev_end = (*events[i - 1])["ts"].get<double>() + (*events[i - 1])["dur"].get<double>();
      EXPECT_LE((*events[i - 1])["ts"].get<double>(), (*events[i])["ts"].get<double>());
      EXPECT_LE(prev_end, (*events[i])["ts"].get<double>() + 1e-9) << p.thread.at(key);
    }
  std::set<std::string> names;
  for (const auto& [key, n] : p.thread) names.insert(n);
  EXPECT_EQ(names, (std::set<std::string>{"PIPE_MTE2", "PIPE_MTE2 #2", "PIPE_MTE2 #3", "PIPE_MTE2 #4",
                                          "PIPE_MTE2 #5"}));
}

TEST(ChromeTrace, LanesBeyondTheLimitAreDroppedAndCounted) {
  ChromeTraceOptions o = at(1'000'000'000);
  o.max_lanes = 2;
  Parsed p(write(o, [](ChromeTrace& t) {
    for (uint64_t k = 0; k < 3; ++k) t.slice("aiv0/PIPE_MTE2", "burst", k, 100);
  }));
  EXPECT_EQ(p.x.size(), 2u);
  EXPECT_EQ(p.doc.at("otherData").at("slices_lane_overflow"), 1u);
}

TEST(ChromeTrace, FlowsPairByIdAndBindToTheSetAndWaitSlices) {
  Parsed p(write(at(1'000'000'000), kernel));
  ASSERT_EQ(p.s.size(), 2u);
  ASSERT_EQ(p.f.size(), 2u);
  EXPECT_EQ(p.doc.at("otherData").at("flows"), 2u);
  std::map<uint64_t, std::pair<const json*, const json*>> by_id;
  for (const json& e : p.s) by_id[e.at("id")].first = &e;
  for (const json& e : p.f) by_id[e.at("id")].second = &e;
  ASSERT_EQ(by_id.size(), 2u);
  std::map<uint64_t, std::pair<std::string, std::string>> seen;
  for (const auto& [id, ends] : by_id) {
    ASSERT_TRUE(ends.first && ends.second) << id;
    EXPECT_EQ(ends.second->at("bp"), "e");
    EXPECT_EQ(ends.first->at("name"), ends.second->at("name"));  // Perfetto keys v1 flows by id+cat+name
    EXPECT_EQ(ends.first->at("cat"), ends.second->at("cat"));
    const json* from = p.bound(*ends.first);
    const json* to = p.bound(*ends.second);
    ASSERT_TRUE(from && to) << id;
    seen[id] = {p.track(*from) + " " + from->at("name").get<std::string>(),
                p.track(*to) + " " + to->at("name").get<std::string>()};
  }
  EXPECT_EQ(seen[7].first, "aiv3/PIPE_MTE2 set_flag\tMTE2, V, 1");
  EXPECT_EQ(seen[7].second, "aiv3/PIPE_V wait_flag\tMTE2, V, 1");
  EXPECT_EQ(seen[8].first, "aiv3/PIPE_V set_flag\tV, MTE3, 0");
  EXPECT_EQ(seen[8].second, "aiv3/PIPE_MTE3 wait_flag\tV, MTE3, 0");
}

TEST(ChromeTrace, FlowFromAPointAfterItsSliceBindsToTheLatestSliceBefore) {
  // The AI core's arrow starts at set time + sync latency: still the set.
  Parsed p(write(at(1'000'000'000), [](ChromeTrace& t) {
    t.slice("c/PIPE_S", "set_flag", 10, 11);
    t.slice("c/PIPE_V", "wait_flag", 20, 21);
    t.flow(1, "c/PIPE_S", 14, "c/PIPE_V", 20);
  }));
  ASSERT_EQ(p.s.size(), 1u);
  ASSERT_NE(p.bound(p.s[0]), nullptr);
  EXPECT_EQ(p.bound(p.s[0])->at("name"), "set_flag");
}

TEST(ChromeTrace, FlowsWithoutSlicesToBindAreDroppedAndCounted) {
  Parsed p(write(at(1'000'000'000), [](ChromeTrace& t) {
    t.slice("c/PIPE_V", "wait_flag", 20, 21);
    t.flow(1, "c/PIPE_S", 10, "c/PIPE_V", 20);   // no such track
    t.flow(2, "c/PIPE_V", 5, "c/PIPE_V", 20);    // nothing before cycle 5
  }));
  EXPECT_TRUE(p.s.empty());
  EXPECT_TRUE(p.f.empty());
  EXPECT_EQ(p.doc.at("otherData").at("flows_unbound"), 2u);
}

TEST(ChromeTrace, WindowKeepsOverlappingSlicesWholeAndDropsTheRest) {
  ChromeTraceOptions o = at(1'000'000'000);
  o.window_from = 100;
  o.window_to = 200;
  Parsed p(write(o, [](ChromeTrace& t) {
    t.slice("c/PIPE_V", "before", 10, 100);   // ends at the window's start: out
    t.slice("c/PIPE_V", "straddle", 90, 110);  // kept whole, not clipped
    t.slice("c/PIPE_V", "inside", 150, 160);
    t.slice("c/PIPE_V", "tail", 199, 260);
    t.slice("c/PIPE_V", "after", 200, 210);    // starts at the window's end: out
    t.slice("c/PIPE_S", "zero", 200, 200);     // zero length at the end: out
    t.slice("c/PIPE_S", "set", 120, 121);
    t.slice("c/PIPE_S", "set_late", 205, 206);
    t.flow(1, "c/PIPE_S", 120, "c/PIPE_V", 150);  // both in the window
    t.flow(2, "c/PIPE_S", 205, "c/PIPE_V", 200);  // the late set was not written:
                                                 // must not bind to "set"
  }));
  std::vector<std::string> names;
  for (const json& e : p.x) names.push_back(e.at("name"));
  EXPECT_EQ(names, (std::vector<std::string>{"straddle", "inside", "tail", "set"}));
  EXPECT_DOUBLE_EQ(p.x[0].at("ts").get<double>(), 0.09);
  EXPECT_DOUBLE_EQ(p.x[0].at("dur").get<double>(), 0.02);
  EXPECT_EQ(p.doc.at("otherData").at("slices_outside_window"), 4u);
  ASSERT_EQ(p.s.size(), 1u);
  EXPECT_EQ(p.s[0].at("id"), 1u);
  EXPECT_EQ(p.doc.at("otherData").at("flows_unbound"), 1u);
  EXPECT_EQ(p.doc.at("otherData").at("window_from"), 100u);
  EXPECT_EQ(p.doc.at("otherData").at("window_to"), 200u);
}

TEST(ChromeTrace, SizeCapStopsRecordingAndLeavesAValidTruncatedFile) {
  const std::string path = temp_path("cap");
  ChromeTraceOptions o = at(1'000'000'000);
  o.max_bytes = 4096;
  uint64_t reported = 0;
  {
    ChromeTrace t(path, o);
    t.set_info("kernel", "add_custom");
    for (uint64_t k = 0; k < 1000; ++k, ++reported) {
      t.slice("aiv0/PIPE_V", "vadd\tv0, v1, v2", 10 * k, 10 * k + 5);
      if (t.truncated()) break;
    }
    t.slice("aiv0/PIPE_V", "after", 100000, 100001);
    // no finish(): the destructor closes the file
  }
  const std::string text = slurp(path);
  std::remove(path.c_str());
  EXPECT_LE(text.size(), 4096u);
  EXPECT_GT(text.size(), 3000u);  // the cap is used, not wasted
  Parsed p(text);
  const json& other = p.doc.at("otherData");
  EXPECT_EQ(other.at("truncated"), true);
  EXPECT_EQ(other.at("kernel"), "add_custom");
  EXPECT_EQ(p.x.size(), reported);  // every slice before the first that did not fit
  EXPECT_EQ(other.at("slices"), reported);
  EXPECT_EQ(other.at("truncated_at_cycle"), 10 * reported);
  EXPECT_EQ(other.at("events_after_truncation"), 1u);
  EXPECT_EQ(p.x.back().at("args").at("start_cycle"), 10 * (reported - 1));
}

TEST(ChromeTrace, CapSmallerThanTheFrameStillGivesValidJson) {
  ChromeTraceOptions o = at(1'000'000'000);
  o.max_bytes = 10;
  Parsed p(write(o, [](ChromeTrace& t) { t.slice("a/b", "x", 7, 8); }));
  EXPECT_TRUE(p.x.empty());
  EXPECT_EQ(p.doc.at("otherData").at("truncated"), true);
  EXPECT_EQ(p.doc.at("otherData").at("truncated_at_cycle"), 7u);
}

TEST(ChromeTrace, SameEventsGiveTheSameBytes) {
  const std::string a = temp_path("det_a"), b = temp_path("det_b");
  for (const std::string& path : {a, b}) {
    ChromeTrace t(path, at(1'800'000'000));
    kernel(t);
    t.finish();
  }
  const std::string ta = slurp(a), tb = slurp(b);
  std::remove(a.c_str());
  std::remove(b.c_str());
  EXPECT_GT(ta.size(), 1000u);
  EXPECT_EQ(ta, tb);
  // And the stream form writes those bytes too.
  EXPECT_EQ(write(at(1'800'000'000), kernel), ta);
}

TEST(ChromeTrace, NamesAreEscaped) {
  const std::string nasty = std::string("vadd\tv0, \"q\" \\ back\nline\r\x01\x1f\x7f end µs ") + "\xff\xc0\x80!";
  Parsed p(write(at(1'000'000'000), [&](ChromeTrace& t) {
    t.set_info("note\t\"x\"", "a\\b");
    t.slice("proc \"p\"\\/thread\there", nasty, 1, 2);
  }));
  ASSERT_EQ(p.x.size(), 1u);
  // Control bytes round-trip; invalid UTF-8 (0xff, overlong c0 80) becomes U+FFFD.
  EXPECT_EQ(p.x[0].at("name"),
            std::string("vadd\tv0, \"q\" \\ back\nline\r\x01\x1f\x7f end µs ") + "\uFFFD\uFFFD\uFFFD!");
  EXPECT_EQ(p.track(p.x[0]), "proc \"p\"\\/thread\there");
  EXPECT_EQ(p.doc.at("otherData").at("note\t\"x\""), "a\\b");
}

TEST(ChromeTrace, EscapeKeepsValidUtf8AndRejectsSurrogatesAndTruncations) {
  std::string out;
  json_escape_append(out, "\xe2\x82\xac\xf0\x9f\x98\x80");  // euro sign, emoji
  EXPECT_EQ(out, "\xe2\x82\xac\xf0\x9f\x98\x80");
  out.clear();
  json_escape_append(out, "\xed\xa0\x80");  // a UTF-16 surrogate: not UTF-8
  EXPECT_EQ(out, "\uFFFD\uFFFD\uFFFD");
  out.clear();
  json_escape_append(out, "a\xe2\x82");  // cut short
  EXPECT_EQ(out, "a\uFFFD\uFFFD");
}

TEST(ChromeTrace, UnwritableFileIsAnError) {
  EXPECT_THROW(ChromeTrace("/nonexistent-dir/x/trace.json", at(1'000'000'000)), std::runtime_error);
}

TEST(TraceNames, SymbolizedSliceNames) {
  Symbolizer sym = [](uint64_t pc) -> std::string {
    if (pc < 0x1000 || pc >= 0x1100) return "";
    std::ostringstream s;
    s << "add_kernel+0x" << std::hex << pc - 0x1000;
    return s.str();
  };
  EXPECT_EQ(trace_slice_name("vadd\tv0, v1, v2", 0x1004, sym), "vadd\tv0, v1, v2 @add_kernel+0x4");
  EXPECT_EQ(trace_slice_name("vadd", 0x2000, sym), "vadd @0x2000");
  EXPECT_EQ(trace_slice_name("vadd", 0xdeadbeef, nullptr), "vadd @0xdeadbeef");
  EXPECT_EQ(trace_slice_name("nop", 0, nullptr), "nop @0x0");
  std::ostringstream out;
  ChromeTrace t(out, at(1'000'000'000));
  EXPECT_EQ(t.name_at("vadd", 0x1010), "vadd @0x1010");
  t.symbolizer = sym;
  EXPECT_EQ(t.name_at("vadd", 0x1010), "vadd @add_kernel+0x10");
}

TEST(TraceOptions, ParseWindow) {
  EXPECT_EQ(parse_trace_window("1000:5000"), (std::pair<uint64_t, uint64_t>{1000, 5000}));
  EXPECT_EQ(parse_trace_window(":5000"), (std::pair<uint64_t, uint64_t>{0, 5000}));
  EXPECT_EQ(parse_trace_window("7:").first, 7u);
  EXPECT_EQ(parse_trace_window("7:").second, UINT64_MAX);
  EXPECT_THROW(parse_trace_window("5000"), std::invalid_argument);
  EXPECT_THROW(parse_trace_window("5:5"), std::invalid_argument);
  EXPECT_THROW(parse_trace_window("9:5"), std::invalid_argument);
  EXPECT_THROW(parse_trace_window("1:2:3"), std::invalid_argument);
  EXPECT_THROW(parse_trace_window("-1:5"), std::invalid_argument);
  EXPECT_THROW(parse_trace_window("1:99999999999999999999"), std::invalid_argument);
}

TEST(TraceOptions, ParseByteSize) {
  EXPECT_EQ(parse_byte_size("4096"), 4096u);
  EXPECT_EQ(parse_byte_size("64K"), 64u << 10);
  EXPECT_EQ(parse_byte_size("256MiB"), 256u << 20);
  EXPECT_EQ(parse_byte_size("2g"), 2ull << 30);
  EXPECT_THROW(parse_byte_size("M"), std::invalid_argument);
  EXPECT_THROW(parse_byte_size("12T"), std::invalid_argument);
  EXPECT_THROW(parse_byte_size("99999999999999G"), std::invalid_argument);
}
