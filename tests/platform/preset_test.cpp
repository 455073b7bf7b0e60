// Presets: the shipped mini preset, lookup by name, path and environment,
// and the JSON path in every rejection.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "platform/preset.h"

namespace npuvp {
namespace {

using nlohmann::json;

json mini_tree() {
  std::ifstream in(std::string(NPUVP_TEST_PRESET_DIR) + "/mini.json");
  return json::parse(in);
}

std::string rejection(const json& tree) {
  try {
    parse_preset(tree, "t.json");
  } catch (const PresetError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(Preset, MiniHasTheFiguresOfTheDesign) {
  Preset p = load_preset(std::string(NPUVP_TEST_PRESET_DIR) + "/mini.json");
  EXPECT_EQ(p.name, "mini");
  EXPECT_EQ(p.cpu.clock_hz, 1800000000u);
  ASSERT_EQ(p.cpu.timing.size(), latency_class_names().size());
  auto row = [&](const std::string& c) {
    for (size_t i = 0; i < latency_class_names().size(); ++i)
      if (latency_class_names()[i] == c) return p.cpu.timing[i];
    ADD_FAILURE() << c;
    return TimingRowPreset{};
  };
  EXPECT_EQ(row("Load").latency, 3u);
  EXPECT_EQ(row("Div").latency, 20u);
  EXPECT_EQ(row("Div").occupancy, 20u);
  EXPECT_EQ(row("FpSqrtD").latency, 28u);
  EXPECT_EQ(p.ram.base, 0x80000000u);
  EXPECT_EQ(p.ram.size, uint64_t{1} << 30);
  EXPECT_EQ(p.clint.base, 0x02000000u);
  EXPECT_EQ(p.clint.mtime_divider, 100u);
  EXPECT_TRUE(p.htif.enabled);
  EXPECT_EQ(p.cpu.icache_size, 32768u);
  EXPECT_EQ(derived_figures(p)["icache_sets"], 128);
  EXPECT_DOUBLE_EQ(derived_figures(p)["mtime_hz"].get<double>(), 18e6);
}

TEST(Preset, LatencyClassesFollowTheIsaTable) {
  const auto& n = latency_class_names();
  ASSERT_EQ(n.size(), 24u);
  EXPECT_EQ(n.front(), "Alu");
  EXPECT_EQ(n[6], "Div");
  EXPECT_EQ(n.back(), "Npu");
}

TEST(Preset, WrongTypeNamesThePath) {
  json t = mini_tree();
  t["cpu"]["timing"]["Div"]["latency"] = "twenty";
  EXPECT_EQ(rejection(t), "preset t.json: /cpu/timing/Div/latency: expected unsigned integer");
}

TEST(Preset, NegativeAndOutOfRangeAreRejected) {
  json t = mini_tree();
  t["cpu"]["penalties"]["trap"] = -1;
  EXPECT_EQ(rejection(t), "preset t.json: /cpu/penalties/trap: expected unsigned integer, got -1");
  t = mini_tree();
  t["ram"]["read_latency"] = uint64_t{1} << 32;
  EXPECT_EQ(rejection(t), "preset t.json: /ram/read_latency: out of range: 4294967296 > 4294967295");
  t = mini_tree();
  t["cpu"]["timing"]["Alu"]["occupancy"] = 0;
  EXPECT_EQ(rejection(t), "preset t.json: /cpu/timing/Alu/occupancy: out of range: 0 < 1");
}

TEST(Preset, MissingFieldAndMissingClassNameThePath) {
  json t = mini_tree();
  t["cpu"].erase("clock_hz");
  EXPECT_EQ(rejection(t), "preset t.json: /cpu/clock_hz: missing");
  t = mini_tree();
  t["cpu"]["timing"].erase("FpFma");
  EXPECT_EQ(rejection(t), "preset t.json: /cpu/timing/FpFma: missing");
}

TEST(Preset, UnknownFieldIsATypoNotAComment) {
  json t = mini_tree();
  t["cpu"]["icache"]["miss_penalyt"] = 3;
  EXPECT_EQ(rejection(t), "preset t.json: /cpu/icache/miss_penalyt: unknown field");
  t = mini_tree();
  t["cpu"]["icache"]["miss_penalty_source"] = "a paper";
  t["clint"]["comment"] = "ok";
  EXPECT_EQ(rejection(t), "(accepted)");
  t["clint"]["comment"] = 5;
  EXPECT_EQ(rejection(t), "preset t.json: /clint/comment: expected string");
}

TEST(Preset, AddressesAreNumbersOrHexStrings) {
  json t = mini_tree();
  t["ram"]["base"] = 0x90000000u;
  EXPECT_EQ(parse_preset(t, "t.json").ram.base, 0x90000000u);
  t["ram"]["base"] = "0x9000_0000";
  EXPECT_EQ(rejection(t), "preset t.json: /ram/base: expected unsigned integer");
}

TEST(Preset, ConsistencyChecks) {
  json t = mini_tree();
  t["cpu"]["icache"]["line"] = 48;
  EXPECT_EQ(rejection(t), "preset t.json: /cpu/icache/line: must be a power of two");
  t = mini_tree();
  t["clint"]["base"] = "0x80001000";
  EXPECT_EQ(rejection(t), "preset t.json: /clint/base: CLINT overlaps the RAM");
  t = mini_tree();
  t["htif"]["enabled"] = 1;
  EXPECT_EQ(rejection(t), "preset t.json: /htif/enabled: expected true or false");
}

TEST(Preset, LookupByNameListsKnownPresetsWhenAbsent) {
  setenv("NPUVP_PRESET_DIR", NPUVP_TEST_PRESET_DIR, 1);
  EXPECT_EQ(load_preset("mini").name, "mini");
  try {
    load_preset("ascend9000");
    FAIL() << "accepted an unknown preset";
  } catch (const PresetError& e) {
    EXPECT_NE(std::string(e.what()).find("ascend9000: no such preset"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("known: ascend910b, ascend910c, mini"), std::string::npos)
        << e.what();
  }
}

TEST(Preset, EnvironmentOverridesTheDirectory) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("npuvp_presets_" + std::to_string(getpid()));
  fs::create_directories(dir);
  json t = mini_tree();
  t["name"] = "tiny";
  t["cpu"]["clock_hz"] = 1000000;
  std::ofstream(dir / "tiny.json") << t.dump();
  std::ofstream(dir / "broken.json") << "{ \"name\": ";
  setenv("NPUVP_PRESET_DIR", dir.c_str(), 1);
  EXPECT_EQ(preset_dir(), dir.string());
  EXPECT_EQ(preset_names(), (std::vector<std::string>{"broken", "tiny"}));
  EXPECT_EQ(load_preset("tiny").cpu.clock_hz, 1000000u);
  try {
    load_preset("broken");
    FAIL();
  } catch (const PresetError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("preset broken.json: not valid JSON", 0), 0u) << e.what();
  }
  unsetenv("NPUVP_PRESET_DIR");
  fs::remove_all(dir);
}

TEST(Preset, MissingFileByPath) {
  try {
    load_preset("/nonexistent/p.json");
    FAIL();
  } catch (const PresetError& e) {
    EXPECT_STREQ(e.what(), "preset /nonexistent/p.json: cannot open file");
  }
}

}  // namespace
}  // namespace npuvp
