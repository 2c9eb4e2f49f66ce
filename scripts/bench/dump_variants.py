#!/usr/bin/env python3
"""Rewrites the corpus text dumps in other text serialisations of the same content, as other converters write them.
Usage: dump_variants.py TXT_DIR KIND OUT_DIR
KIND: markdown (each run of tab-separated rows a Markdown pipe table, cells padded to their column's width, a delimiter
row under the first), colon (each row of a two-column "label | value" table a "Label : value" line), stacked (the label on a line
of its own, the value on the next, a blank line after). Used by scripts/bench-dump-variants.
"""
import sys
from pathlib import Path

src, kind, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)


def markdown(lines):
    res, block = [], []

    def flush():
        if not block:
            return
        n = max(len(r) for r in block)
        rows = [r + [""] * (n - len(r)) for r in block]
        widths = [max(3, min(60, max(len(r[i]) for r in rows))) for i in range(n)]
        for k, r in enumerate(rows):
            res.append("| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(r)) + " |")
            if k == 0:
                res.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        block.clear()

    for line in lines:
        if "\t" in line:
            block.append([c.strip().replace("|", "\\|") for c in line.split("\t")])
        else:
            flush()
            res.append(line)
    flush()
    return res


def labelled(lines, stacked):
    res = []
    for line in lines:
        cells = [c.strip() for c in line.split("\t")] if "\t" in line else None
        filled = [c for c in cells if c] if cells else []
        # a row of a two-column table (a plan table's wide rows with two cells filled stay as they are)
        if cells and len(cells) <= 3 and cells[0] and len(filled) == 2:
            res += [cells[0], filled[1], ""] if stacked else [f"{cells[0]} : {filled[1]}"]
        else:
            res.append(line)
    return res


for f in sorted(src.glob("*.txt")):
    lines = f.read_text(encoding="utf-8").split("\n")
    if kind == "markdown":
        (out / (f.stem + ".md")).write_text("\n".join(markdown(lines)), encoding="utf-8")
    elif kind in ("colon", "stacked"):
        (out / f.name).write_text("\n".join(labelled(lines, kind == "stacked")), encoding="utf-8")
    else:
        sys.exit(f"unknown kind {kind}")
