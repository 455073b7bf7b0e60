// One microbenchmark per row of the scalar core's latency table: the count
// each one measures with mcycle on the simulated core must equal what
// models/scalar_core/TIMING.md predicts from the mini preset's table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>

#include "isa/insn_table.h"
#include "platform/preset.h"

namespace npuvp {
namespace {

using isa::LatClass;

constexpr uint64_t kBody = 32;  // instructions per block (microbench.S)

class ScalarTiming : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    preset_ = new Preset(load_preset("mini"));
    std::string cmd = std::string(NPUVP_BIN) + " run --quiet --platform mini " + BENCH_ELF;
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    char line[256];
    while (std::fgets(line, sizeof line, p)) {
      std::istringstream in(line);
      std::string name;
      uint64_t cycles = 0;
      if (in >> name >> cycles) measured_[name] = cycles;
    }
    status_ = pclose(p);
  }
  static void TearDownTestSuite() { delete preset_; }

  static uint64_t lat(LatClass c) { return preset_->cpu.timing[static_cast<size_t>(c)].latency; }
  static uint64_t occ(LatClass c) {
    return std::max<uint64_t>(1, preset_->cpu.timing[static_cast<size_t>(c)].occupancy);
  }
  // A chain of n instructions of class c, each using the previous result.
  static uint64_t chain(LatClass c, uint64_t n, uint64_t extra_latency = 0) {
    return (n - 1) * std::max(lat(c) + extra_latency, occ(c)) + occ(c);
  }
  // The block as measured: the first csrr's own issue cycle plus the body.
  static uint64_t block(uint64_t body) { return occ(LatClass::Csr) + body; }
  static uint64_t measured(const std::string& name) {
    EXPECT_EQ(status_, 0) << "npuvp run failed on " << BENCH_ELF;
    auto it = measured_.find(name);
    EXPECT_NE(it, measured_.end()) << "no result for " << name;
    return it == measured_.end() ? 0 : it->second;
  }

  static Preset* preset_;
  static std::map<std::string, uint64_t> measured_;
  static int status_;
};
Preset* ScalarTiming::preset_ = nullptr;
std::map<std::string, uint64_t> ScalarTiming::measured_;
int ScalarTiming::status_ = -1;


TEST_F(ScalarTiming, AluDependentChain) {
  EXPECT_EQ(measured("alu_chain"), block(chain(LatClass::Alu, kBody)));
}
TEST_F(ScalarTiming, MulDependentChain) {
  EXPECT_EQ(measured("mul_chain"), block(chain(LatClass::Mul, kBody)));
}
TEST_F(ScalarTiming, DivIsNotPipelined) {
  EXPECT_EQ(measured("div_chain"), block(chain(LatClass::Div, kBody)));
}
TEST_F(ScalarTiming, LoadChainPaysLoadUseAndMemoryLatency) {
  uint64_t mem = preset_->ram.read_latency;
  EXPECT_EQ(measured("load_chain"), block(chain(LatClass::Load, kBody, mem)));
}
TEST_F(ScalarTiming, LoadUseBubble) {
  uint64_t mem = preset_->ram.read_latency;
  uint64_t pair = std::max(occ(LatClass::Load), lat(LatClass::Load) + mem) + occ(LatClass::Alu);
  EXPECT_EQ(measured("load_use"), block(kBody * pair));
}
TEST_F(ScalarTiming, StoresArePosted) {
  EXPECT_EQ(measured("store"), block(kBody * occ(LatClass::Store)));
}
TEST_F(ScalarTiming, TakenBranchPenalty) {
  uint64_t penalty = preset_->cpu.taken_branch_penalty;
  EXPECT_EQ(measured("branch_taken"), block(kBody * (occ(LatClass::Branch) + penalty)));
}
TEST_F(ScalarTiming, NotTakenBranchCostsIssueOnly) {
  EXPECT_EQ(measured("branch_not_taken"), block(kBody * occ(LatClass::Branch)));
}
TEST_F(ScalarTiming, JumpPenalty) {
  uint64_t penalty = preset_->cpu.taken_branch_penalty;
  EXPECT_EQ(measured("jump"), block(kBody * (occ(LatClass::Jump) + penalty)));
}
TEST_F(ScalarTiming, AtomicOccupancy) {
  EXPECT_EQ(measured("atomic"), block(kBody * occ(LatClass::Atomic)));
}
TEST_F(ScalarTiming, CsrRead) { EXPECT_EQ(measured("csr"), block(kBody * occ(LatClass::Csr))); }
TEST_F(ScalarTiming, Fence) { EXPECT_EQ(measured("fence"), block(kBody * occ(LatClass::Fence))); }
TEST_F(ScalarTiming, FpLoadsIndependent) {
  EXPECT_EQ(measured("fp_load"), block(kBody * occ(LatClass::FpLoad)));
}
TEST_F(ScalarTiming, FpStoresPosted) {
  EXPECT_EQ(measured("fp_store"), block(kBody * occ(LatClass::FpStore)));
}
TEST_F(ScalarTiming, FpAddChain) {
  EXPECT_EQ(measured("fp_add_chain"), block(chain(LatClass::FpAdd, kBody)));
}
TEST_F(ScalarTiming, FpMulChain) {
  EXPECT_EQ(measured("fp_mul_chain"), block(chain(LatClass::FpMul, kBody)));
}
TEST_F(ScalarTiming, FpFmaChain) {
  EXPECT_EQ(measured("fp_fma_chain"), block(chain(LatClass::FpFma, kBody)));
}
TEST_F(ScalarTiming, FpDivSingle) {
  EXPECT_EQ(measured("fp_divs_chain"), block(chain(LatClass::FpDivS, kBody)));
}
TEST_F(ScalarTiming, FpDivDouble) {
  EXPECT_EQ(measured("fp_divd_chain"), block(chain(LatClass::FpDivD, kBody)));
}
TEST_F(ScalarTiming, FpSqrtSingle) {
  EXPECT_EQ(measured("fp_sqrts_chain"), block(chain(LatClass::FpSqrtS, kBody)));
}
TEST_F(ScalarTiming, FpSqrtDouble) {
  EXPECT_EQ(measured("fp_sqrtd_chain"), block(chain(LatClass::FpSqrtD, kBody)));
}
TEST_F(ScalarTiming, FpCompareChain) {
  EXPECT_EQ(measured("fp_cmp_chain"), block(chain(LatClass::FpCmp, kBody)));
}
TEST_F(ScalarTiming, FpConvertChain) {
  EXPECT_EQ(measured("fp_cvt_chain"), block(chain(LatClass::FpCvt, kBody)));
}
TEST_F(ScalarTiming, FpMoveChainAcrossRegisterFiles) {
  EXPECT_EQ(measured("fp_move_chain"), block(chain(LatClass::FpMove, 2 * kBody)));
}
TEST_F(ScalarTiming, ColdInstructionCacheMissesOncePerLine) {
  // 64 nops and the closing csrr after a csrr at the start of a line: the
  // block crosses into 4 new lines (TIMING.md, fetch).
  uint64_t misses = 4;
  EXPECT_EQ(measured("icache_cold"),
            block(64 * occ(LatClass::Alu) + misses * preset_->cpu.icache_miss_penalty));
}

}  // namespace
}  // namespace npuvp
