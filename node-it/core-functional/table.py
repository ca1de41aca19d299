#!/usr/bin/env python3
"""Turns run.sh's output (one line per test) into a markdown table for docs/core-functional.md:
   node-it/core-functional/table.py RUN_OUTPUT [REASONS]
REASONS (optional) is a tab-separated file "test<TAB>capability<TAB>reason" giving, for tests that do
not pass, the missing capability (the table groups by it)."""
import re
import sys

lines = open(sys.argv[1], encoding="utf8").read().splitlines()
reasons = {}
if len(sys.argv) > 2:
    for line in open(sys.argv[2], encoding="utf8"):
        if line.strip() and not line.startswith("#"):
            test, cap, why = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            reasons[test] = (cap, why)
rows = []
for line in lines:
    m = re.match(r"^(\S+(?: --\S+)*)\s+(passed|failed|skipped)\s+(\d+)s(.*)$", line)
    if not m:
        continue
    test, status, secs, rest = m.groups()
    detail = rest.strip().lstrip("-").strip()
    cap, why = reasons.get(test.replace(".py", ""), ("", ""))
    rows.append((status, cap, test, secs, why or detail))
order = {"passed": 0, "skipped": 1, "failed": 2}
rows.sort(key=lambda r: (order[r[0]], r[1], r[2]))
print("| test | result | seconds | missing capability | first failure or skip reason |")
print("|---|---|---|---|---|")
for status, cap, test, secs, why in rows:
    why = why.replace("|", "\\|")[:200]
    print(f"| {test} | {status} | {secs} | {cap} | {why} |")
counts = {s: sum(1 for r in rows if r[0] == s) for s in order}
print()
print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
