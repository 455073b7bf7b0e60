// Host-target interface (HTIF) of Spike/riscv-tests, as npuvp implements it:
// the program talks to the simulator through two 64-bit words, `tohost` and
// `fromhost`, placed in the .tohost section by link.ld.
//
//   tohost = (code << 1) | 1          exit with status `code` (0: success)
//   tohost = &magic_mem               a system call; magic_mem is 8 aligned
//                                     64-bit words {which, arg0, arg1, arg2};
//                                     which = 64 is write(fd, buf, len). The
//                                     host answers by writing fromhost != 0;
//                                     the program then clears fromhost.
//   tohost = 1<<56 | 1<<48 | ch       console device 1, command 1: one char
//
// The host clears tohost once it has taken a command, so the program waits
// for tohost == 0 before it writes the next one.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

extern volatile uint64_t tohost;
extern volatile uint64_t fromhost;

// Exit the simulation with `code` as npuvp's exit status; never returns.
__attribute__((noreturn)) void htif_exit(int code);
// write(fd, buf, len) through the system-call block; returns what the host
// answered (the number of bytes written).
long htif_write(int fd, const void* buf, size_t len);
// One character through the console device (device 1, command 1).
void htif_putchar(int ch);

// The C names programs use: exit() ends the run like returning from main.
__attribute__((noreturn)) void exit(int code);

#ifdef __cplusplus
}
#endif
