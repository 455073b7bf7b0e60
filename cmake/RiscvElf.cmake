# add_riscv_elf() lands here.
