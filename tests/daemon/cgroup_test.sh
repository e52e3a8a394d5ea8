#!/bin/sh
# Runs the [cgroup] end-to-end tests when this machine has a cgroup v2 tree we may write:
# /sys/fs/cgroup itself (a pure v2 system) or /sys/fs/cgroup/unified (a hybrid one). Exits 77
# (skipped) with the reason otherwise.
tests=$1
for parent in /sys/fs/cgroup /sys/fs/cgroup/unified; do
  if [ "$(stat -f -c %T "$parent" 2>/dev/null)" = cgroup2fs ] && [ -w "$parent/cgroup.procs" ] &&
     mkdir "$parent/sup-probe-$$" 2>/dev/null; then
    rmdir "$parent/sup-probe-$$"
    SUP_CGROUP_PARENT=$parent exec "$tests" "[cgroup]"
  fi
done
echo "skipped: no writable cgroup v2 tree (need root and /sys/fs/cgroup or /sys/fs/cgroup/unified as cgroup2)"
exit 77
