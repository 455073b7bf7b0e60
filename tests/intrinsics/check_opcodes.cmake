# Regenerates xnpu_opcodes.h and compares it with the checked-in copy.
execute_process(COMMAND ${TOOL} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_xnpu_opcodes failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${HEADER} RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "isa/intrinsics/xnpu_opcodes.h is out of date with isa/xnpu.def. Regenerate it with\n"
                      "  <build>/tests/intrinsics/gen_xnpu_opcodes > isa/intrinsics/xnpu_opcodes.h\nand commit it.")
endif()
