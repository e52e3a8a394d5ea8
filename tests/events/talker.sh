#!/bin/sh
# Scripted output for the event scenario: log lines, undecodable bytes and capture blocks
# on both channels, then (after "$1/go1" appears) a burst of capture blocks.
dir=$1
printf 'plain stdout line\n'
sleep 0.3
printf 'plain stderr line\n' >&2
sleep 0.3
printf 'bad utf8 \377\376 here\n' >&2
sleep 0.3
printf 'before<!--XSUPERVISOR:BEGIN-->comm payload \303\251 data<!--XSUPERVISOR:END-->after, with enough text to be flushed\n'
sleep 0.3
printf '<!--XSUPERVISOR:BEGIN-->stderr comm<!--XSUPERVISOR:END-->tail text long enough to be flushed\n' >&2
sleep 0.3
touch "$dir/talked"
while [ ! -e "$dir/go1" ]; do sleep 0.05; done
for i in 2 3 4 5 6 7 8; do
  printf '<!--XSUPERVISOR:BEGIN-->burst %s<!--XSUPERVISOR:END-->' "$i"
done
printf 'end of the burst, with enough text to be flushed\n'
touch "$dir/burst"
exec sleep 120
