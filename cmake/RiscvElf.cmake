# Building RISC-V ELF programs (kernels, firmware, test programs) inside the
# normal build, with the stock clang-14 and ld.lld.
#
#   add_riscv_library(NAME SOURCES <files...> [CFLAGS <flags...>] [STARTUP <file>])
#       A static archive of RISC-V objects. Its path is the target property
#       RISCV_LIBRARY. STARTUP is compiled to an object of its own (property
#       RISCV_STARTUP_OBJECT) that every program linked with the library gets
#       first (crt0: it must not depend on being pulled from an archive).
#
#   add_riscv_elf(NAME SOURCES <files...>
#                 [LINKER_SCRIPT <file>] [CFLAGS <flags...>] [LIBS <riscv libs...>]
#                 [DEPENDS <files or targets...>] [OUTPUT_NAME <name>] [NO_RUNTIME])
#       A RISC-V ELF built as part of `cmake --build` (the custom target NAME).
#       Without NO_RUNTIME it is linked with the bare-metal runtime of
#       firmware/baremetal (crt0, HTIF, printf, string functions) and that
#       runtime's linker script, unless LINKER_SCRIPT says otherwise.
#       The ELF's path is the target property RISCV_ELF (use
#       $<TARGET_PROPERTY:NAME,RISCV_ELF> in tests) and the variable
#       NAME_ELF in the caller's scope.
#
# CFLAGS come after the defaults, so -O0, -march=rv64imac, -mabi=... there
# override the defaults (the last such flag wins with clang). LIBS takes
# targets made by add_riscv_library or paths of archives.

find_program(RISCV_CLANG NAMES clang-14
  DOC "clang-14, the C/assembly compiler for the RISC-V programs")
find_program(RISCV_LLD NAMES ld.lld-14 ld.lld
  DOC "ld.lld, the linker for the RISC-V programs")
find_program(RISCV_AR NAMES llvm-ar-14 llvm-ar
  DOC "llvm-ar, the archiver for RISC-V runtime libraries")
if(NOT RISCV_CLANG)
  message(FATAL_ERROR "clang-14 not found: it builds the RISC-V programs. "
                      "Install the Debian package clang-14 (apt-get install clang-14).")
endif()
if(NOT RISCV_LLD)
  message(FATAL_ERROR "ld.lld not found: it links the RISC-V programs. "
                      "Install the Debian package lld-14 (apt-get install lld-14).")
endif()
if(NOT RISCV_AR)
  message(FATAL_ERROR "llvm-ar not found: it archives the RISC-V runtime. "
                      "Install the Debian package llvm-14 (apt-get install llvm-14).")
endif()

set(RISCV_DEFAULT_CFLAGS
    --target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d -mcmodel=medany
    -ffreestanding -nostdlib -fno-common -mno-relax -O2 -g -Wall -Wextra
    CACHE STRING "Flags for every RISC-V C and assembly source")
set(RISCV_BAREMETAL_DIR ${CMAKE_CURRENT_LIST_DIR}/../firmware/baremetal)
get_filename_component(RISCV_BAREMETAL_DIR ${RISCV_BAREMETAL_DIR} ABSOLUTE)
# The runtime library target (made in firmware/CMakeLists.txt).
set(RISCV_RUNTIME_TARGET npuvp_baremetal)

# Compile each source of a RISC-V target into ${out_dir}; returns the objects.
function(_riscv_compile out_var target out_dir)
  cmake_parse_arguments(C "" "" "SOURCES;CFLAGS" ${ARGN})
  file(MAKE_DIRECTORY ${out_dir})
  set(objs)
  foreach(src ${C_SOURCES})
    get_filename_component(src_abs ${src} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    get_filename_component(src_name ${src} NAME)
    set(obj ${out_dir}/${src_name}.o)
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${RISCV_CLANG} ${RISCV_DEFAULT_CFLAGS} -I${RISCV_BAREMETAL_DIR}/include ${C_CFLAGS}
              -MD -MF ${obj}.d -c ${src_abs} -o ${obj}
      DEPENDS ${src_abs}
      DEPFILE ${obj}.d
      COMMENT "RISC-V compile ${target}: ${src_name}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    list(APPEND objs ${obj})
  endforeach()
  set(${out_var} ${objs} PARENT_SCOPE)
endfunction()

function(add_riscv_library NAME)
  cmake_parse_arguments(ARG "" "STARTUP" "SOURCES;CFLAGS" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "add_riscv_library(${NAME}): no SOURCES")
  endif()
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.riscv)
  _riscv_compile(objs ${NAME} ${dir} SOURCES ${ARG_SOURCES} CFLAGS ${ARG_CFLAGS})
  set(startup)
  if(ARG_STARTUP)
    _riscv_compile(startup ${NAME} ${dir}/startup SOURCES ${ARG_STARTUP} CFLAGS ${ARG_CFLAGS})
  endif()
  set(lib ${CMAKE_CURRENT_BINARY_DIR}/lib${NAME}.a)
  add_custom_command(
    OUTPUT ${lib}
    COMMAND ${CMAKE_COMMAND} -E rm -f ${lib}
    COMMAND ${RISCV_AR} rcs ${lib} ${objs}
    DEPENDS ${objs}
    COMMENT "RISC-V archive lib${NAME}.a"
    VERBATIM)
  add_custom_target(${NAME} ALL DEPENDS ${lib} ${startup})
  set_target_properties(${NAME} PROPERTIES RISCV_LIBRARY ${lib}
                                           RISCV_STARTUP_OBJECT "${startup}")
endfunction()

function(add_riscv_elf NAME)
  cmake_parse_arguments(ARG "NO_RUNTIME" "LINKER_SCRIPT;OUTPUT_NAME"
                        "SOURCES;CFLAGS;LIBS;DEPENDS" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "add_riscv_elf(${NAME}): no SOURCES")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_riscv_elf(${NAME}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_OUTPUT_NAME)
    set(ARG_OUTPUT_NAME ${NAME})
  endif()

  set(link_objs)
  set(link_libs)
  set(link_deps ${ARG_DEPENDS})
  set(target_deps)
  if(NOT ARG_NO_RUNTIME)
    if(NOT TARGET ${RISCV_RUNTIME_TARGET})
      message(FATAL_ERROR "add_riscv_elf(${NAME}): the runtime ${RISCV_RUNTIME_TARGET} "
                          "is not defined yet (firmware/ must come first)")
    endif()
    get_target_property(crt0 ${RISCV_RUNTIME_TARGET} RISCV_STARTUP_OBJECT)
    get_target_property(rt_lib ${RISCV_RUNTIME_TARGET} RISCV_LIBRARY)
    list(APPEND link_objs ${crt0})
    list(APPEND link_deps ${crt0} ${rt_lib})
    list(APPEND target_deps ${RISCV_RUNTIME_TARGET})
    if(NOT ARG_LINKER_SCRIPT)
      set(ARG_LINKER_SCRIPT ${RISCV_BAREMETAL_DIR}/link.ld)
    endif()
  endif()
  foreach(lib ${ARG_LIBS})
    if(TARGET ${lib})
      get_target_property(path ${lib} RISCV_LIBRARY)
      list(APPEND link_libs ${path})
      list(APPEND link_deps ${path})
      list(APPEND target_deps ${lib})
    else()
      get_filename_component(path ${lib} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
      list(APPEND link_libs ${path})
      list(APPEND link_deps ${path})
    endif()
  endforeach()
  if(NOT ARG_NO_RUNTIME)
    list(APPEND link_libs ${rt_lib})
  endif()

  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.riscv)
  _riscv_compile(objs ${NAME} ${dir} SOURCES ${ARG_SOURCES} CFLAGS ${ARG_CFLAGS})

  set(script_args)
  if(ARG_LINKER_SCRIPT)
    get_filename_component(script ${ARG_LINKER_SCRIPT} ABSOLUTE
                           BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    set(script_args -T ${script})
    list(APPEND link_deps ${script})
  endif()

  set(elf ${CMAKE_CURRENT_BINARY_DIR}/${ARG_OUTPUT_NAME}.elf)
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${RISCV_LLD} -nostdlib ${script_args} -Map=${elf}.map
            -o ${elf} ${link_objs} ${objs} ${link_libs}
    DEPENDS ${objs} ${link_deps}
    COMMENT "RISC-V link ${ARG_OUTPUT_NAME}.elf"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  add_custom_target(${NAME} ALL DEPENDS ${elf})
  if(target_deps)
    add_dependencies(${NAME} ${target_deps})
  endif()
  set_target_properties(${NAME} PROPERTIES RISCV_ELF ${elf})
  set(${NAME}_ELF ${elf} PARENT_SCOPE)
endfunction()
