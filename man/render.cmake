# scdoc INPUT > OUTPUT, then OUTPUT.gz with gzip -n -9 (no name or time stamp inside, so
# the bytes depend on the page only). Run with `cmake -P`; see CMakeLists.txt.
execute_process(COMMAND ${SCDOC} INPUT_FILE ${INPUT} OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scdoc failed on ${INPUT}")
endif()
execute_process(COMMAND gzip -n -9 -c ${OUTPUT} OUTPUT_FILE ${OUTPUT}.gz RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip failed on ${OUTPUT}")
endif()
