#!/bin/sh
# Event listener in plain POSIX shell: records the raw header line and the payload of each
# event to $1 (header, payload, then a line "--"), answers OK. Payloads are read with dd,
# one byte at a time, so it only suits ASCII payloads (len counts code points).
out=$1
printf 'READY\n'
while IFS= read -r header; do
  len=${header##*len:}
  {
    printf '%s\n' "$header"
    dd bs=1 count="$len" 2>/dev/null
    printf '\n--\n'
  } >> "$out"
  printf 'RESULT 2\nOKREADY\n'
done
