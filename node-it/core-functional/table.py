#!/usr/bin/env python3
"""Turns run.sh's output (one line per test) into markdown for docs/core-functional.md:
   node-it/core-functional/table.py RUN_OUTPUT [RUN_OUTPUT...] [--reasons REASONS] [--logs DIR...] [--all-tests LIST]
                                    [--only LIST]
A later RUN_OUTPUT's result for a test replaces an earlier one's (a rerun on a newer build).
REASONS is a tab-separated file "test<TAB>capability<TAB>reason" naming, for tests that do not pass, the missing
capability found by reading their logs. For a failed test without such a line, the capability is derived from its
log in DIR/<test>.log (run.sh's results folder): an RPC method the node does not serve, a start-up error, a
debug.log line it does not write, a timeout; otherwise "not analysed" with the first failure line.
LIST (one script name per line) names every test of the suite: those without a result are listed as not run.
Prints a summary by capability, then one row per test."""
import argparse
import os
import re
from collections import Counter

ap = argparse.ArgumentParser()
ap.add_argument("runs", nargs="+")
ap.add_argument("--reasons")
ap.add_argument("--logs", nargs="*", default=[])
ap.add_argument("--all-tests")
ap.add_argument("--only", help="a test list (targets.txt): rows for these tests only")
args = ap.parse_args()

reasons = {}
if args.reasons:
    for line in open(args.reasons, encoding="utf8"):
        if line.strip() and not line.startswith("#"):
            test, cap, why = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            reasons[test] = (cap, why)


def log_of(test_id):
    for d in args.logs:
        p = os.path.join(d, test_id + ".log")
        if os.path.exists(p):
            return open(p, encoding="utf8", errors="replace").read()
    return ""


def called_method(log, marker):
    """The RPC method named in the traceback frame that led to the marker line."""
    lines = log[: log.find(marker)].splitlines()
    method = ""
    for i, line in enumerate(lines):
        m = re.match(r'\s*File "([^"]+)", line \d+', line)
        if m and not m.group(1).endswith(("coverage.py", "authproxy.py", "test_node.py")) and i + 1 < len(lines):
            calls = re.findall(r"\.(\w+)\(", lines[i + 1])
            if calls:
                method = calls[-1]
    return method


def derive(test_id, detail):
    log = log_of(test_id)
    if "Method not found (-32601)" in log:
        return "RPC method not served", called_method(log, "Method not found (-32601)")
    if "timeout after" in detail:
        return "timeout", detail
    m = re.search(r"FailedToStartError: \[node \d+\] bitcoind exited with status \d+ during initialization\. (.*)", log)
    if m:
        return "start-up refused", m.group(1)[:160]
    m = re.search(r"should have exited within \d+s with expected error (.*)", log)
    if m:
        return "init error text", "expected: " + m.group(1)[:150]
    m = re.search(r'Expected messages? "(\[.*?\])" does not partially match log', log)
    if m:
        return "debug.log line", "expected " + m.group(1)[:150]
    m = re.search(r"JSONRPCException: (.*)", log)
    if m:
        return "RPC error", m.group(1)[:160]
    return "not analysed", detail


rows = {}
for run in args.runs:
    for line in open(run, encoding="utf8").read().splitlines():
        m = re.match(r"^(\S+(?: --\S+)*)\s+(passed|failed|skipped)\s+(\d+)s(.*)$", line)
        if not m:
            continue
        test, status, secs, rest = m.groups()
        name = test.replace(".py", "")
        detail = rest.strip().lstrip("-").strip()
        if status == "passed":
            cap, why = "", ""
        elif status == "skipped":
            cap, why = "skipped by the framework", detail.strip("()").replace("Test Skipped: ", "")
        elif name in reasons:
            cap, why = reasons[name]
        else:
            cap, why = derive(re.sub(r"[^A-Za-z0-9_]+", "_", name).rstrip("_"), detail)
        rows[name] = (status, cap, name, secs, why)

if args.only:
    wanted = {l.split("#")[0].strip().replace(".py", "") for l in open(args.only, encoding="utf8")} - {""}
    rows = {k: v for k, v in rows.items() if k in wanted}

if args.all_tests:
    for line in open(args.all_tests, encoding="utf8"):
        name = line.strip().replace(".py", "")
        if name and not name.startswith("#") and name not in rows:
            rows[name] = ("not run", "not run in this session", name, "", "the whole-suite run did not reach it in time")

order = {"passed": 0, "skipped": 1, "failed": 2, "not run": 3}
ordered = sorted(rows.values(), key=lambda r: (order[r[0]], r[1], r[2]))
counts = Counter(r[0] for r in ordered)
print(", ".join(f"{counts[s]} {s}" for s in order if counts[s]) + f" ({len(ordered)} tests)")
print()
print("| missing capability | tests |")
print("|---|---|")
by_cap = Counter(r[1] for r in ordered if r[0] == "failed")
for cap, n in sorted(by_cap.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"| {cap} | {n} |")
print()
print("| test | result | seconds | missing capability | first failure or skip reason |")
print("|---|---|---|---|---|")
for status, cap, test, secs, why in ordered:
    why = why.replace("|", "\\|")[:200]
    print(f"| {test} | {status} | {secs} | {cap} | {why} |")
