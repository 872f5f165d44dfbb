#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts test cases across meson build directories and prints the closing
line CI reads: 'N passed, N failed' (', N skipped' when any were skipped).

Each GLib test program speaks TAP, so every case counts; a program that died
before saying how its cases ended counts as one failure."""
import glob
import json
import re
import sys

passed = failed = skipped = 0
for build_dir in sys.argv[1:]:
    entries = []
    # one log per `meson test` run in that directory (testlog.json, testlog-*.json)
    for path in sorted(glob.glob(f"{build_dir}/meson-logs/testlog*.json")):
        with open(path, encoding="utf-8") as log:
            entries += [json.loads(line) for line in log if line.strip()]
    for entry in entries:
        out = entry.get("stdout", "")
        ok = len(re.findall(r"^ok \d+(?! # SKIP)", out, re.M))
        skip = len(re.findall(r"^ok \d+ # SKIP", out, re.M))
        not_ok = len(re.findall(r"^not ok \d+", out, re.M))
        if entry.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and not_ok == 0:
            not_ok = 1
        passed += ok
        skipped += skip
        failed += not_ok
        if not_ok:
            print(f"FAILED: {build_dir}: {entry.get('name')}")

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
