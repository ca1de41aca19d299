#!/usr/bin/env python3
"""Rewrites the "Every bitcoind 30 option" table of docs/configuration.md from
node-cli/src/main/resources/bitcoind-options.tsv (BitcoindOptionTableTest checks that they agree)."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
TSV = ROOT / "node-cli/src/main/resources/bitcoind-options.tsv"
DOC = ROOT / "docs/configuration.md"


def row(fields):
    name, _flags, support = fields[:3]
    note = fields[3] if len(fields) > 3 else ""
    if support == "ours":
        return name, "honoured", "an option of `blocksmith node` (table above)"
    if support == "internal":
        return name, "honoured", "read by the argument layer (" + (note or "bitcoind's rules") + ")"
    if support.startswith("inert="):
        value = support[len("inert="):]
        return name, "honoured when " + value, f"Blocksmith always behaves as `-{name}={value}`; another value is logged as not implemented ({note})"
    if support == "todo":
        return name, "accepted, not implemented", f"one warning in debug.log naming it ({note})"
    if support == "refuse":
        return name, "refused", "an error at start: " + note
    raise SystemExit(f"unknown support {support!r} for {name}")


rows = []
for line in TSV.read_text().splitlines():
    if not line or line.startswith("#"):
        continue
    name, state, what = row(line.split("\t"))
    rows.append(f"| `{name}` | {state} | {what} |")
table = "| bitcoind option | state | what Blocksmith does |\n|---|---|---|\n" + "\n".join(rows) + "\n"
doc = DOC.read_text()
new, n = re.subn(r"\| bitcoind option \| state \| what Blocksmith does \|\n\|---\|---\|---\|\n(?:\|.*\|\n)*", table, doc)
if n != 1:
    raise SystemExit("docs/configuration.md has no bitcoind option table to rewrite")
DOC.write_text(new)
