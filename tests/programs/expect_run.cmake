# Runs `npuvp run` on an ELF and fails unless it exits with EXPECT_STATUS and
# its console output matches EXPECT_OUTPUT (a regular expression).
#   cmake -DNPUVP=... -DELF=... -DMODE=... -DMAX_CYCLES=... -DEXPECT_STATUS=n -DEXPECT_OUTPUT=re -P expect_run.cmake
execute_process(COMMAND ${NPUVP} run --quiet --mode ${MODE} --max-cycles ${MAX_CYCLES} ${ELF}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("npuvp output:\n${out}${err}")
if(NOT rc EQUAL EXPECT_STATUS)
  message(FATAL_ERROR "npuvp run exited with ${rc}, expected ${EXPECT_STATUS}")
endif()
if(NOT out MATCHES "${EXPECT_OUTPUT}")
  message(FATAL_ERROR "the output does not match: ${EXPECT_OUTPUT}")
endif()
