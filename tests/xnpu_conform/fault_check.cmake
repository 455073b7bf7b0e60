# Runs the Xnpu suite on an npuvp built with one deliberate bug and checks
# that the suite catches it usefully: `npuvp conform` exits 1; every failure
# is a program named by FILE_REGEX whose first differing word lies in a case
# named by CASE_REGEX (its `<sig_...>` symbol), reported with the expected and
# the actual word and the pc of the last instruction; the summary counts
# exactly those failures, and so does the JUnit file; every program in
# MUST_FAIL is among them. So the fault fails the tests of its corner, and
# nothing else.
# With REASON_REGEX, each failure's reason must match it instead (a fault the
# launch's checkers find, such as a race).
#   cmake -DNPUVP=... -DSUITE=dir -DFILE_REGEX=... -DCASE_REGEX=... [-DREASON_REGEX=...]
#         -DMUST_FAIL="a;b" -P fault_check.cmake
get_filename_component(fault ${NPUVP} NAME)
set(junit ${CMAKE_CURRENT_BINARY_DIR}/${fault}.xml)
execute_process(COMMAND ${NPUVP} conform --jobs 2 --junit ${junit} ${SUITE} OUTPUT_VARIABLE out ERROR_VARIABLE err
                RESULT_VARIABLE status)
message("${out}")
if(NOT status EQUAL 1)
  message(FATAL_ERROR "npuvp conform with the fault: status ${status}, expected 1\n${err}")
endif()
# A CMake list splits at ';': the report's "]; last instruction" becomes "]| last instruction".
string(REPLACE ";" "|" out "${out}")
if(DEFINED REASON_REGEX)
  # Nor at a ';' after an unmatched '[' (a checker's "UB [0x8000, +32)"): brackets become parentheses.
  string(REPLACE "[" "(" out "${out}")
  string(REPLACE "]" ")" out "${out}")
endif()
string(REGEX MATCHALL "FAIL [^\n]*" fails "${out}")
list(LENGTH fails nfail)
if(NOT out MATCHES "([0-9]+) passed, ([0-9]+) failed\n?$" OR NOT CMAKE_MATCH_2 EQUAL nfail)
  message(FATAL_ERROR "the summary does not count the ${nfail} FAIL lines")
endif()
# The JUnit file agrees with the summary on a run with failures too.
set(passed ${CMAKE_MATCH_1})
file(READ ${junit} xml)
math(EXPR total "${passed} + ${nfail}")
string(REGEX MATCHALL "<failure " failure_elements "${xml}")
list(LENGTH failure_elements junit_failure_elements)
string(REGEX MATCHALL "<testcase " testcases "${xml}")
list(LENGTH testcases junit_testcases)
if(NOT xml MATCHES "<testsuite name=\"npuvp conform\" tests=\"${total}\" failures=\"${nfail}\""
   OR NOT junit_failure_elements EQUAL nfail OR NOT junit_testcases EQUAL total)
  message(FATAL_ERROR "${junit} disagrees with the summary (${passed} passed, ${nfail} failed): "
                      "${junit_testcases} testcases, ${junit_failure_elements} failures")
endif()
set(hex8 "0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]")
foreach(line ${fails})
  if(DEFINED REASON_REGEX)  # a finding of the launch's checkers rather than a signature
    if(NOT line MATCHES "^FAIL [^ ]*/${FILE_REGEX}\\.elf: ${REASON_REGEX}")
      message(FATAL_ERROR "not a ${REASON_REGEX} report of ${FILE_REGEX}: ${line}")
    endif()
  elseif(NOT line MATCHES "^FAIL [^ ]*/${FILE_REGEX}\\.elf: signature word [0-9]+ \\(offset 0x[0-9a-f]+\\): expected ${hex8}, got ${hex8} <${CASE_REGEX}(\\+0x[0-9a-f]+)?> \\[reference [^]]+\\.signature\\]\\| last instruction at pc 0x[0-9a-f]+ <_kernel_start\\+0x[0-9a-f]+>: wfi$")
    message(FATAL_ERROR "not a first-difference report of ${FILE_REGEX} in ${CASE_REGEX}: ${line}")
  endif()
endforeach()
foreach(row ${MUST_FAIL})
  if(NOT out MATCHES "/${row}\\.elf: ")
    message(FATAL_ERROR "${row} did not fail")
  endif()
endforeach()
message("${NPUVP}: ${nfail} programs fail, each at a case of ${CASE_REGEX}, and nothing else; ${junit} agrees (${total} tests, ${nfail} failures)")
