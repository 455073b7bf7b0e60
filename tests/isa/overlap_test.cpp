// No two rows of the table claim the same encoding, except by strict nesting
// (the more specific row wins; see isa/rv64gc.def), and the decoder honours it.
#include <gtest/gtest.h>

#include <bitset>
#include <set>
#include <string>

#include "isa/decoder.h"
#include "isa/insn_table.h"

namespace npuvp::isa {
namespace {

// Some encoding matches both rows: they agree on every bit both fix.
bool overlap(const InsnInfo& a, const InsnInfo& b) {
  return a.length == b.length && ((a.match ^ b.match) & a.mask & b.mask) == 0;
}
// Every encoding of `inner` is one of `outer`, and `inner` fixes more bits.
bool strictly_inside(const InsnInfo& inner, const InsnInfo& outer) {
  return (inner.mask & outer.mask) == outer.mask && inner.mask != outer.mask &&
         (inner.match & outer.mask) == outer.match;
}

TEST(Overlap, RowsAreDisjointOrStrictlyNested) {
  for (size_t i = 0; i < kInsnCount; ++i)
    for (size_t j = i + 1; j < kInsnCount; ++j) {
      const InsnInfo& a = kInsnTable[i];
      const InsnInfo& b = kInsnTable[j];
      if (!overlap(a, b)) continue;
      EXPECT_TRUE(strictly_inside(a, b) || strictly_inside(b, a))
          << a.ident << " and " << b.ident << " overlap without one nesting inside the other";
    }
}

// Whenever two nested rows both match, the inner one is what decode() picks.
TEST(Overlap, NestedRowsDecodeAsTheInnerRow) {
  int nested_pairs = 0;
  for (const InsnInfo& inner : kInsnTable)
    for (const InsnInfo& outer : kInsnTable) {
      if (!strictly_inside(inner, outer)) continue;
      ++nested_pairs;
      Decoded d;
      const bool ok = decode(inner.match, d);
      // The inner row's own match may be a reserved encoding (c.addi16sp with
      // imm=0); it must then be illegal rather than fall through to `outer`.
      if (ok)
        EXPECT_NE(d.id, outer.id) << inner.ident << " inside " << outer.ident;
      else
        EXPECT_EQ(d.id, InsnId::kCount);
    }
  // c.nop, c.nop hint, c.slli64, c.srli64, c.srai64, c.addi16sp, c.jr, c.jalr,
  // c.ebreak, fence.tso, unimp each nest in at least one row.
  EXPECT_GE(nested_pairs, 11);
}

TEST(Table, RowsAreIndexedByIdAndUnique) {
  std::set<std::string> idents;
  for (size_t i = 0; i < kInsnCount; ++i) {
    EXPECT_EQ(static_cast<size_t>(kInsnTable[i].id), i);
    EXPECT_TRUE(idents.insert(kInsnTable[i].ident).second) << kInsnTable[i].ident;
    EXPECT_EQ(kInsnTable[i].length, format_length(kInsnTable[i].format));
    const InsnInfo& sem = info(kInsnTable[i].sem);
    EXPECT_EQ(sem.length, 4) << kInsnTable[i].ident << " executes as a compressed row";
    EXPECT_EQ(sem.sem, sem.id) << "sem row of " << kInsnTable[i].ident << " is not its own sem";
  }
}

}  // namespace
}  // namespace npuvp::isa
