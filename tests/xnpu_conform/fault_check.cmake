# Runs the Xnpu suite on npuvp built with vconv's floor rounding as ceil
# (NPUVP_FAULT_FLOOR_AS_CEIL) and checks that the suite catches it usefully:
# `npuvp conform` exits 1; every failure is a conversion whose first
# differing word lies in a floor case (`<sig_floor_...>`), named with the
# expected and the actual word and the pc of the last instruction; the
# summary counts exactly those failures; among them are f32 -> f16 and
# f32 -> s32, and nothing else (no other row, no other rounding mode) fails.
execute_process(COMMAND ${NPUVP} conform --jobs 2 ${SUITE} OUTPUT_VARIABLE out ERROR_VARIABLE err
                RESULT_VARIABLE status)
message("${out}")
if(NOT status EQUAL 1)
  message(FATAL_ERROR "npuvp conform with the fault: status ${status}, expected 1\n${err}")
endif()
# A CMake list splits at ';': the report's "]; last instruction" becomes "]| last instruction".
string(REPLACE ";" "|" out "${out}")
string(REGEX MATCHALL "FAIL [^\n]*" fails "${out}")
list(LENGTH fails nfail)
if(NOT out MATCHES "([0-9]+) passed, ([0-9]+) failed\n?$" OR NOT CMAKE_MATCH_2 EQUAL nfail)
  message(FATAL_ERROR "the summary does not count the ${nfail} FAIL lines")
endif()
set(hex8 "0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]")
foreach(line ${fails})
  if(NOT line MATCHES "^FAIL [^ ]*/vconv_[a-z0-9]+_[a-z0-9]+\\.elf: signature word [0-9]+ \\(offset 0x[0-9a-f]+\\): expected ${hex8}, got ${hex8} <sig_floor_[a-z0-9_]+(\\+0x[0-9a-f]+)?> \\[reference [^]]+\\.signature\\]\\| last instruction at pc 0x[0-9a-f]+ <_kernel_start\\+0x[0-9a-f]+>: wfi$")
    message(FATAL_ERROR "not a floor-case first-difference report: ${line}")
  endif()
endforeach()
foreach(row vconv_f32_f16 vconv_f32_s32 vconv_s32_f16)
  if(NOT out MATCHES "/${row}\\.elf: signature word")
    message(FATAL_ERROR "${row} did not fail")
  endif()
endforeach()
message("the floor fault fails ${nfail} conversions, each at a floor case, and nothing else")
