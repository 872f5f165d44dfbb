#!/bin/sh
# check-bench-pool-keys.sh BENCH-POOL — the key=value lines bench-pool prints
# are a contract other tools read: run it briefly and check that they are
# there, with numbers (bench-pool itself asserts that every item ran once).
#
# SPDX-License-Identifier: GPL-3.0-or-later
out=$("$1" --items 20000 --rounds 2 --only task-run,queue-user-work-item,gthreadpool) || {
  echo "bench-pool failed: $out"
  exit 1
}
for key in 'bench=task-run items_per_s=' 'bench=queue-user-work-item items_per_s=' \
           'bench=gthreadpool items_per_s=' 'ratio=task-run/gthreadpool value=' \
           'ratio=queue-user-work-item/gthreadpool value='; do
  if ! printf '%s\n' "$out" | grep -q "^$key[0-9]"; then
    echo "missing: $key…"
    printf '%s\n' "$out"
    exit 1
  fi
done
printf '%s\n' "$out" | grep -q '^bench=queue-user-work-item items_per_s=[0-9]* allocs_per_item=0.000 ' || {
  echo "QueueUserWorkItem allocated:"; printf '%s\n' "$out"; exit 1; }
echo "bench-pool printed its keys"
