# Runs `npuvp conform` on PATHS with JOBS jobs and a JUnit file, and fails
# unless every test passed and the summary line and the JUnit file agree
# (the same number of tests, passes and failures).
#   cmake -DNPUVP=... -DJOBS=2 -DJUNIT=out.xml -DPATHS="a.elf;b.elf|dir" -P run_suite.cmake
execute_process(COMMAND ${NPUVP} conform --jobs ${JOBS} --junit ${JUNIT} ${PATHS}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
message("${out}")
if(NOT "${err}" STREQUAL "")
  message("${err}")
endif()
if(NOT out MATCHES "([0-9]+) passed, ([0-9]+) failed\n?$")
  message(FATAL_ERROR "no summary line")
endif()
set(passed ${CMAKE_MATCH_1})
set(failed ${CMAKE_MATCH_2})
file(READ ${JUNIT} xml)
if(NOT xml MATCHES "<testsuite name=\"npuvp conform\" tests=\"([0-9]+)\" failures=\"([0-9]+)\"")
  message(FATAL_ERROR "${JUNIT}: no <testsuite> with tests and failures")
endif()
set(junit_tests ${CMAKE_MATCH_1})
set(junit_failures ${CMAKE_MATCH_2})
string(REGEX MATCHALL "<testcase " cases "${xml}")
list(LENGTH cases junit_cases)
string(REGEX MATCHALL "<failure " failure_elements "${xml}")
list(LENGTH failure_elements junit_failure_elements)
math(EXPR total "${passed} + ${failed}")
if(NOT total EQUAL junit_tests OR NOT junit_cases EQUAL junit_tests OR NOT failed EQUAL junit_failures
   OR NOT junit_failure_elements EQUAL failed)
  message(FATAL_ERROR "summary (${passed} passed, ${failed} failed) and JUnit (tests=${junit_tests}, "
                      "failures=${junit_failures}, ${junit_cases} testcases, ${junit_failure_elements} failures) disagree")
endif()
if(NOT status EQUAL 0 OR NOT failed EQUAL 0)
  message(FATAL_ERROR "npuvp conform: status ${status}, ${failed} failed")
endif()
message("summary and ${JUNIT} agree: ${junit_tests} tests, ${passed} passed")
