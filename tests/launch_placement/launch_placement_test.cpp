// platform/launch_placement.h: the table of (block -> cores, entry) and the
// GM layout both launch paths use, on the shipped presets' core counts.
#include "platform/launch_placement.h"

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace npuvp {
namespace {

const CoreTopology kMini{1, 1, 2};
const CoreTopology k910b{1, 24, 48};
const CoreTopology k910c{2, 24, 48};

std::vector<uint32_t> blocks(std::initializer_list<uint32_t> b) { return b; }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const LaunchError& e) {
    return e.what();
  }
  return "";
}

TEST(CoreTopology, NumbersCoresAsTheDispatchBlockAndTheRequesterIdsDo) {
  // Global ids: AIVs die by die (0..95), then AICs die by die (96..143).
  EXPECT_EQ(k910c.global_id(0, true, 5), 5u);
  EXPECT_EQ(k910c.global_id(1, true, 0), 48u);
  EXPECT_EQ(k910c.global_id(0, false, 0), 96u);
  EXPECT_EQ(k910c.global_id(1, false, 23), 143u);
  // Dispatch numbers: per die the AICs, then the AIVs.
  EXPECT_EQ(k910c.dispatch_index(0, false, 3), 3u);
  EXPECT_EQ(k910c.dispatch_index(0, true, 0), 24u);
  EXPECT_EQ(k910c.dispatch_index(1, false, 0), 72u);
  EXPECT_EQ(k910c.dispatch_index(1, true, 47), 143u);
  EXPECT_EQ(kMini.groups_per_die(), 1u);
  EXPECT_EQ((CoreTopology{1, 24, 40}).groups_per_die(), 20u) << "two AIVs per group";
  EXPECT_EQ((CoreTopology{1, 4, 48}).groups_per_die(), 4u) << "one AIC per group";
}

TEST(PlaceBlocks, VectorBlocksGoRoundTheVectorCoresInWaves) {
  const CorePlacement p = place_blocks(kMini, CoreKind::Aiv, 5, -1, "", "mini");
  EXPECT_EQ(p.units_available, 2u);
  EXPECT_EQ(p.units_used, 2u);
  ASSERT_EQ(p.cores.size(), 2u);
  EXPECT_TRUE(p.cores[0].is_vector);
  EXPECT_EQ(p.cores[0].blocks, blocks({0, 2, 4}));
  EXPECT_EQ(p.cores[1].blocks, blocks({1, 3}));
  EXPECT_EQ(p.cores[1].global_id, 1u);
  EXPECT_EQ(p.cores[1].dispatch_index, 2u);
  EXPECT_EQ(p.cores[0].entry_symbol, "kernel_main") << "the default entry";
}

TEST(PlaceBlocks, CubeBlocksUseTheCubeCoresOfBothDiesDieByDie) {
  const CorePlacement p = place_blocks(k910c, CoreKind::Aic, 30, -1, "gemm_bf16_bf16", "ascend910c");
  EXPECT_EQ(p.units_available, 48u);
  ASSERT_EQ(p.cores.size(), 30u) << "fewer blocks than cores: one core per block";
  EXPECT_FALSE(p.cores[0].is_vector);
  EXPECT_EQ(p.cores[23].die, 0u);
  EXPECT_EQ(p.cores[24].die, 1u);
  EXPECT_EQ(p.cores[24].id, 0u);
  EXPECT_EQ(p.cores[24].global_id, 120u);
  EXPECT_EQ(p.cores[24].dispatch_index, 72u);
  EXPECT_EQ(p.cores[29].blocks, blocks({29}));
  EXPECT_EQ(p.cores[29].entry_symbol, "gemm_bf16_bf16");
}

TEST(PlaceBlocks, MixedBlocksGoToGroupsOfOneCubeAndTwoVectorCores) {
  const CorePlacement p = place_blocks(k910b, CoreKind::Mix, 30, -1, "gemm_bias_relu", "ascend910b");
  EXPECT_EQ(p.units_available, 24u);
  EXPECT_EQ(p.units_used, 24u);
  ASSERT_EQ(p.cores.size(), 72u);
  // Group 5: AIC 5, AIVs 10 and 11, in that order, the same blocks.
  const PlacedCore& aic = p.cores[15];
  const PlacedCore& v0 = p.cores[16];
  const PlacedCore& v1 = p.cores[17];
  EXPECT_FALSE(aic.is_vector);
  EXPECT_EQ(aic.id, 5u);
  EXPECT_EQ(aic.entry_symbol, "gemm_bias_relu_mix_aic");
  EXPECT_EQ(aic.member, 0u);
  EXPECT_EQ(v0.id, 10u);
  EXPECT_EQ(v0.member, 1u);
  EXPECT_EQ(v1.id, 11u);
  EXPECT_EQ(v1.member, 2u);
  EXPECT_EQ(v1.entry_symbol, "gemm_bias_relu_mix_aiv");
  for (const PlacedCore* c : {&aic, &v0, &v1}) {
    EXPECT_EQ(c->unit, 5u);
    EXPECT_EQ(c->group, 5u);
    EXPECT_EQ(c->blocks, blocks({5, 29}));
  }
  EXPECT_EQ(p.cores[18].blocks, blocks({6})) << "group 6 has one block";
}

TEST(PlaceBlocks, ADieRestrictsTheUnitsButKeepsTheChipsGroupNumbers) {
  const CorePlacement p = place_blocks(k910c, CoreKind::Mix, 2, 1, "k", "ascend910c");
  EXPECT_EQ(p.units_available, 24u);
  ASSERT_EQ(p.cores.size(), 6u);
  EXPECT_EQ(p.cores[3].die, 1u);
  EXPECT_EQ(p.cores[3].unit, 1u);
  EXPECT_EQ(p.cores[3].group, 25u) << "group 1 of die 1";
  EXPECT_EQ(p.cores[3].dispatch_index, 73u);
  EXPECT_EQ(p.cores[4].dispatch_index, 72u + 24u + 2u);
}

TEST(PlaceBlocks, BadLaunchesAreOneLineErrors) {
  EXPECT_EQ(error_of([] { place_blocks(kMini, CoreKind::Aiv, 0, -1, "", "mini"); }),
            "a launch needs at least one block");
  EXPECT_EQ(error_of([] { place_blocks(kMini, CoreKind::Aiv, 1, 1, "", "mini"); }), "no die 1 on mini");
  EXPECT_EQ(error_of([] { place_blocks(CoreTopology{1, 2, 1}, CoreKind::Mix, 1, -1, "", "odd"); }),
            "preset odd has no AIC + 2 AIV groups");
  EXPECT_EQ(error_of([] { place_blocks(CoreTopology{1, 0, 2}, CoreKind::Aic, 1, -1, "", "nocube"); }),
            "preset nocube has no aic cores");
}

// A kernel image as read from an ELF: one segment at die 0's GM base and
// the entries a mixed kernel has.
ElfImage kernel_image(uint64_t gm0, uint64_t size) {
  ElfImage e;
  e.entry = gm0;
  ElfSegment s;
  s.vaddr = gm0;
  s.memsz = size;
  e.segments.push_back(s);
  e.symbols.add("k_mix_aic", gm0 + 0x100, true);
  e.symbols.add("k_mix_aiv", gm0 + 0x200, true);
  e.symbols.add("k", gm0 + 0x300, true);
  return e;
}

NpuPreset two_dies() {
  NpuPreset np;
  np.present = true;
  np.dies = {{0x100000000ull}, {0x1100000000ull}};
  np.aic_per_die = 2;
  np.aiv_per_die = 4;
  np.hbm.size = 0x10000000;
  np.ai_core.stack_size = 0x4000;
  return np;
}

TEST(PlanLaunch, StacksFollowTheImageOnEachCoresOwnDieThenTheTensors) {
  const NpuPreset np = two_dies();
  const ElfImage img = kernel_image(0x100000000ull, 0x1234);
  std::vector<LaunchTensor> tensors(2);
  tensors[0].name = "a";
  tensors[0].bytes.resize(100);
  tensors[1].name = "c";
  tensors[1].bytes.resize(5000);
  tensors[1].die = 1;
  const LaunchPlan p = plan_launch(np, "two", img, "k.elf", CoreKind::Mix, 4, -1, "k", tensors, {});
  ASSERT_EQ(p.cores.cores.size(), 12u) << "two groups per die, four blocks";
  // Entries per core kind.
  EXPECT_EQ(p.entry[0], 0x100000100ull);
  EXPECT_EQ(p.entry[1], 0x100000200ull);
  // Die 0: the image up to 0x2000 (4 KiB aligned), then six stacks.
  EXPECT_EQ(p.stack_top[0], 0x100002000ull + 0x4000);
  EXPECT_EQ(p.stack_top[5], 0x100002000ull + 6 * 0x4000);
  // Die 1: its six cores' stacks from its GM base.
  EXPECT_EQ(p.cores.cores[6].die, 1u);
  EXPECT_EQ(p.stack_top[6], 0x1100000000ull + 0x4000);
  EXPECT_EQ(p.stack_top[11], 0x1100000000ull + 6 * 0x4000);
  // Tensors after the stacks of their die.
  EXPECT_EQ(p.tensor_addr[0], 0x100002000ull + 6 * 0x4000);
  EXPECT_EQ(p.tensor_addr[1], 0x1100000000ull + 6 * 0x4000);
  // Regions for the bounds checker: image (read-only), 12 stacks, 2 tensors.
  ASSERT_EQ(p.regions.size(), 15u);
  EXPECT_EQ(p.regions[0].name, "kernel image");
  EXPECT_FALSE(p.regions[0].writable);
  EXPECT_EQ(p.regions[0].size, 0x1234u);
  EXPECT_EQ(p.regions[14].name, "c");
  // No arguments given: every tensor in order.
  EXPECT_EQ(p.x[0], p.tensor_addr[0]);
  EXPECT_EQ(p.x[1], p.tensor_addr[1]);
  EXPECT_EQ(p.x[2], 0u);
}

TEST(PlanLaunch, ArgumentsFollowLp64d) {
  const NpuPreset np = two_dies();
  const ElfImage img = kernel_image(0x100000000ull, 0x100);
  std::vector<LaunchTensor> tensors(1);
  tensors[0].bytes.resize(64);
  const std::vector<KernelArg> args = {KernelArg::f32(1.5f), KernelArg::tensor(0), KernelArg::integer(7),
                                       KernelArg::f64(-2.0)};
  const LaunchPlan p = plan_launch(np, "two", img, "k.elf", CoreKind::Aiv, 1, -1, "k", tensors, args);
  EXPECT_EQ(p.x[0], p.tensor_addr[0]);
  EXPECT_EQ(p.x[1], 7u);
  EXPECT_EQ(p.f[0], 0xFFFFFFFF3FC00000ull) << "an f32 NaN-boxed";
  EXPECT_EQ(p.f[1], 0xC000000000000000ull);
  EXPECT_EQ(p.regions[2].name, "tensor 0") << "an unnamed tensor";
}

TEST(PlanLaunch, WhatDoesNotFitOrDoesNotExistIsNamed) {
  const NpuPreset np = two_dies();
  const ElfImage img = kernel_image(0x100000000ull, 0x100);
  auto plan = [&](CoreKind kind, const std::string& entry, uint64_t bytes, std::vector<KernelArg> args) {
    std::vector<LaunchTensor> t(1);
    t[0].name = "big";
    t[0].bytes.resize(bytes);
    return error_of([&] { plan_launch(np, "two", img, "k.elf", kind, 1, -1, entry, t, args); });
  };
  EXPECT_EQ(plan(CoreKind::Mix, "nope", 1, {}), "k.elf: no symbol nope_mix_aic (the kernel's entry function for a mixed launch)");
  EXPECT_EQ(plan(CoreKind::Aic, "k_mix_aiv", 0x10000000, {}),
            "tensor big (268435456 bytes) does not fit in die 0's GM of two");
  EXPECT_EQ(plan(CoreKind::Aiv, "k", 1, {KernelArg::tensor(3)}), "kernel argument names tensor 3 of 1");
  EXPECT_EQ(plan(CoreKind::Aiv, "k", 1, std::vector<KernelArg>(9, KernelArg::integer(1))),
            "more than 8 pointer/integer kernel arguments (a0..a7)");
  ElfImage outside = img;
  outside.segments[0].vaddr = 0x1000;
  EXPECT_NE(error_of([&] { plan_launch(np, "two", outside, "k.elf", CoreKind::Aiv, 1, -1, "k", {}, {}); })
                .find("k.elf: segment [0x1000, 0x1100) is not in die 0's GM"),
            std::string::npos);
}

TEST(PlanLaunch, PlaceAddsAfterEverythingElse) {
  const NpuPreset np = two_dies();
  LaunchPlan p = plan_launch(np, "two", kernel_image(0x100000000ull, 0x100), "k.elf", CoreKind::Aic, 1, -1, "k", {}, {});
  EXPECT_EQ(p.stack_top[0], 0x100001000ull + 0x4000);
  EXPECT_EQ(p.place(0, 128, "argument block"), 0x100005000ull);
  EXPECT_EQ(p.place(0, 8, "stack table"), 0x100006000ull);
  EXPECT_EQ(p.place(1, 8, "x"), 0x1100000000ull);
}

}  // namespace
}  // namespace npuvp
