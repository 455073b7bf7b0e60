# Regenerates the ISA manual and compares it with the checked-in isa/MANUAL.md.
execute_process(COMMAND ${TOOL} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "isa_manual failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${MANUAL} RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "isa/MANUAL.md is out of date with isa/*.def. Regenerate it with\n"
                      "  <build>/isa/isa_manual > isa/MANUAL.md\nand commit it.")
endif()
