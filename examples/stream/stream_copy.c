// STREAM-style copy written for bandwidth: y = x, block b copying its own
// slice [b*n, (b+1)*n) bytes, GM -> UB -> GM, in tiles of `tile` bytes.
//
// Double buffering: two UB buffers of `tile` bytes (at 0 and at `tile`);
// tile i uses buffer i % 2. MTE2 reads tile i+1 into one buffer while MTE3
// writes tile i out of the other, so the core keeps a read and a write in
// flight all the time. Each copy is one burst of `tile` bytes (one TLM
// transaction): large bursts, little start-up overhead.
//
//   MTE2: wait(MTE3->MTE2, b) | copy x[i] -> UB b | set(MTE2->MTE3, b)
//   MTE3: wait(MTE2->MTE3, b) | copy UB b -> y[i] | set(MTE3->MTE2, b)
//
// The copy is repeated `passes` times over the same slice (a second pass of
// a working set that fits in L2 hits in L2). If `times` is not null, block b
// writes passes+1 cycle stamps to times[b*(passes+1) ...]: when it starts
// and after each pass, each after a pipe_barrier(PIPE_ALL), so a stamp is
// taken once every copy before it completed.
//
// Requirements: n a multiple of tile, tile a multiple of 32 and at most
// 96 KiB (two buffers in the 192 KiB UB; 65535 32-byte blocks per burst).
#include <stdint.h>

#include "npu_intrinsics.h"

static inline void stamp(uint64_t* times, uint64_t at) {
  if (times == 0) return;
  npu_pipe_barrier(PIPE_ALL);
  times[at] = npu_get_cycle();
}

// One tile through buffer `EV` (0 or 1): the event number is the buffer's.
#define COPY_TILE(EV, ub, gm_src, gm_dst, len)                                 \
  do {                                                                         \
    npu_wait_flag(PIPE_MTE3, PIPE_MTE2, EV);                                   \
    npu_copy_gm2ub_u8((ub), (uint64_t)(gm_src), npu_copy_params(1, (len), 0, 0)); \
    npu_set_flag(PIPE_MTE2, PIPE_MTE3, EV);                                    \
    npu_wait_flag(PIPE_MTE2, PIPE_MTE3, EV);                                   \
    npu_copy_ub2gm_u8((uint64_t)(gm_dst), (ub), npu_copy_params(1, (len), 0, 0)); \
    npu_set_flag(PIPE_MTE3, PIPE_MTE2, EV);                                    \
  } while (0)

void stream_copy(const uint8_t* x, uint8_t* y, uint64_t n, uint64_t tile, uint64_t passes, uint64_t* times) {
  const uint64_t block = npu_get_block_idx();
  const uint8_t* src = x + block * n;
  uint8_t* dst = y + block * n;
  const uint64_t tiles = n / tile;
  const uint16_t len = (uint16_t)(tile / 32);
  uint64_t* my_times = times ? times + block * (passes + 1) : 0;

  stamp(my_times, 0);
  for (uint64_t p = 0; p < passes; ++p) {
    // Both buffers start free.
    npu_set_flag(PIPE_MTE3, PIPE_MTE2, 0);
    npu_set_flag(PIPE_MTE3, PIPE_MTE2, 1);
    for (uint64_t i = 0; i < tiles; i += 2) {
      COPY_TILE(0, 0, src + i * tile, dst + i * tile, len);
      if (i + 1 < tiles) COPY_TILE(1, tile, src + (i + 1) * tile, dst + (i + 1) * tile, len);
    }
    // Consume the last release of each buffer: no flag is left set.
    npu_wait_flag(PIPE_MTE3, PIPE_MTE2, 0);
    npu_wait_flag(PIPE_MTE3, PIPE_MTE2, 1);
    stamp(my_times, p + 1);
  }
}
