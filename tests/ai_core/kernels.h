// Shared by the AI-core test kernels: GM tensors live in the kernel image.
#pragma once
#include <stdint.h>

#include "npu_intrinsics.h"

#define N 1024  // fp32 elements per tensor: 4 KiB, 16 repeats of 64 lanes
// UB layout: x, y and z in different 64 KiB sections (no bank conflicts).
#define UB_X 0x00000
#define UB_Y 0x10000
#define UB_Z 0x20000
#define UB_Y_SAME_SECTION 0x04000

static inline uint64_t gm(const void* p) { return (uint64_t)(uintptr_t)p; }
static inline uint64_t blocks_of(unsigned bytes) { return bytes / 32; }
