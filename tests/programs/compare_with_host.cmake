# Runs a program built for the host and the same source built for RISC-V under
# `npuvp run`, and fails unless both exit with 0 and print the same output.
#   cmake -DHOST=<exe> -DNPUVP=<npuvp> -DELF=<elf> -DMODE=<mode> -DMAX_CYCLES=<n> -P compare_with_host.cmake
foreach(var HOST NPUVP ELF MODE MAX_CYCLES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compare_with_host.cmake: -D${var}=... is missing")
  endif()
endforeach()

execute_process(COMMAND ${HOST} OUTPUT_VARIABLE host_out RESULT_VARIABLE host_rc)
execute_process(COMMAND ${NPUVP} run --quiet --mode ${MODE} --max-cycles ${MAX_CYCLES} ${ELF}
                OUTPUT_VARIABLE sim_out ERROR_VARIABLE sim_err RESULT_VARIABLE sim_rc)
message("host output:\n${host_out}")
message("npuvp output:\n${sim_out}${sim_err}")
if(NOT host_rc EQUAL 0)
  message(FATAL_ERROR "the host build exited with ${host_rc}")
endif()
if(NOT sim_rc EQUAL 0)
  message(FATAL_ERROR "npuvp run exited with ${sim_rc}")
endif()
if(host_out STREQUAL "")
  message(FATAL_ERROR "the host build printed nothing")
endif()
if(NOT host_out STREQUAL sim_out)
  message(FATAL_ERROR "the outputs differ")
endif()
