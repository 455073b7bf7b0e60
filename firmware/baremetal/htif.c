#include "htif.h"

// The linker script puts .tohost on its own 64-byte aligned line.
__attribute__((section(".tohost"), aligned(64))) volatile uint64_t tohost;
__attribute__((section(".tohost"), aligned(64))) volatile uint64_t fromhost;

enum {
  kSysWrite = 64,
  kDevConsole = 1,
  kCmdPutchar = 1,
};

static void htif_send(uint64_t command) {
  while (tohost != 0) {
  }
  tohost = command;
}

void htif_exit(int code) {
  for (;;) {
    htif_send(((uint64_t)(uint32_t)code << 1) | 1);
  }
}

void exit(int code) { htif_exit(code); }

long htif_write(int fd, const void* buf, size_t len) {
  // The host reads the block from memory: it must be 64-bit aligned.
  static volatile uint64_t magic_mem[8] __attribute__((aligned(64)));
  magic_mem[0] = kSysWrite;
  magic_mem[1] = (uint64_t)fd;
  magic_mem[2] = (uint64_t)(uintptr_t)buf;
  magic_mem[3] = len;
  __asm__ volatile("fence" ::: "memory");
  htif_send((uint64_t)(uintptr_t)magic_mem);
  while (fromhost == 0) {
  }
  fromhost = 0;
  __asm__ volatile("fence" ::: "memory");
  return (long)magic_mem[0];
}

void htif_putchar(int ch) {
  htif_send(((uint64_t)kDevConsole << 56) | ((uint64_t)kCmdPutchar << 48) |
            (uint8_t)ch);
}
