// The shipped presets against DESIGN.md's table, and the path-named
// rejection of every kind of bad field in the /npu section.
#include <gtest/gtest.h>

#include <fstream>

#include "platform/preset.h"

namespace npuvp {
namespace {

using nlohmann::json;

std::string file(const std::string& name) { return std::string(NPUVP_TEST_PRESET_DIR) + "/" + name + ".json"; }

json tree(const std::string& name) {
  std::ifstream in(file(name));
  return json::parse(in);
}

std::string rejection(const json& t) {
  try {
    parse_preset(t, "t.json");
  } catch (const PresetError& e) {
    return e.what();
  }
  return "(accepted)";
}

bool is_annotation(const std::string& k) {
  auto ends = [&](const std::string& s) { return k.size() >= s.size() && k.compare(k.size() - s.size(), s.size(), s) == 0; };
  return k == "comment" || k == "source" || ends("_comment") || ends("_source");
}

TEST(Presets, EveryShippedPresetLoadsAndHasAnNpu) {
  setenv("NPUVP_PRESET_DIR", NPUVP_TEST_PRESET_DIR, 1);
  const std::vector<std::string> names = preset_names();
  for (const char* expected : {"ascend910b", "ascend910c", "mini"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  for (const std::string& n : names) {
    SCOPED_TRACE(n);
    const Preset p = load_preset(n);
    EXPECT_EQ(p.name, n);
    EXPECT_TRUE(p.npu.present);
    EXPECT_TRUE(derived_figures(p).contains("npu"));
  }
  unsetenv("NPUVP_PRESET_DIR");
}

// Every object of the /npu section says where its figures come from.
void expect_annotated(const json& j, const std::string& path) {
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) expect_annotated(j[i], path + "/" + std::to_string(i));
    return;
  }
  if (!j.is_object()) return;
  const bool timing_row = j.contains("latency") && j.contains("occupancy");
  bool annotated = false;
  for (auto it = j.begin(); it != j.end(); ++it) annotated = annotated || is_annotation(it.key());
  EXPECT_TRUE(annotated || timing_row) << path << " has no comment or source";
  for (auto it = j.begin(); it != j.end(); ++it) expect_annotated(*it, path + "/" + it.key());
}

TEST(Presets, EveryNpuFigureHasItsSourceOrComment) {
  for (const char* n : {"mini", "ascend910b", "ascend910c"}) expect_annotated(tree(n)["npu"], std::string(n) + ":/npu");
}

TEST(Presets, Ascend910bHasTheFiguresOfTheDesign) {
  const Preset p = load_preset(file("ascend910b"));
  const NpuPreset& n = p.npu;
  ASSERT_EQ(n.dies.size(), 1u);
  EXPECT_EQ(n.dies[0].gm_base, 0x100000000u);
  EXPECT_EQ(n.aic_per_die, 24u);
  EXPECT_EQ(n.aiv_per_die, 48u);
  EXPECT_EQ(n.ai_core.scalar.clock_hz, 1800000000u);
  EXPECT_EQ(n.ai_core.ub_size, 192u * 1024);
  EXPECT_EQ(n.ai_core.timing.ub_bank_groups, 16u);
  EXPECT_EQ(n.ai_core.timing.cycles_per_repeat.size(), vector_class_names().size());
  EXPECT_EQ(n.ai_core.timing.cycles_per_repeat[0], 1u) << "simple ops: one repeat per cycle";
  EXPECT_EQ(n.l2.size, uint64_t{192} << 20);
  EXPECT_EQ(n.hbm.size, uint64_t{64} << 30);
  EXPECT_EQ(n.l2.replacement, "lru");

  const json d = derived_figures(p)["npu"];
  EXPECT_NEAR(d["peak_cube_tflops_bf16"].get<double>(), 353.9, 0.05);  // 24 x 4096 x 2 x 1.8 GHz
  EXPECT_NEAR(d["peak_cube_tops_int8"].get<double>(), 707.8, 0.1);
  EXPECT_NEAR(d["peak_vector_tflops_fp16"].get<double>(), 22.1, 0.05);  // 48 x 128 x 2 x 1.8 GHz
  EXPECT_DOUBLE_EQ(d["hbm_bandwidth_tbps"].get<double>(), 1.6);
  EXPECT_EQ(d["aiv_total"], 48);
  EXPECT_EQ(d["aic_total"], 24);
  EXPECT_DOUBLE_EQ(d["hbm_gib_total"].get<double>(), 64.0);
  EXPECT_DOUBLE_EQ(d["l2_mib_per_die"].get<double>(), 192.0);
  EXPECT_FALSE(d.contains("die_link_gbps_each_way"));
  // MTE2 is never what bounds a streaming kernel: one AIV moves several
  // times its 1/48 share of HBM, and all 48 together far more than HBM.
  const double mte2 = d["mte2_gbps_per_core"].get<double>(), share = 1600.0 / 48;
  EXPECT_GT(mte2, 4 * share);
  EXPECT_GT(48 * mte2, 4 * 1600.0);
}

TEST(Presets, Ascend910cIsTwoDiesJoinedByTheLink) {
  const Preset p = load_preset(file("ascend910c"));
  ASSERT_EQ(p.npu.dies.size(), 2u);
  EXPECT_EQ(p.npu.dies[1].gm_base, p.npu.dies[0].gm_base + p.npu.hbm.size);
  const json d = derived_figures(p)["npu"];
  EXPECT_EQ(d["aiv_total"], 96);
  EXPECT_EQ(d["aic_total"], 48);
  EXPECT_NEAR(d["peak_cube_tflops_bf16"].get<double>(), 707.8, 0.1);
  EXPECT_DOUBLE_EQ(d["hbm_bandwidth_tbps"].get<double>(), 3.2);
  EXPECT_DOUBLE_EQ(d["hbm_gib_total"].get<double>(), 128.0);
  EXPECT_DOUBLE_EQ(d["die_link_gbps_each_way"].get<double>(), 224.0);
  EXPECT_DOUBLE_EQ(d["die_link_crossing_us"].get<double>(), 0.2);
}

TEST(Presets, MiniIsOneDieWithOneCubeAndTwoVectorCores) {
  const Preset p = load_preset(file("mini"));
  EXPECT_EQ(p.npu.dies.size(), 1u);
  EXPECT_EQ(p.npu.aic_per_die, 1u);
  EXPECT_EQ(p.npu.aiv_per_die, 2u);
  EXPECT_LT(p.npu.l2.size, uint64_t{192} << 20);
  EXPECT_LT(p.npu.hbm.size, uint64_t{64} << 30);
  // The AI core's scalar unit reads the control CPU's format.
  EXPECT_EQ(p.npu.ai_core.scalar.timing.size(), latency_class_names().size());
}

TEST(Presets, APresetWithoutAnNpuStillLoads) {
  json t = tree("mini");
  t.erase("npu");
  EXPECT_THROW(parse_preset(t, "t.json"), PresetError) << "the chip around the NPU needs the NPU";
  t.erase("chip");
  const Preset p = parse_preset(t, "t.json");
  EXPECT_FALSE(p.npu.present);
  EXPECT_FALSE(p.chip.present);
  EXPECT_FALSE(derived_figures(p).contains("npu"));
}

TEST(Presets, ChipDevicesMustNotOverlapAndIrqsMustBeDistinct) {
  json t = tree("mini");
  t["chip"]["uart"]["base"] = "0x10010000";
  try {
    parse_preset(t, "t.json");
    ADD_FAILURE() << "overlap accepted";
  } catch (const PresetError& e) {
    EXPECT_NE(std::string(e.what()).find("/chip/mailbox/base: overlaps /chip/uart"), std::string::npos) << e.what();
  }
  t = tree("mini");
  t["chip"]["irq"]["dispatch"] = t["chip"]["irq"]["mailbox"];
  EXPECT_THROW(parse_preset(t, "t.json"), PresetError);
  const Preset p = parse_preset(tree("ascend910c"), "910c");
  EXPECT_TRUE(p.chip.present);
  EXPECT_EQ(p.chip.boot_rom.base, 0x1000u);
  EXPECT_EQ(p.chip.hbm_training_ns, 20000u);
}

struct BadField {
  const char* preset;
  const char* pointer;  // the field to change (JSON pointer)
  json value;           // nullptr: remove it
  const char* message;
};

TEST(Presets, ABadNpuFieldIsRejectedWithItsPath) {
  const std::vector<BadField> cases = {
      {"mini", "/npu/hbm/channels", "four", "/npu/hbm/channels: expected unsigned integer"},
      {"mini", "/npu/l2/ways", nullptr, "/npu/l2/ways: missing"},
      {"mini", "/npu/ai_core/timing/cycles_per_repeat/gather", nullptr,
       "/npu/ai_core/timing/cycles_per_repeat/gather: missing"},
      {"mini", "/npu/ai_core/timing/cycles_per_repeat/simple", 0,
       "/npu/ai_core/timing/cycles_per_repeat/simple: out of range: 0 < 1"},
      {"mini", "/npu/ai_core/timing/cycles_per_repeat/vfoo", 1, "/npu/ai_core/timing/cycles_per_repeat/vfoo: unknown field"},
      {"mini", "/npu/ai_core/scalar/timing/Div/latency", "twenty",
       "/npu/ai_core/scalar/timing/Div/latency: expected unsigned integer"},
      {"mini", "/npu/ai_core/scalar/icache/line", 48, "/npu/ai_core/scalar/icache/line: must be a power of two"},
      {"mini", "/npu/ai_core/timing/mte2/bytes_per_cycle", 0, "/npu/ai_core/timing/mte2/bytes_per_cycle: out of range: 0 < 1"},
      {"mini", "/npu/ai_core/timing/ub_bank_groups", 12, "/npu/ai_core/timing/ub_bank_groups: must be a power of two"},
      {"mini", "/npu/ai_core/ub_size", 100000, "/npu/ai_core/ub_size: must be a whole number of timing/ub_section_bytes sections"},
      {"mini", "/npu/dies", json::array(), "/npu/dies: expected one or two dies, got 0"},
      {"mini", "/npu/dies/0/gm_base", "0x80000000", "/npu/dies/0/gm_base: die GM overlaps the RAM"},
      {"mini", "/npu/dies/0/gm_base", "0x100000100", "/npu/dies/0/gm_base: must be 4 KiB aligned"},
      {"mini", "/npu/aiv_per_die", 0, "/npu/aiv_per_die: out of range: 0 < 1"},
      {"mini", "/npu/hbm/interleave", 300, "/npu/hbm/interleave: must be a power of two"},
      {"mini", "/npu/hbm/tRFC", 7000, "/npu/hbm/tRFC: must be shorter than tREFI"},
      {"mini", "/npu/hbm/tXYZ", 1, "/npu/hbm/tXYZ: unknown field"},
      {"mini", "/npu/hbm/bank_mapping", "xor", "/npu/hbm/bank_mapping: expected \"rotate\" or \"linear\""},
      {"mini", "/npu/hbm/bank_mapping", nullptr, "/npu/hbm/bank_mapping: missing"},
      {"mini", "/npu/l2/replacement", "random", "/npu/l2/replacement: expected \"lru\" or \"fifo\""},
      {"mini", "/npu/l2/size", 1000000, "/npu/l2/size: must be a multiple of line_size * ways"},
      {"mini", "/npu/noc/latency", -3, "/npu/noc/latency: expected unsigned integer, got -3"},
      {"mini", "/npu/die_link", json{{"clock_period_ps", 1000}, {"bytes_per_cycle", 224}, {"latency_ns", 100}},
       "/npu/die_link: a die-to-die link needs two dies"},
      {"ascend910c", "/npu/die_link", nullptr, "/npu/die_link: missing"},
      {"ascend910c", "/npu/die_link/bytes_per_cycle", "224", "/npu/die_link/bytes_per_cycle: expected unsigned integer"},
      {"ascend910c", "/npu/dies/1/gm_base", "0x100001000", "/npu/dies/1/gm_base: die GM overlaps die 0's"},
      {"ascend910b", "/npu/hbm/comment", 3, "/npu/hbm/comment: expected string"},
  };
  for (const BadField& c : cases) {
    SCOPED_TRACE(std::string(c.preset) + " " + c.pointer);
    json t = tree(c.preset);
    const json::json_pointer ptr(c.pointer);
    if (c.value.is_null())
      t[ptr.parent_pointer()].erase(ptr.back());
    else
      t[ptr] = c.value;
    EXPECT_EQ(rejection(t), std::string("preset t.json: ") + c.message);
  }
}

}  // namespace
}  // namespace npuvp
