# Building NPU kernels: RISC-V ELFs whose C functions the AI cores call once
# per block (platform/npu_platform.h, `npuvp launch`).
#
#   add_npu_kernel(NAME SOURCES <files...> [CFLAGS <flags...>] [LIBS <riscv libs...>]
#                  [DEPENDS <files or targets...>] [OUTPUT_NAME <name>])
#       An ELF linked with the kernel start-up code (firmware/kernel/kernel_start.S)
#       and layout (firmware/kernel/kernel.ld) instead of crt0 and link.ld, and
#       with the bare-metal runtime library (printf over HTIF, string
#       functions). The intrinsics header (isa/intrinsics/npu_intrinsics.h)
#       is on the include path. As with add_riscv_elf, the ELF's path is the
#       target property RISCV_ELF and the variable NAME_ELF in the caller's scope.
#
# Include this file (after cmake/RiscvElf.cmake and after firmware/ has made
# the runtime library) from any directory that builds kernels; including it
# again is harmless.
include_guard(GLOBAL)

function(add_npu_kernel NAME)
  # Paths from this file's place, not from the variables of whichever
  # directory included it first (include_guard(GLOBAL) skips the others).
  get_filename_component(NPU_KERNEL_DIR ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../firmware/kernel ABSOLUTE)
  get_filename_component(NPU_INTRINSICS_DIR ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../isa/intrinsics ABSOLUTE)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SOURCES;CFLAGS;LIBS;DEPENDS" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "add_npu_kernel(${NAME}): no SOURCES")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_npu_kernel(${NAME}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${RISCV_RUNTIME_TARGET})
    message(FATAL_ERROR "add_npu_kernel(${NAME}): the runtime ${RISCV_RUNTIME_TARGET} "
                        "is not defined yet (firmware/ must come first)")
  endif()
  set(extra)
  if(ARG_OUTPUT_NAME)
    list(APPEND extra OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
  # The start-up code first; kernel.ld puts its .text.init at the image's start.
  add_riscv_elf(${NAME} NO_RUNTIME
    SOURCES ${NPU_KERNEL_DIR}/kernel_start.S ${ARG_SOURCES}
    LINKER_SCRIPT ${NPU_KERNEL_DIR}/kernel.ld
    CFLAGS -I${NPU_INTRINSICS_DIR} ${ARG_CFLAGS}
    LIBS ${ARG_LIBS} ${RISCV_RUNTIME_TARGET}
    DEPENDS ${ARG_DEPENDS}
    ${extra})
  set(${NAME}_ELF ${${NAME}_ELF} PARENT_SCOPE)
endfunction()
