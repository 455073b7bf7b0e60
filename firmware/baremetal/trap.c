#include <stdint.h>
#include <stdio.h>

#include "htif.h"

void __npuvp_report_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval);

void __npuvp_report_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval) {
  printf("npuvp runtime: unexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
         (unsigned long)mcause, (unsigned long)mepc, (unsigned long)mtval);
}
